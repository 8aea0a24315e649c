/// Which day slots a build has open (blocks still merging) and finished, for progress reports
/// and for knowing when a slot's items may enter the journal.
///
/// Slots overlap: the next slot's blocks start while the previous slot's last ones still run,
/// so a slot finishes when its last block does, not when the next one starts.
struct SlotTally {
    /// A slot whose blocks are merging.
    struct OpenSlot {
        var slot: DaySlot
        /// The slot's position in the run (0-based).
        var number: Int
        /// Items of the slot, good or skipped.
        var itemCount: Int
        /// The acquisitions being merged; they enter the journal when the slot finishes.
        var acquisitions: [PlannedAcquisition]
        /// Blocks the slot merges, and how many of them are done.
        var blockCount: Int
        var blocksDone = 0
    }

    /// The run's slots and items (items already in the journal not counted).
    let slotsTotal: Int
    let itemsTotal: Int
    /// Slots finished, and their items (good or skipped).
    private(set) var slotsDone = 0
    private(set) var itemsDone = 0
    /// Slots with blocks still merging, by their position in the run.
    private var open: [Int: OpenSlot] = [:]

    init(slotsTotal: Int, itemsTotal: Int) {
        self.slotsTotal = slotsTotal
        self.itemsTotal = itemsTotal
    }

    /// Starts a slot with `blockCount` blocks to merge.
    mutating func open(slot: DaySlot, number: Int, itemCount: Int, acquisitions: [PlannedAcquisition], blockCount: Int) {
        open[number] = OpenSlot(slot: slot, number: number, itemCount: itemCount, acquisitions: acquisitions, blockCount: blockCount)
    }

    /// Ends a slot: returns it, counted as done.
    mutating func close(slotNumber: Int) -> OpenSlot {
        guard let slot = open.removeValue(forKey: slotNumber) else { preconditionFailure("slot \(slotNumber) is not open") }
        slotsDone += 1
        itemsDone += slot.itemCount
        return slot
    }

    /// Counts a merged block; returns its slot, and the slot itself when that was its last block.
    mutating func blockDone(slotNumber: Int) -> (slot: DaySlot, finished: OpenSlot?) {
        guard var slot = open[slotNumber] else { preconditionFailure("slot \(slotNumber) is not open") }
        slot.blocksDone += 1
        open[slotNumber] = slot
        return (slot.slot, slot.blocksDone == slot.blockCount ? close(slotNumber: slotNumber) : nil)
    }

    /// A progress report: finished items, plus each open slot's items in proportion to its
    /// merged blocks.
    func progress(slot: DaySlot, bytesRead: Int, elapsed: Duration) -> BuildProgress {
        let partial = open.values.reduce(0.0) { $0 + Double($1.itemCount) * Double($1.blocksDone) / Double(max($1.blockCount, 1)) }
        return BuildProgress(slotsDone: slotsDone, slotsTotal: slotsTotal, slot: slot, itemsDone: itemsDone, itemsTotal: itemsTotal,
                             bytesRead: bytesRead, elapsed: elapsed,
                             fractionDone: (Double(itemsDone) + partial) / Double(max(itemsTotal, 1)))
    }
}
