import STACClient

/// What a build will do, worked out from the items and the store's journals before any pixel
/// is read (``CubeBuilder/schedule(items:)``): which items go into which day slots, and which
/// are left out and why. Run it with ``CubeBuilder/build(_:)``.
public struct BuildSchedule: Sendable {
    /// One day slot to merge and its items, in input order.
    public struct Slot: Sendable {
        /// The day slot.
        public var slot: DaySlot
        /// Its items.
        public var items: [STACItem]
    }

    /// The day slots to merge, ascending.
    public var slots: [Slot] = []
    /// Items the store's journals already list as finished: not read again.
    public var alreadyIngested: [String] = []
    /// Items whose catalog entries place them outside the cube's extent: ignored.
    public var outsideItems: [String] = []
    /// Items refused (no usable datetime, before the time origin) and skipped because
    /// ``BuildOptions/skipBadItems`` is set, with the reason.
    public var skippedItems: [(id: String, error: CubeBuilderError)] = []

    /// How many items the slots hold.
    public var itemCount: Int { slots.reduce(0) { $0 + $1.items.count } }
}

extension CubeBuilder {
    /// Sorts `items` into day slots, leaving out those the store's journals list as finished
    /// (for this build's region) and those whose catalog entries place them outside the cube.
    /// An item without a usable datetime, or acquired before 2014-10-01, is an error unless
    /// ``BuildOptions/skipBadItems`` is set (then it is listed in ``BuildSchedule/skippedItems``).
    /// Reads only the store's journals; writes nothing.
    public func schedule(items: [STACItem]) async throws(CubeBuilderError) -> BuildSchedule {
        try await openAndSchedule(items).schedule
    }

    /// ``schedule(items:)``, also returning the store it opened (nil: no cube yet), so that
    /// ``build(items:)-([STACItem])`` does not open it a second time.
    func openAndSchedule(_ items: [STACItem]) async throws(CubeBuilderError) -> (schedule: BuildSchedule, store: OpenedStore) {
        if let region = options.region { try definition.checkRegion(region) }
        let store = try await destination.openExisting(definition: definition)
        let finished = try store?.finishedItems(region: options.region, unit: planUnit) ?? []
        var schedule = BuildSchedule()
        var bySlot: [DaySlot: [STACItem]] = [:]
        for item in items {
            if finished.contains(item.id) {
                schedule.alreadyIngested.append(item.id)
                continue
            }
            if isOutsideCube(item) {
                schedule.outsideItems.append(item.id)
                continue
            }
            let refusal: CubeBuilderError
            if let datetime = item.datetime {
                let slot = DaySlot(datetime)
                if slot.index >= 0 {
                    bySlot[slot, default: []].append(item)
                    continue
                }
                refusal = .beforeTimeOrigin(itemID: item.id, datetime: item.string("datetime") ?? "\(datetime)")
            } else {
                refusal = .missingDatetime(itemID: item.id)
            }
            guard options.skipBadItems else { throw refusal }
            options.logger.warning("skipping item: \(refusal)")
            schedule.skippedItems.append((item.id, refusal))
            emit(.itemSkipped(id: item.id, error: refusal))
        }
        schedule.slots = bySlot.keys.sorted().map { BuildSchedule.Slot(slot: $0, items: bySlot[$0] ?? []) }
        if !schedule.alreadyIngested.isEmpty {
            options.logger.info("\(schedule.alreadyIngested.count) item(s) already ingested (journal), skipped")
        }
        logOutsideItems(schedule.outsideItems, reason: "their catalog entries place them")
        return (schedule, OpenedStore(store: store))
    }
}

/// The store as a schedule found it (nil inside: no cube yet), handed on to the run that
/// follows at once instead of being opened again.
struct OpenedStore: Sendable {
    var store: CubeStore?
}
