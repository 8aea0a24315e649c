import CKernels

/// Undoes TIFF Predictor 2 (horizontal differencing) on decoded integer samples.
///
/// Each sample of a row was stored as the difference to the sample `stride` places before it
/// (the same band of the previous pixel); the undo is a running sum per row and band, in
/// wrapping arithmetic of the sample width. Samples are in native byte order (libtiff swaps
/// before handing them over).
enum HorizontalDifferencing {
    /// Undoes the differencing of `rows` rows of `rowSamples` samples of `byteCount` bytes each.
    static func undo(_ buffer: UnsafeMutableRawPointer, rows: Int, rowSamples: Int, stride: Int, byteCount: Int) {
        if stride == 1 && (byteCount == 2 || byteCount == 4) {
            // Single-sample pixels of 16 or 32 bits (Sentinel-1 backscatter, DEMs): SIMD in CKernels.
            for row in 0..<rows {
                let line = buffer + row * rowSamples * byteCount
                if byteCount == 2 {
                    eocube_undo_differencing_u16(line.assumingMemoryBound(to: UInt16.self), rowSamples)
                } else {
                    eocube_undo_differencing_u32(line.assumingMemoryBound(to: UInt32.self), rowSamples)
                }
            }
            return
        }
        switch byteCount {
        case 1: undo(buffer.assumingMemoryBound(to: UInt8.self), rows: rows, rowSamples: rowSamples, stride: stride)
        case 2: undo(buffer.assumingMemoryBound(to: UInt16.self), rows: rows, rowSamples: rowSamples, stride: stride)
        case 4: undo(buffer.assumingMemoryBound(to: UInt32.self), rows: rows, rowSamples: rowSamples, stride: stride)
        case 8: undo(buffer.assumingMemoryBound(to: UInt64.self), rows: rows, rowSamples: rowSamples, stride: stride)
        default: preconditionFailure("no \(byteCount)-byte integer samples")
        }
    }

    private static func undo<Sample: FixedWidthInteger & UnsignedInteger>(_ samples: UnsafeMutablePointer<Sample>, rows: Int, rowSamples: Int, stride: Int) {
        guard stride > 0, rowSamples > stride else { return }
        for row in 0..<rows {
            let line = samples + row * rowSamples
            if stride == 1 {
                // The common single-band case: the running sum stays in a register.
                var sum = line[0]
                for index in 1..<rowSamples {
                    sum &+= line[index]
                    line[index] = sum
                }
            } else {
                for index in stride..<rowSamples {
                    line[index] &+= line[index - stride]
                }
            }
        }
    }
}
