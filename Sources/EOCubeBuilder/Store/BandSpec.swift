/// How one band is stored: element type, fill (the source nodata) and CF scaling.
struct BandSpec: Sendable, Hashable {
    /// The band (array) name.
    var name: String
    /// The element type (the source raster's).
    var type: CubeSampleType
    /// The source nodata, used as the array's fill value (nil: every value is valid, fill 0).
    var nodata: Double?
    /// `scale_factor`, when the source declares one other than 1.
    var scale: Double?
    /// `add_offset`, when the source declares one other than 0.
    var offset: Double?
    /// The unit of the decoded values (CF `units`, e.g. `dB`), when the catalog declares one
    /// (`raster:bands[0].unit` of the item's asset).
    var units: String?

    /// A band spec from its parts.
    init(name: String, type: CubeSampleType, nodata: Double?, scale: Double?, offset: Double?, units: String? = nil) {
        self.name = name
        self.type = type
        self.nodata = nodata
        self.scale = scale.flatMap { $0 == 1 ? nil : $0 }
        self.offset = offset.flatMap { $0 == 0 ? nil : $0 }
        self.units = units
    }

    /// Whether a source band (type, nodata) can be merged into this band.
    func accepts(type other: CubeSampleType, nodata otherNodata: Double?) -> Bool {
        guard other == type else { return false }
        switch (nodata, otherNodata) {
        case (nil, nil): return true
        case let (a?, b?): return a == b || (a.isNaN && b.isNaN)
        default: return false
        }
    }
}
