/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) with slicing-by-8 tables.
enum CRC32C {
    /// Eight 256-entry tables, flattened.
    private static let table: [UInt32] = {
        var tables = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for i in 0..<256 {
            var crc = UInt32(i)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            tables[0][i] = crc
        }
        for i in 0..<256 {
            for t in 1..<8 { tables[t][i] = (tables[t - 1][i] >> 8) ^ tables[0][Int(tables[t - 1][i] & 0xFF)] }
        }
        return tables.flatMap { $0 }
    }()

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        bytes.withUnsafeBytes { raw in
            table.withUnsafeBufferPointer { t in
                var p = 0
                let n = raw.count
                while p + 8 <= n {
                    let lo = raw.loadUnaligned(fromByteOffset: p, as: UInt32.self).littleEndian ^ crc
                    let hi = raw.loadUnaligned(fromByteOffset: p + 4, as: UInt32.self).littleEndian
                    crc = t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                        ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
                        ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                        ^ t[1 * 256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
                    p += 8
                }
                while p < n {
                    crc = t[Int((crc ^ UInt32(raw[p])) & 0xFF)] ^ (crc >> 8)
                    p += 1
                }
            }
        }
        return ~crc
    }
}
