import Foundation

/// Copies a whole Zarr v3 store into a local directory, re-encoding every array with this
/// library's writer (new codecs, chunks or shards as the options say).
///
/// The copy is built in a hidden sibling of the destination and moved into place only when
/// complete, so a failed copy leaves nothing behind and an overwritten store is replaced in
/// one step. A destination that is, holds or lies inside the source is refused before
/// anything is written.
public enum ZarrStoreCopy {
    /// Copies `source` (any readable store: a directory, S3, HTTP) into the directory
    /// `destination`; returns how many arrays were copied.
    public static func copy(from source: any ZarrReadableStorage, to destination: String,
                            options: ZarrCopyOptions = ZarrCopyOptions()) async throws(ZarrError) -> Int {
        try await copy(from: source, to: destination, options: options, atomicExchange: true)
    }

    /// ``copy(from:to:options:)``; `atomicExchange: false` replaces a store without RENAME_EXCHANGE (for tests).
    static func copy(from source: any ZarrReadableStorage, to destination: String, options: ZarrCopyOptions,
                     atomicExchange: Bool) async throws(ZarrError) -> Int {
        let target = StoreOverlap.resolvedPath(destination)
        if let local = source as? FileSystemStorage, let conflict = StoreOverlap.conflict(source: local.root, destination: target) {
            throw .copyRefused(source: local.root, destination: target, reason: conflict)
        }
        try checkDestination(target, source: source.description, overwrite: options.overwrite)
        let staged = try StagedDirectory(destination: target)
        do {
            let output = try FileSystemStorage(path: staged.staging)
            let count = try await copyNodes(from: source, to: output, options: options)
            try staged.commit(exchange: atomicExchange)
            return count
        } catch {
            staged.discard()
            throw error
        }
    }

    /// Refuses a destination that is a file, a directory with other contents, or a store
    /// without `overwrite`; a missing or empty directory is fine.
    private static func checkDestination(_ target: String, source: String, overwrite: Bool) throws(ZarrError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw .copyRefused(source: source, destination: target, reason: "the destination is a file, not a directory")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
        if entries.isEmpty { return }
        guard entries.contains("zarr.json") else {
            throw .copyRefused(source: source, destination: target,
                               reason: "the destination is a non-empty directory without a zarr.json; refusing to replace what is not a Zarr v3 store")
        }
        guard overwrite else {
            throw .copyRefused(source: source, destination: target, reason: "the destination already holds a Zarr store (overwrite replaces it)")
        }
    }

    /// Copies the root node and everything below it; returns the number of arrays.
    static func copyNodes(from source: any ZarrReadableStorage, to output: any ZarrStorage, options: ZarrCopyOptions) async throws(ZarrError) -> Int {
        let root: ZarrGroup
        switch try await ZarrNode.open(source, path: "") {
        case .array(let array):
            try await copyArray(array, to: output, options: options)
            return 1
        case .group(let group):
            root = group
        }
        var newRoot = try await ZarrGroup.create(output, attributes: root.attributes)
        var copied = 0
        var groups: [ZarrGroup] = [root]
        while let group = groups.popLast() {
            for child in try await group.children() {
                switch child.kind {
                case .group:
                    let g = try await group.openGroup(child.name)
                    _ = try await ZarrGroup.create(output, path: g.path, attributes: g.attributes)
                    groups.append(g)
                case .array:
                    try await copyArray(group.openArray(child.name), to: output, options: options)
                    copied += 1
                }
            }
        }
        try await newRoot.consolidateMetadata()
        return copied
    }

    /// The chunking and codecs of the innermost level of a (possibly nested) sharded chain:
    /// what a re-encoding keeps when the options do not say otherwise.
    static func innermostChain(_ codecs: [ZarrCodec], chunkShape: [Int]) -> (chunkShape: [Int], filters: [ZarrCodec], compressors: [ZarrCodec]) {
        for codec in codecs {
            if let s = codec.configuration(as: ZarrShardingConfiguration.self) { return innermostChain(s.codecs, chunkShape: s.chunkShape) }
        }
        var filters: [ZarrCodec] = [], compressors: [ZarrCodec] = []
        for codec in codecs {
            switch codec.stage {
            case .arrayToArray: filters.append(codec)
            case .bytesToBytes: compressors.append(codec)
            case .arrayToBytes: break
            }
        }
        return (chunkShape, filters, compressors)
    }

    private static func copyArray(_ a: ZarrArray, to output: any ZarrStorage, options: ZarrCopyOptions) async throws(ZarrError) {
        let m = a.metadata
        let rankMatches = { (s: [Int]?) in s.flatMap { $0.count == m.shape.count ? $0 : nil } }
        let kept = innermostChain(m.codecs, chunkShape: m.chunkShape)
        let definition = ZarrArrayDefinition(
            dataType: m.dataType, shape: m.shape, chunkShape: rankMatches(options.chunkShape) ?? kept.chunkShape,
            shardShape: rankMatches(options.shardShape), filters: kept.filters, compressors: options.compressors ?? kept.compressors,
            fillValue: m.fillValue, attributes: m.attributes, dimensionNames: m.dimensionNames)
        let target = try await ZarrArray.create(output, path: a.path, definition: definition)
        try await ChunkAlignedCopy(source: a, target: target, budget: options.memoryBudget).run()
    }
}
