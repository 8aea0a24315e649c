import Foundation
import STACClient

/// Plans a distributed build: creates the cube template in the store and splits the work into
/// units of a block-aligned region × a run of time blocks, each with the items it needs.
///
/// A unit's memory is bounded by the workers' budget like any build's (the builder merges
/// `min(jobs, budget / block)` blocks at once); the unit's extent sets how long a worker runs
/// and how many workers can run at once. The default, one column of blocks over one time
/// block, gives tile-rows × time-blocks units, each a few minutes at most.
public struct CubePlanner: Sendable {
    /// What to build.
    public var definition: CubeDefinition
    /// The store: a directory path or an `s3://bucket/prefix` URL.
    public var store: String
    /// The workers' build options (region is set per unit).
    public var options: BuildOptions
    /// The most blocks a worker merges at once (nil: the worker's cores).
    public var workerConcurrency: Int?
    /// Block rows per unit (nil: the grid's height).
    public var unitBlockRows: Int?
    /// Block columns per unit.
    public var unitBlockColumns: Int
    /// Time blocks per unit.
    public var unitTimeBlocks: Int

    /// A planner; by default a unit is one column of blocks over one time block. The
    /// definition's grid must be made from Equi7 tiles (``CubeGrid/tiles``): workers rebuild it
    /// from them.
    public init(definition: CubeDefinition, store: String, options: BuildOptions = BuildOptions(),
                workerConcurrency: Int? = nil, unitBlockRows: Int? = nil, unitBlockColumns: Int = 1, unitTimeBlocks: Int = 1) {
        self.definition = definition
        self.store = store
        self.options = options
        self.workerConcurrency = workerConcurrency
        self.unitBlockRows = unitBlockRows
        self.unitBlockColumns = max(1, unitBlockColumns)
        self.unitTimeBlocks = max(1, unitTimeBlocks)
    }

    /// The unit regions: the grid cut along the block grid, `unitBlockRows` × `unitBlockColumns` blocks each.
    public var unitRegions: [CubeWindow] {
        let bounds = definition.grid.bounds
        let height = unitBlockRows.map { max(1, $0) * definition.blockShape.height } ?? bounds.height
        let width = unitBlockColumns * definition.blockShape.width
        var regions: [CubeWindow] = []
        for row in stride(from: bounds.row, to: bounds.endRow, by: height) {
            for column in stride(from: bounds.column, to: bounds.endColumn, by: width) {
                regions.append(CubeWindow(row: row, column: column, height: min(height, bounds.endRow - row),
                                          width: min(width, bounds.endColumn - column)))
            }
        }
        return regions
    }

    /// Makes the plan of building `items`: creates the template (every array, the time axis up
    /// to the last slot, consolidated) and assigns each item to every unit of its time block whose
    /// region its raster footprint (`proj:transform`, `proj:shape`) may touch, or to every unit of
    /// its time block when its catalog entry gives no footprint on the cube grid.
    public func plan(items: [STACItem]) async throws(CubeBuilderError) -> CubePlan {
        guard !definition.grid.tiles.isEmpty else {
            throw .plan(path: store, reason: "the cube grid names no Equi7 tiles, so workers cannot rebuild it; make it with CubeGrid(tiles:)")
        }
        let destination = try CubeDestination(location: store, groupPath: definition.groupPath)
        let builder = CubeBuilder(definition: definition, destination: destination, options: options)
        var outside: [String] = [], skipped: [String: String] = [:]
        var bySlot: [(item: STACItem, slot: DaySlot)] = []
        for item in items {
            if builder.isOutsideCube(item) { outside.append(item.id); continue }
            let refusal: CubeBuilderError
            if let datetime = item.datetime {
                let slot = DaySlot(datetime)
                if slot.index >= 0 { bySlot.append((item, slot)); continue }
                refusal = .beforeTimeOrigin(itemID: item.id, datetime: item.string("datetime") ?? "\(datetime)")
            } else {
                refusal = .missingDatetime(itemID: item.id)
            }
            guard options.skipBadItems else { throw refusal }
            skipped[item.id] = "\(refusal)"
        }
        guard let lastSlot = bySlot.map(\.slot).max() else {
            throw .plan(path: store, reason: "none of the \(items.count) item(s) can go into the cube; check the item search (its datetime, bbox and tiles)")
        }
        try await builder.createTemplate(items: bySlot.map(\.item), through: lastSlot)

        let regions = unitRegions
        let span = definition.timeBlockLength * unitTimeBlocks
        var assigned: [Int: [Int: [JSONValue]]] = [:]   // time group → region index → items
        for (item, slot) in bySlot {
            let footprint = footprint(of: item)
            let json = portable(item)
            for (index, region) in regions.enumerated() where footprint.map({ $0.intersection(region) != nil }) ?? true {
                assigned[slot.index / span, default: [:]][index, default: []].append(json)
            }
        }
        var units: [CubePlanUnit] = []
        for group in assigned.keys.sorted() {
            for index in (assigned[group] ?? [:]).keys.sorted() {
                units.append(CubePlanUnit(id: units.count, region: regions[index], firstTimeBlock: group * unitTimeBlocks,
                                          endTimeBlock: (group + 1) * unitTimeBlocks, items: assigned[group]?[index] ?? []))
            }
        }
        return CubePlan(store: destination.description,
                        settings: CubePlanSettings(definition: definition, options: options, concurrency: workerConcurrency),
                        lastSlot: lastSlot.index, units: units, outsideItems: outside, skippedItems: skipped)
    }

    /// The item's JSON with every asset href made absolute (against the catalog it came from),
    /// so a worker anywhere opens the same files.
    func portable(_ item: STACItem) -> JSONValue {
        var copy = item
        for (key, href) in item.absoluteAssetHrefs { copy.assets[key]?.href = href }
        return copy.json
    }

    /// The cube pixels an item's raster covers by its catalog entry (`proj:code`/`proj:epsg`,
    /// `proj:transform`, `proj:shape` on the cube's CRS, unrotated), rounded outwards unless an
    /// edge lies on a pixel edge (an item off the pixel grid still reaches every unit it
    /// touches, which then reports it as the whole build would); nil when the entry does not
    /// say (the item then goes to every region).
    func footprint(of item: STACItem) -> CubeWindow? {
        let grid = definition.grid
        guard item.projEPSG == grid.crs.epsg, let transform = item.projTransform, transform.count >= 6,
              let shape = item.projShape, shape.count == 2, transform[1] == 0, transform[3] == 0,
              transform[0] > 0, transform[4] < 0 else { return nil }
        func edge(_ pixels: Double, upwards: Bool) -> Int {
            let nearest = pixels.rounded()
            if abs(pixels - nearest) < 1e-6 { return Int(nearest) }
            return Int(upwards ? pixels.rounded(.up) : pixels.rounded(.down))
        }
        let minX = transform[2], maxY = transform[5]
        let maxX = minX + Double(shape[1]) * transform[0], minY = maxY + Double(shape[0]) * transform[4]
        let column = edge((minX - grid.minX) / grid.pixelSize, upwards: false)
        let endColumn = edge((maxX - grid.minX) / grid.pixelSize, upwards: true)
        let row = edge((grid.maxY - maxY) / grid.pixelSize, upwards: false)
        let endRow = edge((grid.maxY - minY) / grid.pixelSize, upwards: true)
        guard endColumn > column, endRow > row else { return nil }
        return CubeWindow(row: row, column: column, height: endRow - row, width: endColumn - column)
    }
}
