import Foundation

/// A UTC day counted from the cube's time origin, 2014-10-01: the index on the time axis.
///
/// `slot = floor((datetime − 2014-10-01T00:00:00Z) / 1 day)`, so 23:59:50 and 00:00:10 of the
/// next day fall in consecutive slots.
public struct DaySlot: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The time index (days since 2014-10-01).
    public var index: Int

    /// A slot from its index.
    public init(index: Int) { self.index = index }

    /// The slot holding an acquisition time.
    public init(_ date: Date) {
        let seconds = date.timeIntervalSince(DaySlot.origin)
        index = Int((seconds / 86_400).rounded(.down))
    }

    /// 2014-10-01T00:00:00Z, the origin of `time` and `sensing_date`.
    public static let origin = Date(timeIntervalSince1970: 1_412_121_600)

    /// Whole seconds since the origin (rounded down), the value of `sensing_date`.
    public static func sensingSeconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince(origin)).rounded(.down))
    }

    /// The slot's first instant.
    public var startDate: Date { DaySlot.origin.addingTimeInterval(Double(index) * 86_400) }

    /// Compares by index.
    public static func < (lhs: DaySlot, rhs: DaySlot) -> Bool { lhs.index < rhs.index }

    /// `YYYY-MM-DD` (UTC).
    public var description: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: startDate)
        func two(_ v: Int?) -> String { let s = String(v ?? 0); return s.count < 2 ? "0" + s : s }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day))"
    }
}
