import Foundation
import SystemSupport

/// Decides whether two local store directories overlap (one is, holds or lies inside the other),
/// by their real paths and by device and inode, so symbolic links, `..` and bind mounts do not hide it.
enum StoreOverlap {
    /// `path` made absolute with every existing part resolved (`realpath(3)` of the deepest
    /// existing ancestor, then the components that do not exist yet).
    static func resolvedPath(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var existing = (absolute as NSString).standardizingPath
        var missing: [String] = []
        while existing != "/" {
            if let base = FileCalls.resolvedPath(existing) {
                let tail = missing.reversed().joined(separator: "/")
                if tail.isEmpty { return base }
                return base == "/" ? "/" + tail : base + "/" + tail
            }
            missing.append((existing as NSString).lastPathComponent)
            existing = (existing as NSString).deletingLastPathComponent
        }
        return "/" + missing.reversed().joined(separator: "/")
    }

    /// Device and inode of an existing path.
    private static func identity(_ path: String) -> (UInt64, UInt64)? {
        guard let status = try? FileCalls.status(path) else { return nil }
        return (status.device, status.inode)
    }

    /// The resolved path and every ancestor of it that exists, innermost first.
    private static func existingChain(_ resolved: String) -> [(String, (UInt64, UInt64))] {
        var result: [(String, (UInt64, UInt64))] = []
        var current = resolved
        while true {
            if let id = identity(current) { result.append((current, id)) }
            if current == "/" { break }
            current = (current as NSString).deletingLastPathComponent
        }
        return result
    }

    /// Why copying `source` to `destination` would destroy or recurse into the source, or `nil` when they are apart.
    static func conflict(source: String, destination: String) -> String? {
        let src = resolvedPath(source), dst = resolvedPath(destination)
        if src == dst { return "the destination is the source (\(src))" }
        if dst.hasPrefix(src == "/" ? "/" : src + "/") { return "the destination \(dst) lies inside the source \(src)" }
        if src.hasPrefix(dst == "/" ? "/" : dst + "/") { return "the source \(src) lies inside the destination \(dst)" }
        // The same directory reached through a bind mount or hard-linked path.
        guard let sourceID = identity(src) else { return nil }
        let destinationChain = existingChain(dst)
        if let first = destinationChain.first, first.0 == dst, first.1 == sourceID { return "the destination is the source (\(src))" }
        if destinationChain.contains(where: { $0.1 == sourceID }) { return "the destination \(dst) lies inside the source \(src)" }
        if let destinationID = identity(dst), existingChain(src).contains(where: { $0.1 == destinationID }) {
            return "the source \(src) lies inside the destination \(dst)"
        }
        return nil
    }
}
