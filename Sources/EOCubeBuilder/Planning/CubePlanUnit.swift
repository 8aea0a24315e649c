import STACClient

/// One work unit of a ``CubePlan``: a block-aligned region of the grid over a range of time
/// blocks, with the full STAC JSON of every item it needs, so a worker never searches again.
///
/// Units write disjoint shards (their regions or their time blocks differ), so they can run in
/// any order, at once, on any machine sharing the store, and any number of times.
public struct CubePlanUnit: Sendable, Codable, Hashable, Identifiable {
    /// The unit's number in the plan (also its Slurm array task id).
    public internal(set) var id: Int
    /// The part of the grid it builds, on the block (shard, or chunk) grid.
    public internal(set) var region: CubeWindow
    /// The first time block it builds (a time block is ``CubeDefinition/timeBlockLength`` day slots).
    public internal(set) var firstTimeBlock: Int
    /// One past its last time block.
    public internal(set) var endTimeBlock: Int
    /// The STAC items whose day slot lies in its time blocks and whose footprint may touch its region.
    public internal(set) var items: [JSONValue]

    /// A unit from its parts.
    init(id: Int, region: CubeWindow, firstTimeBlock: Int, endTimeBlock: Int, items: [JSONValue]) {
        self.id = id
        self.region = region
        self.firstTimeBlock = firstTimeBlock
        self.endTimeBlock = endTimeBlock
        self.items = items
    }

    /// The unit's items, parsed.
    public func stacItems() throws(CubeBuilderError) -> [STACItem] {
        var parsed: [STACItem] = []
        for json in items {
            do { parsed.append(try STACItem(json: json)) } catch {
                throw .plan(path: "unit \(id)", reason: "an item of the unit is not a STAC item", cause: .wrapping(error))
            }
        }
        return parsed
    }
}
