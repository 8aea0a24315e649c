import CPOSIX
import GeoRaster

/// Typed loops over raw band bytes, specialised per element type.
enum SampleKernels {
    /// `count` elements of `value` as `type`, as raw bytes (one typed fill, no per-element work).
    static func filledBytes(of value: Double, as type: CubeSampleType, count: Int) -> [UInt8] {
        let element = type.nativeBytes(of: value)
        switch element.count {
        case 1: return filled(UInt8.self, element, count: count)
        case 2: return filled(UInt16.self, element, count: count)
        case 4: return filled(UInt32.self, element, count: count)
        default: return filled(UInt64.self, element, count: count)
        }
    }

    /// `count` copies of the one-element byte pattern `element`, filled as words of its width.
    private static func filled<Word: FixedWidthInteger>(_: Word.Type, _ element: [UInt8], count: Int) -> [UInt8] {
        let word = element.withUnsafeBytes { $0.loadUnaligned(as: Word.self) }
        return [UInt8](unsafeUninitializedCapacity: count * MemoryLayout<Word>.stride) { buffer, initialized in
            eocube_advise_huge_pages(buffer.baseAddress, buffer.count)
            if let base = buffer.baseAddress {
                base.withMemoryRebound(to: Word.self, capacity: count) { $0.initialize(repeating: word, count: count) }
            }
            initialized = count * MemoryLayout<Word>.stride
        }
    }

    /// `count` copies of `value`, in a buffer advised to use huge pages (see CPOSIX): block-sized
    /// metadata planes are allocated fresh for every block.
    static func filled<Element: BitwiseCopyable>(_ value: Element, count: Int) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            eocube_advise_huge_pages(buffer.baseAddress, count * MemoryLayout<Element>.stride)
            buffer.baseAddress?.initialize(repeating: value, count: count)
            initialized = count
        }
    }

    /// Sets `valid[i]` for every pixel of `region` (row-major) where `plane` (laid out over
    /// `source`) is not nodata.
    static func markValid(_ plane: BandPlane, source: CubeWindow, region: CubeWindow, into valid: inout [Bool]) {
        switch plane.type {
        case .float32: markValidFloat(plane, Float.self, source, region, &valid)
        case .float64: markValidFloat(plane, Double.self, source, region, &valid)
        default:
            // Integers are equal exactly when their bit patterns are, so compare unsigned words of
            // the type's width against the nodata's bytes; a nodata the type cannot hold marks all valid.
            guard let nodata = plane.nodata, plane.type.represents(nodata) else {
                for i in valid.indices { valid[i] = true }
                return
            }
            let pattern = plane.type.nativeBytes(of: nodata)
            switch pattern.count {
            case 1: markValidInteger(plane, UInt8.self, pattern, source, region, &valid)
            case 2: markValidInteger(plane, UInt16.self, pattern, source, region, &valid)
            default: markValidInteger(plane, UInt32.self, pattern, source, region, &valid)
            }
        }
    }

    private static func markValidInteger<Word: FixedWidthInteger>(_ plane: BandPlane, _: Word.Type, _ nodataBytes: [UInt8], _ source: CubeWindow, _ region: CubeWindow, _ valid: inout [Bool]) {
        let nodata = nodataBytes.withUnsafeBytes { $0.loadUnaligned(as: Word.self) }
        markValid(plane, Word.self, source, region, &valid) { $0 != nodata }
    }

    private static func markValidFloat<T: BinaryFloatingPoint>(_ plane: BandPlane, _: T.Type, _ source: CubeWindow, _ region: CubeWindow, _ valid: inout [Bool]) {
        // A NaN nodata matches every NaN (NaN != NaN otherwise).
        switch plane.nodata.map({ T($0) }) {
        case nil: markValid(plane, T.self, source, region, &valid) { _ in true }
        case let nodata? where nodata.isNaN: markValid(plane, T.self, source, region, &valid) { !$0.isNaN }
        case let nodata?: markValid(plane, T.self, source, region, &valid) { $0 != nodata }
        }
    }

    /// The row loop shared by the typed checks: marks the pixels whose value passes `isValid`.
    @inline(__always)
    private static func markValid<T>(_ plane: BandPlane, _: T.Type, _ source: CubeWindow, _ region: CubeWindow, _ valid: inout [Bool], where isValid: (T) -> Bool) {
        plane.bytes.withUnsafeBytes { raw in
            valid.withUnsafeMutableBufferPointer { out in
                guard let values = raw.baseAddress?.assumingMemoryBound(to: T.self), let marks = out.baseAddress else { return }
                for r in 0..<region.height {
                    let sourceRow = values + ((region.row - source.row + r) * source.width + (region.column - source.column))
                    let markRow = marks + r * region.width
                    for c in 0..<region.width { markRow[c] = isValid(sourceRow[c]) || markRow[c] }
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
            target.bytes.withUnsafeMutableBytes { outRaw in
                mask.withUnsafeBufferPointer { mask in
                    guard let values = raw.baseAddress?.assumingMemoryBound(to: T.self), let out = outRaw.baseAddress?.assumingMemoryBound(to: T.self),
                          let masks = mask.baseAddress else { return }
                    for r in 0..<region.height {
                        let sourceRow = values + ((region.row - source.row + r) * source.width + (region.column - source.column))
                        let outRow = out + ((region.row - window.row + r) * window.width + (region.column - window.column))
                        let maskRow = masks + r * region.width
                        for c in 0..<region.width { outRow[c] = maskRow[c] ? sourceRow[c] : outRow[c] }
                    }
                }
            }
        }
    }

    /// Sets the masked pixels of `region` in `target` to its nodata.
    static func fill(_ target: inout BandPlane, target window: CubeWindow, region: CubeWindow, mask: [Bool]) {
        let element = target.type.nativeBytes(of: target.nodata ?? 0)
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
