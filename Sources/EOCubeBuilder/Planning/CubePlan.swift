import Foundation
import STACClient
import ZarrStore

/// A distributed build, planned: the cube's settings, its store, and the work units with the
/// items each needs. Written once by ``CubePlanner`` as JSON (`eocube plan --plan P`); read by every
/// worker (``CubePlanWorker``, `eocube work --plan P --unit N`) and by the commit (``CubePlanCommit``).
///
/// Progress lives in the store, not in the plan: `<group>/.eocube-plan/unit-<id>.json` per
/// finished unit and `commit.json` once committed (see ``unitMarkerKey(_:)``), so workers on
/// other machines share it through the store itself, a local directory or object storage.
public struct CubePlan: Sendable, Codable, Hashable {
    /// The plan format this code writes and reads.
    public static let currentFormatVersion = 2

    /// The plan format version.
    public var formatVersion: Int
    /// A unique id: markers and commit records name it, so those of an earlier plan of the same store do not count.
    public var id: String
    /// When the plan was made (ISO 8601, UTC).
    public var created: String
    /// The store: an absolute directory path (so workers may start anywhere) or an `s3://` URL.
    public var store: String
    /// What to build and how.
    public var settings: CubePlanSettings
    /// The last day slot of the plan: the template's time axis holds it.
    public var lastSlot: Int
    /// The work units, by id (`units[n].id == n`).
    public var units: [CubePlanUnit]
    /// Items the planner already knows lie outside the cube (their projection metadata says so).
    public var outsideItems: [String]
    /// Items the planner refused (no datetime, before the time origin) with `skipBadItems`, with the reason.
    public var skippedItems: [String: String]
    /// The STAC sources searched (the cube's STAC Collection links to them).
    public var sources: [String] = []

    /// A plan from its parts.
    public init(id: String = UUID().uuidString, created: Date = Date(), store: String, settings: CubePlanSettings,
                lastSlot: Int, units: [CubePlanUnit], outsideItems: [String] = [], skippedItems: [String: String] = [:]) {
        self.formatVersion = Self.currentFormatVersion
        self.id = id
        self.created = ISO8601DateFormatter().string(from: created)
        self.store = store
        self.settings = settings
        self.lastSlot = lastSlot
        self.units = units
        self.outsideItems = outsideItems
        self.skippedItems = skippedItems
    }

    /// The unit with id `n`.
    public func unit(_ n: Int) throws(CubeBuilderError) -> CubePlanUnit {
        guard units.indices.contains(n), units[n].id == n else {
            throw .plan(path: store, reason: "the plan has no unit \(n) (units 0-\(units.count - 1))")
        }
        return units[n]
    }

    // MARK: Progress in the store

    /// The key prefix, in the store, of the plan's progress documents.
    public var progressPrefix: String { settings.groupPath + "/.eocube-plan" }

    /// The store key of the marker of a finished unit.
    public func unitMarkerKey(_ unit: Int) -> String { progressPrefix + "/unit-\(unit).json" }

    /// The store key of the commit record.
    public var commitRecordKey: String { progressPrefix + "/commit.json" }

    /// Where the cube goes.
    func destination() throws(CubeBuilderError) -> CubeDestination {
        try CubeDestination(location: store, groupPath: settings.groupPath)
    }

    /// The document at `key` of the store, decoded; nil when the store or the document does not
    /// exist, or the document belongs to another plan (`matches` says no).
    private func progressDocument<T: Decodable>(_ key: String, as type: T.Type, matches: (T) -> Bool) throws(CubeBuilderError) -> T? {
        guard let (storage, _) = try destination().resolve(creating: false) else { return nil }
        let bytes: [UInt8]?
        do { bytes = try storage.get(key) } catch { throw .plan(path: store, reason: "cannot read \(key)", cause: .wrapping(error)) }
        guard let bytes, let value = try? JSONDecoder().decode(T.self, from: Data(bytes)), matches(value) else { return nil }
        return value
    }

    /// The marker of unit `n` if it finished under this plan, else nil.
    public func finishedMarker(_ n: Int) throws(CubeBuilderError) -> CubePlanUnitMarker? {
        try progressDocument(unitMarkerKey(n), as: CubePlanUnitMarker.self) { $0.planID == id && $0.unit == n }
    }

    /// The ids of the units without a marker of this plan. One listing finds the markers, so
    /// only those present are read (one request each on object storage).
    public func unfinishedUnits() throws(CubeBuilderError) -> [Int] {
        guard let (storage, _) = try destination().resolve(creating: false) else { return units.map(\.id) }
        let present: Set<String>
        do { present = Set(try storage.listDirectory(progressPrefix + "/").keys) } catch {
            throw .plan(path: store, reason: "cannot list \(progressPrefix)", cause: .wrapping(error))
        }
        var unfinished: [Int] = []
        for unit in units {
            if present.contains("unit-\(unit.id).json"), try finishedMarker(unit.id) != nil { continue }
            unfinished.append(unit.id)
        }
        return unfinished
    }

    /// The commit record, when the plan was committed.
    public func commitRecord() throws(CubeBuilderError) -> CubePlanCommitRecord? {
        try progressDocument(commitRecordKey, as: CubePlanCommitRecord.self) { $0.planID == id }
    }

    // MARK: Reading and writing

    /// Reads the plan at `location`, a path or an `s3://bucket/key` URL.
    public static func read(from location: String) throws(CubeBuilderError) -> CubePlan {
        guard let data = try PlanFile.read(location) else {
            throw .plan(path: location, reason: "cannot read the plan file; make it with CubePlanner first")
        }
        let plan: CubePlan
        do { plan = try JSONDecoder().decode(CubePlan.self, from: Data(data)) } catch {
            throw .plan(path: location, reason: "not a build plan", cause: .wrapping(error))
        }
        guard plan.formatVersion == currentFormatVersion else {
            throw .plan(path: location, reason: "plan format \(plan.formatVersion), this EOCubeBuilder reads format \(currentFormatVersion); re-plan with this version")
        }
        return plan
    }

    /// Writes the plan to `location` (a path or an `s3://bucket/key` URL), atomically: a worker
    /// never reads half a plan.
    public func write(to location: String) throws(CubeBuilderError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do { data = try encoder.encode(self) } catch { throw .plan(path: location, reason: "cannot encode the plan", cause: .wrapping(error)) }
        try PlanFile.write([UInt8](data), to: location)
    }
}
