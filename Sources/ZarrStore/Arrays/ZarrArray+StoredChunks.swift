extension ZarrArray {
    /// The grid coordinates of every chunk (or shard) stored for this array, found by listing
    /// the store; `nil` when the store cannot list (HTTP). Sparse arrays, such as a cube's time
    /// axis of thousands of day slots with a few filled, are walked by what exists, not by grid.
    public func storedChunkCoordinates() throws(ZarrError) -> [[Int]]? {
        // A store that cannot list (HTTP): an empty answer there would not mean "no chunks".
        guard let storage = storage as? any ZarrListableStorage else { return nil }
        let rank = shape.count
        let node = path.isEmpty ? "" : path + "/"
        func numbers(_ name: String, dropping prefix: String, separator: Character) -> [Int]? {
            guard name.hasPrefix(prefix) else { return nil }
            let parts = name.dropFirst(prefix.count).split(separator: separator, omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count == rank, parts.allSatisfy({ ($0 ?? -1) >= 0 }) else { return nil }
            return parts.compactMap { $0 }
        }
        switch metadata.chunkKeyEncoding {
        case .default(.dot):
            return try storage.listDirectory(node).keys.compactMap { numbers($0, dropping: rank == 0 ? "c" : "c.", separator: ".") }
        case .v2(.dot):
            return try storage.listDirectory(node).keys.compactMap { rank == 0 ? ($0 == "0" ? [] : nil) : numbers($0, dropping: "", separator: ".") }
        case .default(.slash):
            return rank == 0 ? (try storage.listDirectory(node).keys.contains("c") ? [[]] : []) : try nested(under: node + "c/", depth: rank, in: storage)
        case .v2(.slash):
            return rank == 0 ? (try storage.listDirectory(node).keys.contains("0") ? [[]] : []) : try nested(under: node, depth: rank, in: storage)
        }
    }

    /// Coordinates from nested directories: `depth - 1` directory levels of numbers, then keys.
    private func nested(under prefix: String, depth: Int, in storage: any ZarrListableStorage) throws(ZarrError) -> [[Int]] {
        let listing = try storage.listDirectory(prefix)
        if depth == 1 { return listing.keys.compactMap { Int($0) }.filter { $0 >= 0 }.map { [$0] } }
        var out: [[Int]] = []
        for name in listing.prefixes {
            guard let index = Int(name.trimmingCharacters(in: ["/"])), index >= 0 else { continue }
            out += try nested(under: prefix + String(index) + "/", depth: depth - 1, in: storage).map { [index] + $0 }
        }
        return out
    }
}
