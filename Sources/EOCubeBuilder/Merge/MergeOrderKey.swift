import Foundation

/// An acquisition's place in the merge order: ascending `(datetime, item id)`.
///
/// The datetime is kept exactly as its RFC 3339 text says (whole seconds since the epoch plus
/// nanoseconds), so two texts of the same instant compare equal and the item id decides, as
/// CUBE_LAYOUT.md requires; a `Date` (a binary64) could not promise that for every fraction.
struct MergeOrderKey: Sendable, Hashable, Comparable {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    var epochSeconds: Int64
    /// Nanoseconds past `epochSeconds` (0..<1e9).
    var nanoseconds: Int64
    /// The STAC item id.
    var itemID: String

    /// The key of an item, from its `datetime` text; nil when the text is not RFC 3339.
    init?(datetime text: String, itemID: String) {
        guard let instant = Self.parse(text) else { return nil }
        (epochSeconds, nanoseconds) = instant
        self.itemID = itemID
    }

    /// The key of an item whose datetime text did not parse here, from the parsed `Date`.
    init(date: Date, itemID: String) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        epochSeconds = Int64(seconds)
        nanoseconds = Int64(((date.timeIntervalSince1970 - seconds) * 1e9).rounded())
        self.itemID = itemID
    }

    static func < (a: MergeOrderKey, b: MergeOrderKey) -> Bool {
        (a.epochSeconds, a.nanoseconds, a.itemID) < (b.epochSeconds, b.nanoseconds, b.itemID)
    }

    /// `YYYY-MM-DD(T| )HH:MM:SS[.fraction](Z|±HH:MM)`, case-insensitive `T` and `Z`.
    private static func parse(_ text: String) -> (Int64, Int64)? {
        let b = Array(text.utf8)
        func number(_ at: Int, _ count: Int) -> Int64? {
            guard at + count <= b.count else { return nil }
            var value: Int64 = 0
            for i in at..<(at + count) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int64(b[i] - 48)
            }
            return value
        }
        guard b.count >= 20, b[4] == 45, b[7] == 45, [84, 116, 32].contains(b[10]), b[13] == 58, b[16] == 58,
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var i = 19
        var nanos: Int64 = 0
        if i < b.count, b[i] == 46 {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if digits < 9 { nanos = nanos * 10 + Int64(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { nanos *= 10 }
        }
        var offset: Int64 = 0
        if i < b.count, b[i] == 90 || b[i] == 122 {
            i += 1
        } else if i + 6 == b.count, b[i] == 43 || b[i] == 45, b[i + 3] == 58,
                  let hours = number(i + 1, 2), let minutes = number(i + 4, 2) {
            offset = (hours * 60 + minutes) * 60 * (b[i] == 45 ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        // Days from 1970-01-01 of a proleptic Gregorian date (era arithmetic).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return (days * 86_400 + hour * 3600 + minute * 60 + second - offset, nanos)
    }
}
