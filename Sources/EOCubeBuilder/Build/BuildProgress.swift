/// How far a build has got, reported after every finished day slot.
public struct BuildProgress: Sendable {
    /// Day slots finished in this run.
    public var slotsDone: Int
    /// Day slots this run has to do.
    public var slotsTotal: Int
    /// The slot just finished.
    public var slot: DaySlot
    /// Items merged so far in this run.
    public var itemsDone: Int
    /// Items this run has to look at (not counting those already in the journal).
    public var itemsTotal: Int
}
