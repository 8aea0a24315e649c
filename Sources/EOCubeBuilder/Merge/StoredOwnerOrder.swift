/// Tells whether an acquisition sorts before the owner of a pixel read back from the store.
///
/// A stored pixel names its owner only by its stamp (`sensing_date` in whole seconds, orbit
/// numbers). When the seconds differ they decide. Within one second the stamp cannot tell
/// items apart (a reprocessed scene has its original's datetime), so the slot's journaled items
/// of that second do: when the acquisition sorts before every one of them, it precedes the
/// owner; when it does not, or no journaled item explains the stamp (another builder's item not
/// yet journaled, or the acquisition's own pixels after a lost journal), the stored owner keeps
/// the pixel.
struct StoredOwnerOrder: Sendable {
    /// The journaled items of one day slot, by `sensing_date` second.
    private let journaled: [Int64: [MergeOrderKey]]

    /// The order for the stored owners of one slot, from every journaled item of that slot.
    init(journaledItems: [MergeOrderKey]) {
        var bySecond: [Int64: [MergeOrderKey]] = [:]
        for key in journaledItems {
            bySecond[key.epochSeconds - Self.originEpochSeconds, default: []].append(key)
        }
        journaled = bySecond
    }

    /// 2014-10-01T00:00:00Z in seconds since 1970: `sensing_date` counts from there.
    static let originEpochSeconds: Int64 = 1_412_121_600

    /// Whether the acquisition `key` sorts before the stored owner whose stamp is `owner`.
    func precedes(_ key: MergeOrderKey, owner: PixelStamp) -> Bool {
        let seconds = key.epochSeconds - Self.originEpochSeconds
        if owner.sensingSeconds != seconds { return owner.sensingSeconds > seconds }
        let others = (journaled[seconds] ?? []).filter { $0.itemID != key.itemID }
        return !others.isEmpty && others.allSatisfy { key < $0 }
    }
}
