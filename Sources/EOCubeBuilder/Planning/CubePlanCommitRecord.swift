/// The record that a plan was committed: written once, atomically and exclusively, to
/// `<store>/<group>/.eocube-plan/commit.json` (``CubePlan/commitRecordPath``).
public struct CubePlanCommitRecord: Sendable, Codable, Hashable {
    /// The plan committed.
    public internal(set) var planID: String
    /// When (ISO 8601, UTC).
    public internal(set) var committed: String
    /// The host and process that committed it.
    public internal(set) var committer: String
    /// The number of work units.
    public internal(set) var units: Int
    /// Items merged into the cube, by some unit.
    public internal(set) var ingestedItems: Int
    /// Items no unit merged because they lie outside the cube.
    public internal(set) var outsideItems: [String]
    /// Items refused and skipped, with the reason.
    public internal(set) var skippedItems: [String: String]
    /// Blocks (shards) the units wrote, summed over their finishing runs.
    public internal(set) var blocksWritten: Int
    /// The units' wall times, summed (the CPU-side cost of the build), in seconds.
    public internal(set) var unitSeconds: Double

    /// A record from its parts.
    init(planID: String, committed: String, committer: String, units: Int, ingestedItems: Int, outsideItems: [String],
                skippedItems: [String: String], blocksWritten: Int, unitSeconds: Double) {
        self.planID = planID
        self.committed = committed
        self.committer = committer
        self.units = units
        self.ingestedItems = ingestedItems
        self.outsideItems = outsideItems
        self.skippedItems = skippedItems
        self.blocksWritten = blocksWritten
        self.unitSeconds = unitSeconds
    }
}
