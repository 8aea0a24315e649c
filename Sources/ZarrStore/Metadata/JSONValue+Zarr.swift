// JSONValue (with its parser and writer) lives in the shared JSONCore target; re-exported so
// `import ZarrStore` alone gives clients `JSONValue`.
@_exported import JSONCore

// MARK: - zarr.json text

extension JSONValue {
    /// How `zarr.json` is read: strict JSON plus Python's `NaN`/`Infinity` literals, nesting at most 256 deep.
    static let zarrParsingOptions = JSONParsingOptions(allowsNonFiniteNumbers: true, maximumDepth: 256)

    /// Parses UTF-8 `zarr.json` text; throws ``ZarrError/invalidMetadata(key:reason:)`` naming `source`.
    ///
    /// Python's `json` module writes bare `NaN` and `Infinity`, so these are read too.
    public static func parse(_ bytes: [UInt8], source: String = "<json>") throws(ZarrError) -> JSONValue {
        do {
            return try JSONValue(parsing: bytes, options: zarrParsingOptions)
        } catch {
            throw .invalidMetadata(key: source, reason: "malformed JSON at byte \(error.offset): \(error.reason)")
        }
    }

    /// The value as pretty-printed UTF-8 JSON text ending in a newline (two-space indentation, like
    /// zarr-python); NaN and infinities are written as the strings the Zarr spec defines.
    public func serialized() -> [UInt8] {
        jsonBytes(options: JSONWritingOptions(prettyPrinted: true, nonFiniteNumbers: .strings, trailingNewline: true))
    }
}
