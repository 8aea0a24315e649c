import Foundation
import Logging
import Testing

@testable import GeoRaster

/// A server may claim any object size in `Content-Range`; sizes no file can have are refused
/// at open, so later offset arithmetic (offset + read-ahead) cannot overflow.
struct ImplausibleRemoteSizeTests {
    /// Serves `bytes` for any range, claiming `claimedSize` as the object size.
    struct LyingFetcher: RangeFetcher {
        let url = "http://lying.invalid/huge.tif"
        let bytes: [UInt8]
        let claimedSize: UInt64

        func fetch(_ range: Range<UInt64>) throws(GeoRasterError) -> (bytes: [UInt8], totalSize: UInt64?) {
            let start = Int(min(range.lowerBound, UInt64(bytes.count)))
            let end = Int(min(range.upperBound, UInt64(bytes.count)))
            return (Array(bytes[start..<end]), claimedSize)
        }
    }

    /// A BigTIFF header whose first directory sits 256 bytes before the end of a 2^64-byte object.
    static let bigTIFFPointingNearTheEnd: [UInt8] = {
        var header: [UInt8] = [0x49, 0x49, 43, 0, 8, 0, 0, 0]
        withUnsafeBytes(of: (UInt64.max - 255).littleEndian) { header.append(contentsOf: $0) }
        return header
    }()

    @Test func sizeBeyondWhatAFileCanHoldIsAReadFailureNamingTheURL() throws {
        let fetcher = LyingFetcher(bytes: Self.bigTIFFPointingNearTheEnd, claimedSize: UInt64.max)
        #expect {
            try RasterDataset(source: HTTPByteSource(fetcher: fetcher, options: .init(), logger: Logger(label: "test")),
                              options: .init(), logger: Logger(label: "test"))
        } throws: { error in
            guard case .readFailed(let location, let reason) = error as? GeoRasterError else { return false }
            return location == fetcher.url && reason.contains("\(UInt64.max)")
        }
    }

    @Test func blockRangesAtTheEndOfTheOffsetSpaceMergeWithoutOverflow() {
        // Tile offsets are read from the file: a hostile one may sit just below UInt64.max.
        let top = UInt64.max
        let merged = HTTPByteSource.merge([(top - 20)..<(top - 10), (top - 100)..<(top - 50)], maxGap: 64 << 10)
        #expect(merged == [(top - 100)..<(top - 10)])
    }
}
