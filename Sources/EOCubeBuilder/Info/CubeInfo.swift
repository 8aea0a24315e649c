import Foundation
import ZarrStore

/// A summary of a store: its groups and arrays and, for every cube group, the filled day
/// slots and how much of each band holds data.
public struct CubeInfo: Sendable {
    /// One array of the store.
    public struct ArraySummary: Sendable {
        /// Path from the store root.
        public var path: String
        /// Data type name.
        public var dataType: String
        /// Shape.
        public var shape: [Int]
        /// Chunk (read unit) shape.
        public var chunkShape: [Int]
    }

    /// A band of a cube and how much of it is filled.
    public struct BandSummary: Sendable {
        /// The band name.
        public var name: String
        /// Pixels holding a value (not the fill value) over all filled slots.
        public var validPixels: Int
        /// Pixels of the filled slots (slots × grid pixels).
        public var slotPixels: Int
        /// `1 − validPixels / slotPixels`.
        public var fillFraction: Double { slotPixels == 0 ? 1 : 1 - Double(validPixels) / Double(slotPixels) }
    }

    /// A cube group (one with a `sensing_date` array).
    public struct CubeSummary: Sendable {
        /// The group path.
        public var path: String
        /// The time length.
        public var timeLength: Int
        /// Day slots holding at least one chunk of data.
        public var filledSlots: [DaySlot]
        /// The bands.
        public var bands: [BandSummary]
        /// Items recorded in the ingest journal.
        public var journalItems: Int
    }

    /// Group paths (root = "").
    public var groups: [String] = []
    /// Every array.
    public var arrays: [ArraySummary] = []
    /// Every cube group.
    public var cubes: [CubeSummary] = []

    /// Inspects the store at `path` (reads only existing chunks of the cube arrays).
    public static func inspect(_ path: String) async throws(CubeBuilderError) -> CubeInfo {
        let storage: FileSystemStorage
        do { storage = try FileSystemStorage(path: path, readOnly: true) } catch { throw .store(path: path, reason: "cannot open the store", cause: .wrapping(error)) }
        return try await inspect(storage: storage)
    }

    /// Inspects the store in `storage` (a directory, S3 …): it must be able to read and list,
    /// and is never written.
    public static func inspect(storage: any ZarrReadableStorage & ZarrListableStorage) async throws(CubeBuilderError) -> CubeInfo {
        let path = storage.description
        var info = CubeInfo()
        do {
            var pending = [""]
            while let groupPath = pending.popLast() {
                info.groups.append(groupPath)
                let group = try await ZarrGroup.open(storage, path: groupPath)
                let children = try await group.children().sorted { $0.name < $1.name }
                var names: [String] = []
                for child in children {
                    let childPath = groupPath.isEmpty ? child.name : groupPath + "/" + child.name
                    if child.kind == .group {
                        pending.append(childPath)
                    } else {
                        let array = try await ZarrArray.open(storage, path: childPath)
                        info.arrays.append(ArraySummary(path: childPath, dataType: array.dataType.rawValue, shape: array.shape,
                                                        chunkShape: array.metadata.innerChunkShape ?? array.metadata.chunkShape))
                        names.append(child.name)
                    }
                }
                if names.contains("sensing_date") {
                    info.cubes.append(try await summarize(storage, groupPath: groupPath, arrayNames: names))
                }
            }
        } catch let error as CubeBuilderError {
            throw error
        } catch {
            throw .store(path: path, reason: "cannot summarize the store", cause: .wrapping(error))
        }
        info.groups.sort()
        return info
    }

    private static func summarize(_ storage: any ZarrReadableStorage & ZarrListableStorage, groupPath: String, arrayNames: [String]) async throws -> CubeSummary {
        let sensing = try await ZarrArray.open(storage, path: groupPath + "/sensing_date")
        let timeLength = sensing.shape.first ?? 0
        // Slots with data = time indices that have chunk files (keys c/<t>/<row>/<col>).
        let slotIndices = try storage.listDirectory(groupPath + "/sensing_date/c/").prefixes
            .compactMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "/"))) }
            .filter { $0 < timeLength }.sorted()
        let reserved: Set<String> = ["x", "y", "time", "spatial_ref", "sensing_date", "absolute_orbit_number", "relative_orbit_number"]
        var bands: [BandSummary] = []
        for name in arrayNames where !reserved.contains(name) {
            let array = try await ZarrArray.open(storage, path: groupPath + "/" + name)
            guard array.shape.count == 3 else { continue }
            let fill = array.metadata.fillValue.doubleValue
            let fileShape = array.metadata.chunkShape // shard shape when sharded: one file each
            var valid = 0
            for slot in slotIndices {
                let slotPrefix = groupPath + "/\(name)/c/\(slot)/"
                for rowName in try storage.listDirectory(slotPrefix).prefixes {
                    let rowText = rowName.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                    guard let row = Int(rowText) else { continue }
                    for key in try storage.listDirectory(slotPrefix + rowText + "/").keys {
                        guard let column = Int(key) else { continue }
                        let r0 = row * fileShape[1], c0 = column * fileShape[2]
                        let region = [slot..<(slot + 1), r0..<min(r0 + fileShape[1], array.shape[1]), c0..<min(c0 + fileShape[2], array.shape[2])]
                        valid += try await countValid(array, region: region, fill: fill)
                    }
                }
            }
            bands.append(BandSummary(name: name, validPixels: valid, slotPixels: slotIndices.count * array.shape[1] * array.shape[2]))
        }
        // Items finished anywhere: the whole grid's journal and every region's.
        var journaled: Set<String> = []
        for name in try storage.listDirectory(groupPath + "/").keys where IngestJournal.isJournalFileName(name) {
            if let bytes = try storage.get(groupPath + "/" + name), let journal = try? IngestJournal.decode(bytes, location: groupPath) {
                journaled.formUnion(journal.items.keys)
            }
        }
        let journalItems = journaled.count
        return CubeSummary(path: groupPath, timeLength: timeLength, filledSlots: slotIndices.map(DaySlot.init(index:)),
                           bands: bands, journalItems: journalItems)
    }

    private static func countValid(_ array: ZarrArray, region: [Range<Int>], fill: Double?) async throws -> Int {
        guard let type = CubeSampleType(zarr: array.dataType) else { return 0 }
        let bytes = try await array.readBytes(region: region)
        var valid = [UInt8](repeating: 0, count: bytes.count / type.byteCount)
        let window = CubeWindow(row: 0, column: 0, height: 1, width: valid.count)
        SampleKernels.markValid(BandPlane(type: type, nodata: fill, bytes: bytes), source: window, region: window, into: &valid)
        return valid.reduce(0) { $0 + Int($1) }
    }
}

// MARK: - JSON

extension CubeInfo {
    /// Everything the text report says, as JSON for scripts (`eocube info --json`): `groups`,
    /// `arrays` (path, data_type, shape, chunk_shape) and `cubes` (path, time_length,
    /// journal_items, filled_slots with index and date, bands with valid_pixels, slot_pixels and
    /// fill_fraction).
    public var json: JSONValue {
        func ints(_ values: [Int]) -> JSONValue { .array(values.map { .int(Int64($0)) }) }
        let arrayEntries: [JSONValue] = arrays.sorted(by: { $0.path < $1.path }).map { array in
            .object(["path": .string(array.path), "data_type": .string(array.dataType), "shape": ints(array.shape), "chunk_shape": ints(array.chunkShape)])
        }
        let cubeEntries: [JSONValue] = cubes.map { cube in
            .object([
                "path": .string(cube.path),
                "time_length": .int(Int64(cube.timeLength)),
                "journal_items": .int(Int64(cube.journalItems)),
                "filled_slots": .array(cube.filledSlots.map { .object(["index": .int(Int64($0.index)), "date": .string($0.description)]) }),
                "bands": .array(cube.bands.map { band in
                    .object(["name": .string(band.name), "valid_pixels": .int(Int64(band.validPixels)),
                             "slot_pixels": .int(Int64(band.slotPixels)), "fill_fraction": .double(band.fillFraction)])
                }),
            ])
        }
        return .object(["groups": .array(groups.map { .string($0) }), "arrays": .array(arrayEntries), "cubes": .array(cubeEntries)])
    }
}

// MARK: - Text

extension CubeInfo: CustomStringConvertible {
    /// A human-readable report.
    public var description: String {
        var lines: [String] = []
        lines.append("groups: " + groups.map { $0.isEmpty ? "/" : $0 }.joined(separator: ", "))
        lines.append("arrays:")
        for array in arrays.sorted(by: { $0.path < $1.path }) {
            lines.append("  \(array.path)  \(array.dataType)  shape \(array.shape)  chunks \(array.chunkShape)")
        }
        for cube in cubes {
            lines.append("cube \(cube.path): \(cube.timeLength) time steps, \(cube.filledSlots.count) filled day slot(s), \(cube.journalItems) item(s) in the ingest journal")
            if !cube.filledSlots.isEmpty {
                lines.append("  filled slots: " + cube.filledSlots.map { "\($0.index) (\($0))" }.joined(separator: ", "))
            }
            for band in cube.bands {
                let percent = String(format: "%.4f", band.fillFraction * 100)
                lines.append("  \(band.name): \(band.validPixels) valid pixel(s); fill fraction \(percent)% of the filled slots")
            }
        }
        return lines.joined(separator: "\n")
    }
}
