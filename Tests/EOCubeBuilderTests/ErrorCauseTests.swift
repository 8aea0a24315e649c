import EOCubeBuilder
import Foundation
import STACClient
import SystemPackage
import Testing
import ZarrStore

/// A ``CubeBuilderError`` keeps the other module's error behind it as a typed ``CubeBuilderError/Cause``,
/// and its message speaks of library settings, not command-line flags.
@Suite struct ErrorCauseTests {
    @Test func aStoreErrorKeepsZarrStoresError() async {
        do {
            _ = try await CubeReader.open(MemoryStorage(), group: "s1sig0/EU")
            Issue.record("an empty store opened as a cube")
        } catch {
            guard case .store(let path, _, .zarr(let zarr)?) = error else {
                Issue.record("expected a store error caused by a ZarrError, got \(error)")
                return
            }
            #expect(path == "s1sig0/EU")
            #expect(zarr == .nodeNotFound(path: "s1sig0/EU"))
            if case .zarr(let same)? = error.cause { #expect(same == zarr) } else { Issue.record("cause is \(String(describing: error.cause))") }
            #expect(error.description.contains(zarr.description), "the message still carries the cause's: \(error)")
        }
    }

    @Test func aCatalogErrorKeepsSTACClientsError() async {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-dir-\(UUID())/items.json").path
        do {
            _ = try await CubeItemSearch(source: missing, search: STACSearch()).items()
            Issue.record("a missing catalog was read")
        } catch {
            guard case .catalog(let source, .stac) = error else {
                Issue.record("expected a catalog error caused by a STACError, got \(error)")
                return
            }
            #expect(source == missing)
        }
    }

    @Test func causeTakesTheCaseOfTheWrappedErrorsType() {
        func kind(_ error: any Error) -> String {
            switch CubeBuilderError.Cause(error) {
            case .zarr: "zarr"
            case .raster: "raster"
            case .stac: "stac"
            case .system: "system"
            case .other: "other"
            }
        }
        #expect(kind(ZarrError.readOnlyStore("s")) == "zarr")
        #expect(kind(STACError.invalidURL("u")) == "stac")
        #expect(kind(Errno.noSpace) == "system")
        #expect(kind(CocoaError(.fileNoSuchFile)) == "other")
        #expect(kind(CubeBuilderError.Cause.system(.noSpace)) == "system", "a Cause is not wrapped again")
    }

    @Test func messagesNameLibrarySettingsNotFlags() {
        let errors: [CubeBuilderError] = [
            .missingBand(itemID: "i", band: "VV"),
            .offGrid(itemID: "i", band: "VV", reason: "other CRS"),
            .memoryBudgetTooSmall(budget: 1, needed: 2),
            .layoutMismatch(store: "s", array: "g/VV", stored: "chunks 1,256,256, shards none", requested: "chunks 1,512,512, shards none"),
            .groupMismatch(store: "s", group: "g", reason: "is on another grid"),
            .unfinishedUnits(store: "s", units: [0, 1, 3]),
        ]
        for error in errors {
            #expect(!error.description.contains("--"), "\(error)")
            #expect(!error.description.contains("eocube "), "\(error)")
        }
        #expect(errors[0].description.contains("BuildOptions.skipBadItems"))
        #expect(errors[2].description.contains("BuildOptions.memoryBudget"))
        #expect(errors[3].description.contains("CubeDefinition.chunkShape"))
        #expect(errors[4].description.contains("CubeDefinition.groupPath"))
    }
}
