import Foundation

/// One pixel's history in a cube: a row per day slot on which the pixel holds data (its
/// `sensing_date` is set), with every requested band decoded and the pixel's provenance.
public struct CubeSeries: Sendable, Hashable {
    /// The pixel's column and row in the cube grid.
    public var column: Int, row: Int
    /// The day slots with data, ascending.
    public var days: [DaySlot]
    /// The acquisition time of the data of each day (`sensing_date`, whole seconds, UTC).
    public var sensingDates: [Date]
    /// The absolute orbit number of each day's acquisition; nil where unknown (-9999).
    public var absoluteOrbits: [Int32?]
    /// The relative orbit number of each day's acquisition; nil where unknown (-9999).
    public var relativeOrbits: [Int16?]
    /// Per band, each day's value decoded with the array's `scale_factor` / `add_offset`
    /// (backscatter in dB for Sentinel-1 SIG0); nil where the band holds its fill value.
    public var values: [String: [Double?]]
    /// The band names in the order they were asked for.
    public var bands: [String]
}

/// A rectangle's history in a cube: every requested band over the day slots on which any of
/// its pixels holds data.
public struct CubePatchSeries: Sendable, Hashable {
    /// The rectangle in cube pixels.
    public var window: CubeWindow
    /// The day slots with data somewhere in the window, ascending.
    public var days: [DaySlot]
    /// Per band, the decoded values, `[day][row][column]` flattened; NaN where the band holds
    /// its fill value.
    public var values: [String: [Double]]
    /// The band names in the order they were asked for.
    public var bands: [String]

    /// Per day, the mean of `band` over the window's pixels that hold a value; nil for a day
    /// on which none does.
    public func mean(of band: String) -> [Double?] {
        guard let all = values[band] else { return [] }
        let pixels = window.pixelCount
        return days.indices.map { day in
            var sum = 0.0, count = 0
            for value in all[(day * pixels)..<((day + 1) * pixels)] where !value.isNaN {
                sum += value
                count += 1
            }
            return count > 0 ? sum / Double(count) : nil
        }
    }
}

/// One day of a rectangle of a cube: every requested band decoded.
public struct CubeSlice: Sendable, Hashable {
    /// The day slot.
    public var day: DaySlot
    /// The rectangle in cube pixels.
    public var window: CubeWindow
    /// Per band, the decoded values row by row; NaN where the band holds its fill value.
    public var values: [String: [Double]]
    /// `sensing_date` of every pixel (nil where no acquisition owns it).
    public var sensingDates: [Date?]
}
