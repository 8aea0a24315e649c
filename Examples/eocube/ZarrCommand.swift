import ArgumentParser

/// `eocube zarr`: Inspect, read and re-encode Zarr v3 stores.
struct ZarrCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "zarr", abstract: "Inspect, read and re-encode Zarr v3 stores.", subcommands: [])
}
