import Foundation
import Logging
import SystemSupport
import ZarrStore

/// The Zarr side of a cube: creates, opens, grows, reads and writes the arrays of one cube
/// group laid out as in CUBE_LAYOUT.md, plus the ingest journal and consolidated metadata, in
/// any ZarrStore storage; what builders sharing the store must agree on goes through its
/// ``StoreCoordination``.
struct CubeStore: Sendable {
    let storage: any ZarrStorage
    /// How builders sharing the store take turns (locks, conditional writes, durability).
    let coordination: any StoreCoordination
    /// The store as error messages name it (a directory, or an `s3://` URL).
    let location: String
    let definition: CubeDefinition
    let bands: [BandSpec]
    private(set) var arrays: [String: ZarrArray]
    private(set) var timeLength: Int
    /// Whether this process has written (or checked) the `time` values (see `growTime`).
    private var timeValuesWritten = false
    /// Whether this process changed any array's metadata (grew the time axis): only then is the
    /// consolidated metadata rewritten at the end of a build. Workers of a planned build, whose
    /// time axis the plan sized, leave every shared metadata document alone.
    private(set) var metadataChanged = false

    var groupPath: String { definition.groupPath }

    /// The names of the `[time, y, x]` arrays in the order blocks and units write them (`sensing_date` last).
    var timedArrayNames: [String] { definition.bands + CubeDefinition.metadataArrayNames }

    /// How error messages name `storage`: a directory by its path, anything else by its URL.
    static func displayName(of storage: any ZarrStorage) -> String {
        (storage as? FileSystemStorage)?.root ?? storage.description
    }

    // MARK: Opening and creating

    /// Whether the store already holds the cube group.
    static func groupExists(in storage: any ZarrStorage, groupPath: String) throws(CubeBuilderError) -> Bool {
        do { return try storage.contains(groupPath + "/zarr.json") } catch {
            throw .store(path: displayName(of: storage), reason: "cannot look for the cube group \(groupPath)", cause: .wrapping(error))
        }
    }

    /// Opens an existing cube group and checks it matches the definition's grid and bands; in a
    /// local directory, first removes the temporary files of writes whose process died
    /// (unless `cleansInterruptedWrites` is false: a plan's worker, see ``PlanWorkerCoordination``).
    static func open(_ storage: any ZarrStorage, coordination: any StoreCoordination, definition: CubeDefinition,
                     cleansInterruptedWrites: Bool = true) async throws(CubeBuilderError) -> CubeStore {
        let location = displayName(of: storage)
        var storage = storage
        if var directory = storage as? FileSystemStorage {
            if cleansInterruptedWrites { removeInterruptedWrites(in: directory, groupPath: definition.groupPath) }
            // Each slot ends with a flush before its journal entry; shards already on their way
            // to disk make that flush (and the build's last one, which the caller waits for) short.
            directory.startsWritebackEarly = true
            storage = directory
        }
        do {
            let group = try await ZarrGroup.open(storage, path: definition.groupPath)
            var arrays: [String: ZarrArray] = [:]
            for name in ["x", "y", "time", "spatial_ref"] + definition.bands + CubeDefinition.metadataArrayNames {
                do { arrays[name] = try await group.openArray(name) } catch {
                    throw CubeBuilderError.groupMismatch(store: location, group: definition.groupPath, reason: "has no usable array '\(name)'", cause: .wrapping(error))
                }
            }
            try checkGrid(group: group, arrays: arrays, definition: definition, location: location)
            try checkLayout(arrays: arrays, definition: definition, location: location)
            var bands: [BandSpec] = []
            for name in definition.bands {
                guard let array = arrays[name], let type = CubeSampleType(zarr: array.dataType) else {
                    throw CubeBuilderError.store(path: location, reason: "band array '\(name)' has an unsupported data type")
                }
                bands.append(BandSpec(name: name, type: type, nodata: array.metadata.fillValue.doubleValue,
                                      scale: array.attributes["scale_factor"]?.doubleValue, offset: array.attributes["add_offset"]?.doubleValue, units: array.attributes["units"]?.stringValue))
            }
            let timeLength = arrays["time"]?.shape.first ?? 0
            return CubeStore(storage: storage, coordination: coordination, location: location, definition: definition, bands: bands,
                             arrays: arrays, timeLength: timeLength)
        } catch let error as CubeBuilderError {
            throw error
        } catch {
            throw .store(path: location, reason: "cannot open the cube group \(definition.groupPath)", cause: .wrapping(error))
        }
    }

    /// Deletes the temporary files of atomic writes whose process died (ZarrStore knows their
    /// names and skips a live writer's). The cube group is searched throughout; the root and the
    /// groups above it only at their own level, where the builder rewrites `zarr.json`
    /// (consolidated metadata).
    private static func removeInterruptedWrites(in storage: FileSystemStorage, groupPath: String) {
        let parts = groupPath.split(separator: "/").map(String.init)
        for depth in 0..<parts.count {
            _ = try? storage.removeInterruptedWrites(under: parts.prefix(depth).joined(separator: "/"), recursive: false)
        }
        _ = try? storage.removeInterruptedWrites(under: groupPath)
    }

    private static func checkGrid(group: ZarrGroup, arrays: [String: ZarrArray], definition: CubeDefinition, location: String) throws(CubeBuilderError) {
        let grid = definition.grid
        let transform = arrays["spatial_ref"]?.attributes["GeoTransform"]?.stringValue
        let shape = arrays[definition.bands[0]]?.shape ?? []
        let epsg = group.attributes["eocube"]?["epsg"]?.intValue
        guard transform == grid.geoTransformText, shape.count == 3, shape[1] == grid.height, shape[2] == grid.width,
              epsg == nil || epsg == grid.crs.epsg else {
            throw .groupMismatch(store: location, group: definition.groupPath, reason: "is on another grid (GeoTransform \(transform ?? "none"), shape \(shape)) than the one asked for (\(grid.geoTransformText), \(grid.height) x \(grid.width))")
        }
    }

    /// Refuses a store whose `[time, y, x]` arrays are chunked otherwise than the definition asks:
    /// the builder's blocks must be the store's write units, or two blocks could rewrite one shard.
    private static func checkLayout(arrays: [String: ZarrArray], definition: CubeDefinition, location: String) throws(CubeBuilderError) {
        func describe(chunks: [Int], shards: [Int]?) -> String {
            "chunks \(chunks.map(String.init).joined(separator: ",")), shards \(shards.map { $0.map(String.init).joined(separator: ",") } ?? "none")"
        }
        let wanted = describe(chunks: definition.chunkShape.sizes, shards: definition.shardShape?.sizes)
        for name in definition.bands + CubeDefinition.metadataArrayNames {
            guard let metadata = arrays[name]?.metadata else { continue }
            let stored = metadata.innerChunkShape.map { describe(chunks: $0, shards: metadata.chunkShape) }
                ?? describe(chunks: metadata.chunkShape, shards: nil)
            guard stored == wanted else {
                throw .layoutMismatch(store: location, array: "\(definition.groupPath)/\(name)", stored: stored, requested: wanted)
            }
        }
    }

    /// Creates the cube group with every array (time length 0) and consolidated metadata, or
    /// opens it when another builder created it first.
    ///
    /// The group is made whole in memory first and then published with its own `zarr.json`
    /// last (then the groups above it), so a crash never leaves a group that looks made but
    /// lacks arrays: a re-run makes it again. A new local store goes further: it is written to
    /// a hidden sibling directory and renamed into place, so a crash leaves no store at all;
    /// when two builders race to make it, the second rename fails and that builder opens the
    /// first one's store.
    static func create(in storage: any ZarrStorage, coordination: any StoreCoordination, definition: CubeDefinition,
                       bands: [BandSpec]) async throws(CubeBuilderError) -> CubeStore {
        let location = displayName(of: storage)
        let template = try await makeTemplate(definition: definition, bands: bands, location: location)
        if let directory = storage as? FileSystemStorage,
           try await createByRename(at: directory.root, template: template, groupPath: definition.groupPath) {
            return try await open(storage, coordination: coordination, definition: definition)
        }
        try await coordination.withStoreLock { () async throws(CubeBuilderError) in
            guard try !groupExists(in: storage, groupPath: definition.groupPath) else { return }
            try await publish(template, to: storage, groupPath: definition.groupPath, location: location)
        }
        return try await open(storage, coordination: coordination, definition: definition)
    }

    /// Makes a new local store whole in a hidden sibling of its (missing or empty) directory and
    /// renames it into place; false when the directory already holds something (or another
    /// builder's rename won), so the group is to be added in place.
    static func createByRename(at location: String, template: MemoryStorage, groupPath: String) async throws(CubeBuilderError) -> Bool {
        guard ((try? FileManager.default.contentsOfDirectory(atPath: location)) ?? []).isEmpty else { return false }
        let url = URL(fileURLWithPath: location)
        let buildLocation = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent)\(creationTag)\(ProcessStatus.currentID)-\(UUID().uuidString)").path
        do throws(CubeBuilderError) {
            let sibling: FileSystemStorage
            do { sibling = try FileSystemStorage(path: buildLocation, create: true) } catch {
                throw .store(path: location, reason: "cannot make the new store beside it", cause: .wrapping(error))
            }
            try await publish(template, to: sibling, groupPath: groupPath, location: location)
        } catch {
            try? FileManager.default.removeItem(atPath: buildLocation)
            throw error
        }
        do { try FileCalls.rename(buildLocation, to: location) } catch {
            try? FileManager.default.removeItem(atPath: buildLocation)
            guard error == .directoryNotEmpty || error == .fileExists else {
                throw .store(path: location, reason: "cannot move the new store into place", cause: .wrapping(error))
            }
            return false
        }
        return true
    }

    /// What the hidden sibling directory a new store is made in is named after: `.<store name>`,
    /// this tag, then `<pid>-<UUID>`.
    private static let creationTag = ".eocube-new-"

    /// Deletes the sibling directories that creations of the local store at `path` left when
    /// their process died before renaming them into place (a live creator's is left alone).
    static func removeAbandonedCreations(ofDirectory path: String) {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let parent = url.deletingLastPathComponent().path
        let prefix = "." + url.lastPathComponent + creationTag
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(prefix) {
            let tag = name.dropFirst(prefix.count)
            let pid = tag.firstIndex(of: "-").flatMap { Int32(tag[..<$0]) }
            // Directories of earlier versions carry no pid: nothing can still be writing them after this long.
            if let pid, ProcessStatus.isRunning(pid) { continue }
            try? FileManager.default.removeItem(atPath: parent + "/" + name)
        }
    }

    /// The root group (as a new store has it), the cube group and its arrays with their
    /// coordinates, consolidated, in memory.
    static func makeTemplate(definition: CubeDefinition, bands: [BandSpec],
                                     location: String) async throws(CubeBuilderError) -> MemoryStorage {
        let template = MemoryStorage()
        do {
            var root = try await ZarrGroup.openOrCreate(template)
            var attributes: [String: JSONValue] = ["eocube": [
                "epsg": .int(Int64(definition.grid.crs.epsg)),
                "tiles": .array(definition.grid.tileIDs.map { .string($0) }),
                "pixel_size": .double(definition.grid.pixelSize),
                "bands": .array(definition.bands.map { .string($0) }),
                "time_origin": "2014-10-01T00:00:00Z",
                "layout": "CUBE_LAYOUT.md",
            ]]
            attributes.merge(definition.grid.geoZarrAttributes) { mine, _ in mine }
            var group = try await root.createGroup(definition.groupPath, attributes: attributes)
            var arrays: [String: ZarrArray] = [:]
            for (name, arrayDefinition) in arrayDefinitions(definition, bands: bands) {
                arrays[name] = try await group.createArray(name, definition: arrayDefinition)
            }
            if let x = arrays["x"] { try await x.write(definition.grid.xCoordinates) }
            if let y = arrays["y"] { try await y.write(definition.grid.yCoordinates) }
            _ = try await group.consolidateMetadata()
            _ = try await root.consolidateMetadata()
        } catch {
            throw .store(path: location, reason: "cannot create the cube group \(definition.groupPath)", cause: .wrapping(error))
        }
        return template
    }

    /// Writes the template's keys to `storage`: the arrays first, then the cube group's
    /// `zarr.json`, then those of the groups above it that `storage` lacks, and re-consolidates
    /// the root from what `storage` holds (other cubes in the same store stay listed).
    private static func publish(_ template: MemoryStorage, to storage: any ZarrStorage, groupPath: String,
                                location: String) async throws(CubeBuilderError) {
        let parts = groupPath.split(separator: "/").map(String.init)
        let ancestors = (0..<parts.count).reversed().map { parts.prefix($0).joined(separator: "/") }
        let ancestorDocuments = ancestors.map { $0.isEmpty ? "zarr.json" : $0 + "/zarr.json" }
        let groupDocument = groupPath + "/zarr.json"
        do {
            for key in template.allKeys where key != groupDocument && !ancestorDocuments.contains(key) {
                try storage.set(key, try template.get(key) ?? [])
            }
            try storage.set(groupDocument, try template.get(groupDocument) ?? [])
            for document in ancestorDocuments where try !storage.contains(document) {
                try storage.set(document, try template.get(document) ?? [])
            }
            // Only the root is re-consolidated (other cubes of the store stay listed): the groups
            // between it and the cube carry no consolidated metadata that growing the time axis
            // would leave stale.
            var root = try await ZarrGroup.open(storage)
            _ = try await root.consolidateMetadata()
        } catch {
            throw .store(path: location, reason: "cannot create the cube group \(groupPath)", cause: .wrapping(error))
        }
    }

    /// The Zarr definitions of every array of the cube, by name.
    static func arrayDefinitions(_ definition: CubeDefinition, bands: [BandSpec]) -> [(String, ZarrArrayDefinition)] {
        let grid = definition.grid
        let compressors = definition.compressors
        let chunk = definition.chunkShape.sizes
        let shard = definition.shardShape?.sizes
        let cube = [0, grid.height, grid.width]
        let dims: [String?] = ["time", "y", "x"]
        // Every [time, y, x] array names its CRS for CF readers (spatial_ref) and for GeoZarr ones.
        let mapping: [String: JSONValue] = ["grid_mapping": "spatial_ref", "coordinates": "spatial_ref"]
            .merging(grid.geoZarrAttributes) { mine, _ in mine }
        var out: [(String, ZarrArrayDefinition)] = []
        out.append(("x", ZarrArrayDefinition(dataType: .float64, shape: [grid.width], chunkShape: [grid.width], compressors: compressors,
                                             fillValue: .float(.nan),
                                             attributes: ["units": "m", "standard_name": "projection_x_coordinate", "long_name": "x coordinate of projection"],
                                             dimensionNames: ["x"])))
        out.append(("y", ZarrArrayDefinition(dataType: .float64, shape: [grid.height], chunkShape: [grid.height], compressors: compressors,
                                             fillValue: .float(.nan),
                                             attributes: ["units": "m", "standard_name": "projection_y_coordinate", "long_name": "y coordinate of projection"],
                                             dimensionNames: ["y"])))
        out.append(("time", ZarrArrayDefinition(dataType: .int64, shape: [0], chunkShape: [1024], compressors: compressors, fillValue: .int(-1),
                                                attributes: ["units": "days since 2014-10-01", "calendar": "proleptic_gregorian", "standard_name": "time"],
                                                dimensionNames: ["time"])))
        out.append(("spatial_ref", ZarrArrayDefinition(dataType: .int64, shape: [], chunkShape: [], compressors: [], fillValue: .int(0),
                                                       attributes: ["crs_wkt": .string(grid.crs.wkt2), "spatial_ref": .string(grid.crs.wkt2),
                                                                    "GeoTransform": .string(grid.geoTransformText)],
                                                       dimensionNames: [])))
        for band in bands {
            var attributes = mapping
            attributes["_FillValue"] = xarrayFillValue(band.nodata ?? 0, type: band.type)
            if let scale = band.scale { attributes["scale_factor"] = .double(scale) }
            if let offset = band.offset { attributes["add_offset"] = .double(offset) }
            if let units = band.units { attributes["units"] = .string(units) }
            out.append((band.name, ZarrArrayDefinition(dataType: band.type.zarrDataType, shape: cube, chunkShape: chunk, shardShape: shard,
                                                       compressors: compressors, fillValue: band.type.zarrFill(band.nodata ?? 0),
                                                       attributes: attributes, dimensionNames: dims)))
        }
        // xarray reads the mask value of Zarr v3 arrays from `_FillValue`, not `fill_value`.
        var metadataAttributes = mapping
        metadataAttributes["_FillValue"] = .int(CubeDefinition.metadataFill)
        var sensing = metadataAttributes
        sensing["units"] = "seconds since 2014-10-01 00:00:00"
        sensing["calendar"] = "proleptic_gregorian"
        let metadataCompressors = definition.metadataCompressors
        out.append(("sensing_date", ZarrArrayDefinition(dataType: .int64, shape: cube, chunkShape: chunk, shardShape: shard, compressors: metadataCompressors,
                                                        fillValue: .int(-9999), attributes: sensing, dimensionNames: dims)))
        out.append(("absolute_orbit_number", ZarrArrayDefinition(dataType: .int32, shape: cube, chunkShape: chunk, shardShape: shard,
                                                                 compressors: metadataCompressors, fillValue: .int(-9999), attributes: metadataAttributes, dimensionNames: dims)))
        out.append(("relative_orbit_number", ZarrArrayDefinition(dataType: .int16, shape: cube, chunkShape: chunk, shardShape: shard,
                                                                 compressors: metadataCompressors, fillValue: .int(-9999), attributes: metadataAttributes, dimensionNames: dims)))
        return out
    }

    /// `_FillValue` as xarray writes it for Zarr v3: a number for integers, base64 of the
    /// little-endian float64 for floating-point bands.
    static func xarrayFillValue(_ value: Double, type: CubeSampleType) -> JSONValue {
        switch type {
        case .float32, .float64:
            return .string(withUnsafeBytes(of: value.bitPattern.littleEndian) { Data($0) }.base64EncodedString())
        default:
            return .int(Int64(exactly: value) ?? 0)
        }
    }

    // MARK: Time axis

    /// Grows the time axis to hold `slot` (all `[time, y, x]` arrays and `time` itself) and
    /// returns whether the slot was beyond the axis, i.e. holds nothing in the store yet.
    ///
    /// Other builders may grow the same cube at the same time, so the change happens under the
    /// store lock, from the shapes on disk, and never shrinks an array; the consolidated
    /// metadata is rewritten before the lock is released.
    mutating func growTime(toHold slot: DaySlot) async throws(CubeBuilderError) -> Bool {
        let needed = slot.index + 1
        if needed <= timeLength && timeValuesWritten { return false }
        // The axis already holds the slot and its values are right (a planned build's template):
        // nothing to write, and no lock on shared metadata.
        if needed <= timeLength, let time = arrays["time"], time.shape[0] == timeLength,
           let values = try? await time.read(Int64.self), values.elementsEqual((0..<timeLength).lazy.map { Int64($0) }),
           await consolidatedTimeLength() == timeLength {
            timeValuesWritten = true
            return false
        }
        let timed = timedArrayNames
        let (grown, isNew, changed) = try await coordination.withStoreLock { [self] () async throws(CubeBuilderError) -> ([String: ZarrArray], Bool, Bool) in
            var arrays = self.arrays
            var target = needed
            do {
                for name in timed + ["time"] {
                    arrays[name] = try await ZarrArray.open(storage, path: groupPath + "/" + name)
                }
                // Arrays may disagree after a crash between two resizes; take the largest.
                let current = (timed + ["time"]).compactMap { arrays[$0]?.shape.first }.max() ?? 0
                target = max(current, needed)
                var changed = false
                for name in timed {
                    guard var array = arrays[name], array.shape[0] != target else { continue }
                    try await array.resize(to: [target] + array.shape.dropFirst())
                    arrays[name] = array
                    changed = true
                }
                // Written once per process even when the length is right: a crash between the resize
                // and the write leaves the new entries at the fill value, and the length alone cannot tell.
                if var time = arrays["time"], time.shape[0] != target || !timeValuesWritten {
                    let stored = time.shape[0]
                    if stored != target { try await time.resize(to: [target]) }
                    // After this process wrote them once, only the slots the axis gained are new.
                    let written = timeValuesWritten ? min(stored, target)..<target : 0..<target
                    try await time.write(written.map { Int64($0) }, region: [written])
                    arrays["time"] = time
                    changed = true
                }
                if changed { try await updateConsolidated(with: (timed + ["time"]).compactMap { arrays[$0] }) }
                return (arrays, slot.index >= current, changed)
            } catch let error as CubeBuilderError {
                throw error
            } catch {
                throw .store(path: location, reason: "cannot grow the time axis to \(target)", cause: .wrapping(error))
            }
        }
        arrays = grown
        if changed { metadataChanged = true }
        timeLength = grown["time"]?.shape.first ?? needed
        timeValuesWritten = true
        return isNew
    }

    /// The length of every `[time, y, x]` array and `time` as the group's consolidated metadata
    /// records it, nil when they disagree or it is missing (a crash between a resize and the
    /// re-consolidation: readers using consolidated metadata would not see the new slots).
    private func consolidatedTimeLength() async -> Int? {
        guard let group = try? await ZarrGroup.open(storage, path: groupPath), let root = try? await ZarrGroup.open(storage),
              let documents = group.metadata.consolidatedMetadata, let rootDocuments = root.metadata.consolidatedMetadata else { return nil }
        let names = timedArrayNames + ["time"]
        let lengths = names.map { documents[$0]?["shape"]?.arrayValue?.first?.intValue }
            + names.map { rootDocuments[groupPath + "/" + $0]?["shape"]?.arrayValue?.first?.intValue }
        guard let first = lengths.first, let length = first, lengths.allSatisfy({ $0 == length }) else { return nil }
        return length
    }

    // MARK: Blocks

    /// The (y, x) shape of the chunks the three metadata arrays are written in (the inner chunks
    /// of plain shards), when they all agree; nil otherwise. Blocks track ownership per such
    /// chunk, so the store can write single-valued ones without their pixels.
    var metadataChunkShape: [Int]? {
        let shapes = CubeDefinition.metadataArrayNames.map { name -> [Int]? in
            guard let metadata = arrays[name]?.metadata else { return nil }
            if metadata.codecs.count == 1, let inner = metadata.innerChunkShape { return inner }
            return metadata.innerChunkShape == nil ? metadata.chunkShape : nil
        }
        guard let first = shapes.first, let shape = first, shapes.allSatisfy({ $0 == shape }), shape.count == 3, shape[0] == 1 else { return nil }
        return Array(shape.dropFirst())
    }

    /// The number of the write unit (time chunk × shard, or chunk) holding `window` of `slot`:
    /// the byte of ``BlockLocks`` that guards its read-merge-write.
    func writeUnit(slot: DaySlot, window: CubeWindow) -> Int64 {
        let block = definition.blockShape
        let rows = (definition.grid.height + block.height - 1) / block.height, columns = (definition.grid.width + block.width - 1) / block.width
        return (Int64(slot.index / definition.timeBlockLength) * Int64(rows) + Int64(window.row / block.height)) * Int64(columns) + Int64(window.column / block.width)
    }

    /// Whether the store holds `sensing_date` for the write unit of `window` in `slot`, i.e.
    /// whether any pixel there may be owned. Checked under the unit's lock, so the answer holds
    /// until the block is written.
    func holdsOwners(slot: DaySlot, window: CubeWindow) -> Bool {
        guard let metadata = arrays["sensing_date"]?.metadata else { return true }
        let shape = metadata.chunkShape
        let key = metadata.chunkKeyEncoding.key(for: [slot.index / shape[0], window.row / shape[1], window.column / shape[2]])
        return (try? storage.contains(groupPath + "/sensing_date/" + key)) ?? true
    }

    private func regions(_ slot: DaySlot, _ window: CubeWindow) -> [Range<Int>] {
        [slot.index..<(slot.index + 1), window.row..<window.endRow, window.column..<window.endColumn]
    }

    /// A block holding nothing yet, tracking the store's metadata chunks (see ``metadataChunkShape``).
    func emptyBlock(_ window: CubeWindow) -> CubeBlock {
        CubeBlock(window: window, bandTypes: bands.map { ($0.type, $0.nodata) }, chunkShape: metadataChunkShape)
    }

    /// The block a merge starts from, under its write unit's lock: what the store holds, or an
    /// empty block when the slot is new to this run (`slotIsNew`, it grew the time axis for it) and
    /// no builder has written the block since; another builder may have, between this run's
    /// growing the axis and taking the lock.
    func blockToMerge(slot: DaySlot, window: CubeWindow, slotIsNew: Bool) async throws(CubeBuilderError) -> CubeBlock {
        slotIsNew && !holdsOwners(slot: slot, window: window) ? emptyBlock(window) : try await readBlock(slot: slot, window: window)
    }

    /// Reads a block of one slot (fill where nothing is stored).
    func readBlock(slot: DaySlot, window: CubeWindow) async throws(CubeBuilderError) -> CubeBlock {
        guard slot.index < timeLength else { return emptyBlock(window) }
        do {
            let region = regions(slot, window)
            guard let sensingArray = arrays["sensing_date"] else { throw CubeBuilderError.store(path: location, reason: "sensing_date missing") }
            let sensing: [Int64] = try await sensingArray.read(region: region)
            // Nothing owned yet: any band values present come from an interrupted write and
            // will be rewritten identically, so start from fill.
            if !sensing.contains(where: { $0 != CubeDefinition.metadataFill }) { return emptyBlock(window) }
            var planes: [BandPlane] = []
            for band in bands {
                guard let array = arrays[band.name] else { throw CubeBuilderError.store(path: location, reason: "\(band.name) missing") }
                planes.append(BandPlane(type: band.type, nodata: band.nodata, bytes: try await array.readBytes(region: region)))
            }
            guard let absoluteArray = arrays["absolute_orbit_number"], let relativeArray = arrays["relative_orbit_number"] else {
                throw CubeBuilderError.store(path: location, reason: "orbit arrays missing")
            }
            let absolute: [Int32] = try await absoluteArray.read(region: region)
            let relative: [Int16] = try await relativeArray.read(region: region)
            return CubeBlock(window: window, bands: planes, sensingDate: sensing, absoluteOrbit: absolute, relativeOrbit: relative)
        } catch let error as CubeBuilderError {
            throw error
        } catch {
            throw .store(path: location, reason: "cannot read block \(window) of slot \(slot)", cause: .wrapping(error))
        }
    }

    /// Writes a block: bands and orbit numbers first, `sensing_date` last (it marks ownership,
    /// so a crash in between leaves pixels a re-run merges again, identically).
    func writeBlock(_ block: CubeBlock, slot: DaySlot) async throws(CubeBuilderError) {
        let region = regions(slot, block.window)
        do {
            for (band, plane) in zip(bands, block.bands) {
                try await arrays[band.name]?.writeBytes(plane.bytes, region: region)
            }
            // Chunks the block knows to hold one metadata value are written from that value: their
            // pixels are neither built nor read.
            let uniform = block.uniformMetadataChunks
            let skipped = uniform.filter(\.isWhole)
            func parts<T: ZarrElement>(_ value: (PixelStamp) -> T) -> [ZarrUniformPart<T>] {
                uniform.map { ZarrUniformPart(region: regions(slot, $0.window), value: value($0.stamp ?? .unowned)) }
            }
            try await arrays["absolute_orbit_number"]?.write(block.metadata(\.absoluteOrbit, skipping: skipped), region: region,
                                                           uniformParts: parts(\.absoluteOrbit))
            try await arrays["relative_orbit_number"]?.write(block.metadata(\.relativeOrbit, skipping: skipped), region: region,
                                                           uniformParts: parts(\.relativeOrbit))
            try await arrays["sensing_date"]?.write(block.metadata(\.sensingSeconds, skipping: skipped), region: region,
                                                  uniformParts: parts(\.sensingSeconds))
        } catch {
            throw .store(path: location, reason: "cannot write block \(block.window) of slot \(slot)", cause: .wrapping(error))
        }
    }

    // MARK: Journal and metadata

    private func journalKey(_ region: CubeWindow?, unit: Int?) -> String { groupPath + "/" + IngestJournal.fileName(for: region, unit: unit) }

    /// The journal of `region` (nil: the whole grid); empty when none was written yet.
    func readJournal(region: CubeWindow?, unit: Int? = nil) throws(CubeBuilderError) -> IngestJournal {
        try readJournal(at: journalKey(region, unit: unit)) ?? IngestJournal(region: region, unit: unit)
    }

    /// The items finished for all of `region` (nil: the whole grid): those in its own journal
    /// and in the journals of regions that contain it. For plan unit `unit`, the other units'
    /// journals are left out (see ``journals(for:)``).
    func finishedItems(region: CubeWindow?, unit: Int? = nil) throws(CubeBuilderError) -> Set<String> {
        var finished: Set<String> = []
        for journal in try journals(for: unit) where journal.covers(region) { finished.formUnion(journal.items.keys) }
        return finished
    }

    /// Every item the cube's journals record (whatever its region), with its entry; for plan
    /// unit `unit`, leaving out the other units' journals (see ``journals(for:)``).
    func journaledItems(unit: Int? = nil) throws(CubeBuilderError) -> [String: IngestJournal.Entry] {
        var items: [String: IngestJournal.Entry] = [:]
        for journal in try journals(for: unit) { items.merge(journal.items) { first, _ in first } }
        return items
    }

    /// The journals of every region of the cube, or for plan unit `unit`, its own and those of
    /// builds without a plan. Another unit's journal lists items of another region or other
    /// time blocks, never one this unit ingests or a slot it merges, and reading every unit's
    /// journal in every unit would cost units² reads (requests, on object storage).
    private func journals(for unit: Int?) throws(CubeBuilderError) -> [IngestJournal] {
        let names: [String]
        do { names = try storage.listDirectory(groupPath + "/").keys } catch {
            throw .store(path: location, reason: "cannot list the ingest journals", cause: .wrapping(error))
        }
        var journals: [IngestJournal] = []
        for name in names where IngestJournal.isJournalFileName(name) {
            if let unit, let writer = IngestJournal.unit(ofFileName: name), writer != unit { continue }
            if let journal = try readJournal(at: groupPath + "/" + name) { journals.append(journal) }
        }
        return journals
    }

    /// The journal stored at `key`, or nil when there is none.
    private func readJournal(at key: String) throws(CubeBuilderError) -> IngestJournal? {
        let bytes: [UInt8]?
        do { bytes = try storage.get(key) } catch { throw .store(path: location, reason: "cannot read the ingest journal \(key)", cause: .wrapping(error)) }
        return try bytes.map { (bytes) throws(CubeBuilderError) in try IngestJournal.decode(bytes, location: location + "/" + key) }
    }

    /// Adds `journal`'s items to the journal of its region, atomically. Callers make the data the
    /// journal vouches for durable first (``JournalRecorder``): atomic writes are enough after a
    /// kill, but after a power loss, data the kernel had not yet written back could be gone while
    /// the journal survived.
    ///
    /// Builders of one region may run at once (a backfill beside the daily update), so the
    /// stored journal is re-read and merged through the store's coordination: neither drops the
    /// other's items.
    func writeJournal(_ journal: IngestJournal) async throws(CubeBuilderError) {
        let key = journalKey(journal.region, unit: journal.unit), location = location
        try await coordination.update(key) { (stored) throws(CubeBuilderError) -> [UInt8] in
            var merged = journal
            if let stored {
                merged.items.merge(try IngestJournal.decode(stored, location: location + "/" + key).items) { mine, _ in mine }
            }
            do { return try merged.encoded() } catch { throw .store(path: location, reason: "cannot encode the ingest journal", cause: .wrapping(error)) }
        }
    }

    /// Makes everything written to the store so far durable (see ``StoreCoordination/makeDurable()``).
    func makeDurable() async throws(CubeBuilderError) {
        try await coordination.makeDurable()
    }

    /// Re-consolidates the cube group's and the root's metadata under the store lock.
    func consolidate() async throws(CubeBuilderError) {
        try await coordination.withStoreLock { () async throws(CubeBuilderError) in try await consolidateHoldingLock() }
    }

    /// Puts the current metadata of `changed` (arrays of the cube group) into the group's and
    /// the root's consolidated metadata, without reading every node of the store again (a
    /// growing time axis would otherwise re-read the whole hierarchy for each time block: tens
    /// of requests on object storage); falls back to a full consolidation when either lacks an
    /// entry. The caller holds the store lock.
    private func updateConsolidated(with changed: [ZarrArray]) async throws(CubeBuilderError) {
        do {
            var documents: [String: JSONValue] = [:]
            for array in changed {
                // What the array's zarr.json now holds, as a reader of it would parse it.
                documents[String(array.path.dropFirst(groupPath.count + 1))] = try JSONValue.parse(array.metadata.json.serialized(), source: array.path)
            }
            var group = try await ZarrGroup.open(storage, path: groupPath)
            var root = try await ZarrGroup.open(storage)
            guard try await group.updateConsolidatedMetadata(documents) else { return try await consolidateHoldingLock() }
            let rootDocuments = Dictionary(uniqueKeysWithValues: documents.map { (groupPath + "/" + $0.key, $0.value) })
            if try await !root.updateConsolidatedMetadata(rootDocuments) { _ = try await root.consolidateMetadata() }
        } catch let error as CubeBuilderError {
            throw error
        } catch {
            throw .store(path: location, reason: "cannot update the consolidated metadata", cause: CubeBuilderError.Cause(error))
        }
    }

    /// Re-consolidates from the stored metadata; the caller holds the store lock, so no other
    /// builder changes an array between the read and the write.
    private func consolidateHoldingLock() async throws(CubeBuilderError) {
        do {
            var group = try await ZarrGroup.open(storage, path: groupPath)
            _ = try await group.consolidateMetadata()
            var root = try await ZarrGroup.open(storage)
            _ = try await root.consolidateMetadata()
        } catch {
            throw .store(path: location, reason: "cannot consolidate metadata", cause: .wrapping(error))
        }
    }
}
