import Foundation

/// RFC 3339 timestamps (`2021-03-04T05:06:07.123Z`, `…+01:00`) to and from `Date`,
/// without `DateFormatter` (slow and locale-sensitive).
enum RFC3339 {
    /// Parses a full timestamp; a bare date (`2021-03-04`) means its midnight UTC.
    static func parse(_ text: String) -> Date? {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= b.count else { return nil }
            var v = 0
            for i in at..<(at + n) {
                let c = b[i]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let year = digits(0, 4), b.count >= 10, b[4] == 45, let month = digits(5, 2), b[7] == 45,
              let day = digits(8, 2), (1...12).contains(month), (1...daysInMonth(year, month)).contains(day) else { return nil }
        var seconds = Double(daysFromCivil(year, month, day)) * 86400
        if b.count == 10 { return Date(timeIntervalSince1970: seconds) }
        guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == 32,
              let hh = digits(11, 2), b.count > 13, b[13] == 58, let mm = digits(14, 2), b.count > 16, b[16] == 58,
              let ss = digits(17, 2), hh < 24, mm < 60, ss <= 60 else { return nil }
        seconds += Double(hh * 3600 + mm * 60 + ss)
        var i = 19
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            var fraction = 0.0
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { fraction += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
            if i == start { return nil }
            seconds += fraction
        }
        guard i < b.count else { return nil }  // RFC 3339 requires a zone
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == b.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let oh = digits(i + 1, 2), i + 3 < b.count, b[i + 3] == 58, let om = digits(i + 4, 2), i + 6 == b.count
            else { return nil }
            let offset = Double(oh * 3600 + om * 60)
            seconds += b[i] == UInt8(ascii: "+") ? -offset : offset
        default: return nil
        }
        return Date(timeIntervalSince1970: seconds)
    }

    /// Formats as `YYYY-MM-DDTHH:MM:SSZ`, with milliseconds only when non-zero.
    static func format(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        let whole = t.rounded(.down)
        var millis = Int(((t - whole) * 1000).rounded())
        var secs = Int(whole)
        if millis == 1000 { millis = 0; secs += 1 }
        let days = Int((Double(secs) / 86400).rounded(.down))
        let rem = secs - days * 86400
        let (y, m, d) = civilFromDays(days)
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
        }
        var out = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rem / 3600, 2)):\(pad(rem / 60 % 60, 2)):\(pad(rem % 60, 2))"
        if millis != 0 { out += ".\(pad(millis, 3))" }
        return out + "Z"
    }

    /// The number of days of `month` (1–12) in `year` of the proleptic Gregorian calendar.
    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
