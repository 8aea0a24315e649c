/// Everything that can go wrong while defining, building or inspecting a cube.
///
/// Every case names what it is about (item id, band, file, URL or store path) and says what
/// to do, so a log line is enough to act on.
public enum CubeBuilderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A tile name is not an Equi7Grid tile id such as `EU020M_E051N015T3`.
    case invalidTileName(String, reason: String)
    /// Tiles of one cube use different continents or pixel sizes.
    case incompatibleTiles(String)
    /// The cube definition is unusable (empty band list, bad chunk shape, bad group path …).
    case invalidDefinition(String)
    /// The item is not on the cube's grid (other CRS, pixel size, rotation or alignment).
    case offGrid(itemID: String, band: String, reason: String)
    /// The item has no asset for one of the cube's bands.
    case missingBand(itemID: String, band: String)
    /// An asset could not be opened or decoded.
    case unreadableAsset(itemID: String, band: String, href: String, reason: String)
    /// The item has no usable `datetime`.
    case missingDatetime(itemID: String)
    /// The item was acquired before the cube's time origin (2014-10-01).
    case beforeTimeOrigin(itemID: String, datetime: String)
    /// The item's catalog entry puts it on the cube, but its raster lies wholly outside the cube's grid.
    case rasterOutsideCube(itemID: String, band: String, reason: String)
    /// An asset's data type or nodata differs from the cube's band array.
    case incompatibleBand(itemID: String, band: String, reason: String)
    /// The STAC search or catalog failed.
    case catalog(String)
    /// The store could not be read or written, or holds a different cube.
    case store(path: String, reason: String)
    /// The memory budget is too small for even one block.
    case memoryBudgetTooSmall(budget: Int, needed: Int)
    /// A build plan could not be made, read or carried out (see ``CubePlan``).
    case plan(path: String, reason: String)
    /// A plan cannot be committed: these work units have not finished.
    case unfinishedUnits(store: String, units: [Int])
    /// Another build holds the cube on object storage (its ``StoreLease``), until `until` unless
    /// it renews the lease; `holder` names its host and process.
    case storeBusy(store: String, holder: String, until: String)
    /// The build's task was cancelled. The units that had started were finished and the slots
    /// they completed journaled; the store is valid, and building again resumes from there.
    case cancelled(store: String)

    /// The id of the item this error is about, if any (used by `--skip-bad-items`).
    public var itemID: String? {
        switch self {
        case .offGrid(let id, _, _), .rasterOutsideCube(let id, _, _), .missingBand(let id, _), .unreadableAsset(let id, _, _, _),
             .missingDatetime(let id), .beforeTimeOrigin(let id, _), .incompatibleBand(let id, _, _):
            id
        default: nil
        }
    }

    /// A message saying what failed and what to do about it.
    public var description: String {
        switch self {
        case .invalidTileName(let name, let reason):
            "'\(name)' is not an Equi7Grid tile id (\(reason)); expected e.g. EU020M_E051N015T3"
        case .incompatibleTiles(let reason):
            "the tiles cannot form one cube: \(reason)"
        case .invalidDefinition(let reason):
            "invalid cube definition: \(reason)"
        case .offGrid(let id, let band, let reason):
            "item \(id) (band \(band)) is not on the cube grid: \(reason); reproject it to the cube grid or pass --skip-bad-items"
        case .rasterOutsideCube(let id, let band, let reason):
            "item \(id) (band \(band)) claims the cube's tile in its catalog entry, but its raster lies outside the cube: \(reason); fix the catalog entry or pass --skip-bad-items"
        case .missingBand(let id, let band):
            "item \(id) has no asset for band \(band); choose other --bands or pass --skip-bad-items"
        case .unreadableAsset(let id, let band, let href, let reason):
            "item \(id): cannot read band \(band) from \(href): \(reason); pass --skip-bad-items to ingest the others"
        case .missingDatetime(let id):
            "item \(id) has no datetime property, so it has no day slot; pass --skip-bad-items to ignore it"
        case .beforeTimeOrigin(let id, let datetime):
            "item \(id) was acquired at \(datetime), before the cube's time origin 2014-10-01; pass --skip-bad-items to ignore it"
        case .incompatibleBand(let id, let band, let reason):
            "item \(id) band \(band) does not match the cube: \(reason); pass --skip-bad-items to ignore it"
        case .catalog(let reason):
            "STAC search failed: \(reason)"
        case .store(let path, let reason):
            "store \(path): \(reason)"
        case .memoryBudgetTooSmall(let budget, let needed):
            "the memory budget of \(budget) bytes is below the \(needed) bytes one block needs; raise --memory-budget or use smaller shards"
        case .plan(let path, let reason):
            "build plan \(path): \(reason)"
        case .storeBusy(let store, let holder, let until):
            "another build (\(holder)) is writing \(store) and holds it until \(until) unless it renews; wait for it to finish, or split the work with a plan (eocube plan / work / commit) so many machines build at once"
        case .cancelled(let store):
            "the build of \(store) was cancelled; what it finished is kept and journaled, and building again resumes from there"
        case .unfinishedUnits(let store, let units):
            "the planned build of \(store) is not committed: \(units.count) work unit(s) have not finished (\(CubeBuilderError.idList(units))); run 'eocube work --plan PLAN --unit N' for each, or 'eocube slurm --plan PLAN' to submit them again"
        }
    }

    /// Unit ids as compact ranges, e.g. `0-3,7,9-10` (also the syntax of `sbatch --array`).
    public static func idList(_ ids: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        let sorted = ids.sorted()
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == index ? "\(sorted[index])" : "\(sorted[index])-\(sorted[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }
}
