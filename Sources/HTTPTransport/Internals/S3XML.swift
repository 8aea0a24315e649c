import Foundation

/// Just enough XML for S3's answers: they are flat, machine-written documents, so elements
/// are found by tag name and text is unescaped; no namespace or attribute handling is needed.
enum S3XML {
    /// The contents of every `<tag>…</tag>` in `text`, in order (not nested in each other).
    static func elements(_ tag: String, in text: Substring) -> [Substring] {
        var found: [Substring] = []
        var rest = text[...]
        let open = "<\(tag)>", close = "</\(tag)>"
        while let start = rest.range(of: open) {
            guard let end = rest[start.upperBound...].range(of: close) else { break }
            found.append(rest[start.upperBound..<end.lowerBound])
            rest = rest[end.upperBound...]
        }
        return found
    }

    /// The unescaped text of the first `<tag>` in `text`.
    static func value(_ tag: String, in text: Substring) -> String? {
        let open = "<\(tag)>", close = "</\(tag)>"
        guard let start = text.range(of: open), let end = text[start.upperBound...].range(of: close) else { return nil }
        return unescape(text[start.upperBound..<end.lowerBound])
    }

    /// Resolves entity and character references (``XMLText/unescape(_:)``).
    static func unescape(_ text: Substring) -> String { XMLText.unescape(text) }

    /// `text` with `& < > " '` escaped, for request bodies.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
