/// Everything that can go wrong while defining, building or inspecting a cube.
///
/// Every case names what it is about (item id, band, file, URL or store path) and says what
/// to do in terms of this library (``BuildOptions``, ``CubeDefinition``, ``CubePlan``), so a log
/// line is enough to act on. Where another module's error is behind it, that error is kept
/// whole as the case's ``Cause`` (see ``cause``).
public enum CubeBuilderError: Error, Sendable, CustomStringConvertible {
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
    /// An asset could not be opened or decoded; `cause` is GeoRaster's error.
    case unreadableAsset(itemID: String, band: String, href: String, cause: Cause)
    /// The item has no usable `datetime`.
    case missingDatetime(itemID: String)
    /// The item was acquired before the cube's time origin (2014-10-01).
    case beforeTimeOrigin(itemID: String, datetime: String)
    /// The item's catalog entry puts it on the cube, but its raster lies wholly outside the cube's grid.
    case rasterOutsideCube(itemID: String, band: String, reason: String)
    /// An asset's data type or nodata differs from the cube's band array.
    case incompatibleBand(itemID: String, band: String, reason: String)
    /// The STAC search of `source` or the catalog there failed; `cause` is STACClient's error.
    case catalog(source: String, cause: Cause)
    /// The store could not be read or written (`reason` says what was being done, `cause` what
    /// went wrong underneath, when another module reported it).
    case store(path: String, reason: String, cause: Cause? = nil)
    /// The store's group at ``CubeDefinition/groupPath`` holds something else than the cube
    /// asked for (another grid, missing or unusable band arrays).
    case groupMismatch(store: String, group: String, reason: String, cause: Cause? = nil)
    /// The store's cube was built with another chunk and shard layout than the definition asks
    /// for (``CubeDefinition/chunkShape``, ``CubeDefinition/shardShape``); `stored` and
    /// `requested` describe both.
    case layoutMismatch(store: String, array: String, stored: String, requested: String)
    /// The memory budget is too small for even one block.
    case memoryBudgetTooSmall(budget: Int, needed: Int)
    /// A build plan could not be made, read or carried out (see ``CubePlan``).
    case plan(path: String, reason: String, cause: Cause? = nil)
    /// A plan cannot be committed: these work units have not finished.
    case unfinishedUnits(store: String, units: [Int])
    /// Another build holds the cube on object storage (its ``StoreLease``), until `until` unless
    /// it renews the lease; `holder` names its host and process.
    case storeBusy(store: String, holder: String, until: String)
    /// The build's task was cancelled. The units that had started were finished and the slots
    /// they completed journaled; the store is valid, and building again resumes from there.
    case cancelled(store: String)

    /// The id of the item this error is about, if any (such an item is what
    /// ``BuildOptions/skipBadItems`` skips).
    public var itemID: String? {
        switch self {
        case .offGrid(let id, _, _), .rasterOutsideCube(let id, _, _), .missingBand(let id, _), .unreadableAsset(let id, _, _, _),
             .missingDatetime(let id), .beforeTimeOrigin(let id, _), .incompatibleBand(let id, _, _):
            id
        default: nil
        }
    }

    /// The other module's error behind this one (ZarrStore, GeoRaster, STACClient or a system
    /// call), if any.
    public var cause: Cause? {
        switch self {
        case .unreadableAsset(_, _, _, let cause), .catalog(_, let cause): cause
        case .store(_, _, let cause), .plan(_, _, let cause), .groupMismatch(_, _, _, let cause): cause
        default: nil
        }
    }

    /// A message saying what failed and what to do about it.
    public var description: String {
        let skip = "or build with BuildOptions.skipBadItems to ingest the others"
        switch self {
        case .invalidTileName(let name, let reason):
            return "'\(name)' is not an Equi7Grid tile id (\(reason)); expected e.g. EU020M_E051N015T3"
        case .incompatibleTiles(let reason):
            return "the tiles cannot form one cube: \(reason)"
        case .invalidDefinition(let reason):
            return "invalid cube definition: \(reason)"
        case .offGrid(let id, let band, let reason):
            return "item \(id) (band \(band)) is not on the cube grid: \(reason); reproject it to the cube grid, \(skip)"
        case .rasterOutsideCube(let id, let band, let reason):
            return "item \(id) (band \(band)) claims the cube's tile in its catalog entry, but its raster lies outside the cube: \(reason); fix the catalog entry, \(skip)"
        case .missingBand(let id, let band):
            return "item \(id) has no asset for band \(band); choose other CubeDefinition.bands, \(skip)"
        case .unreadableAsset(let id, let band, let href, let cause):
            return "item \(id): cannot read band \(band) from \(href): \(cause); fix or remove the asset, \(skip)"
        case .missingDatetime(let id):
            return "item \(id) has no datetime property, so it has no day slot; fix the catalog entry, \(skip)"
        case .beforeTimeOrigin(let id, let datetime):
            return "item \(id) was acquired at \(datetime), before the cube's time origin 2014-10-01; leave it out of the search, \(skip)"
        case .incompatibleBand(let id, let band, let reason):
            return "item \(id) band \(band) does not match the cube: \(reason); leave it out of the search, \(skip)"
        case .catalog(let source, let cause):
            return "STAC search of \(source) failed: \(cause)"
        case .store(let path, let reason, let cause):
            return "store \(path): \(reason)" + (cause.map { ": \($0)" } ?? "")
        case .groupMismatch(let store, let group, let reason, let cause):
            return "store \(store): the cube group \(group) \(reason)" + (cause.map { " (\($0))" } ?? "")
                + "; build into another CubeDefinition.groupPath, or choose the bands it holds"
        case .layoutMismatch(let store, let array, let stored, let requested):
            return "store \(store): array \(array) is laid out in \(stored), but this build asks for \(requested); extend a cube with the layout it was built with (CubeDefinition.chunkShape and shardShape)"
        case .memoryBudgetTooSmall(let budget, let needed):
            return "the memory budget of \(budget) bytes is below the \(needed) bytes one block needs; raise BuildOptions.memoryBudget or use smaller shards (CubeDefinition.shardShape)"
        case .plan(let path, let reason, let cause):
            return "build plan \(path): \(reason)" + (cause.map { ": \($0)" } ?? "")
        case .storeBusy(let store, let holder, let until):
            return "another build (\(holder)) is writing \(store) and holds it until \(until) unless it renews; wait for it to finish, or split the work with a CubePlan (CubePlanner, CubePlanWorker, CubePlanCommit) so many machines build at once"
        case .cancelled(let store):
            return "the build of \(store) was cancelled; what it finished is kept and journaled, and building again resumes from there"
        case .unfinishedUnits(let store, let units):
            return "the planned build of \(store) is not committed: \(units.count) work unit(s) have not finished (\(CubeBuilderError.idList(units))); run each with CubePlanWorker, then commit again"
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
