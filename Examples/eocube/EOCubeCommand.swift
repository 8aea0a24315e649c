import ArgumentParser
import EOCubeBuilder
import Foundation

/// `eocube`: build and inspect Zarr v3 data cubes from STAC-catalogued GeoTIFFs.
@main
struct EOCubeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eocube",
        abstract: "Build analysis-ready Zarr v3 data cubes from STAC-catalogued Earth-observation rasters.",
        subcommands: [ZarrCommand.self, RasterCommand.self, STACCommand.self, BuildCommand.self, PlanCommand.self, WorkCommand.self, CommitCommand.self, SlurmCommand.self, InfoCommand.self, SeriesCommand.self, QuicklookCommand.self]
    )

    /// Runs the command; a ``CubeBuilderError`` is printed with its command-line hint (the
    /// library's own message speaks of BuildOptions and CubeDefinition, not flags).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as CubeBuilderError {
            FileHandle.standardError.write(Data("Error: \(error.commandLineMessage)\n".utf8))
            exit(withError: ExitCode.failure)
        } catch {
            exit(withError: error)
        }
    }
}
