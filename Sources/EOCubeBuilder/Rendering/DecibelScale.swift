/// How a quicklook turns backscatter into grey: linear from `minimum` dB (black) to `maximum` dB
/// (white), clamped outside; pixels without data are transparent.
///
/// The default, −25 dB to 0 dB, spans Sentinel-1 SIG0 over land (water below −20 dB, dense
/// vegetation and towns towards 0 dB).
public struct DecibelScale: Sendable, Hashable {
    /// The value shown black.
    public var minimum: Double
    /// The value shown white.
    public var maximum: Double

    /// A scale from black at `minimum` to white at `maximum` (which must be larger).
    public init(minimum: Double = -25, maximum: Double = 0) throws(CubeBuilderError) {
        guard minimum.isFinite, maximum.isFinite, minimum < maximum else {
            throw .invalidDefinition("the colour scale needs a minimum below its maximum, got \(minimum) … \(maximum)")
        }
        self.minimum = minimum
        self.maximum = maximum
    }

    /// −25 dB black to 0 dB white.
    public static let standard = DecibelScale(checkedMinimum: -25, maximum: 0)

    private init(checkedMinimum minimum: Double, maximum: Double) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// The grey level (0–255) of a value: `round(255 × (value − minimum) / (maximum − minimum))`, clamped.
    public func level(_ value: Double) -> UInt8 {
        let share = (value - minimum) / (maximum - minimum)
        return UInt8((min(1, max(0, share)) * 255).rounded())
    }
}
