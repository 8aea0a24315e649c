import EOCubeBuilder
import Foundation
import ZarrStore

/// Writes the STAC Collection describing a cube (`eocube stac describe`, and after every
/// `eocube build`).
enum CubeCollectionFile {
    /// Where the Collection goes by default: `collection.json` in the cube group's directory.
    static func defaultPath(store: String, group: String) -> String {
        URL(fileURLWithPath: store).appendingPathComponent(group).appendingPathComponent("collection.json").path
    }

    /// Describes the cube `group` of the local store `store` and writes the Collection to
    /// `output`; the asset names the store relative to the Collection when it lies inside the
    /// store, absolutely otherwise. Returns the path written.
    @discardableResult
    static func write(store: String, group: String, output: String?, id: String?, derivedFrom: [String]) async throws -> String {
        let storeURL = URL(fileURLWithPath: store).standardizedFileURL
        let path = output ?? defaultPath(store: store, group: group)
        let outputDirectory = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
        let storeHref: String
        if outputDirectory.path.hasPrefix(storeURL.path + "/") {
            let depth = outputDirectory.path.dropFirst(storeURL.path.count + 1).split(separator: "/").count
            storeHref = String(repeating: "../", count: depth)
        } else {
            storeHref = storeURL.path
        }
        let reader = try await CubeReader.open(try FileSystemStorage(path: store, readOnly: true), group: group)
        let name = id ?? (storeURL.deletingPathExtension().lastPathComponent + "-" + group.replacingOccurrences(of: "/", with: "-"))
        let collection = reader.stacCollection(id: name, storeHref: storeHref, derivedFrom: derivedFrom)
        let bytes = Array(collection.jsonString(prettyPrinted: true).utf8)
        let target = URL(fileURLWithPath: path).standardizedFileURL.path
        do {
            if target.hasPrefix(storeURL.path + "/") {
                // Inside the store, through the store's own atomic writes: a kill mid-write leaves a
                // temporary file the next build recognises and removes (Foundation's would stay).
                try FileSystemStorage(path: store).set(String(target.dropFirst(storeURL.path.count + 1)), bytes)
            } else {
                try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
            }
        } catch {
            throw CubeBuilderError.store(path: path, reason: "cannot write the cube's STAC Collection: \(error.localizedDescription)")
        }
        return path
    }
}
