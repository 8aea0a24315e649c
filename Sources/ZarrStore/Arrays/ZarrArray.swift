/// A Zarr v3 array in a store: its metadata and typed access to any region.
///
/// A value type: copies share the store. Reading and writing decode and encode chunks in
/// parallel across all cores; regions are `[Range<Int>]`, one range per dimension.
///
/// ## Read-only stores
///
/// An array opens on any ``ZarrReadableStorage``. Creating an array needs a
/// ``ZarrWritableStorage``, checked by the compiler; an array *opened* on a store without
/// that capability (``HTTPStorage``), or on one opened read-only
/// (``ZarrWritableStorage/isWritable`` `false`), throws ``ZarrError/readOnlyStore(_:)`` from
/// every write before touching the store. ``isWritable`` tells in advance.
///
/// Writes are refused at run time rather than removed at compile time (a generic
/// `ZarrArray<Storage>` with write methods only where `Storage` is writable) so that one
/// `ZarrArray` type serves every store: arrays of different stores sit in one collection and
/// APIs taking an array need no generic parameter. Whether a directory or a bucket was opened
/// read-only is known only at run time anyway.
public struct ZarrArray: Sendable {
    /// The store holding the array.
    public let storage: any ZarrReadableStorage
    /// The array's node path in the store (`""` for a root array).
    public let path: String
    /// The array's metadata, as last read or written.
    public private(set) var metadata: ZarrArrayMetadata
    /// Whether chunks whose elements all equal the fill value are still written.
    /// `false` (the default, like zarr-python) deletes such chunks instead.
    public var writeEmptyChunks: Bool = false
    /// How many threads one read or write of this array uses to encode and decode its chunks.
    ///
    /// Defaults to the number of cores. A caller that already runs several reads or writes at
    /// once (one per core, say) should lower it, so the threads do not outnumber the cores;
    /// values below 1 count as 1. Remote stores still keep their own requests in flight.
    public var concurrency: Int = Parallel.width

    let pipeline: CodecPipeline
    let fillElement: [UInt8]
    /// The store's write capability, when it has one (`nil` on ``HTTPStorage``).
    let writableStorage: (any ZarrWritableStorage)?

    init(storage: any ZarrReadableStorage, path: String, metadata: ZarrArrayMetadata) throws(ZarrError) {
        self.storage = storage
        self.writableStorage = storage as? any ZarrWritableStorage
        self.path = path
        self.metadata = metadata
        guard ChunkGrid(arrayShape: metadata.shape, chunkShape: metadata.chunkShape).gridExtent != nil else {
            throw .invalidMetadata(key: ZarrKey.metadataKey(path), reason: "shape \(metadata.shape) rounded up to whole chunks of "
                                   + "\(metadata.chunkShape) exceeds the largest index (\(Int.max))")
        }
        let fill = try metadata.fillValue.elementBytes(for: metadata.dataType)
        self.fillElement = fill
        self.pipeline = try CodecPipeline(codecs: metadata.codecs, dataType: metadata.dataType, chunkShape: metadata.chunkShape,
                                          key: ZarrKey.metadataKey(path), fillElement: fill)
    }

    /// The array's shape.
    public var shape: [Int] { metadata.shape }
    /// The element type.
    public var dataType: ZarrDataType { metadata.dataType }
    /// The array's user attributes.
    public var attributes: [String: JSONValue] { metadata.attributes }
    /// The last path segment (the name within its parent group).
    public var name: String { path.split(separator: "/").last.map(String.init) ?? "" }
    /// The region covering the whole array.
    public var fullRegion: [Range<Int>] { shape.map { 0..<$0 } }

    /// Whether the array can be written: its store is a ``ZarrWritableStorage`` that was not
    /// opened read-only. When `false`, every write throws ``ZarrError/readOnlyStore(_:)``.
    public var isWritable: Bool { writableStorage?.isWritable ?? false }

    /// The store, for writing; ``ZarrError/readOnlyStore(_:)`` when it cannot be written.
    func writable() throws(ZarrError) -> any ZarrWritableStorage {
        guard let writableStorage, writableStorage.isWritable else { throw .readOnlyStore(storage.description) }
        return writableStorage
    }

    var grid: ChunkGrid { ChunkGrid(arrayShape: metadata.shape, chunkShape: metadata.chunkShape) }

    /// The store key of the grid chunk (or shard) at `coordinates`.
    func chunkKey(_ coordinates: [Int]) -> String {
        ZarrKey.join(path, metadata.chunkKeyEncoding.key(for: coordinates))
    }
}

// MARK: - Opening and creating

extension ZarrArray {
    /// Opens the array at `path`, reading and validating its `zarr.json`. Any readable store
    /// will do; writes need a writable one (see ``isWritable``).
    public static func open(_ storage: any ZarrReadableStorage, path: String) async throws(ZarrError) -> ZarrArray {
        let node = try ZarrKey.normalizedNodePath(path)
        let key = ZarrKey.metadataKey(node)
        guard let bytes = try storage.get(key, maximumBytes: ZarrKey.maximumMetadataBytes) else { throw try ZarrNode.missingNodeError(storage, node) }
        let json = try JSONValue.parse(bytes, source: key)
        if json["node_type"]?.stringValue == "group" { throw .nodeTypeMismatch(path: node, expected: "array", found: "group") }
        return try ZarrArray(storage: storage, path: node, metadata: ZarrArrayMetadata.parse(json, key: key))
    }

    /// Creates an array at `path` from `definition`; with `overwrite`, an existing node and its chunks are replaced.
    public static func create(_ storage: any ZarrWritableStorage, path: String, definition: ZarrArrayDefinition,
                              overwrite: Bool = false) async throws(ZarrError) -> ZarrArray {
        try await create(storage, path: path, metadata: definition.metadata(), overwrite: overwrite)
    }

    /// Creates an array at `path` with exactly `metadata`.
    public static func create(_ storage: any ZarrWritableStorage, path: String, metadata: ZarrArrayMetadata,
                              overwrite: Bool = false) async throws(ZarrError) -> ZarrArray {
        let node = try ZarrKey.normalizedNodePath(path)
        try metadata.validate(key: ZarrKey.metadataKey(node))
        let key = ZarrKey.metadataKey(node)
        if try storage.get(key) != nil {
            guard overwrite else { throw .nodeAlreadyExists(path: node) }
            if !node.isEmpty { try storage.deleteAll(under: node + "/") }
        }
        let array = try ZarrArray(storage: storage, path: node, metadata: metadata)
        try storage.set(key, metadata.json.serialized())
        return array
    }
}

// MARK: - Metadata updates

extension ZarrArray {
    /// Replaces the user attributes and rewrites `zarr.json`.
    public mutating func setAttributes(_ attributes: [String: JSONValue]) async throws(ZarrError) {
        var updated = metadata
        updated.attributes = attributes
        try writable().set(ZarrKey.metadataKey(path), updated.json.serialized())
        metadata = updated
    }

    /// Changes the shape (same rank). Chunks wholly outside the new shape are deleted, so
    /// growing again later shows the fill value there.
    public mutating func resize(to newShape: [Int]) async throws(ZarrError) {
        guard newShape.count == shape.count, newShape.allSatisfy({ $0 >= 0 }) else {
            throw .invalidRegion(array: path, reason: "cannot resize \(shape) to \(newShape): the rank must stay \(shape.count) and extents be non-negative")
        }
        let old = grid
        let new = ChunkGrid(arrayShape: newShape, chunkShape: old.chunkShape)
        guard new.gridExtent != nil else {
            throw .invalidRegion(array: path, reason: "cannot resize to \(newShape): rounded up to whole chunks of \(old.chunkShape) it exceeds the largest index (\(Int.max))")
        }
        let store = try writable()
        var updated = metadata
        updated.shape = newShape
        try store.set(ZarrKey.metadataKey(path), updated.json.serialized())
        let oldCounts = old.chunkCounts, newCounts = new.chunkCounts
        metadata = updated
        if zip(oldCounts, newCounts).allSatisfy({ $0 <= $1 }) { return }
        // Delete chunks beyond the new grid in any dimension (one slab per shrunk dimension).
        var keys = Set<String>()
        for d in 0..<shape.count where newCounts[d] < oldCounts[d] {
            var ranges = oldCounts.map { 0..<$0 }
            ranges[d] = newCounts[d]..<oldCounts[d]
            for c in ChunkGrid.coordinates(in: ranges) { keys.insert(chunkKey(c)) }
        }
        let list = Array(keys)
        // A deletion is counted as one chunk's worth of work.
        try await onPool(bytes: list.count * (Self.inlineBytes / 16)) { () throws(ZarrError) in
            try Parallel.forEach(list.count) { (i: Int) throws(ZarrError) in try store.delete(list[i]) }
        }
    }
}
