internal import HTTPTransport
/// Parses the XML GDAL writes into the GDAL_METADATA tag (42112):
/// `<GDALMetadata><Item name="…" [sample="0"] [role="scale"] [domain="…"]>value</Item>…</GDALMetadata>`.
///
/// The format is flat and fixed, so a small scanner suffices (no XML library dependency).
struct GDALMetadataParser {
    struct Item: Equatable {
        var name: String
        var value: String
        var sample: Int?
        var role: String?
        var domain: String?
    }

    static func parse(_ xml: String) -> [Item] {
        var items: [Item] = []
        var rest = Substring(xml)
        while let open = rest.range(of: "<Item") {
            rest = rest[open.upperBound...]
            guard let tagEnd = rest.firstIndex(of: ">") else { break }
            let attributeText = rest[..<tagEnd]
            var body: Substring = ""
            if attributeText.hasSuffix("/") {
                rest = rest[rest.index(after: tagEnd)...]
            } else {
                let afterTag = rest[rest.index(after: tagEnd)...]
                guard let close = afterTag.range(of: "</Item>") else { break }
                body = afterTag[..<close.lowerBound]
                rest = afterTag[close.upperBound...]
            }
            let attributes = parseAttributes(attributeText)
            guard let name = attributes["name"] else { continue }
            // GDAL escapes item text twice (CPLEscapeString, then the XML writer) and unescapes
            // it twice when reading; do the same to get GDAL's value.
            items.append(Item(name: name, value: unescape(Substring(unescape(body))), sample: attributes["sample"].flatMap { Int($0) },
                              role: attributes["role"], domain: attributes["domain"]))
        }
        return items
    }

    private static func parseAttributes(_ text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        var rest = text
        while let equals = rest.firstIndex(of: "=") {
            // By predicate, not a set string: in " \t\r\n" the "\r\n" is one Character, so a lone
            // newline between attributes would not be trimmed and the name would be missed.
            let key = rest[..<equals].trimming { $0.isWhitespace || $0 == "/" }
            var afterEquals = rest[rest.index(after: equals)...]
            afterEquals = afterEquals.drop { $0.isWhitespace }
            guard let quote = afterEquals.first, quote == "\"" || quote == "'" else { break }
            let valueStart = afterEquals.index(after: afterEquals.startIndex)
            guard let valueEnd = afterEquals[valueStart...].firstIndex(of: quote) else { break }
            result[String(key)] = unescape(afterEquals[valueStart..<valueEnd])
            rest = afterEquals[afterEquals.index(after: valueEnd)...]
        }
        return result
    }

    static func unescape(_ text: Substring) -> String { XMLText.unescape(text) }
}

extension Substring {
    fileprivate func trimming(where isTrimmed: (Character) -> Bool) -> Substring {
        var s = self
        while let f = s.first, isTrimmed(f) { s = s.dropFirst() }
        while let l = s.last, isTrimmed(l) { s = s.dropLast() }
        return s
    }
}
