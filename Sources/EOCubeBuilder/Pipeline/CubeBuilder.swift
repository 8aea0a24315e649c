import Foundation
import GeoRaster
import Logging
import STACClient
import SystemSupport
import ZarrStore

/// Builds (or extends) a cube from STAC items, following CUBE_LAYOUT.md.
///
/// Work goes day slot by day slot, ascending. For a slot it opens the pending items' assets,
/// checks them against the grid, finds each band's valid-data box, and then merges block by
/// block (a block is one shard, or one chunk without sharding): read what the store already has,
/// merge the acquisitions fill-only in `(datetime, item id)` order, write the block if anything
/// changed. Blocks are disjoint, so merging them in parallel gives the same store as a serial run;
/// a slot's blocks start while the previous slot's last ones still run. When a slot's last block
/// is written, the ingest journal records its items; a re-run skips them.
public struct CubeBuilder: Sendable {
    /// What to build.
    public let definition: CubeDefinition
    /// How to run.
    public let options: BuildOptions
    /// Where the cube goes.
    let destination: CubeDestination

    /// A builder writing `definition` into `storage`: a local directory (``FileSystemStorage``),
    /// S3-compatible object storage (``S3Storage``) or any other writable ZarrStore storage.
    ///
    /// Builders in other processes may write the same local store at once; on object storage,
    /// one build writes a cube at a time unless a ``CubePlan`` splits the work.
    public init(definition: CubeDefinition, storage: any ZarrStorage, options: BuildOptions = BuildOptions()) {
        self.definition = definition
        self.destination = CubeDestination(storage: storage, groupPath: definition.groupPath)
        self.options = options
    }

    /// A builder writing `definition` into the local directory `storePath`, made with the cube
    /// when missing.
    public init(definition: CubeDefinition, storePath: String, options: BuildOptions = BuildOptions()) {
        self.definition = definition
        self.destination = CubeDestination(directory: storePath, groupPath: definition.groupPath)
        self.options = options
    }

    /// A builder writing into `destination`.
    init(definition: CubeDefinition, destination: CubeDestination, options: BuildOptions) {
        self.definition = definition
        self.destination = destination
        self.options = options
    }

    /// The ``CubePlan`` unit this builder runs, if any. The plan gave it shards no other worker
    /// writes and a time axis already sized, so it takes no lock across processes (none of
    /// `flock(2)`, which cluster file systems may not honour, and no ``StoreLease`` on object
    /// storage), keeps a journal of its own and leaves interrupted writes to the commit (their
    /// writers may be alive on another machine).
    var planUnit: Int?
    var isPlanWorker: Bool { planUnit != nil }

    /// Where ``start(items:)`` sends the build's events, besides ``BuildOptions/progress``.
    var eventSink: (@Sendable (BuildEvent) -> Void)?

    /// Reports `event` to the options' observer and to the event stream, if any.
    func emit(_ event: BuildEvent) {
        if let progress = event.progress { options.progress?(progress) }
        eventSink?(event)
    }

    /// How messages name the store.
    var storeDescription: String { destination.description }

    /// Bytes one block needs in memory while it is merged and written (existing values,
    /// one acquisition's patch, the encoder's copy). With time blocks longer than a day, see
    /// ``bytesPerUnit(bands:stripWidth:)``.
    func bytesPerBlock(bands: [BandSpec]) -> Int {
        definition.timeBlockLength > 1 ? bytesPerUnit(bands: bands, stripWidth: stripWidth(bands: bands))
            : definition.blockShape.height * definition.blockShape.width * (3 * bands.reduce(0) { $0 + $1.type.byteCount } + 2 * 14 + 2)
    }

    /// Memory kept aside for everything that is not a block (code, raster caches, metadata).
    static let baselineBytes = 192 << 20

    /// Ingests `items`: merges every item not yet in the store's journal. The same as
    /// ``schedule(items:)`` followed by ``build(_:)``.
    ///
    /// On object storage the build holds the cube's ``StoreLease`` throughout: a second build of
    /// the same cube at the same time is refused with ``CubeBuilderError/storeBusy(store:holder:until:)``.
    public func build(items: [STACItem]) async throws(CubeBuilderError) -> BuildReport {
        let (schedule, opened) = try await openAndSchedule(items)
        return try await holdingLease { (lease) async throws(CubeBuilderError) -> BuildReport in
            try await run(schedule, opened: opened, lease: lease)
        }
    }

    /// Runs a schedule: merges its day slots into the store, journals each slot once its blocks
    /// are written, then consolidates the metadata and makes everything durable. Returning means
    /// the items are in the store for good; a crash or cancellation before leaves a valid store
    /// that the next build resumes (see ``CubeBuilderError/cancelled(store:)``).
    public func build(_ schedule: BuildSchedule) async throws(CubeBuilderError) -> BuildReport {
        try await holdingLease { (lease) async throws(CubeBuilderError) -> BuildReport in try await run(schedule, opened: nil, lease: lease) }
    }

    /// Runs `body` holding the cube's lease when the store is object storage and this builder is
    /// not a plan's worker (see ``StoreLease``); the lease is given up however `body` ends.
    func holdingLease<T>(_ body: (StoreLease?) async throws(CubeBuilderError) -> T) async throws(CubeBuilderError) -> T {
        guard !isPlanWorker, let bucket = try destination.resolve(creating: false)?.storage as? S3Storage else { return try await body(nil) }
        let lease = try await StoreLease.acquire(bucket, groupPath: definition.groupPath)
        defer { lease.release() }
        return try await body(lease)
    }

    /// Merges the schedule's slots time block by time block, then commits (see ``commit(_:recorder:)``);
    /// `opened` is the store as the schedule just found it, nil to open it here.
    private func run(_ schedule: BuildSchedule, opened: OpenedStore?, lease: StoreLease?) async throws(CubeBuilderError) -> BuildReport {
        var report = BuildReport()
        report.alreadyIngested = schedule.alreadyIngested
        report.outsideItems = schedule.outsideItems
        report.skippedItems = schedule.skippedItems
        let logger = options.logger
        let started = ContinuousClock.now
        var store: CubeStore?
        if let opened { store = opened.store } else { store = try await destination.openExisting(definition: definition) }
        var journal = try store?.readJournal(region: options.region, unit: planUnit) ?? IngestJournal(region: options.region, unit: planUnit)
        var recorder: JournalRecorder?
        // The merge-order keys of the items earlier runs merged, by slot: they order the owners
        // read back from the store against this run's acquisitions (see StoredOwnerOrder).
        var journaledKeys: [Int: [MergeOrderKey]] = [:]
        for (id, entry) in try store?.journaledItems(unit: planUnit) ?? [:] {
            if let key = MergeOrderKey(datetime: entry.datetime, itemID: id) { journaledKeys[entry.slot, default: []].append(key) }
        }
        var bySlot: [DaySlot: [STACItem]] = [:]
        for slot in schedule.slots { bySlot[slot.slot] = slot.items }

        let slots = bySlot.keys.sorted()
        var tally = SlotTally(slotsTotal: slots.count, itemsTotal: bySlot.values.reduce(0) { $0 + $1.count })
        func progress(_ slot: DaySlot) -> BuildProgress {
            tally.progress(slot: slot, bytesRead: report.bytesRead, elapsed: ContinuousClock.now - started)
        }
        /// Records a slot whose blocks are all written as finished in the journal.
        func finish(_ slot: SlotTally.OpenSlot) throws(CubeBuilderError) {
            for acquisition in slot.acquisitions {
                journal.items[acquisition.itemID] = .init(slot: slot.slot.index, datetime: acquisition.datetimeText)
                report.ingestedItems.append(acquisition.itemID)
            }
            if !slot.acquisitions.isEmpty, let cube = store {
                if recorder == nil { recorder = JournalRecorder(store: cube) }
                try recorder?.checkFailure()
                recorder?.record(journal)
            }
            logger.info("slot \(slot.slot) (\(slot.number + 1)/\(slots.count)): \(slot.acquisitions.count) item(s), \(slot.blockCount) block(s)")
            emit(.slotFinished(progress(slot.slot)))
        }
        func receive(_ merged: MergedBlock) throws(CubeBuilderError) {
            if let owned = merged.owned { report.blocksWritten += 1; report.ownedPixels += owned } else { report.blocksUnchanged += 1 }
            report.bytesRead += merged.bytesRead
            for number in merged.slotNumbers {
                let (slot, finished) = tally.blockDone(slotNumber: number)
                if let finished { try finish(finished) } else { emit(.unitMerged(progress(slot))) }
            }
        }

        // Work goes time block by time block: the day slots one write unit (shard, or chunk)
        // spans, one slot each when time chunks are one day. Units of one time block are
        // independent of every other block's (their own shards), so a block's units start while
        // the previous block's last ones still run: the cores do not wait at block boundaries.
        // At most `limit` units are in memory.
        let depth = definition.timeBlockLength
        let timeBlocks = Dictionary(grouping: slots.enumerated(), by: { $0.element.index / depth })
            .sorted { $0.key < $1.key }.map { $0.value.map { (number: $0.offset, slot: $0.element) } }
        do {
            try await withThrowingTaskGroup(of: MergedBlock.self) { group in
                var inFlight = 0
                for blockSlots in timeBlocks {
                    // Cancellation is checked between time blocks and between units: the units
                    // already running finish (each is written whole or not at all), their slots
                    // are journaled, and a later build resumes from there as after a kill.
                    if Task.isCancelled {
                        while let merged = try await group.next() { try receive(merged) }
                        throw CubeBuilderError.cancelled(store: storeDescription)
                    }
                    try lease?.check()
                    // 1. Open, check and locate every pending item of the block's slots (the first
                    //    good one creates the cube); their rasters' caches share one budget.
                    let assets = blockSlots.reduce(0) { $0 + (bySlot[$1.slot]?.count ?? 0) } * definition.bands.count
                    var prepared: [PreparedSlot] = []
                    for (number, slot) in blockSlots {
                        let slotItems = bySlot[slot] ?? []
                        do {
                            let compatible = try await prepareSlot(slotItems, slot: slot, assetsOpenTogether: assets, store: &store, report: &report)
                            prepared.append(PreparedSlot(number: number, slot: slot, itemCount: slotItems.count, acquisitions: compatible,
                                                         ownerOrder: StoredOwnerOrder(journaledItems: journaledKeys[slot.index] ?? [])))
                        } catch {
                            // A bad item ends the build: the units already running finish first, so
                            // every block before this one is journaled and a re-run starts here.
                            while let merged = try await group.next() { try receive(merged) }
                            throw error
                        }
                    }

                    // 2. Merge unit by unit.
                    let merging = prepared.filter { !$0.acquisitions.isEmpty }
                    let units = depth == 1 ? touchedBlocks(merging.flatMap(\.acquisitions))
                                           : touchedUnits(merging.flatMap(\.acquisitions))
                    for slot in prepared {
                        tally.open(slot: slot.slot, number: slot.number, itemCount: slot.itemCount, acquisitions: slot.acquisitions,
                                   blockCount: slot.acquisitions.isEmpty ? 0 : units.count)
                    }
                    guard !units.isEmpty, var cube = store else {
                        for slot in prepared { try finish(tally.close(slotNumber: slot.number)) }
                        continue
                    }
                    for slot in prepared where slot.acquisitions.isEmpty { try finish(tally.close(slotNumber: slot.number)) }
                    let limit = try blockLimit(bands: cube.bands)
                    // A slot beyond the time axis holds nothing yet: one-day blocks skip reading the store for it.
                    let slotIsNew = try await cube.growTime(toHold: merging.map(\.slot).max()!)
                    store = cube
                    // Units in flight and their chunk coding share the cores through the
                    // blocking pool's core budget: no split by hand, and a block's last unit
                    // gets every core the others gave back.
                    let unitStore = cube
                    report.slots += merging.map(\.slot)
                    for window in units {
                        if Task.isCancelled { break }
                        while inFlight >= limit, let merged = try await group.next() {
                            inFlight -= 1
                            try receive(merged)
                        }
                        if depth == 1, let only = merging.first {
                            group.addTask {
                                try await mergeBlock(window, slotNumber: only.number, slot: only.slot, acquisitions: only.acquisitions,
                                                     store: unitStore, slotIsNew: slotIsNew, ownerOrder: only.ownerOrder)
                            }
                        } else {
                            group.addTask { try await mergeUnit(window, slots: merging, store: unitStore) }
                        }
                        inFlight += 1
                    }
                }
                while let merged = try await group.next() { try receive(merged) }
                if Task.isCancelled { throw CubeBuilderError.cancelled(store: storeDescription) }
            }
        } catch {
            // Slots that finished before the failure stay journaled, so a re-run does not redo them.
            try? await recorder?.finish()
            // Units the cancellation reached mid-way were abandoned whole (their files are
            // published only at their end): the store is valid whatever error they raised.
            if Task.isCancelled { throw .cancelled(store: storeDescription) }
            if let error = error as? CubeBuilderError { throw error }
            throw .store(path: storeDescription, reason: "the build failed", cause: .wrapping(error))
        }
        try await commit(store, recorder: recorder)
        return report
    }

    /// Ends a run: waits for the journal, re-consolidates the metadata when this run changed
    /// it, and makes the store durable, so returning from the build means the data is stored
    /// for good.
    private func commit(_ store: CubeStore?, recorder: JournalRecorder?) async throws(CubeBuilderError) {
        try await recorder?.finish()
        if store?.metadataChanged == true { try await store?.consolidate() }
        try await store?.makeDurable()
    }

    // MARK: Items

    /// Opens, checks and locates a slot's items; returns the good ones in merge order. The first
    /// good item of a build without a store defines the band arrays of a new cube. Items whose
    /// rasters lie outside the cube are reported, not returned.
    private func prepareSlot(_ items: [STACItem], slot: DaySlot, assetsOpenTogether: Int, store: inout CubeStore?,
                             report: inout BuildReport) async throws(CubeBuilderError) -> [PlannedAcquisition] {
        var acquisitions: [PlannedAcquisition] = []
        var outside: [String] = []
        for result in await planAll(items, slot: slot, caches: RasterCacheShare(assets: assetsOpenTogether, memoryBudget: options.memoryBudget)) {
            switch result {
            case .success(let acquisition) where acquisition.liesOutsideCube: outside.append(acquisition.itemID)
            case .success(let acquisition): acquisitions.append(acquisition)
            case .failure(let error): try handleBadItem(error, report: &report)
            }
        }
        // Not journaled: nothing of theirs is in the cube.
        logOutsideItems(outside, reason: "their rasters lie")
        report.outsideItems += outside
        if store == nil, let first = acquisitions.first {
            let specs = first.bands.map {
                BandSpec(name: $0.name, type: $0.raster.dataType, nodata: $0.raster.nodata,
                         scale: $0.raster.bands.first?.scale, offset: $0.raster.bands.first?.offset, units: $0.unit)
            }
            // A layout the budget cannot hold is refused before anything is written.
            _ = try blockLimit(bands: specs)
            options.logger.info("creating cube \(definition.groupPath) in \(storeDescription): bands \(specs.map { "\($0.name) \($0.type.rawValue) fill \($0.nodata.map { "\($0)" } ?? "none")" }.joined(separator: ", "))")
            store = try await destination.create(definition: definition, bands: specs)
        }
        guard let cube = store else { return [] }
        var compatible: [PlannedAcquisition] = []
        for acquisition in acquisitions {
            do throws(CubeBuilderError) {
                try check(acquisition, against: cube.bands)
                compatible.append(acquisition)
            } catch {
                try handleBadItem(error, report: &report)
            }
        }
        return compatible.sorted(by: PlannedAcquisition.mergeOrder)
    }

    /// Says which items are ignored as outside the cube, by name (the first 20 in the log line;
    /// the report lists all).
    func logOutsideItems(_ ids: [String], reason: String) {
        guard !ids.isEmpty else { return }
        let shown = ids.prefix(20).joined(separator: ", ") + (ids.count > 20 ? " and \(ids.count - 20) more" : "")
        options.logger.info("\(ids.count) item(s) ignored: \(reason) outside the cube's extent: \(shown)")
    }

    private func handleBadItem(_ error: CubeBuilderError, report: inout BuildReport) throws(CubeBuilderError) {
        guard options.skipBadItems, let id = error.itemID else { throw error }
        options.logger.warning("skipping item: \(error)")
        report.skippedItems.append((id, error))
        emit(.itemSkipped(id: id, error: error))
    }

    /// Whether the item's projection metadata puts it, in the cube's CRS, wholly outside the
    /// cube (an item of a neighbouring tile). Items without that metadata are checked later.
    func isOutsideCube(_ item: STACItem) -> Bool {
        guard item.projEPSG == definition.grid.crs.epsg, let transform = item.projTransform, transform.count >= 6,
              let shape = item.projShape, shape.count == 2, transform[1] == 0, transform[3] == 0 else { return false }
        let grid = definition.grid, area = extent
        let minX = transform[2], maxY = transform[5]
        let maxX = minX + Double(shape[1]) * transform[0], minY = maxY + Double(shape[0]) * transform[4]
        let areaMinX = grid.minX + Double(area.column) * grid.pixelSize, areaMaxX = grid.minX + Double(area.endColumn) * grid.pixelSize
        let areaMaxY = grid.maxY - Double(area.row) * grid.pixelSize, areaMinY = grid.maxY - Double(area.endRow) * grid.pixelSize
        return maxX <= areaMinX || minX >= areaMaxX || maxY <= areaMinY || minY >= areaMaxY
    }

    /// The part of the grid this build writes: the region of ``BuildOptions/region``, or all of it.
    var extent: CubeWindow { options.region ?? definition.grid.bounds }

    private func planAll(_ items: [STACItem], slot: DaySlot, caches: RasterCacheShare) async -> [Result<PlannedAcquisition, CubeBuilderError>] {
        let limit = max(1, options.concurrency)
        // At most `limit` items are opened at once; results keep the input order.
        return await withTaskGroup(of: (Int, Result<PlannedAcquisition, CubeBuilderError>).self) { group in
            var results = [Result<PlannedAcquisition, CubeBuilderError>?](repeating: nil, count: items.count)
            var pending = items.indices.makeIterator()
            for _ in 0..<limit {
                guard let index = pending.next() else { break }
                let item = items[index]
                group.addTask { (index, await planResult(item, slot: slot, caches: caches)) }
            }
            while let (index, result) = await group.next() {
                results[index] = result
                if let nextIndex = pending.next() {
                    let item = items[nextIndex]
                    group.addTask { (nextIndex, await planResult(item, slot: slot, caches: caches)) }
                }
            }
            return results.compactMap { $0 }
        }
    }

    private func planResult(_ item: STACItem, slot: DaySlot, caches: RasterCacheShare) async -> Result<PlannedAcquisition, CubeBuilderError> {
        do {
            return .success(try await plan(item, slot: slot, caches: caches))
        } catch {
            return .failure(error)
        }
    }

    /// Opens an item's band assets, with `caches` for each, and checks them against the grid.
    func plan(_ item: STACItem, slot: DaySlot, caches: RasterCacheShare) async throws(CubeBuilderError) -> PlannedAcquisition {
        guard let datetime = item.datetime else { throw .missingDatetime(itemID: item.id) }
        let alignment = GridAlignment(grid: definition.grid)
        var bands: [PlannedBand] = []
        for name in definition.bands {
            guard let href = item.assetHref(name) else { throw .missingBand(itemID: item.id, band: name) }
            let raster: RasterDataset
            do {
                // Local reads get their parallelism from concurrent blocks; remote ones also need
                // requests in flight to hide latency.
                let remote = href.hasPrefix("http://") || href.hasPrefix("https://")
                var rasterOptions = RasterOpenOptions(concurrency: remote ? 4 : 1, cacheCapacity: caches.rangeBytes)
                // Blocks are read window by window: keep the tiles two windows share, so each is
                // decoded once (the asset is released, with them, when its slot is done).
                rasterOptions.edgeBlockCacheCapacity = caches.edgeBlockBytes
                raster = try await RasterDataset.open(href, options: rasterOptions)
            } catch {
                throw .unreadableAsset(itemID: item.id, band: name, href: href, cause: .wrapping(error))
            }
            let placement = try alignment.placement(itemID: item.id, band: name, epsg: raster.epsg,
                                                    geoTransform: raster.geoTransform?.gdalCoefficients,
                                                    width: raster.width, height: raster.height)
            let valid: PixelWindow?
            do {
                valid = try await raster.validDataBoundingBox(band: 1)
            } catch {
                throw .unreadableAsset(itemID: item.id, band: name, href: href, cause: .wrapping(error))
            }
            let validWindow = valid.flatMap {
                CubeWindow($0).offset(rows: placement.row, columns: placement.column).intersection(extent)
            }
            let unit = item.assets[name]?[field: "raster:bands"]?.arrayValue?.first?["unit"]?.stringValue
            bands.append(PlannedBand(name: name, href: href, raster: raster, placement: placement, validWindow: validWindow, unit: unit))
        }
        let liesOutside = try checkFootprint(of: item, bands: bands)
        let orbitSource = bands.first?.raster
        let absolute = (item.satAbsoluteOrbit ?? orbitSource?.absoluteOrbitNumber).flatMap { Int32(exactly: $0) }
        let relative = (item.satRelativeOrbit ?? orbitSource?.relativeOrbitNumber).flatMap { Int16(exactly: $0) }
        return PlannedAcquisition(itemID: item.id, datetime: datetime, datetimeText: item.string("datetime") ?? "\(datetime)",
                                  slot: slot, sensingSeconds: DaySlot.sensingSeconds(datetime),
                                  absoluteOrbit: absolute, relativeOrbit: relative, bands: bands, liesOutsideCube: liesOutside)
    }

    /// Whether the item's rasters lie wholly outside the part of the cube being built; an error
    /// when its catalog entry says otherwise (its projection metadata puts it inside, or its
    /// `Equi7_TileID` names a tile of the cube while the raster is not on the cube's grid).
    private func checkFootprint(of item: STACItem, bands: [PlannedBand]) throws(CubeBuilderError) -> Bool {
        guard !bands.contains(where: { $0.placement.intersection(extent) != nil }), let band = bands.first else { return false }
        let onGrid = bands.contains { $0.placement.intersection(definition.grid.bounds) != nil }
        let claimsByProjection = item.projEPSG == definition.grid.crs.epsg && item.projTransform != nil && item.projShape != nil
        let claimsByTile = item.string("Equi7_TileID").map { definition.grid.tileIDs.contains($0.uppercased()) } ?? false
        guard claimsByProjection || (claimsByTile && !onGrid) else { return true }
        let claim = claimsByProjection ? "its proj:transform and proj:shape place it inside the cube" : "its Equi7_TileID \(item.string("Equi7_TileID") ?? "") is a tile of the cube"
        throw .rasterOutsideCube(itemID: item.id, band: band.name,
                                 reason: "\(claim), but \(band.href) covers \(band.placement) of the cube grid, outside \(extent)")
    }

    private func check(_ acquisition: PlannedAcquisition, against specs: [BandSpec]) throws(CubeBuilderError) {
        for (band, spec) in zip(acquisition.bands, specs) {
            let type = band.raster.dataType
            guard band.raster.bandCount >= 1, spec.accepts(type: type, nodata: band.raster.nodata) else {
                throw .incompatibleBand(itemID: acquisition.itemID, band: band.name,
                                        reason: "\(type.rawValue) with nodata \(band.raster.nodata.map { "\($0)" } ?? "none"), the cube holds \(spec.type.rawValue) with fill \(spec.nodata.map { "\($0)" } ?? "none")")
            }
        }
    }

    // MARK: Blocks

    /// The work units of a slot: for every block (shard, or chunk) that some valid box touches,
    /// the part of it the valid boxes cover. Only that part is read, merged and written, so a
    /// small scene does not rewrite whole shards; the parts of different blocks never overlap.
    func touchedBlocks(_ acquisitions: [PlannedAcquisition]) -> [CubeWindow] {
        var dirty: [CubeWindow: CubeWindow] = [:]
        for acquisition in acquisitions {
            guard let valid = acquisition.validWindow else { continue }
            for block in valid.touchedBlocks(blockHeight: definition.blockShape.height, blockWidth: definition.blockShape.width, within: definition.grid.bounds) {
                guard let part = valid.intersection(block) else { continue }
                dirty[block] = dirty[block].map { $0.union(part) } ?? part
            }
        }
        // Largest first, so the slot does not end with one big block merging alone while the
        // other cores wait (blocks are disjoint: the order changes no byte of the result).
        return dirty.values.sorted { ($1.pixelCount, $0.row, $0.column) < ($0.pixelCount, $1.row, $1.column) }
    }

    /// What merging one block (or time-block unit) did: its slots' positions in the run, pixels
    /// newly owned (nil: nothing to write) and bytes read.
    struct MergedBlock: Sendable {
        var slotNumbers: [Int]
        var owned: Int?
        var bytesRead: Int
    }

    /// How many blocks may be merged at once: the cores, within the memory budget.
    func blockLimit(bands: [BandSpec]) throws(CubeBuilderError) -> Int {
        let perBlock = bytesPerBlock(bands: bands)
        let available = options.memoryBudget - Self.baselineBytes
        guard available >= perBlock else {
            throw .memoryBudgetTooSmall(budget: options.memoryBudget, needed: perBlock + Self.baselineBytes)
        }
        return max(1, min(options.concurrency, available / perBlock))
    }

    /// Merges every acquisition into one block and writes it; returns the pixels newly owned,
    /// or nil when nothing changed (nothing written).
    ///
    /// The block's write unit stays locked from the read to the write, so another builder
    /// merging the same slot at once works on it before or after, never in between.
    private func mergeBlock(_ window: CubeWindow, slotNumber: Int, slot: DaySlot, acquisitions: [PlannedAcquisition],
                            store: CubeStore, slotIsNew: Bool, ownerOrder: StoredOwnerOrder) async throws(CubeBuilderError) -> MergedBlock {
        try await store.coordination.withUnitLock(unit: store.writeUnit(slot: slot, window: window)) { () async throws(CubeBuilderError) -> MergedBlock in
            var block = try await store.blockToMerge(slot: slot, window: window, slotIsNew: slotIsNew)
            let bytesRead = try await merge(acquisitions, into: &block, bands: store.bands, ownerOrder: ownerOrder)
            guard block.takenPixels > 0 else { return MergedBlock(slotNumbers: [slotNumber], owned: nil, bytesRead: bytesRead) }
            try await store.writeBlock(block, slot: slot)
            return MergedBlock(slotNumbers: [slotNumber], owned: block.takenPixels, bytesRead: bytesRead)
        }
    }

    /// Merges `acquisitions` (in merge order) into `block`; returns the bytes read from their rasters.
    func merge(_ acquisitions: [PlannedAcquisition], into block: inout CubeBlock, bands: [BandSpec],
               ownerOrder: StoredOwnerOrder) async throws(CubeBuilderError) -> Int {
        let window = block.window
        var bytesRead = 0
        for acquisition in acquisitions {
            let key = acquisition.orderKey
            let displacing = { (owner: PixelStamp) in ownerOrder.precedes(key, owner: owner) }
            // Only the part of the block this acquisition could still take is read.
            guard let valid = acquisition.validWindow,
                  let patchWindow = valid.intersection(window).flatMap({ block.claimableBounds(within: $0, displacing: displacing) }) else { continue }
            var planes: [BandPlane?] = []
            for (band, spec) in zip(acquisition.bands, bands) {
                guard let bandValid = band.validWindow, let readWindow = bandValid.intersection(patchWindow) else {
                    planes.append(nil)
                    continue
                }
                planes.append(try await readPlane(band, spec: spec, itemID: acquisition.itemID, window: readWindow, into: patchWindow))
                bytesRead += readWindow.pixelCount * spec.type.byteCount
            }
            block.merge(AcquisitionPatch(itemID: acquisition.itemID, window: patchWindow, bands: planes,
                                         sensingSeconds: acquisition.sensingSeconds,
                                         absoluteOrbit: acquisition.absoluteOrbit, relativeOrbit: acquisition.relativeOrbit),
                        displacing: displacing)
        }
        return bytesRead
    }

    /// Reads `window` (cube pixels) of a band into a plane covering `target` (nodata elsewhere).
    func readPlane(_ band: PlannedBand, spec: BandSpec, itemID: String, window: CubeWindow, into target: CubeWindow) async throws(CubeBuilderError) -> BandPlane {
        let size = spec.type.byteCount
        let rasterWindow = window.offset(rows: -band.placement.row, columns: -band.placement.column).pixelWindow
        let bytes: [UInt8]
        do {
            bytes = try await band.raster.readBytes(band: 1, window: rasterWindow)
        } catch {
            throw .unreadableAsset(itemID: itemID, band: band.name, href: band.href, cause: .wrapping(error))
        }
        // The common case: the band's valid box covers the patch, so the read is the plane.
        if window == target {
            return BandPlane(type: spec.type, nodata: spec.nodata, bytes: bytes)
        }
        var plane = BandPlane(type: spec.type, nodata: spec.nodata, pixelCount: target.pixelCount)
        plane.bytes.withUnsafeMutableBytes { out in
            bytes.withUnsafeBytes { source in
                for r in 0..<window.height {
                    let dst = ((window.row - target.row + r) * target.width + (window.column - target.column)) * size
                    let src = r * window.width * size
                    out.baseAddress?.advanced(by: dst).copyMemory(from: source.baseAddress!.advanced(by: src), byteCount: window.width * size)
                }
            }
        }
        return plane
    }
}
