/// A child of a group as listed by ``ZarrGroup/children()``: its name and kind.
public struct ZarrChildInfo: Sendable, Hashable {
    /// The kind of a node.
    public enum Kind: String, Sendable, Hashable {
        /// A group.
        case group
        /// An array.
        case array
    }
    /// The child's name within the group.
    public let name: String
    /// Group or array.
    public let kind: Kind
}
