/// A part of a write's region whose elements all hold one value, as the caller knows.
///
/// Given to ``ZarrArray/write(_:region:uniformParts:)``: a chunk lying wholly inside such a part
/// is written from the value alone (its encoding computed once per value), and the values array
/// is not read there: the caller need not even fill it. Elsewhere (chunks the part only
/// crosses) the values array is used as usual.
public struct ZarrUniformPart<Element: ZarrElement>: Sendable {
    /// The part, in array coordinates, inside the write's region.
    public var region: [Range<Int>]
    /// The value every element of the part holds.
    public var value: Element

    /// A part and its value.
    public init(region: [Range<Int>], value: Element) {
        self.region = region
        self.value = value
    }
}

/// A ``ZarrUniformPart`` with its value as element bytes.
struct UniformBytes: Sendable {
    let region: [Range<Int>]
    let element: [UInt8]
}
