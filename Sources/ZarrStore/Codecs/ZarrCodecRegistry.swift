/// The table of every codec this library reads and writes: a name in `zarr.json` selects the
/// ``CodecPlugin`` that parses it.
enum ZarrCodecRegistry {
    /// Every codec, one line each.
    static let plugins: [any CodecPlugin.Type] = [
        ZarrBytesConfiguration.self,
        ZarrTransposeConfiguration.self,
        ZarrGzipConfiguration.self,
        ZarrZstdConfiguration.self,
        ZarrBloscConfiguration.self,
        ZarrCrc32cConfiguration.self,
        ZarrZlibConfiguration.self,
        ZarrFletcher32Configuration.self,
        ZarrShardingConfiguration.self,
    ]

    private static let byName: [String: any CodecPlugin.Type] = {
        var table: [String: any CodecPlugin.Type] = [:]
        for plugin in plugins {
            for name in [plugin.codecName] + plugin.aliases {
                precondition(table[name] == nil, "two codecs are registered as '\(name)'")
                table[name] = plugin
            }
        }
        return table
    }()

    /// The codec registered under `name` (its written name or an alias).
    static func plugin(named name: String) -> (any CodecPlugin.Type)? { byName[name] }
}
