// Benchmarks live here; see bench/README.md.
import ArgumentParser

if CommandLine.arguments.dropFirst().first == "stac" {
    do {
        let command = try STACBenchCommand.parse(Array(CommandLine.arguments.dropFirst(2)))
        try await command.runBenchmarks()
    } catch {
        STACBenchCommand.exit(withError: error)
    }
} else {
    print("eocube-bench: no benchmark selected")
}
