import Foundation
import STACClient

/// A distributed build, planned: the cube's settings, its store, and the work units with the
/// items each needs. Written once by ``CubePlanner`` as JSON (`eocube plan --plan P`); read by every
/// worker (``CubePlanWorker``, `eocube work --plan P --unit N`) and by the commit (``CubePlanCommit``).
///
/// Progress lives in the store, not in the plan: `<store>/<group>/.eocube-plan/unit-<id>.json`
/// per finished unit and `commit.json` once committed (see ``unitMarkerPath(_:)``).
public struct CubePlan: Sendable, Codable, Hashable {
    /// The plan format this code writes and reads.
    public static let currentFormatVersion = 1

    /// The plan format version.
    public var formatVersion: Int
    /// A unique id: markers and commit records name it, so those of an earlier plan of the same store do not count.
    public var id: String
    /// When the plan was made (ISO 8601, UTC).
    public var created: String
    /// The store directory (absolute, so workers may start anywhere).
    public var storePath: String
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
    public init(id: String = UUID().uuidString, created: Date = Date(), storePath: String, settings: CubePlanSettings,
                lastSlot: Int, units: [CubePlanUnit], outsideItems: [String] = [], skippedItems: [String: String] = [:]) {
        self.formatVersion = Self.currentFormatVersion
        self.id = id
        self.created = ISO8601DateFormatter().string(from: created)
        self.storePath = storePath
        self.settings = settings
        self.lastSlot = lastSlot
        self.units = units
        self.outsideItems = outsideItems
        self.skippedItems = skippedItems
    }

    /// The unit with id `n`.
    public func unit(_ n: Int) throws(CubeBuilderError) -> CubePlanUnit {
        guard units.indices.contains(n), units[n].id == n else {
            throw .plan(path: storePath, reason: "the plan has no unit \(n) (units 0-\(units.count - 1))")
        }
        return units[n]
    }

    // MARK: Progress files

    /// The directory of the plan's progress files in the cube group.
    public var progressDirectory: String { storePath + "/" + settings.groupPath + "/.eocube-plan" }

    /// Where the marker of a finished unit goes.
    public func unitMarkerPath(_ unit: Int) -> String { progressDirectory + "/unit-\(unit).json" }

    /// Where the commit record goes.
    public var commitRecordPath: String { progressDirectory + "/commit.json" }

    /// The marker of unit `n` if it finished under this plan, else nil.
    public func finishedMarker(_ n: Int) -> CubePlanUnitMarker? {
        guard let data = FileManager.default.contents(atPath: unitMarkerPath(n)),
              let marker = try? JSONDecoder().decode(CubePlanUnitMarker.self, from: data),
              marker.planID == id, marker.unit == n else { return nil }
        return marker
    }

    /// The ids of the units without a marker of this plan.
    public func unfinishedUnits() -> [Int] { units.map(\.id).filter { finishedMarker($0) == nil } }

    /// The commit record, when the plan was committed.
    public func commitRecord() -> CubePlanCommitRecord? {
        guard let data = FileManager.default.contents(atPath: commitRecordPath),
              let record = try? JSONDecoder().decode(CubePlanCommitRecord.self, from: data), record.planID == id else { return nil }
        return record
    }

    // MARK: Reading and writing

    /// Reads a plan file.
    public static func read(from path: String) throws(CubeBuilderError) -> CubePlan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .plan(path: path, reason: "cannot read the plan file; make it with 'eocube plan --plan \(path) …'")
        }
        let plan: CubePlan
        do { plan = try JSONDecoder().decode(CubePlan.self, from: data) } catch {
            throw .plan(path: path, reason: "not a build plan: \(error)")
        }
        guard plan.formatVersion == currentFormatVersion else {
            throw .plan(path: path, reason: "plan format \(plan.formatVersion), this eocube reads format \(currentFormatVersion); re-plan with this version")
        }
        return plan
    }

    /// Writes the plan to `path`, atomically (a worker never reads half a plan).
    public func write(to path: String) throws(CubeBuilderError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do { data = try encoder.encode(self) } catch { throw .plan(path: path, reason: "cannot encode the plan: \(error)") }
        try AtomicFile.write([UInt8](data), to: path)
    }
}
