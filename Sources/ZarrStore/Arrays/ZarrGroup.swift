/// A Zarr v3 group: attributes, children, and zarr-python-compatible consolidated metadata.
///
/// A group opens on any ``ZarrReadableStorage``; it lists its children where the store is a
/// ``ZarrListableStorage`` and reads them from consolidated metadata where it is not (HTTP).
/// Creating a group needs a ``ZarrWritableStorage``, checked by the compiler; changing a
/// group opened on a store that cannot be written throws ``ZarrError/readOnlyStore(_:)``,
/// as ``ZarrArray``'s writes do.
public struct ZarrGroup: Sendable {
    /// The store holding the group.
    public let storage: any ZarrReadableStorage
    /// The group's node path (`""` for the root).
    public let path: String
    /// The group's metadata, as last read or written.
    public private(set) var metadata: ZarrGroupMetadata
    /// Descendant documents known from an ancestor's consolidated metadata (zarr-python leaves
    /// child groups' own consolidated metadata empty), for stores that cannot list.
    var inheritedConsolidated: [String: JSONValue]?

    init(storage: any ZarrReadableStorage, path: String, metadata: ZarrGroupMetadata, inheritedConsolidated: [String: JSONValue]? = nil) {
        self.storage = storage
        self.path = path
        self.metadata = metadata
        self.inheritedConsolidated = inheritedConsolidated
    }

    /// The consolidated view of this group's descendants: its own, else what an ancestor knew.
    var knownDescendants: [String: JSONValue]? {
        if let own = metadata.consolidatedMetadata, !own.isEmpty { return own }
        return inheritedConsolidated ?? metadata.consolidatedMetadata
    }

    /// The group's user attributes.
    public var attributes: [String: JSONValue] { metadata.attributes }

    /// Whether the group can be changed: its store is a ``ZarrWritableStorage`` that was not
    /// opened read-only. When `false`, every change throws ``ZarrError/readOnlyStore(_:)``.
    public var isWritable: Bool { (storage as? any ZarrWritableStorage)?.isWritable ?? false }

    /// The store, for writing; ``ZarrError/readOnlyStore(_:)`` when it cannot be written.
    func writable() throws(ZarrError) -> any ZarrWritableStorage {
        guard let writable = storage as? any ZarrWritableStorage, writable.isWritable else { throw .readOnlyStore(storage.description) }
        return writable
    }
}

// MARK: - Opening and creating

extension ZarrGroup {
    /// Opens the group at `path` (default: the root) of any readable store.
    public static func open(_ storage: any ZarrReadableStorage, path: String = "") async throws(ZarrError) -> ZarrGroup {
        switch try await ZarrNode.open(storage, path: path) {
        case .group(let g): return g
        case .array(let a): throw .nodeTypeMismatch(path: a.path, expected: "group", found: "array")
        }
    }

    /// Creates a group at `path`. With `overwrite`, an existing node (and everything below it) is replaced;
    /// without, an existing group is an error. Missing parent groups are not created (use ``createGroup(_:attributes:)``).
    public static func create(_ storage: any ZarrWritableStorage, path: String = "", attributes: [String: JSONValue] = [:],
                              overwrite: Bool = false) async throws(ZarrError) -> ZarrGroup {
        let node = try ZarrKey.normalizedNodePath(path)
        let key = ZarrKey.metadataKey(node)
        if try storage.get(key) != nil {
            guard overwrite else { throw .nodeAlreadyExists(path: node) }
            if !node.isEmpty { try storage.deleteAll(under: node + "/") }
        }
        let metadata = ZarrGroupMetadata(attributes: attributes)
        try storage.set(key, metadata.json.serialized())
        return ZarrGroup(storage: storage, path: node, metadata: metadata)
    }

    /// Opens the group at `path`, creating it (and missing parents) when absent.
    public static func openOrCreate(_ storage: any ZarrWritableStorage, path: String = "") async throws(ZarrError) -> ZarrGroup {
        let node = try ZarrKey.normalizedNodePath(path)
        do { return try await open(storage, path: node) } catch .nodeNotFound {}
        var current = ""
        for segment in node.split(separator: "/") {
            let parent = current
            current = ZarrKey.join(parent, String(segment))
            if try storage.get(ZarrKey.metadataKey(parent)) == nil { _ = try await create(storage, path: parent) }
        }
        let exists = try storage.get(ZarrKey.metadataKey(node)) != nil
        return exists ? try await open(storage, path: node) : try await create(storage, path: node)
    }
}

// MARK: - Children

extension ZarrGroup {
    /// Creates a child group `name` (a relative path; intermediate groups are created as needed).
    public func createGroup(_ name: String, attributes: [String: JSONValue] = [:], overwrite: Bool = false) async throws(ZarrError) -> ZarrGroup {
        let storage = try writable()
        let child = ZarrKey.join(path, try ZarrKey.normalizedNodePath(name))
        try await ensureParents(of: child, in: storage)
        return try await ZarrGroup.create(storage, path: child, attributes: attributes, overwrite: overwrite)
    }

    /// Opens the child group `name` (a relative path).
    public func openGroup(_ name: String) async throws(ZarrError) -> ZarrGroup {
        let relative = try ZarrKey.normalizedNodePath(name)
        var group = try await ZarrGroup.open(storage, path: ZarrKey.join(path, relative))
        if let known = knownDescendants {
            let prefix = relative + "/"
            var inherited: [String: JSONValue] = [:]
            for (key, document) in known where key.hasPrefix(prefix) { inherited[String(key.dropFirst(prefix.count))] = document }
            group.inheritedConsolidated = inherited
        }
        return group
    }

    /// Creates the child array `name` (a relative path; intermediate groups are created as needed).
    public func createArray(_ name: String, definition: ZarrArrayDefinition, overwrite: Bool = false) async throws(ZarrError) -> ZarrArray {
        let storage = try writable()
        let child = ZarrKey.join(path, try ZarrKey.normalizedNodePath(name))
        try await ensureParents(of: child, in: storage)
        return try await ZarrArray.create(storage, path: child, definition: definition, overwrite: overwrite)
    }

    /// Opens the child array `name` (a relative path).
    public func openArray(_ name: String) async throws(ZarrError) -> ZarrArray {
        try await ZarrArray.open(storage, path: ZarrKey.join(path, try ZarrKey.normalizedNodePath(name)))
    }

    /// Whether a child node `name` exists.
    public func contains(_ name: String) async throws(ZarrError) -> Bool {
        try storage.get(ZarrKey.metadataKey(ZarrKey.join(path, try ZarrKey.normalizedNodePath(name)))) != nil
    }

    private func ensureParents(of child: String, in storage: any ZarrWritableStorage) async throws(ZarrError) {
        let segments = child.split(separator: "/").dropLast()
        var current = ""
        for segment in segments {
            current = ZarrKey.join(current, String(segment))
            if current.count <= path.count { continue }
            if try storage.get(ZarrKey.metadataKey(current)) == nil { _ = try await ZarrGroup.create(storage, path: current) }
        }
    }

    /// The group's direct children, sorted by name. Listed from the store when it is a
    /// ``ZarrListableStorage``; stores that cannot list (HTTP) use the consolidated metadata.
    public func children() async throws(ZarrError) -> [ZarrChildInfo] {
        let prefix = path.isEmpty ? "" : path + "/"
        let listing = try (storage as? any ZarrListableStorage)?.listDirectory(prefix) ?? (keys: [], prefixes: [])
        var result: [ZarrChildInfo] = []
        if listing.prefixes.isEmpty, let consolidated = knownDescendants {
            for (name, document) in consolidated where !name.contains("/") {
                result.append(ZarrChildInfo(name: name, kind: document["node_type"]?.stringValue == "array" ? .array : .group))
            }
            return result.sorted { $0.name < $1.name }
        }
        for name in listing.prefixes {
            let key = ZarrKey.metadataKey(prefix + name)
            guard let bytes = try storage.get(key, maximumBytes: ZarrKey.maximumMetadataBytes) else { continue }
            let json = try JSONValue.parse(bytes, source: key)
            switch json["node_type"]?.stringValue {
            case "array": result.append(ZarrChildInfo(name: name, kind: .array))
            case "group": result.append(ZarrChildInfo(name: name, kind: .group))
            default: continue
            }
        }
        return result.sorted { $0.name < $1.name }
    }

    /// Every descendant's path (relative to this group) and `zarr.json` document, depth first.
    func descendants() async throws(ZarrError) -> [(String, JSONValue)] {
        var result: [(String, JSONValue)] = []
        var stack: [String] = [""]
        while let relative = stack.popLast() {
            let group = relative.isEmpty ? self : try await ZarrGroup.open(storage, path: ZarrKey.join(path, relative))
            for child in try await group.children() {
                let childRelative = ZarrKey.join(relative, child.name)
                let key = ZarrKey.metadataKey(ZarrKey.join(path, childRelative))
                guard let bytes = try storage.get(key, maximumBytes: ZarrKey.maximumMetadataBytes) else { continue }
                result.append((childRelative, try JSONValue.parse(bytes, source: key)))
                if child.kind == .group { stack.append(childRelative) }
            }
        }
        return result
    }
}

// MARK: - Metadata updates

extension ZarrGroup {
    /// Replaces the user attributes and rewrites `zarr.json` (keeping any consolidated metadata).
    public mutating func setAttributes(_ attributes: [String: JSONValue]) async throws(ZarrError) {
        var updated = metadata
        updated.attributes = attributes
        try writable().set(ZarrKey.metadataKey(path), updated.json.serialized())
        metadata = updated
    }

    /// Writes zarr-python's inline consolidated metadata into this group's `zarr.json`:
    /// every descendant's document keyed by its relative path (child groups carry an empty
    /// `consolidated_metadata`, as zarr-python writes them). Returns the updated group.
    @discardableResult
    public mutating func consolidateMetadata() async throws(ZarrError) -> ZarrGroup {
        let storage = try writable()
        var documents: [String: JSONValue] = [:]
        for (relative, document) in try await descendants() {
            if document["node_type"]?.stringValue == "group" {
                documents[relative] = document.setting("consolidated_metadata", to: nil)
                    .setting("consolidated_metadata", to: ["kind": "inline", "must_understand": false, "metadata": .object([:])])
            } else {
                documents[relative] = document
            }
        }
        var updated = metadata
        updated.consolidatedMetadata = documents
        try storage.set(ZarrKey.metadataKey(path), updated.json.serialized())
        metadata = updated
        return self
    }

    /// Replaces, in this group's consolidated metadata, the documents of the descendants named
    /// in `documents` (paths relative to this group) and rewrites `zarr.json`, without walking
    /// the hierarchy: one write instead of a read of every node, for a writer that knows what it
    /// changed (a resized array). Returns false, writing nothing, when the group has no
    /// consolidated metadata or it lacks one of the paths; call ``consolidateMetadata()`` then.
    /// The result is byte for byte what ``consolidateMetadata()`` would write when `documents`
    /// hold what the descendants' `zarr.json` now hold.
    public mutating func updateConsolidatedMetadata(_ documents: [String: JSONValue]) async throws(ZarrError) -> Bool {
        guard var consolidated = metadata.consolidatedMetadata,
              documents.keys.allSatisfy({ consolidated[$0] != nil }) else { return false }
        let storage = try writable()
        consolidated.merge(documents) { _, new in new }
        var updated = metadata
        updated.consolidatedMetadata = consolidated
        try storage.set(ZarrKey.metadataKey(path), updated.json.serialized())
        metadata = updated
        return true
    }
}
