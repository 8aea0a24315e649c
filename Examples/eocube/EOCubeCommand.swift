import ArgumentParser

/// `eocube`: build and inspect Zarr v3 data cubes from STAC-catalogued GeoTIFFs.
@main
struct EOCubeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eocube",
        abstract: "Build analysis-ready Zarr v3 data cubes from STAC-catalogued Earth-observation rasters.",
        subcommands: [ZarrCommand.self, RasterCommand.self, STACCommand.self, BuildCommand.self, PlanCommand.self, WorkCommand.self, CommitCommand.self, SlurmCommand.self, InfoCommand.self, SeriesCommand.self, QuicklookCommand.self]
    )
}
