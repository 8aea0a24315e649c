import ArgumentParser

/// `eocube raster`: Inspect and read GeoTIFF / COG files, local or over HTTP.
struct RasterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raster", abstract: "Inspect and read GeoTIFF / COG files, local or over HTTP.",
        subcommands: [RasterInfoCommand.self, RasterReadCommand.self])
}
