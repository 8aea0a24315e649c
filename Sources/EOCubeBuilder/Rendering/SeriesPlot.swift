import Foundation

/// A time-series chart of a ``CubeSeries``: dates on the x axis, the decoded values (dB for
/// SIG0) on the y axis, one line with square markers per band, a legend, on white.
///
/// The layout is fixed so a test (or a user) can find any point: the plot area spans x
/// `left ..< width − right` and y `top ..< height − bottom`; a day maps linearly from the first
/// to the last day with data onto the area's width (a single day sits in the middle), a value
/// from ``valueRange`` (bottom) to its top. Markers are 5 × 5 squares centred on their point,
/// drawn band by band after all lines.
public struct SeriesPlot: Sendable {
    /// The series drawn.
    public let series: CubeSeries
    /// Picture size in pixels.
    public let width: Int, height: Int
    /// Margins around the plot area in pixels.
    public static let left = 56, right = 16, top = 24, bottom = 40
    /// The colours of the bands, in the series' band order (repeating).
    public static let bandColors = [RGBAColor(red: 31, green: 119, blue: 180), RGBAColor(red: 255, green: 127, blue: 14),
                                    RGBAColor(red: 44, green: 160, blue: 44), RGBAColor(red: 214, green: 39, blue: 40)]

    /// A chart of `series` in a `width × height` picture (at least 200 × 120).
    public init(_ series: CubeSeries, width: Int = 800, height: Int = 400) throws(CubeBuilderError) {
        guard width >= 200, height >= 120 else { throw .invalidDefinition("a series plot needs at least 200 x 120 pixels") }
        guard !series.days.isEmpty else { throw .invalidDefinition("the pixel holds no data in the days asked for: nothing to plot") }
        self.series = series
        self.width = width
        self.height = height
    }

    /// The values the y axis spans: whole numbers one below the smallest and one above the
    /// largest value of any band.
    public var valueRange: ClosedRange<Double> {
        let values = series.bands.flatMap { series.values[$0] ?? [] }.compactMap { $0 }
        guard let low = values.min(), let high = values.max() else { return -1...1 }
        return (low.rounded(.down) - 1)...(high.rounded(.up) + 1)
    }

    /// The pixel of a day's value.
    public func point(day: DaySlot, value: Double) -> (x: Int, y: Int) {
        let first = series.days.first?.index ?? 0, last = series.days.last?.index ?? 0
        let plotWidth = Double(width - Self.left - Self.right - 1), plotHeight = Double(height - Self.top - Self.bottom - 1)
        let share = last == first ? 0.5 : Double(day.index - first) / Double(last - first)
        let range = valueRange
        let level = (value - range.lowerBound) / (range.upperBound - range.lowerBound)
        return (Self.left + Int((share * plotWidth).rounded()), height - Self.bottom - 1 - Int((level * plotHeight).rounded()))
    }

    /// The chart.
    public func render() -> RGBAImage {
        var image = RGBAImage(width: width, height: height, fill: .white)
        let axis = RGBAColor(red: 64, green: 64, blue: 64), grid = RGBAColor(red: 225, green: 225, blue: 225)
        let x0 = Self.left, x1 = width - Self.right - 1, y0 = Self.top, y1 = height - Self.bottom - 1
        // Horizontal grid lines with value labels, about every 40 pixels on whole numbers.
        let range = valueRange
        let step = max(1, ((range.upperBound - range.lowerBound) / Double(max(1, (y1 - y0) / 40))).rounded(.up))
        var value = (range.lowerBound / step).rounded(.up) * step
        while value <= range.upperBound {
            let y = point(day: series.days[0], value: value).y
            for x in x0...x1 { image[x, y] = grid }
            let label = String(Int(value))
            BitmapFont.draw(label, x: x0 - 6 - BitmapFont.width(of: label), y: y - 3, color: axis, into: &image)
            value += step
        }
        BitmapFont.draw("dB", x: 4, y: y0 - 16, color: axis, into: &image)
        // Axes.
        for x in x0...x1 { image[x, y1] = axis }
        for y in y0...y1 { image[x0, y] = axis }
        // Date labels: the first and last day, and the middle one when there is room.
        var labelled = [series.days[0], series.days[series.days.count - 1]]
        if series.days.count > 2 { labelled.insert(series.days[series.days.count / 2], at: 1) }
        for day in labelled {
            let x = point(day: day, value: range.lowerBound).x
            for y in y1...(y1 + 3) { image[x, y] = axis }
            let label = day.description
            BitmapFont.draw(label, x: min(max(0, x - BitmapFont.width(of: label) / 2), width - BitmapFont.width(of: label)), y: y1 + 8, color: axis, into: &image)
        }
        // Lines, then markers, band by band; a gap (fill) breaks a line.
        for (index, band) in series.bands.enumerated() {
            let color = Self.bandColors[index % Self.bandColors.count]
            var previous: (x: Int, y: Int)?
            for (day, value) in zip(series.days, series.values[band] ?? []) {
                guard let value else { previous = nil; continue }
                let current = point(day: day, value: value)
                if let previous { Self.line(from: previous, to: current, color: color, into: &image) }
                previous = current
            }
        }
        for (index, band) in series.bands.enumerated() {
            let color = Self.bandColors[index % Self.bandColors.count]
            for (day, value) in zip(series.days, series.values[band] ?? []) {
                guard let value else { continue }
                let p = point(day: day, value: value)
                for dy in -2...2 { for dx in -2...2 { image[p.x + dx, p.y + dy] = color } }
            }
            // Legend above the plot area, right-aligned: a swatch and the band's name per band.
            let swatchX = x1 - 60 - 80 * (series.bands.count - 1 - index), legendY = y0 - 16
            for dy in 0..<7 { for dx in 0..<10 { image[swatchX + dx, legendY + dy] = color } }
            BitmapFont.draw(band, x: swatchX + 14, y: legendY, color: axis, into: &image)
        }
        return image
    }

    /// A one-pixel line (Bresenham).
    private static func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int), color: RGBAColor, into image: inout RGBAImage) {
        var (x, y) = a
        let dx = abs(b.x - a.x), dy = -abs(b.y - a.y), sx = a.x < b.x ? 1 : -1, sy = a.y < b.y ? 1 : -1
        var error = dx + dy
        while true {
            image[x, y] = color
            if x == b.x && y == b.y { break }
            let twice = 2 * error
            if twice >= dy { error += dy; x += sx }
            if twice <= dx { error += dx; y += sy }
        }
    }
}
