/// Who owns the pixels of each store chunk a block covers, kept up to date by merges.
///
/// A chunk wholly owned by one stamp (or by nobody) holds one value in each metadata array:
/// the store is told so and writes it without reading those 14 bytes a pixel.
struct ChunkOwnership: Sendable {
    /// A chunk of the block whose metadata holds one value: the stamp's, or fill when `stamp` is nil.
    struct UniformChunk: Sendable, Equatable {
        /// The chunk's part of the block, in cube pixels.
        var window: CubeWindow
        /// The owner's stamp; nil when no pixel is owned.
        var stamp: PixelStamp?
        /// Whether the whole chunk lies in the block (not cut by the block's edge): the store
        /// then writes it from the value alone and never reads its pixels.
        var isWhole = false
    }

    private let window: CubeWindow
    private let chunkHeight: Int, chunkWidth: Int
    /// Chunk-grid index of the block's first chunk.
    private let firstRow: Int, firstColumn: Int
    private let rows: Int, columns: Int
    /// Owned pixels per chunk.
    private var owned: [Int]
    /// Per chunk: −1 no owner yet, −2 several stamps, k ≥ 0 the index of its only stamp.
    private var stampIndex: [Int]

    /// Tracking for `window`, on the grid of `chunkShape` (y, x) chunks anchored at the cube's origin.
    init(window: CubeWindow, chunkShape: [Int]) {
        self.window = window
        chunkHeight = chunkShape[0]
        chunkWidth = chunkShape[1]
        firstRow = window.row / chunkHeight
        firstColumn = window.column / chunkWidth
        rows = (window.endRow - 1) / chunkHeight - firstRow + 1
        columns = (window.endColumn - 1) / chunkWidth - firstColumn + 1
        owned = [Int](repeating: 0, count: rows * columns)
        stampIndex = [Int](repeating: -1, count: rows * columns)
    }

    /// Records that stamp number `stamp` took the pixels `columns` (cube pixels) of cube row `row`.
    mutating func record(row: Int, columns range: Range<Int>, stamp: Int) {
        let chunkRow = row / chunkHeight - firstRow
        var start = range.lowerBound
        while start < range.upperBound {
            let chunkColumn = start / chunkWidth
            let end = min(range.upperBound, (chunkColumn + 1) * chunkWidth)
            let index = chunkRow * columns + chunkColumn - firstColumn
            owned[index] += end - start
            stampIndex[index] = stampIndex[index] == -1 || stampIndex[index] == stamp ? stamp : -2
            start = end
        }
    }

    /// The block's chunks whose metadata holds one value, given the block's stamps.
    func uniformChunks(stamps: [PixelStamp]) -> [UniformChunk] {
        var result: [UniformChunk] = []
        for r in 0..<rows {
            for c in 0..<columns {
                let top = max(window.row, (firstRow + r) * chunkHeight), bottom = min(window.endRow, (firstRow + r + 1) * chunkHeight)
                let left = max(window.column, (firstColumn + c) * chunkWidth), right = min(window.endColumn, (firstColumn + c + 1) * chunkWidth)
                let part = CubeWindow(row: top, column: left, height: bottom - top, width: right - left)
                let index = r * columns + c
                let isWhole = part.height == chunkHeight && part.width == chunkWidth
                if owned[index] == 0 {
                    result.append(UniformChunk(window: part, stamp: nil, isWhole: isWhole))
                } else if owned[index] == part.pixelCount, stampIndex[index] >= 0 {
                    result.append(UniformChunk(window: part, stamp: stamps[stampIndex[index]], isWhole: isWhole))
                }
            }
        }
        return result
    }
}
