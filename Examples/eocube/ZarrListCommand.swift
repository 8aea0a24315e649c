import ArgumentParser
import ZarrStore

/// `eocube zarr ls STORE`: the hierarchy with each array's type, shape, chunks and codecs.
struct ZarrListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List the groups and arrays of a Zarr v3 store.")

    @Argument(help: "Store directory or http(s) URL.") var store: String
    @Option(help: "Group to start from.") var group: String = ""

    func run() async throws {
        let storage = try openZarrStorage(store)
        let start = try await ZarrGroup.open(storage, path: group)
        print("/\(start.path)  group  \(attributesText(start.attributes))")
        try await list(start, depth: 1)
    }

    private func list(_ group: ZarrGroup, depth: Int) async throws {
        for child in try await group.children() {
            let indent = String(repeating: "  ", count: depth)
            switch child.kind {
            case .group:
                let g = try await group.openGroup(child.name)
                print("\(indent)\(child.name)/  group  \(attributesText(g.attributes))")
                try await list(g, depth: depth + 1)
            case .array:
                let a = try await group.openArray(child.name)
                let m = a.metadata
                var line = "\(indent)\(child.name)  \(m.dataType.rawValue) \(m.shape)  chunks \(m.innerChunkShape ?? m.chunkShape)"
                if m.innerChunkShape != nil { line += "  shards \(m.chunkShape)" }
                line += "  codecs \(codecNames(m.codecs))"
                if let dims = m.dimensionNames { line += "  dims (\(dims.map { $0 ?? "-" }.joined(separator: ", ")))" }
                print(line)
            }
        }
    }

    private func codecNames(_ codecs: [ZarrCodec]) -> String {
        codecs.map { codec in
            switch codec {
            case .sharding(let s): return "sharding[\(codecNames(s.codecs)); index \(s.indexLocation.rawValue)]"
            case .blosc(let b): return "blosc(\(b.compressor.rawValue),\(b.level),\(b.shuffle.rawValue))"
            case .zstd(let level, _): return "zstd(\(level))"
            case .gzip(let level): return "gzip(\(level))"
            case .bytes(let e): return "bytes(\(e?.rawValue ?? "-"))"
            default: return codec.name
            }
        }.joined(separator: ",")
    }

    private func attributesText(_ attributes: [String: JSONValue]) -> String {
        attributes.isEmpty ? "" : "attrs: " + attributes.keys.sorted().joined(separator: ", ")
    }
}
