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
        let rank = extent.count
        if extent.contains(0) { return }
        if rank == 0 { destination.copyMemory(from: source, byteCount: elementSize); return }
        var sStrides = [Int](repeating: elementSize, count: rank), dStrides = sStrides
        for d in stride(from: rank - 2, through: 0, by: -1) {
            sStrides[d] = sStrides[d + 1] * sourceShape[d + 1]
            dStrides[d] = dStrides[d + 1] * destinationShape[d + 1]
        }
        // Merge trailing dimensions that are contiguous in both buffers.
        var runDims = 1
        var run = extent[rank - 1] * elementSize
        var d = rank - 1
        while d > 0 && extent[d] == sourceShape[d] && extent[d] == destinationShape[d] {
            run *= extent[d - 1]
            runDims += 1
            d -= 1
        }
        let outer = rank - runDims
        var sBase = 0, dBase = 0
        for i in 0..<rank { sBase += sourceOrigin[i] * sStrides[i]; dBase += destinationOrigin[i] * dStrides[i] }
        if outer == 0 { (destination + dBase).copyMemory(from: source + sBase, byteCount: run); return }
        var index = [Int](repeating: 0, count: outer)
        var s = sBase, t = dBase
        while true {
            (destination + t).copyMemory(from: source + s, byteCount: run)
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

    /// Whether every element of `bytes` equals `element` (compared eight bytes at a time
    /// when the element size divides eight).
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
    static func isFilled(_ raw: UnsafeRawBufferPointer, with element: [UInt8]) -> Bool {
        let n = raw.count
        do {
            let size = element.count
            if 8 % size == 0 {
                var word: UInt64 = 0
                for i in 0..<8 { word |= UInt64(element[i % size]) << UInt64(8 * i) }
                var i = 0
                while i + 8 <= n {
                    if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) != word { return false }
                    i += 8
                }
                while i < n { if raw[i] != element[i % size] { return false }; i += 1 }
                return true
            }
            return element.withUnsafeBytes { e in
                var i = 0
                while i + size <= n {
                    if memcmp(raw.baseAddress! + i, e.baseAddress!, size) != 0 { return false }
                    i += size
                }
                return true
            }
        }
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
