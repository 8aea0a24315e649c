/// The record that a work unit of a plan finished, written atomically to
/// `<store>/<group>/.eocube-plan/unit-<id>.json` once the unit's shards and journal are durable.
/// ``CubePlanCommit`` commits a plan only when every unit has one.
public struct CubePlanUnitMarker: Sendable, Codable, Hashable {
    /// The plan it belongs to (``CubePlan/id``): markers of an earlier plan of the store do not count.
    public internal(set) var planID: String
    /// The unit's id.
    public internal(set) var unit: Int
    /// Items this unit merged (in this run or, from its journal, in an interrupted earlier one).
    public internal(set) var ingestedItems: [String]
    /// Items its builder reported outside its region (they belong to other units, or to none).
    public internal(set) var outsideItems: [String]
    /// Items refused and skipped (`skipBadItems`), with the reason.
    public internal(set) var skippedItems: [String: String]
    /// Blocks (shards) written by the run that finished it.
    public internal(set) var blocksWritten: Int
    /// Wall time of that run, in seconds.
    public internal(set) var seconds: Double
    /// The host that ran it.
    public internal(set) var host: String

    /// A marker from its parts.
    init(planID: String, unit: Int, ingestedItems: [String], outsideItems: [String], skippedItems: [String: String],
                blocksWritten: Int, seconds: Double, host: String) {
        self.planID = planID
        self.unit = unit
        self.ingestedItems = ingestedItems
        self.outsideItems = outsideItems
        self.skippedItems = skippedItems
        self.blocksWritten = blocksWritten
        self.seconds = seconds
        self.host = host
    }
}
