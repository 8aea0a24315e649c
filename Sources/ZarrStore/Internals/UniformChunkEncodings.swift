import Synchronization

/// Encoded bytes of chunks whose elements all hold one value, per value, for one codec chain.
///
/// Per-pixel metadata (a sensing date, an orbit number) is constant over whole chunks: the
/// chain's output for such a chunk depends only on the value, so it is computed once and
/// reused. Codecs are deterministic, so the stored bytes are exactly what encoding would give.
final class UniformChunkEncodings: Sendable {
    /// Values kept at once; the table is emptied when full (values of one run cluster in time).
    private static let capacity = 256
    private let encodings = Mutex<[[UInt8]: [UInt8]]>([:])

    /// The encoding of a chunk whose every element is `element`, from the table or from `encode`.
    func encoded(_ element: [UInt8], encode: () throws(ZarrError) -> [UInt8]) throws(ZarrError) -> [UInt8] {
        if let known = encodings.withLock({ $0[element] }) { return known }
        let fresh = try encode()
        encodings.withLock { table in
            if table.count >= Self.capacity { table.removeAll(keepingCapacity: true) }
            table[element] = fresh
        }
        return fresh
    }
}
