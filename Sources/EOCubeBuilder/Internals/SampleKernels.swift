/// Typed loops over raw band bytes, specialised per element type.
enum SampleKernels {
    /// The native-endian bytes of `value` as `type` (0 when not representable).
    static func elementBytes(of value: Double, as type: CubeSampleType) -> [UInt8] {
        func bytes<T>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
        switch type {
        case .uint8: return bytes(UInt8(exactly: value) ?? 0)
        case .int8: return bytes(Int8(exactly: value) ?? 0)
        case .uint16: return bytes(UInt16(exactly: value) ?? 0)
        case .int16: return bytes(Int16(exactly: value) ?? 0)
        case .uint32: return bytes(UInt32(exactly: value) ?? 0)
        case .int32: return bytes(Int32(exactly: value) ?? 0)
        case .float32: return bytes(Float(value))
        case .float64: return bytes(value)
        }
    }

    /// `count` elements of `value` as `type`, as raw bytes (one typed fill, no per-element work).
    static func filledBytes(of value: Double, as type: CubeSampleType, count: Int) -> [UInt8] {
        func filled<T>(_ element: T) -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: count * MemoryLayout<T>.stride) { buffer, initialized in
                if let base = buffer.baseAddress {
                    base.withMemoryRebound(to: T.self, capacity: count) { $0.initialize(repeating: element, count: count) }
                }
                initialized = count * MemoryLayout<T>.stride
            }
        }
        switch type {
        case .uint8: return filled(UInt8(exactly: value) ?? 0)
        case .int8: return filled(Int8(exactly: value) ?? 0)
        case .uint16: return filled(UInt16(exactly: value) ?? 0)
        case .int16: return filled(Int16(exactly: value) ?? 0)
        case .uint32: return filled(UInt32(exactly: value) ?? 0)
        case .int32: return filled(Int32(exactly: value) ?? 0)
        case .float32: return filled(Float(value))
        case .float64: return filled(value)
        }
    }

    /// Sets `valid[i]` for every pixel of `region` (row-major) where `plane` (laid out over
    /// `source`) is not nodata.
    static func markValid(_ plane: BandPlane, source: CubeWindow, region: CubeWindow, into valid: inout [Bool]) {
        switch plane.type {
        case .uint8: markValid(plane, UInt8.self, source, region, &valid)
        case .int8: markValid(plane, Int8.self, source, region, &valid)
        case .uint16: markValid(plane, UInt16.self, source, region, &valid)
        case .int16: markValid(plane, Int16.self, source, region, &valid)
        case .uint32: markValid(plane, UInt32.self, source, region, &valid)
        case .int32: markValid(plane, Int32.self, source, region, &valid)
        case .float32: markValidFloat(plane, Float.self, source, region, &valid)
        case .float64: markValidFloat(plane, Double.self, source, region, &valid)
        }
    }

    private static func markValid<T: FixedWidthInteger>(_ plane: BandPlane, _: T.Type, _ source: CubeWindow, _ region: CubeWindow, _ valid: inout [Bool]) {
        guard let nodataValue = plane.nodata, let nodata = T(exactly: nodataValue) else {
            for i in valid.indices { valid[i] = true }
            return
        }
        plane.bytes.withUnsafeBytes { raw in
            let values = raw.bindMemory(to: T.self)
            valid.withUnsafeMutableBufferPointer { out in
                for r in 0..<region.height {
                    let src = (region.row - source.row + r) * source.width + (region.column - source.column)
                    let dst = r * region.width
                    for c in 0..<region.width where values[src + c] != nodata { out[dst + c] = true }
                }
            }
        }
    }

    private static func markValidFloat<T: BinaryFloatingPoint>(_ plane: BandPlane, _: T.Type, _ source: CubeWindow, _ region: CubeWindow, _ valid: inout [Bool]) {
        let nodata = plane.nodata.map { T($0) }
        plane.bytes.withUnsafeBytes { raw in
            let values = raw.bindMemory(to: T.self)
            valid.withUnsafeMutableBufferPointer { out in
                for r in 0..<region.height {
                    let src = (region.row - source.row + r) * source.width + (region.column - source.column)
                    let dst = r * region.width
                    for c in 0..<region.width {
                        let v = values[src + c]
                        let isNodata: Bool
                        if let nodata { isNodata = v == nodata || (nodata.isNaN && v.isNaN) } else { isNodata = false }
                        if !isNodata { out[dst + c] = true }
                    }
                }
            }
        }
    }

    /// Copies the masked pixels of `region` from `plane` (over `source`) into `target` (over `window`).
    static func copy(_ plane: BandPlane, source: CubeWindow, region: CubeWindow, mask: [Bool], into target: inout BandPlane, target window: CubeWindow) {
        switch plane.type.byteCount {
        case 1: copy(plane, UInt8.self, source, region, mask, &target, window)
        case 2: copy(plane, UInt16.self, source, region, mask, &target, window)
        case 4: copy(plane, UInt32.self, source, region, mask, &target, window)
        default: copy(plane, UInt64.self, source, region, mask, &target, window)
        }
    }

    private static func copy<T: FixedWidthInteger>(_ plane: BandPlane, _: T.Type, _ source: CubeWindow, _ region: CubeWindow, _ mask: [Bool], _ target: inout BandPlane, _ window: CubeWindow) {
        plane.bytes.withUnsafeBytes { raw in
            let values = raw.bindMemory(to: T.self)
            target.bytes.withUnsafeMutableBytes { outRaw in
                let out = outRaw.bindMemory(to: T.self)
                mask.withUnsafeBufferPointer { mask in
                    for r in 0..<region.height {
                        let src = (region.row - source.row + r) * source.width + (region.column - source.column)
                        let dst = (region.row - window.row + r) * window.width + (region.column - window.column)
                        let m = r * region.width
                        for c in 0..<region.width where mask[m + c] { out[dst + c] = values[src + c] }
                    }
                }
            }
        }
    }

    /// Sets the masked pixels of `region` in `target` to its nodata.
    static func fill(_ target: inout BandPlane, target window: CubeWindow, region: CubeWindow, mask: [Bool]) {
        let element = elementBytes(of: target.nodata ?? 0, as: target.type)
        let size = element.count
        target.bytes.withUnsafeMutableBytes { out in
            for r in 0..<region.height {
                let dst = (region.row - window.row + r) * window.width + (region.column - window.column)
                let m = r * region.width
                for c in 0..<region.width where mask[m + c] {
                    for b in 0..<size { out[(dst + c) * size + b] = element[b] }
                }
            }
        }
    }
}
