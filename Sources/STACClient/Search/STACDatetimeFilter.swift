import Foundation

/// The `datetime` search parameter: an instant, or a closed or open-ended interval.
public enum STACDatetimeFilter: Sendable, Hashable, CustomStringConvertible {
    /// Items whose time span contains this instant.
    case instant(Date)
    /// Items whose time span overlaps `start…end`; a `nil` end is open (`..`).
    case interval(start: Date?, end: Date?)

    /// Parses the forms pystac-client accepts: an RFC 3339 instant, `A/B` intervals with `..`
    /// or empty open ends, and partial dates (`2021`, `2021-03`, `2021-03-04`) meaning the whole
    /// year, month or day.
    ///
    /// - Throws: ``STACError/invalidSearch(reason:)`` naming the text that could not be read.
    public init(parsing text: String) throws(STACError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        func bound(_ s: String, end: Bool) throws(STACError) -> Date? {
            if s.isEmpty || s == ".." { return nil }
            guard let range = Self.range(of: s) else {
                throw .invalidSearch(reason: "datetime '\(s)' is not RFC 3339 (e.g. 2021-03-04T05:06:07Z), a date, or '..'")
            }
            return end ? range.upperBound : range.lowerBound
        }
        switch parts.count {
        case 1:
            guard let range = Self.range(of: trimmed) else {
                throw .invalidSearch(reason: "datetime '\(text)' is not RFC 3339, a partial date, or an interval A/B")
            }
            self = range.lowerBound == range.upperBound ? .instant(range.lowerBound)
                : .interval(start: range.lowerBound, end: range.upperBound)
        case 2:
            let start = try bound(parts[0], end: false), end = try bound(parts[1], end: true)
            if start == nil, end == nil { throw .invalidSearch(reason: "datetime interval '\(text)' is open at both ends") }
            if let start, let end, start > end { throw .invalidSearch(reason: "datetime interval '\(text)' ends before it starts") }
            self = .interval(start: start, end: end)
        default:
            throw .invalidSearch(reason: "datetime '\(text)' has more than one '/'")
        }
    }

    /// The parameter as sent to the API, e.g. `2021-01-01T00:00:00Z/..`.
    public var description: String {
        switch self {
        case .instant(let d): return RFC3339.format(d)
        case .interval(let s, let e): return (s.map(RFC3339.format) ?? "..") + "/" + (e.map(RFC3339.format) ?? "..")
        }
    }

    /// Whether a time span `start…end` (an instant when equal) overlaps this filter.
    public func matches(_ span: ClosedRange<Date>) -> Bool {
        switch self {
        case .instant(let d): return span.contains(d)
        case .interval(let s, let e):
            if let s, span.upperBound < s { return false }
            if let e, span.lowerBound > e { return false }
            return true
        }
    }

    /// The span a full or partial timestamp denotes (a single instant for full timestamps).
    static func range(of s: String) -> ClosedRange<Date>? {
        if let d = RFC3339.parse(s), s.count > 10 { return d...d }
        let fields = s.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(fields.count), fields.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
              fields[0].count == 4, let y = Int(fields[0]) else { return nil }
        let m = fields.count > 1 ? Int(fields[1]) : nil
        let d = fields.count > 2 ? Int(fields[2]) : nil
        if let m, !(1...12).contains(m) { return nil }
        if let d, !(1...RFC3339.daysInMonth(y, m ?? 1)).contains(d) { return nil }
        let startDay = RFC3339.daysFromCivil(y, m ?? 1, d ?? 1)
        let endDay: Int
        if d != nil { endDay = startDay + 1 }
        else if let m { endDay = m == 12 ? RFC3339.daysFromCivil(y + 1, 1, 1) : RFC3339.daysFromCivil(y, m + 1, 1) }
        else { endDay = RFC3339.daysFromCivil(y + 1, 1, 1) }
        // Like pystac-client: the last second of the period, inclusive.
        return Date(timeIntervalSince1970: Double(startDay) * 86400)...Date(timeIntervalSince1970: Double(endDay) * 86400 - 1)
    }
}
