// eocube-bench: benchmarks (not timed tests). One subcommand per area, each in its own file
// (e.g. ZarrBench.swift); add yours to the list below.
import ArgumentParser

/// The `eocube-bench` root command.
struct EOCubeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eocube-bench",
        abstract: "EOCube benchmarks against their peers (build with -c release).",
        subcommands: [ZarrBench.self]
    )
}

await EOCubeBench.start()

extension EOCubeBench {
    /// Runs the async entry point. (Called directly from top-level code, `main()` resolves to
    /// ParsableCommand's synchronous version, which never calls an async `run()`.)
    static func start() async {
        await main()
    }
}
