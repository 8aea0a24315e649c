import Foundation
import InteropSupport
import Testing

@testable import GeoRaster

/// Reads at offsets taken from a file (tile offsets, IFD offsets) past its end, up to
/// UInt64.max, are end of file, not a trap converting the offset to `off_t`.
struct LocalReadPastEndTests {
    @Test(arguments: [UInt64(16), UInt64(1) << 40, UInt64(Int64.max), UInt64(Int64.max) + 1, UInt64.max])
    func readPastTheEndReturnsNoBytes(offset: UInt64) throws {
        let path = try BadInputTests.write(Array(0..<16), name: "sixteen.bin")
        let source = try LocalFileSource(path: path)
        var buffer = [UInt8](repeating: 0xAA, count: 8)
        let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0, at: offset) }
        #expect(count == 0)
        #expect(buffer == [UInt8](repeating: 0xAA, count: 8))
        // In-range reads still work, and stop at the end.
        let tail = try buffer.withUnsafeMutableBytes { try source.read(into: $0, at: 12) }
        #expect(tail == 4)
        #expect(buffer.prefix(4) == [12, 13, 14, 15])
    }
}
