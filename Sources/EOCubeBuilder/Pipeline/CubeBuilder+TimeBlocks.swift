/// Time blocks longer than one day slot (``CubeDefinition/timeBlockLength`` > 1): the unit of
/// work is a time block × shard (or × chunk without sharding), written as one file per array.
///
/// A unit is built in strips of inner-chunk rows, top to bottom: each strip reads what the store
/// holds for all the block's slots, merges every slot's acquisitions into its slice (each
/// source window read once), and streams the strip's encoded inner chunks into the new shards
/// (``ZarrShardWriter``); the shards are published when the last strip is in. So a
/// `[20, 3000, 3000]` shard of VV + VH and metadata (~3 GB raw) is never held whole: one strip
/// is `[20, 100, 3000]`.
extension CubeBuilder {
    /// A day slot of a time block, ready to merge.
    struct PreparedSlot: Sendable {
        /// The slot's position in the run.
        var number: Int
        var slot: DaySlot
        /// Items of the slot, good or skipped.
        var itemCount: Int
        /// The good acquisitions, in merge order.
        var acquisitions: [PlannedAcquisition]
        /// How the slot's stored owners sort against them.
        var ownerOrder: StoredOwnerOrder
    }

    /// Bytes one unit needs in memory: it streams one strip of inner-chunk rows (`stripWidth`
    /// pixels wide) at a time, the strip of every slot (twice: values and their encoding in
    /// flight), plus one slot's merge.
    func bytesPerUnit(bands: [BandSpec], stripWidth: Int) -> Int {
        let bandBytes = bands.reduce(0) { $0 + $1.type.byteCount }
        let stripPixels = definition.chunkShape.height * stripWidth
        return stripPixels * (2 * definition.timeBlockLength * (bandBytes + 14) + 3 * bandBytes + 2 * 14 + 6)
    }

    /// How wide a unit's strips are: the shard's width, or, when one such unit does not fit the
    /// memory budget, fewer inner chunks (halving, down to one). Narrower strips make more,
    /// smaller source reads; the shard written is the same. Without sharding a unit is one chunk.
    func stripWidth(bands: [BandSpec]) -> Int {
        let chunkWidth = definition.chunkShape.width
        var width = definition.blockShape.width
        guard definition.shardShape != nil else { return width }
        let available = options.memoryBudget - Self.baselineBytes
        while width > chunkWidth && bytesPerUnit(bands: bands, stripWidth: width) > available {
            width = max(chunkWidth, (width / 2) / chunkWidth * chunkWidth)
        }
        return width
    }

    /// The units of a time block: every block (shard, or chunk) that some valid box touches,
    /// whole (a unit's files are rewritten whole), largest first.
    func touchedUnits(_ acquisitions: [PlannedAcquisition]) -> [CubeWindow] {
        var units: Set<CubeWindow> = []
        for acquisition in acquisitions {
            guard let valid = acquisition.validWindow else { continue }
            units.formUnion(valid.touchedBlocks(blockHeight: definition.blockShape.height, blockWidth: definition.blockShape.width,
                                                within: definition.grid.bounds))
        }
        return units.sorted { ($1.pixelCount, $0.row, $0.column) < ($0.pixelCount, $1.row, $1.column) }
    }

    /// Merges the acquisitions of `slots` (one time block's) into the unit at `window` and
    /// rewrites its files; the unit stays locked from the first read to the last write.
    func mergeUnit(_ window: CubeWindow, slots: [PreparedSlot], store: CubeStore) async throws(CubeBuilderError) -> MergedBlock {
        let first = slots[0].slot
        return try await store.coordination.withUnitLock(unit: store.writeUnit(slot: first, window: window)) { () async throws(CubeBuilderError) -> MergedBlock in
            let unit = try await store.openUnit(timeBlock: first.index / definition.timeBlockLength, window: window,
                                                stripWidth: stripWidth(bands: store.bands))
            var owned = 0, bytesRead = 0
            do throws(CubeBuilderError) {
                for strip in unit.strips {
                    try await unit.load(strip)
                    for slot in slots {
                        var block = unit.strip.block(slot: slot.slot)
                        bytesRead += try await merge(slot.acquisitions, into: &block, bands: store.bands, ownerOrder: slot.ownerOrder)
                        guard block.takenPixels > 0 else { continue }
                        owned += block.takenPixels
                        unit.strip.store(block, slot: slot.slot)
                    }
                    try unit.writeStrip()
                }
                guard owned > 0 else {
                    unit.abort()
                    return MergedBlock(slotNumbers: slots.map(\.number), owned: nil, bytesRead: bytesRead)
                }
                try await unit.commit()
            } catch {
                unit.abort()
                throw error
            }
            return MergedBlock(slotNumbers: slots.map(\.number), owned: owned, bytesRead: bytesRead)
        }
    }
}
