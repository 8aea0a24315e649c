import Foundation

/// Writer for NumPy's `.npy` format (version 1.0), so regions can be handed to Python tools.
public enum NumpyFile {
    /// The NumPy `descr` string of a data type (`<i2`, `|b1`, `<c16`, …).
    public static func descriptor(for dataType: ZarrDataType) -> String {
        switch dataType {
        case .bool: return "|b1"
        case .int8: return "|i1"
        case .uint8: return "|u1"
        case .int16: return "<i2"
        case .int32: return "<i4"
        case .int64: return "<i8"
        case .uint16: return "<u2"
        case .uint32: return "<u4"
        case .uint64: return "<u8"
        case .float16: return "<f2"
        case .float32: return "<f4"
        case .float64: return "<f8"
        case .complex64: return "<c8"
        case .complex128: return "<c16"
        }
    }

    /// The complete `.npy` file for little-endian C-order element `bytes` of `shape`.
    public static func encode(_ bytes: [UInt8], dataType: ZarrDataType, shape: [Int]) -> [UInt8] {
        encode(bytes, descriptor: descriptor(for: dataType), shape: shape)
    }

    /// The complete `.npy` file for C-order element `bytes` of `shape` whose NumPy `descr` is
    /// `descriptor` (e.g. `<i2`), for element types that are not Zarr data types.
    public static func encode(_ bytes: [UInt8], descriptor: String, shape: [Int]) -> [UInt8] {
        header(descriptor: descriptor, shape: shape) + bytes
    }

    /// Writes the `.npy` file for C-order element `bytes` of `shape` to `path`: the header, then
    /// the bytes as they are (no second copy of a large region in memory).
    public static func write(_ bytes: [UInt8], descriptor: String, shape: [Int], to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(header(descriptor: descriptor, shape: shape))),
              let file = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? file.close() }
        try file.seekToEnd()
        try file.write(contentsOf: bytes)
    }

    /// The `.npy` header (magic, version, length, dictionary, padding to 64 bytes).
    public static func header(descriptor: String, shape: [Int]) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descriptor)', 'fortran_order': False, 'shape': \(shapeText), }"
        // Magic (6) + version (2) + length (2) + header + newline must be a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let length = UInt16(header.utf8.count)
        out += [UInt8(length & 0xFF), UInt8(length >> 8)]
        out += Array(header.utf8)
        return out
    }
}
