import Foundation

/// The record, kept in the store beside the cube, of the items whose ingest finished.
///
/// A build of the whole grid keeps it at `<group>/eocube_journal.json` (a plain file that Zarr
/// readers ignore); a build restricted to a region keeps its own,
/// `<group>/eocube_journal_r<row>-<endRow>_c<column>-<endColumn>.json`, so builders of
/// disjoint regions running at once never rewrite each other's. It is replaced atomically after
/// every finished day slot, so after a crash it names exactly the items whose data is complete
/// in its region; a re-run skips them and redoes the rest (the fill-only merge makes redoing a
/// half-written slot safe). A unit of a ``CubePlan`` keeps a journal of its own,
/// `…_u<unit>.json`, so workers on different machines never update one journal (and need no
/// lock across machines to do it).
struct IngestJournal: Sendable, Hashable, Codable {
    /// One finished item.
    struct Entry: Sendable, Hashable, Codable {
        /// The day slot it was merged into.
        var slot: Int
        /// Its datetime (RFC 3339).
        var datetime: String

        /// An entry from its parts.
        init(slot: Int, datetime: String) {
            self.slot = slot
            self.datetime = datetime
        }
    }

    /// The format tag, `eocube-ingest-journal/1`.
    var format: String
    /// Finished items by id.
    var items: [String: Entry]
    /// The part of the grid the items were ingested for; nil for the whole grid.
    var region: CubeWindow?
    /// The plan unit that keeps this journal; nil for a build without a plan.
    var unit: Int?

    /// The file name, inside the cube group, of the journal of `region` (nil: the whole grid),
    /// kept by plan unit `unit` (nil: a build without a plan).
    static func fileName(for region: CubeWindow?, unit: Int? = nil) -> String {
        let suffix = unit.map { "_u\($0)" } ?? ""
        guard let region else { return "eocube_journal\(suffix).json" }
        return "eocube_journal_r\(region.row)-\(region.endRow)_c\(region.column)-\(region.endColumn)\(suffix).json"
    }

    /// The plan unit whose journal the file `name` is (`…_u<unit>.json`), nil for a build's
    /// without a plan.
    static func unit(ofFileName name: String) -> Int? {
        guard name.hasSuffix(".json"), let marker = name.range(of: "_u", options: .backwards) else { return nil }
        return Int(name[marker.upperBound..<name.index(name.endIndex, offsetBy: -5)])
    }

    /// Whether `name` is the file name of some region's journal (or the whole grid's).
    static func isJournalFileName(_ name: String) -> Bool {
        name.hasPrefix("eocube_journal") && name.hasSuffix(".json")
    }

    /// An empty journal for `region` (nil: the whole grid), kept by plan unit `unit`.
    init(region: CubeWindow? = nil, unit: Int? = nil) {
        format = "eocube-ingest-journal/1"
        items = [:]
        self.region = region
        self.unit = unit
    }

    /// Whether the items recorded here are finished for all of `other` (nil: the whole grid).
    func covers(_ other: CubeWindow?) -> Bool {
        guard let region else { return true }
        guard let other else { return false }
        return region.intersection(other) == other
    }

    /// Whether an item is recorded as finished.
    func contains(_ itemID: String) -> Bool { items[itemID] != nil }

    /// The journal's JSON (sorted keys, so equal journals are equal bytes).
    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return Array(try encoder.encode(self))
    }

    /// Decodes a journal, or throws ``CubeBuilderError/store(path:reason:cause:)`` naming `location`.
    static func decode(_ bytes: [UInt8], location: String) throws(CubeBuilderError) -> IngestJournal {
        do {
            let journal = try JSONDecoder().decode(IngestJournal.self, from: Data(bytes))
            guard journal.format == "eocube-ingest-journal/1" else {
                throw CubeBuilderError.store(path: location, reason: "unknown journal format '\(journal.format)'")
            }
            return journal
        } catch let error as CubeBuilderError {
            throw error
        } catch {
            throw .store(path: location, reason: "the ingest journal is not valid JSON (delete it to re-check every item)", cause: .wrapping(error))
        }
    }
}
