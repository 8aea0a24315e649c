import Foundation

/// Commits a planned build once every unit finished: checks the units' markers, checks that
/// their regions' journals hold what they ingested, re-consolidates the metadata and writes the
/// commit record, exclusively.
///
/// Missing units are a typed error listing them (``CubeBuilderError/unfinishedUnits(store:units:)``):
/// nothing is committed. Two commits at once both re-consolidate (under the store lock, to the
/// same bytes) and race to create the record; one wins, the other returns
/// ``Outcome/alreadyCommitted(_:)``, and the store is valid either way.
public struct CubePlanCommit: Sendable {
    /// The plan.
    public var plan: CubePlan

    /// A commit of `plan`.
    public init(plan: CubePlan) { self.plan = plan }

    /// How a commit ended.
    public enum Outcome: Sendable, Hashable {
        /// This commit wrote the record.
        case committed(CubePlanCommitRecord)
        /// Another commit (earlier, or at the same time) wrote it first; this one changed nothing.
        case alreadyCommitted(CubePlanCommitRecord)
    }

    /// Commits the plan (see the type's description).
    public func run() async throws(CubeBuilderError) -> Outcome {
        if let record = try plan.commitRecord() { return .alreadyCommitted(record) }
        var markers: [CubePlanUnitMarker] = []
        var missing: [Int] = []
        for unit in plan.units {
            if let marker = try plan.finishedMarker(unit.id) { markers.append(marker) } else { missing.append(unit.id) }
        }
        guard missing.isEmpty else { throw .unfinishedUnits(store: plan.store, units: missing) }

        let definition = try plan.settings.definition()
        guard let store = try await plan.destination().openExisting(definition: definition) else {
            throw .plan(path: plan.store, reason: "the store holds no cube \(definition.groupPath)")
        }
        // Journals are one per region and were merged under the store lock as units finished;
        // every item a marker vouches for must be in one (a marker never precedes its journal).
        let journaled = try store.journaledItems()
        var ingested: Set<String> = [], outside: Set<String> = Set(plan.outsideItems)
        var skipped = plan.skippedItems
        for marker in markers {
            ingested.formUnion(marker.ingestedItems)
            outside.formUnion(marker.outsideItems)
            skipped.merge(marker.skippedItems) { first, _ in first }
        }
        if let lost = ingested.first(where: { journaled[$0] == nil }) {
            throw .plan(path: plan.store, reason: "item \(lost) is marked ingested but no ingest journal lists it; remove the unit markers of .eocube-plan and run the work units again")
        }
        outside.subtract(ingested)
        for id in ingested { skipped[id] = nil }
        try await store.consolidate()
        try await store.makeDurable()

        let record = CubePlanCommitRecord(
            planID: plan.id, committed: ISO8601DateFormatter().string(from: Date()),
            committer: "\(ProcessInfo.processInfo.hostName) pid \(getpid())", units: plan.units.count,
            ingestedItems: ingested.count, outsideItems: outside.sorted(), skippedItems: skipped,
            blocksWritten: markers.reduce(0) { $0 + $1.blocksWritten }, unitSeconds: markers.reduce(0) { $0 + $1.seconds })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do { data = try encoder.encode(record) } catch { throw .plan(path: plan.store, reason: "cannot encode the commit record", cause: .wrapping(error)) }
        // Exclusive creation (link(2) locally, If-None-Match on object storage): one commit wins.
        if try await store.coordination.create(plan.commitRecordKey, [UInt8](data)) { return .committed(record) }
        guard let winner = try plan.commitRecord() else {
            throw .plan(path: plan.store + "/" + plan.commitRecordKey, reason: "another commit record is in the way but is not this plan's; remove it if it belongs to an earlier plan")
        }
        return .alreadyCommitted(winner)
    }
}
