import EOCubeBuilder
import Foundation
import Testing

/// Chunk and shard shapes are typed: valid extents only, written `T,Y,X`, carried unchanged
/// through a definition and coded as the `[t, y, x]` array plan files hold.
@Suite struct ChunkShapeTests {
    @Test func shapesHoldOnlyValidExtentsAndReadAsTYX() throws {
        let seed = try CubeChunkShape(time: 20, height: 100, width: 100)
        #expect(seed.description == "20,100,100" && seed.sizes == [20, 100, 100] && seed.pixelCount == 10_000)
        #expect(try CubeChunkShape(height: 1000, width: 500) == CubeChunkShape([1, 1000, 500]))
        #expect(try CubeChunkShape([1000, 500]).time == 1)
        #expect(try CubeChunkShape(time: 20, height: 3000, width: 3000).isMultiple(of: seed))
        #expect(try !CubeChunkShape(time: 10, height: 3000, width: 3000).isMultiple(of: seed))
        for sizes in [[0, 1, 1], [1, 0, 1], [1, 1, -5], [65_537, 1, 1], [1, 65_537], [], [5], [1, 2, 3, 4]] {
            #expect(throws: CubeBuilderError.self, "\(sizes)") { try CubeChunkShape(sizes) }
        }
        #expect(try CubeChunkShape(time: 65_536, height: 65_536, width: 1).sizes == [65_536, 65_536, 1])
        #expect(CubeDefinition.defaultChunkShape.description == "1,1000,1000")
        #expect(CubeDefinition.defaultShardShape?.description == "1,2000,2000")
    }

    @Test func aDefinitionKeepsItsTypedShapes() throws {
        let grid = try Equi7Tile("EU020M_E051N015T3").grid
        let chunk = try CubeChunkShape(time: 5, height: 256, width: 256), shard = try CubeChunkShape(time: 20, height: 512, width: 1024)
        let definition = try CubeDefinition(grid: grid, groupPath: "g", bands: ["VV"], chunkShape: chunk, shardShape: shard)
        #expect(definition.chunkShape == chunk && definition.shardShape == shard && definition.blockShape == shard)
        #expect(definition.timeChunkLength == 5 && definition.timeShardLength == 20 && definition.timeBlockLength == 20)
        let unsharded = try CubeDefinition(grid: grid, groupPath: "g", bands: ["VV"], chunkShape: chunk, shardShape: nil)
        #expect(unsharded.blockShape == chunk && unsharded.timeShardLength == 5)
        let defaults = try CubeDefinition(grid: grid, groupPath: "g", bands: ["VV"])
        #expect(defaults.chunkShape == CubeDefinition.defaultChunkShape && defaults.shardShape == CubeDefinition.defaultShardShape)
    }

    @Test func shapesCodeAsTheirSizeArray() throws {
        let shape = try CubeChunkShape(time: 20, height: 256, width: 512)
        #expect(String(decoding: try JSONEncoder().encode(shape), as: UTF8.self) == "[20,256,512]")
        #expect(try JSONDecoder().decode(CubeChunkShape.self, from: Data("[20,256,512]".utf8)) == shape)
        #expect(try JSONDecoder().decode(CubeChunkShape.self, from: Data("[256,512]".utf8)) == CubeChunkShape(height: 256, width: 512))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CubeChunkShape.self, from: Data("[0,256,512]".utf8)) }
    }
}
