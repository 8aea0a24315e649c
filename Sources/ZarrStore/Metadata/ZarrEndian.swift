/// Byte order of the `bytes` codec.
public enum ZarrEndian: String, Sendable, Hashable {
    /// Least significant byte first (what zarr-python writes by default).
    case little
    /// Most significant byte first.
    case big
}
