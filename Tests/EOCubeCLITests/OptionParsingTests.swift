import Testing
import EOCubeBuilder
import ZarrStore
@testable import eocube

/// The command-line tool's option types: sizes and `--compression` text to ZarrStore codecs.
@Suite struct OptionParsingTests {
    @Test func sizesParseWithBinaryAndDecimalUnits() {
        #expect(ByteSize(argument: "2GiB")?.bytes == 2 << 30)
        #expect(ByteSize(argument: "800MiB")?.bytes == 800 << 20)
        #expect(ByteSize(argument: "1.5G")?.bytes == 3 << 29)
        #expect(ByteSize(argument: "1000000")?.bytes == 1_000_000)
        #expect(ByteSize(argument: "lots") == nil)
        #expect(ByteSize(argument: "-1G") == nil)
        #expect(ByteSize(bytes: 1 << 20).description == "1MiB")
    }

    @Test func compressionTextBecomesZarrCodecs() {
        func codecs(_ text: String) -> [ZarrCodec]? { CompressionOption(argument: text)?.compressors }
        func blosc(_ compressor: ZarrBloscConfiguration.Compressor, _ level: Int, _ shuffle: ZarrBloscConfiguration.Shuffle = .shuffle,
                   _ blockSize: Int = 0) -> [ZarrCodec] {
            [.blosc(ZarrBloscConfiguration(compressor: compressor, level: level, shuffle: shuffle, blockSize: blockSize))]
        }
        #expect(codecs("zstd:7") == [.zstd(level: 7, checksum: false)])
        #expect(codecs("zstd") == [.zstd(level: 3, checksum: false)])
        #expect(codecs("none") == [])
        #expect(codecs("blosc-zstd") == blosc(.zstd, 5))
        #expect(codecs("blosc-lz4:1") == blosc(.lz4, 1))
        #expect(codecs("blosc-zstd:2:bitshuffle") == blosc(.zstd, 2, .bitshuffle))
        #expect(codecs("blosc-lz4:5:noshuffle:256KiB") == blosc(.lz4, 5, .noshuffle, 256 << 10))
        #expect(codecs("blosc-zstd:1:bitshuffle:0") == blosc(.zstd, 1, .bitshuffle))
        for bad in ["lz4", "blosc-zstd:1:byteshuffle", "blosc-zstd:1:bitshuffle:-5", "blosc-zstd:1:bitshuffle:1MiB:x", "zstd:3:shuffle",
                    "none:1", "blosc-zstd:x"] {
            #expect(codecs(bad) == nil, "\(bad)")
        }
    }

    @Test func compressionTextRoundTrips() {
        let library = CompressionOption(compressors: CubeDefinition.defaultCompressors)
        #expect(library.description == "blosc-zstd:1:bitshuffle:1MiB")
        for text in ["blosc-zstd:1:bitshuffle:1MiB", "blosc-lz4:5", "blosc-zstd:3:noshuffle", "zstd:4", "none"] {
            #expect(CompressionOption(argument: text)?.description == text)
        }
    }
}

/// `eocube` adds its flags to the library's errors, whose messages name BuildOptions and CubeDefinition settings.
@Suite struct CommandLineHintTests {
    @Test func errorsAboutSettingsGetTheirFlag() {
        let cases: [(CubeBuilderError, String)] = [
            (.missingBand(itemID: "i", band: "VV"), "--bands"),
            (.offGrid(itemID: "i", band: "VV", reason: "r"), "--skip-bad-items"),
            (.unreadableAsset(itemID: "i", band: "VV", href: "h", cause: .other(CancellationError())), "--skip-bad-items"),
            (.memoryBudgetTooSmall(budget: 1, needed: 2), "--memory-budget"),
            (.layoutMismatch(store: "s", array: "a", stored: "x", requested: "y"), "--chunk-shape/--shard-shape"),
            (.groupMismatch(store: "s", group: "g", reason: "r"), "--group"),
            (.unfinishedUnits(store: "s", units: [1]), "eocube work"),
        ]
        for (error, flag) in cases {
            #expect(error.commandLineHint?.contains(flag) == true, "\(error)")
            #expect(error.commandLineMessage.hasPrefix(error.description))
            #expect(error.commandLineMessage.contains("Hint: "))
        }
        let plain = CubeBuilderError.store(path: "s", reason: "cannot flush the store to disk", cause: .system(.noSpace))
        #expect(plain.commandLineHint == nil)
        #expect(plain.commandLineMessage == plain.description)
    }
}
