/// The settings of one kind of codec (``ZarrBloscConfiguration``, ``ZarrZstdConfiguration``, …):
/// what ``ZarrCodec/configuration(as:)`` returns.
public protocol ZarrCodecConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The codec's `name` in `zarr.json`, e.g. `blosc` or `numcodecs.zlib`.
    static var codecName: String { get }
}
