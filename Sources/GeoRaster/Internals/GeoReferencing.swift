/// Turns the GeoTIFF tags into a ``GeoTransform`` and ``CoordinateReferenceSystem`` following GDAL's rules.
enum GeoReferencing {
    static let modelPixelScaleTag: UInt32 = 33550
    static let modelTiepointTag: UInt32 = 33922
    static let modelTransformationTag: UInt32 = 34264
    static let geoKeyDirectoryTag: UInt32 = 34735
    static let geoDoubleParamsTag: UInt32 = 34736
    static let geoAsciiParamsTag: UInt32 = 34737

    /// Resolves the GeoKeyDirectory entries against the double and ASCII parameter tags.
    static func geoKeys(directory: [UInt16]?, doubles: [Double]?, ascii: String?) -> [GeoKey] {
        guard let directory, directory.count >= 4 else { return [] }
        let count = Int(directory[3])
        var keys: [GeoKey] = []
        let asciiBytes = Array((ascii ?? "").utf8)
        for entry in 0..<count {
            let base = 4 + entry * 4
            guard base + 3 < directory.count else { break }
            let id = directory[base], location = directory[base + 1], valueCount = Int(directory[base + 2]), valueOffset = Int(directory[base + 3])
            let value: GeoKey.Value
            switch location {
            case 0:
                value = .short(directory[base + 3])
            case UInt16(geoKeyDirectoryTag):
                guard valueOffset + valueCount <= directory.count, valueCount >= 1 else { continue }
                value = .short(directory[valueOffset])
            case UInt16(geoDoubleParamsTag):
                guard let doubles, valueOffset + valueCount <= doubles.count else { continue }
                value = .doubles(Array(doubles[valueOffset..<(valueOffset + valueCount)]))
            case UInt16(geoAsciiParamsTag):
                guard valueOffset + valueCount <= asciiBytes.count else { continue }
                var text = String(decoding: asciiBytes[valueOffset..<(valueOffset + valueCount)], as: UTF8.self)
                while text.hasSuffix("|") || text.hasSuffix("\0") { text.removeLast() }
                value = .ascii(text)
            default:
                continue
            }
            keys.append(GeoKey(id: GeoKey.ID(rawValue: id), value: value))
        }
        return keys
    }

    static func crs(from keys: [GeoKey]) -> CoordinateReferenceSystem? {
        guard !keys.isEmpty else { return nil }
        func short(_ id: GeoKey.ID) -> UInt16? { keys.first { $0.id == id }?.shortValue }
        func text(_ id: GeoKey.ID) -> String? { keys.first { $0.id == id }?.asciiValue }
        let model: CoordinateReferenceSystem.ModelType
        switch short(.modelType) {
        case 1: model = .projected
        case 2: model = .geographic
        case 3: model = .geocentric
        default: model = short(.projectedType) != nil ? .projected : (short(.geographicType) != nil ? .geographic : .unknown)
        }
        func registered(_ code: UInt16?) -> Int? {
            guard let code, code > 0, code < 32767 else { return nil }
            return Int(code)
        }
        let epsg: Int?
        switch model {
        case .projected: epsg = registered(short(.projectedType))
        case .geographic: epsg = registered(short(.geographicType))
        default: epsg = nil
        }
        let citation = text(.citation) ?? text(.projectedCitation) ?? text(.geographicCitation)
        return CoordinateReferenceSystem(modelType: model, epsg: epsg, citation: citation, geoKeys: keys)
    }

    /// GDAL's order of preference: pixel scale + first tiepoint, else the 4×4 model transformation.
    /// PixelIsPoint files are shifted by half a pixel to the corner convention (GTIFF_POINT_GEO_IGNORE=NO).
    static func geoTransform(scale: [Double]?, tiepoints: [Double]?, matrix: [Double]?, pixelIsPoint: Bool) -> GeoTransform? {
        var transform: GeoTransform?
        if let scale, scale.count >= 2, scale[0] != 0, scale[1] != 0 {
            if let tiepoints, tiepoints.count >= 6 {
                let pixelWidth = scale[0], pixelHeight = -abs(scale[1])
                transform = GeoTransform(originX: tiepoints[3] - tiepoints[0] * pixelWidth, pixelWidth: pixelWidth, rowRotation: 0,
                                         originY: tiepoints[4] - tiepoints[1] * pixelHeight, columnRotation: 0, pixelHeight: pixelHeight)
            }
        } else if let matrix, matrix.count == 16 {
            transform = GeoTransform(originX: matrix[3], pixelWidth: matrix[0], rowRotation: matrix[1],
                                     originY: matrix[7], columnRotation: matrix[4], pixelHeight: matrix[5])
        }
        if pixelIsPoint, var shifted = transform {
            shifted.originX -= shifted.pixelWidth * 0.5 + shifted.rowRotation * 0.5
            shifted.originY -= shifted.columnRotation * 0.5 + shifted.pixelHeight * 0.5
            transform = shifted
        }
        return transform
    }
}
