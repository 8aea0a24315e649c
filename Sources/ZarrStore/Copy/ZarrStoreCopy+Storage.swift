/// Copying into any writable storage (object storage has no directories to stage in and
/// rename, so this is the variant `eocube zarr copy … s3://…` uses).
extension ZarrStoreCopy {
    /// Copies `source` (any readable store) into `destination`, re-encoding every array;
    /// returns how many arrays were copied.
    ///
    /// Every object is written whole, and the root's consolidated metadata last, so a reader
    /// opening the store through consolidated metadata sees it only once complete. Not atomic
    /// as a whole: a failed copy leaves the objects written so far (copy again to finish).
    /// A destination that holds anything but a store is refused; a store is replaced only
    /// with `overwrite` (its objects are deleted first). The same store as source and
    /// destination is refused.
    public static func copy(from source: any ZarrReadableStorage, toStorage destination: any ZarrStorage,
                            options: ZarrCopyOptions = ZarrCopyOptions()) async throws(ZarrError) -> Int {
        guard destination.isWritable else { throw .readOnlyStore(destination.description) }
        let from = source.description, to = destination.description
        if from == to || to.hasPrefix(from + "/") || from.hasPrefix(to + "/") {
            throw .copyRefused(source: from, destination: to, reason: "the destination is, holds or lies inside the source")
        }
        let root = try destination.listDirectory("")
        if !root.keys.isEmpty || !root.prefixes.isEmpty {
            guard root.keys.contains("zarr.json") else {
                throw .copyRefused(source: from, destination: to,
                                   reason: "the destination holds objects but no zarr.json; refusing to replace what is not a Zarr v3 store")
            }
            guard options.overwrite else {
                throw .copyRefused(source: from, destination: to, reason: "the destination already holds a Zarr store (overwrite replaces it)")
            }
            for name in root.prefixes { try destination.deleteAll(under: name + "/") }
            // The root document goes last: until then the old store is still recognisable as one.
            for name in root.keys where name != "zarr.json" { try destination.delete(name) }
            try destination.delete("zarr.json")
        }
        return try await copyNodes(from: source, to: destination, options: options)
    }
}
