#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies hyper-rectangles between C-ordered buffers, moving the longest contiguous runs
/// at once (trailing dimensions that match in both buffers are merged into one `memcpy`).
enum RegionCopy {
    /// Copies the box of `extent` at `sourceOrigin` in a `sourceShape` buffer to
    /// `destinationOrigin` in a `destinationShape` buffer.
    static func copy(from source: UnsafeRawPointer, sourceShape: [Int], sourceOrigin: [Int],
                     to destination: UnsafeMutableRawPointer, destinationShape: [Int], destinationOrigin: [Int],
                     extent: [Int], elementSize: Int) {
        forEachRun(sourceShape: sourceShape, sourceOrigin: sourceOrigin, destinationShape: destinationShape,
                   destinationOrigin: destinationOrigin, extent: extent, elementSize: elementSize) { s, t, run in
            (destination + t).copyMemory(from: source + s, byteCount: run)
            return true
        }
    }

    /// The element that every element of the box of `extent` at `origin` in a C-ordered `shape`
    /// buffer equals, or `nil` when they differ; the box is checked in place, without a copy.
    static func uniformElement(in source: UnsafeRawPointer, shape: [Int], origin: [Int], extent: [Int], elementSize: Int) -> [UInt8]? {
        guard elementSize > 0 else { return nil }
        var element: [UInt8]?
        var uniform = false
        forEachRun(sourceShape: shape, sourceOrigin: origin, destinationShape: extent, destinationOrigin: extent.map { _ in 0 },
                   extent: extent, elementSize: elementSize) { s, _, run in
            let bytes = UnsafeRawBufferPointer(start: source + s, count: run)
            let first = element ?? Array(bytes[0..<elementSize])
            element = first
            uniform = isFilled(bytes, with: first)
            return uniform
        }
        return uniform ? element : nil
    }

    /// Calls `body(sourceOffset, destinationOffset, byteCount)` for each contiguous run of the box
    /// of `extent`, in C order, until it returns `false`. Trailing dimensions that the box spans
    /// whole in both buffers are merged into one run.
    private static func forEachRun(sourceShape: [Int], sourceOrigin: [Int], destinationShape: [Int], destinationOrigin: [Int],
                                   extent: [Int], elementSize: Int, _ body: (Int, Int, Int) -> Bool) {
        let rank = extent.count
        if extent.contains(0) { return }
        if rank == 0 { _ = body(0, 0, elementSize); return }
        var sStrides = [Int](repeating: elementSize, count: rank), dStrides = sStrides
        for d in stride(from: rank - 2, through: 0, by: -1) {
            sStrides[d] = sStrides[d + 1] * sourceShape[d + 1]
            dStrides[d] = dStrides[d + 1] * destinationShape[d + 1]
        }
        var runDims = 1
        var run = extent[rank - 1] * elementSize
        var d = rank - 1
        while d > 0 && extent[d] == sourceShape[d] && extent[d] == destinationShape[d] {
            run *= extent[d - 1]
            runDims += 1
            d -= 1
        }
        let outer = rank - runDims
        var s = 0, t = 0
        for i in 0..<rank { s += sourceOrigin[i] * sStrides[i]; t += destinationOrigin[i] * dStrides[i] }
        if outer == 0 { _ = body(s, t, run); return }
        var index = [Int](repeating: 0, count: outer)
        while true {
            guard body(s, t, run) else { return }
            var k = outer - 1
            while k >= 0 {
                index[k] += 1
                s += sStrides[k]; t += dStrides[k]
                if index[k] < extent[k] { break }
                s -= sStrides[k] * extent[k]; t -= dStrides[k] * extent[k]
                index[k] = 0
                k -= 1
            }
            if k < 0 { return }
        }
    }

    /// A buffer of `count` elements all equal to `element`.
    static func filled(_ element: [UInt8], count: Int) -> [UInt8] {
        if element.allSatisfy({ $0 == 0 }) { return [UInt8](repeating: 0, count: count * element.count) }
        if element.count == 1 { return [UInt8](repeating: element[0], count: count) }
        var out = [UInt8](repeating: 0, count: count * element.count)
        out.withUnsafeMutableBytes { raw in
            guard count > 0 else { return }
            element.withUnsafeBytes { raw.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: element.count) }
            // Double the filled prefix until the buffer is full.
            var filled = element.count
            while filled < raw.count {
                let n = min(filled, raw.count - filled)
                (raw.baseAddress! + filled).copyMemory(from: raw.baseAddress!, byteCount: n)
                filled += n
            }
        }
        return out
    }

    /// Whether every element of `bytes` equals `element`.
    static func isFilled(_ bytes: [UInt8], with element: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { isFilled($0, with: element) }
    }

    /// The element every element of `raw` equals (`size` bytes each), or `nil` when they differ.
    static func uniformElement(_ raw: UnsafeRawBufferPointer, size: Int) -> [UInt8]? {
        guard size > 0, raw.count >= size, raw.count % size == 0 else { return nil }
        let first = Array(raw[0..<size])
        return isFilled(raw, with: first) ? first : nil
    }

    /// Whether every element in `raw` equals `element`.
    ///
    /// `raw` holds whole elements all equal to its first exactly when it equals itself shifted
    /// by one element, so after checking the first element one `memcmp` (vectorised, stopping at
    /// the first difference) decides: several times faster than a loop over words.
    static func isFilled(_ raw: UnsafeRawBufferPointer, with element: [UInt8]) -> Bool {
        let n = raw.count, size = element.count
        guard n > 0 else { return true }
        guard size > 0, n % size == 0, let base = raw.baseAddress else { return false }
        let firstMatches = element.withUnsafeBytes { memcmp(base, $0.baseAddress!, size) == 0 }
        return firstMatches && (n == size || memcmp(base, base + size, n - size) == 0)
    }
}


extension RegionCopy {
    /// Sets the box of `extent` at `origin` in a C-ordered `shape` buffer to `element`.
    static func fill(_ destination: UnsafeMutableRawPointer, shape: [Int], origin: [Int], extent: [Int], element: [UInt8]) {
        let size = element.count
        let rank = extent.count
        if extent.contains(0) { return }
        let pattern = filled(element, count: max(1, extent.last ?? 1))
        if rank == 0 { pattern.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress!, byteCount: size) }; return }
        var strides = [Int](repeating: size, count: rank)
        for d in stride(from: rank - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
        let run = extent[rank - 1] * size
        var index = [Int](repeating: 0, count: rank - 1)
        var offset = 0
        for d in 0..<rank { offset += origin[d] * strides[d] }
        pattern.withUnsafeBytes { p in
            while true {
                (destination + offset).copyMemory(from: p.baseAddress!, byteCount: run)
                var k = rank - 2
                while k >= 0 {
                    index[k] += 1
                    offset += strides[k]
                    if index[k] < extent[k] { break }
                    offset -= strides[k] * extent[k]
                    index[k] = 0
                    k -= 1
                }
                if k < 0 { return }
            }
        }
    }
}
