import EOCubeBuilder
import Foundation
import ZarrStore

/// Writes the STAC Collection describing a cube (`eocube stac describe`, and after every
/// `eocube build` and `eocube commit`).
enum CubeCollectionFile {
    /// Where the Collection goes by default: `collection.json` in the cube group's directory.
    static func defaultPath(store: String, group: String) -> String {
        URL(fileURLWithPath: store).appendingPathComponent(group).appendingPathComponent("collection.json").path
    }

    /// Describes the cube `group` of the store `store` (a directory or an `s3://` URL) and writes
    /// the Collection to `output` (a local path), or by default to `collection.json` in the cube
    /// group, through the store's own atomic writes. The asset names the store relative to the
    /// Collection when it lies inside the store, absolutely otherwise. Returns where it went.
    @discardableResult
    static func write(store: String, group: String, output: String?, id: String?, derivedFrom: [String]) async throws -> String {
        let location = try ZarrStoreLocation(parsing: store)
        let storage = try location.openStorage()
        let reader = try await CubeReader.open(storage, group: group)
        let storeName: String
        let storeRoot: String?
        switch location {
        case .fileSystem(let path):
            storeRoot = URL(fileURLWithPath: path).standardizedFileURL.path
            storeName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        default:
            storeRoot = nil
            storeName = URL(fileURLWithPath: location.description).deletingPathExtension().lastPathComponent
        }
        let name = id ?? (storeName + "-" + group.replacingOccurrences(of: "/", with: "-"))
        // The key inside the store the Collection goes to, when it goes inside the store.
        var key: String?
        if let output {
            let target = URL(fileURLWithPath: output).standardizedFileURL.path
            if let storeRoot, target.hasPrefix(storeRoot + "/") { key = String(target.dropFirst(storeRoot.count + 1)) }
        } else {
            key = group + "/collection.json"
        }
        let storeHref: String
        if let key {
            storeHref = String(repeating: "../", count: key.split(separator: "/").count - 1)
        } else {
            storeHref = storeRoot ?? location.description
        }
        let bytes = Array(reader.stacCollection(id: name, storeHref: storeHref, derivedFrom: derivedFrom).jsonString(prettyPrinted: true).utf8)
        let written = key.map { (storeRoot ?? location.description) + "/" + $0 } ?? output ?? ""
        do {
            if let key {
                // Inside the store, through the store's own atomic writes: a kill mid-write leaves a
                // temporary file the next build recognises and removes (Foundation's would stay).
                try storage.set(key, bytes)
            } else {
                try Data(bytes).write(to: URL(fileURLWithPath: written), options: .atomic)
            }
        } catch {
            throw CubeBuilderError.store(path: written, reason: "cannot write the cube's STAC Collection", cause: CubeBuilderError.Cause(error))
        }
        return written
    }
}
