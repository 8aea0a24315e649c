import STACClient

/// The cube template of a planned build: every array, coordinate and attribute a build of the
/// same items would write, with the time axis already long enough for the plan's last slot, so
/// the workers that build the plan's units write only their own shards and journals.
extension CubeBuilder {
    /// Creates the cube group (or opens it when it exists) and sizes its time axis to hold
    /// `lastSlot`, consolidated. The band arrays take their data types, fill values and scale
    /// from the same item a whole build would create them from: the first item, in day-slot
    /// order, that opens and lies on the cube (so the template equals that build's metadata).
    func createTemplate(items: [STACItem], through lastSlot: DaySlot) async throws(CubeBuilderError) {
        try await holdingLease { (_) async throws(CubeBuilderError) in try await makeTemplate(items: items, through: lastSlot) }
    }

    private func makeTemplate(items: [STACItem], through lastSlot: DaySlot) async throws(CubeBuilderError) {
        var store: CubeStore
        if let existing = try await destination.openExisting(definition: definition) {
            store = existing
        } else {
            store = try await createFromFirstGoodItem(items)
        }
        _ = try await store.growTime(toHold: lastSlot)
        if store.metadataChanged { try await store.consolidate() }
        try await store.makeDurable()
    }

    /// Opens items in the order a whole build meets them (ascending slot, then input order)
    /// until one gives the band arrays; creates the cube from it.
    private func createFromFirstGoodItem(_ items: [STACItem]) async throws(CubeBuilderError) -> CubeStore {
        var bySlot: [DaySlot: [STACItem]] = [:]
        for item in items {
            guard let datetime = item.datetime, DaySlot(datetime).index >= 0 else { continue }
            bySlot[DaySlot(datetime), default: []].append(item)
        }
        var refusals: [CubeBuilderError] = []
        for slot in bySlot.keys.sorted() {
            for item in bySlot[slot] ?? [] {
                let acquisition: PlannedAcquisition
                do throws(CubeBuilderError) {
                    acquisition = try await plan(item, slot: slot, caches: RasterCacheShare(assets: definition.bands.count))
                } catch {
                    // A whole build would stop here too, unless told to skip bad items.
                    guard options.skipBadItems, error.itemID != nil else { throw error }
                    refusals.append(error)
                    continue
                }
                if acquisition.liesOutsideCube { continue }
                let specs = acquisition.bands.map {
                    BandSpec(name: $0.name, type: $0.raster.dataType, nodata: $0.raster.nodata,
                             scale: $0.raster.bands.first?.scale, offset: $0.raster.bands.first?.offset, units: $0.unit)
                }
                _ = try blockLimit(bands: specs)
                options.logger.info("creating the cube template \(definition.groupPath) in \(storeDescription) from item \(item.id)")
                return try await destination.create(definition: definition, bands: specs)
            }
        }
        throw .plan(path: storeDescription, reason: "no item opens and lies on the cube, so there is nothing to build"
                    + (refusals.isEmpty ? "" : " (\(refusals.count) refused, first: \(refusals[0]))"))
    }
}
