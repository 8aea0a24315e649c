import Foundation
import Logging

/// Builds the work units of a ``CubePlan``: one ``CubeBuilder`` restricted to the unit's region,
/// on the unit's items, then the unit's marker.
///
/// Idempotent: a unit whose marker exists is not built again, and a unit interrupted
/// mid-way (killed, node lost) resumes from its journal, giving the same bytes as an
/// uninterrupted run. The template's time axis already holds every slot, so a worker writes
/// only its own shards, its region's journal and its marker: never shared metadata.
public struct CubePlanWorker: Sendable {
    /// The plan.
    public var plan: CubePlan
    /// Logging and progress for the unit's build (region, budget and bad-item policy come from the plan).
    public var baseOptions: BuildOptions

    /// A worker for `plan`.
    public init(plan: CubePlan, baseOptions: BuildOptions = BuildOptions()) {
        self.plan = plan
        self.baseOptions = baseOptions
    }

    /// What running a unit did.
    public struct Outcome: Sendable {
        /// The unit's marker (the earlier one when the unit had already finished).
        public var marker: CubePlanUnitMarker
        /// Whether the unit had finished before, so nothing was done.
        public var alreadyFinished: Bool
    }

    /// Builds unit `n` unless it already finished; writes its marker once its data is durable.
    public func run(unit n: Int) async throws(CubeBuilderError) -> Outcome {
        let unit = try plan.unit(n)
        if let marker = try plan.finishedMarker(n) { return Outcome(marker: marker, alreadyFinished: true) }
        let destination = try plan.destination()
        guard let (storage, _) = try destination.resolve(creating: false),
              try CubeStore.groupExists(in: storage, groupPath: plan.settings.groupPath) else {
            throw .plan(path: plan.store, reason: "the store holds no cube template \(plan.settings.groupPath); make the plan first (CubePlanner creates the template)")
        }
        let definition = try plan.settings.definition()
        let started = ContinuousClock.now
        var builder = CubeBuilder(definition: definition, destination: destination.forPlanWorker(),
                                  options: plan.settings.buildOptions(region: unit.region, base: baseOptions))
        builder.planUnit = n
        let report = try await builder.build(items: try unit.stacItems())
        let elapsed = ContinuousClock.now - started
        var skipped: [String: String] = [:]
        for (id, error) in report.skippedItems { skipped[id] = "\(error)" }
        let marker = CubePlanUnitMarker(planID: plan.id, unit: n,
                                        ingestedItems: (report.ingestedItems + report.alreadyIngested).sorted(),
                                        outsideItems: report.outsideItems.sorted(), skippedItems: skipped,
                                        blocksWritten: report.blocksWritten,
                                        seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                                        host: ProcessInfo.processInfo.hostName)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do { try storage.set(plan.unitMarkerKey(n), [UInt8](try encoder.encode(marker))) } catch {
            throw .plan(path: plan.store, reason: "cannot write the marker \(plan.unitMarkerKey(n))", cause: .wrapping(error))
        }
        return Outcome(marker: marker, alreadyFinished: false)
    }
}
