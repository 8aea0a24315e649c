/// Geometry of a regular chunk grid over an array: which chunks a region touches and
/// where a chunk's box lies.
struct ChunkGrid: Sendable {
    let arrayShape: [Int]
    let chunkShape: [Int]

    var rank: Int { arrayShape.count }

    /// Chunk index ranges per dimension touched by `region`.
    func chunkRanges(_ region: [Range<Int>]) -> [Range<Int>] {
        (0..<rank).map { d in
            // (upper - 1) / c + 1 rather than (upper + c - 1) / c: no overflow for arrays near Int.max.
            region[d].isEmpty ? 0..<0 : (region[d].lowerBound / chunkShape[d])..<((region[d].upperBound - 1) / chunkShape[d] + 1)
        }
    }

    /// All chunk coordinates within `ranges`, in C order.
    static func coordinates(in ranges: [Range<Int>]) -> [[Int]] {
        if ranges.contains(where: { $0.isEmpty }) { return [] }
        var result: [[Int]] = []
        result.reserveCapacity(ranges.reduce(1) { $0 * $1.count })
        var current = ranges.map(\.lowerBound)
        while true {
            result.append(current)
            var d = ranges.count - 1
            while d >= 0 {
                current[d] += 1
                if current[d] < ranges[d].upperBound { break }
                current[d] = ranges[d].lowerBound
                d -= 1
            }
            if d < 0 { return result }
        }
    }

    /// Chunks along each dimension (computed without overflow for any shape).
    var chunkCounts: [Int] {
        zip(arrayShape, chunkShape).map { extent, chunk in extent == 0 ? 0 : (extent - 1) / chunk + 1 }
    }

    /// The end of the last chunk along each dimension (the shape rounded up to whole chunks),
    /// or nil when that exceeds `Int.max`: chunk boxes (`origin + chunkShape`) must be representable.
    var gridExtent: [Int]? {
        var result: [Int] = []
        for (chunks, chunk) in zip(chunkCounts, chunkShape) {
            let (end, overflow) = chunks.multipliedReportingOverflow(by: chunk)
            if overflow { return nil }
            result.append(end)
        }
        return result
    }

    /// The box of chunk `coordinates` in array coordinates, clipped to the array's shape.
    func box(of coordinates: [Int]) -> [Range<Int>] {
        (0..<rank).map { d in
            let lo = coordinates[d] * chunkShape[d]
            return lo..<min(lo + chunkShape[d], arrayShape[d])
        }
    }

    /// The intersection of two boxes, or `nil` when empty.
    static func intersection(_ a: [Range<Int>], _ b: [Range<Int>]) -> [Range<Int>]? {
        var result: [Range<Int>] = []
        for (x, y) in zip(a, b) {
            let lo = max(x.lowerBound, y.lowerBound), hi = min(x.upperBound, y.upperBound)
            if lo >= hi { return nil }
            result.append(lo..<hi)
        }
        return result
    }
}
