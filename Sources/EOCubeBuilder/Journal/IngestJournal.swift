import Foundation

/// The record, kept in the store beside the cube, of the items whose ingest finished.
///
/// It lives at `<group>/eocube_journal.json` (a plain file that Zarr readers ignore) and is
/// replaced atomically after every finished day slot, so after a crash it names exactly the
/// items whose data is complete in the store; a re-run skips them and redoes the rest (the
/// fill-only merge makes redoing a half-written slot safe).
public struct IngestJournal: Sendable, Hashable, Codable {
    /// One finished item.
    public struct Entry: Sendable, Hashable, Codable {
        /// The day slot it was merged into.
        public var slot: Int
        /// Its datetime (RFC 3339).
        public var datetime: String

        /// An entry from its parts.
        public init(slot: Int, datetime: String) {
            self.slot = slot
            self.datetime = datetime
        }
    }

    /// The format tag, `eocube-ingest-journal/1`.
    public var format: String
    /// Finished items by id.
    public var items: [String: Entry]

    /// The file name inside the cube group.
    public static let fileName = "eocube_journal.json"

    /// An empty journal.
    public init() {
        format = "eocube-ingest-journal/1"
        items = [:]
    }

    /// Whether an item is recorded as finished.
    public func contains(_ itemID: String) -> Bool { items[itemID] != nil }

    /// The journal's JSON (sorted keys, so equal journals are equal bytes).
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return Array(try encoder.encode(self))
    }

    /// Decodes a journal, or throws ``CubeBuilderError/store(path:reason:)`` naming `location`.
    public static func decode(_ bytes: [UInt8], location: String) throws(CubeBuilderError) -> IngestJournal {
        do {
            let journal = try JSONDecoder().decode(IngestJournal.self, from: Data(bytes))
            guard journal.format == "eocube-ingest-journal/1" else {
                throw CubeBuilderError.store(path: location, reason: "unknown journal format '\(journal.format)'")
            }
            return journal
        } catch let error as CubeBuilderError {
            throw error
        } catch {
            throw .store(path: location, reason: "the ingest journal is not valid JSON (\(error)); delete it to re-check every item")
        }
    }
}
