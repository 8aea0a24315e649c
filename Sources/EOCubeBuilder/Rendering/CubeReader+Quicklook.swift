import Foundation

extension CubeReader {
    /// One day of one band as a picture at most `maximumSize` pixels on its longer side: each
    /// picture pixel is the mean (in the band's decoded unit, dB for SIG0) of the cube pixels of
    /// its `factor × factor` box that hold a value, grey on `scale`; boxes without any value are
    /// transparent. The window (the whole grid by default) is read in strips of rows, so memory
    /// stays near `strip rows × window width × 8` bytes however large the window.
    public func quicklook(day: DaySlot, band: String, window: CubeWindow? = nil, maximumSize: Int = 1000,
                          scale: DecibelScale? = nil) async throws(CubeBuilderError) -> (image: RGBAImage, factor: Int) {
        let window = window ?? grid.bounds
        guard !window.isEmpty, window.intersection(grid.bounds) == window else { throw .invalidDefinition("window \(window) lies outside the cube (\(grid.bounds))") }
        guard maximumSize > 0 else { throw .invalidDefinition("the picture size must be positive") }
        _ = try checkedBands([band])
        if let days = daysWithData(), !days.contains(day) {
            let listed = days.prefix(30).map(\.description).joined(separator: ", ") + (days.count > 30 ? " and \(days.count - 30) more" : "")
            throw .invalidDefinition("the cube holds no data on \(day); days with data: \(days.isEmpty ? "none" : listed)")
        }
        let scale = scale ?? DecibelScale.standard
        let factor = max(1, (max(window.height, window.width) + maximumSize - 1) / maximumSize)
        let width = (window.width + factor - 1) / factor, height = (window.height + factor - 1) / factor
        var sums = [Double](repeating: 0, count: width * height), counts = [Int32](repeating: 0, count: width * height)
        let stripRows = factor * max(1, 512 / factor)
        let rowsWithData = self.rowsWithData(day: day)
        var row = window.row
        while row < window.endRow {
            let strip = CubeWindow(row: row, column: window.column, height: min(stripRows, window.endRow - row), width: window.width)
            // Strips of rows without any stored chunk stay transparent unread (most of a tile on a day).
            if let rowsWithData, !rowsWithData.contains(where: { $0.overlaps(row..<strip.endRow) }) {
                row += strip.height
                continue
            }
            let values = try await decodedValues(band, region: [day.index..<(day.index + 1), strip.row..<strip.endRow, strip.column..<strip.endColumn])
            for r in 0..<strip.height {
                let target = (row - window.row + r) / factor * width
                for c in 0..<strip.width {
                    let value = values[r * strip.width + c]
                    guard !value.isNaN else { continue }
                    sums[target + c / factor] += value
                    counts[target + c / factor] += 1
                }
            }
            row += strip.height
        }
        var image = RGBAImage(width: width, height: height)
        for i in 0..<(width * height) where counts[i] > 0 {
            let grey = scale.level(sums[i] / Double(counts[i]))
            image[i % width, i / width] = RGBAColor(red: grey, green: grey, blue: grey)
        }
        return (image, factor)
    }
}
