import Foundation

/// Resolves STAC hrefs, which may be absolute URLs, absolute paths, or relative to the
/// document holding them (a URL or a local path).
enum HrefResolver {
    /// Whether `href` is an absolute URL (has a scheme) or an absolute file path.
    static func isAbsolute(_ href: String) -> Bool { isURL(href) || href.hasPrefix("/") }

    /// Whether `href` starts with a URL scheme such as `https:` or `file:`.
    static func isURL(_ href: String) -> Bool {
        guard let colon = href.firstIndex(of: ":") else { return false }
        let scheme = href[..<colon]
        guard let first = scheme.first, first.isLetter, scheme.count > 1 else { return false }  // not "C:"
        return scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
    }

    /// `href` made absolute against `base` (the URL or path of the containing document). A relative
    /// href written with Windows separators (`.\sub\collection.json`, as catalogs made on Windows
    /// have) is read with `/` separators, as pystac reads it.
    static func resolve(_ href: String, against base: String?) -> String {
        if isAbsolute(href) { return href }
        let href = href.contains("\\") ? href.replacingOccurrences(of: "\\", with: "/") : href
        guard let base, !base.isEmpty else { return href }
        if isURL(base) {
            if let url = URL(string: href, relativeTo: URL(string: base)) { return url.absoluteString }
            return href
        }
        // A local path: resolve against the containing directory and normalise `.` and `..`.
        let directory = base.hasSuffix("/") ? base : (base as NSString).deletingLastPathComponent
        let joined = directory.isEmpty ? href : directory + "/" + href
        return normalize(path: joined)
    }

    /// Removes `.` and resolvable `..` components of a path.
    static func normalize(path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        return (absolute ? "/" : "") + parts.joined(separator: "/")
    }
}
