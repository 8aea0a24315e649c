import ArgumentParser
import ZarrStore

/// `eocube zarr ls STORE`: the hierarchy with each array's type, shape, chunks and codecs.
struct ZarrListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List the groups and arrays of a Zarr v3 store.")

    @Argument(help: "Store: directory, http(s) URL or s3://bucket/prefix.") var store: String
    @Option(help: "Group to start from.") var group: String = ""

    func run() async throws {
        let storage = try openZarrStorage(store)
        switch try await ZarrNode.open(storage, path: group) {
        case .group(let start):
            print("/\(start.path)  group  \(attributesText(start.attributes))")
            let unsupported = try await list(start, storage: storage, depth: 1)
            if unsupported > 0 { print("\(unsupported) node(s) cannot be read by this version (marked 'unsupported')") }
        case .array(let array):
            print("/\(array.path)  " + describe(array.metadata))
        }
    }

    /// Lists every child, one line each; a child that cannot be opened is shown with the
    /// reason instead of ending the listing. Returns how many such children there were.
    private func list(_ group: ZarrGroup, storage: any ZarrReadableStorage, depth: Int) async throws -> Int {
        let indent = String(repeating: "  ", count: depth)
        let prefix = group.path.isEmpty ? "" : group.path + "/"
        // Directories of the store, when it can list; else the group's (consolidated) view.
        var names = try (storage as? any ZarrListableStorage)?.listDirectory(prefix).prefixes ?? []
        if names.isEmpty { names = try await group.children().map(\.name) }
        var unsupported = 0
        for name in names.sorted() {
            let path = prefix + name
            let node: ZarrNode
            do {
                node = try await ZarrNode.open(storage, path: path)
            } catch ZarrError.nodeNotFound {
                continue  // a plain directory (e.g. a chunk directory), not a node
            } catch {
                print("\(indent)\(name)  \(rawSummary(storage, path))unsupported: \(error)")
                unsupported += 1
                continue
            }
            switch node {
            case .group(let g):
                print("\(indent)\(name)/  group  \(attributesText(g.attributes))")
                unsupported += try await list(g, storage: storage, depth: depth + 1)
            case .array(let a):
                print("\(indent)\(name)  " + describe(a.metadata))
            }
        }
        return unsupported
    }

    /// What the raw `zarr.json` of a node we cannot open still says (kind, data type, shape).
    private func rawSummary(_ storage: any ZarrReadableStorage, _ path: String) -> String {
        guard let bytes = try? storage.get(path + "/zarr.json"), let json = try? JSONValue.parse(bytes, source: path) else { return "" }
        var parts: [String] = []
        if let kind = json["node_type"]?.stringValue { parts.append(kind) }
        if let type = json["data_type"]?.stringValue ?? json["data_type"]?["name"]?.stringValue { parts.append(type) }
        if let shape = json["shape"]?.arrayValue?.compactMap(\.intValue) { parts.append("\(shape)") }
        return parts.isEmpty ? "" : parts.joined(separator: " ") + "  "
    }

    private func describe(_ m: ZarrArrayMetadata) -> String {
        var line = "\(m.dataType.rawValue) \(m.shape)  chunks \(m.innerChunkShape ?? m.chunkShape)"
        if m.innerChunkShape != nil { line += "  shards \(m.chunkShape)" }
        line += "  codecs \(codecNames(m.codecs))"
        if let dims = m.dimensionNames { line += "  dims (\(dims.map { $0 ?? "-" }.joined(separator: ", ")))" }
        return line
    }

    private func codecNames(_ codecs: [ZarrCodec]) -> String {
        codecs.map(\.description).joined(separator: ",")
    }

    private func attributesText(_ attributes: [String: JSONValue]) -> String {
        attributes.isEmpty ? "" : "attrs: " + attributes.keys.sorted().joined(separator: ", ")
    }
}
