import ArgumentParser

/// `eocube stac`: Search STAC APIs and static catalogs.
struct STACCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stac", abstract: "Search STAC APIs and static catalogs.", subcommands: [])
}
