/// A store that can list the keys below a prefix: the capability that finds what exists
/// without knowing its name (a group's children, an array's stored chunks).
///
/// A store that cannot list (``HTTPStorage``) does not conform; groups then fall back to
/// their consolidated metadata and ``ZarrArray/storedChunkCoordinates()`` answers `nil`.
/// Listing is a capability of its own, as in zarrs; combine it with reading as
/// `any ZarrReadableStorage & ZarrListableStorage` where both are needed.
public protocol ZarrListableStorage: Sendable {
    /// The immediate children under `prefix` (empty for the root, else ending in `/`):
    /// value keys and sub-prefixes, both as bare names.
    func listDirectory(_ prefix: String) throws(ZarrError) -> (keys: [String], prefixes: [String])
}
