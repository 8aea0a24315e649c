import Testing
import EOCubeBuilder
import ZarrStore
@testable import eocube

/// The command-line tool's option types: sizes, `--compression` text to ZarrStore codecs and
/// `--chunk-shape` / `--shard-shape` text to the library's typed shapes.
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

    @Test func shapeTextParsesTYXOrYX() throws {
        let seed = try #require(ShapeOption(argument: "20,100,100"))
        #expect(seed.time == 20 && seed.height == 100 && seed.width == 100 && seed.description == "20,100,100")
        let spatial = try #require(ShapeOption(argument: " 256 , 512 "))
        #expect(spatial.time == nil && spatial.description == "256,512")
        #expect(try spatial.cubeShape() == CubeChunkShape(time: 1, height: 256, width: 512))
        #expect(try spatial.cubeShape(time: 20) == CubeChunkShape(time: 20, height: 256, width: 512))
        for bad in ["", "100", "1,2,3,4", "0,100", "-1,100,100", "a,b", "100,,100", "none"] {
            #expect(ShapeOption(argument: bad) == nil, "\(bad)")
        }
        // The library's upper bound, with its message.
        #expect { try #require(ShapeOption(argument: "1,100000,100")).cubeShape() } throws: { error in
            "\(error)".contains("between 1 and 65536 pixels")
        }
        #expect(ShardShapeOption(argument: "None")?.shape == nil)
        #expect(ShardShapeOption(argument: "20,3000,3000")?.shape == ShapeOption(argument: "20,3000,3000"))
        #expect(ShardShapeOption(argument: "nothing") == nil)
    }

    @Test func theBuildOptionsMakeTheDefinitionsShapes() throws {
        let base = ["--stac", "items.json", "--store", "cube.zarr", "--group", "s1sig0/EU", "--tile", "EU020M_E051N015T3"]
        // The defaults are the library's, shown as Y,X as before.
        let defaults = try CubeBuildOptions.parse(base)
        #expect(defaults.chunkShape.description == "1000,1000" && defaults.shardShape.description == "2000,2000")
        let plain = try defaults.definition()
        #expect(plain.chunkShape == CubeDefinition.defaultChunkShape && plain.shardShape == CubeDefinition.defaultShardShape)
        #expect(plain.grid.tiles.map(\.description) == ["EU020M_E051N015T3"])
        // A Y,X shard (the default one too) spans the chunk's day slots.
        let seed = try CubeBuildOptions.parse(base + ["--chunk-shape", "20,100,100", "--shard-shape", "3000,3000"]).definition()
        #expect(seed.chunkShape.sizes == [20, 100, 100] && seed.shardShape?.sizes == [20, 3000, 3000])
        #expect(try CubeBuildOptions.parse(base + ["--chunk-shape", "20,100,100"]).definition().shardShape?.sizes == [20, 2000, 2000])
        #expect(try CubeBuildOptions.parse(base + ["--shard-shape", "none"]).definition().shardShape == nil)
        // Bad text is refused while parsing, naming the option; bad combinations by the library, naming the shapes.
        #expect(throws: (any Error).self) { try CubeBuildOptions.parse(base + ["--chunk-shape", "0,100,100"]) }
        do {
            _ = try CubeBuildOptions.parse(base + ["--chunk-shape", "100"])
            Issue.record("a one-number chunk shape was accepted")
        } catch {
            let message = CubeBuildOptions.message(for: error)
            #expect(message.contains("'100'") && message.contains("--chunk-shape"), "\(message)")
        }
        #expect { try CubeBuildOptions.parse(base + ["--chunk-shape", "20,100,100", "--shard-shape", "10,3000,3000"]).definition() } throws: { error in
            "\(error)".contains("the shard shape's time extent 10 must be a multiple of the chunk shape's (20)")
        }
        #expect { try CubeBuildOptions.parse(base + ["--shard-shape", "70000,70000"]).definition() } throws: { error in
            "\(error)".contains("--shard-shape 70000,70000") && "\(error)".contains("between 1 and 65536 pixels")
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
