@testable import GeoRaster
import Testing

/// GDAL metadata XML whose attributes are separated by line breaks (hand-edited files,
/// writers other than GDAL) still yields every item, as GDAL's XML parser reads it.
struct GDALMetadataLineBreakTests {
    @Test(arguments: ["\n", "\r", "\r\n", "\t", " \n  "])
    func attributesSeparatedByLineBreaksAreRead(separator: String) {
        let xml = "<GDALMetadata><Item\(separator)name=\"sensing_date\"\(separator)sample=\"0\"\(separator)role=\"offset\">2.5</Item>"
            + "<Item name=\"orbit\" domain\(separator)=\(separator)\"IMAGERY\">42</Item></GDALMetadata>"
        let items = GDALMetadataParser.parse(xml)
        #expect(items == [
            .init(name: "sensing_date", value: "2.5", sample: 0, role: "offset", domain: nil),
            .init(name: "orbit", value: "42", sample: nil, role: nil, domain: "IMAGERY"),
        ])
    }
}
