/// Validation and joining of node paths and store keys.
///
/// Node paths are `/`-separated names relative to the store root (`""` is the root).
/// Segments may not be empty, `.` or `..`, and paths may not be absolute or contain
/// backslashes or NUL, so no key can ever address a file outside a store's root.
public enum ZarrKey {
    /// Returns the normalised form of a node path (leading/trailing `/` trimmed), or throws
    /// ``ZarrError/invalidPath(_:reason:)``.
    public static func normalizedNodePath(_ path: String) throws(ZarrError) -> String {
        if path.isEmpty || path == "/" { return "" }
        if path.hasPrefix("/") && path.dropFirst().hasPrefix("/") { throw .invalidPath(path, reason: "absolute paths are not allowed") }
        var trimmed = Substring(path)
        if trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
        if trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        try validate(String(trimmed), original: path)
        return String(trimmed)
    }

    /// Throws unless every segment of `key` is a safe name.
    public static func validate(_ key: String, original: String? = nil) throws(ZarrError) {
        let shown = original ?? key
        if key.isEmpty { throw .invalidPath(shown, reason: "empty path") }
        if key.utf8.contains(0) { throw .invalidPath(shown, reason: "NUL characters are not allowed") }
        if key.contains("\\") { throw .invalidPath(shown, reason: "backslashes are not allowed") }
        // `~` is an ordinary character here (no shell expands store keys); zarr-python accepts such names.
        if key.hasPrefix("/") { throw .invalidPath(shown, reason: "absolute paths are not allowed") }
        for segment in key.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty { throw .invalidPath(shown, reason: "empty path segment") }
            if segment == "." || segment == ".." { throw .invalidPath(shown, reason: "'\(segment)' segments are not allowed") }
        }
    }

    /// `node/child` for a node path and a relative name (either may be the root `""`).
    static func join(_ node: String, _ name: String) -> String {
        if node.isEmpty { return name }
        if name.isEmpty { return node }
        return node + "/" + name
    }

    /// The largest metadata document read (consolidated metadata of a big hierarchy is tens of MB).
    static let maximumMetadataBytes = 256 << 20

    /// The `zarr.json` key of a node.
    static func metadataKey(_ node: String) -> String { join(node, "zarr.json") }
}
