/// A byte range of a stored value.
public enum ZarrByteRange: Sendable, Hashable {
    /// Bytes `range` counted from the start.
    case bounded(Range<Int>)
    /// The last `count` bytes.
    case suffix(Int)
}

extension ZarrByteRange {
    /// The error for a stored value larger than its metadata allows.
    static func tooLarge(key: String, size: Int, limit: Int) -> ZarrError {
        .corruptChunk(key: key, reason: "the stored value is \(size) bytes, more than the \(limit) bytes its metadata allows")
    }

    static func slice(_ all: [UInt8], _ range: ZarrByteRange, key: String) throws(ZarrError) -> [UInt8] {
        switch range {
        case .bounded(let r):
            guard r.lowerBound >= 0, r.upperBound <= all.count else {
                throw .corruptChunk(key: key, reason: "byte range \(r) exceeds the value's \(all.count) bytes")
            }
            return Array(all[r])
        case .suffix(let n):
            guard n >= 0, n <= all.count else {
                throw .corruptChunk(key: key, reason: "the last \(n) bytes were requested but the value has \(all.count)")
            }
            return Array(all[(all.count - n)...])
        }
    }
}
