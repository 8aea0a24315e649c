// `eocube-bench MODULE [options]`: benchmarks against the best peers; see each Docs/<Module>.md.
import ArgumentParser

let benchmarkArguments = Array(CommandLine.arguments.dropFirst())
switch benchmarkArguments.first {
case "raster":
    RasterBenchmark.main(Array(benchmarkArguments.dropFirst()))
case "stac":
    do {
        let command = try STACBenchCommand.parse(Array(benchmarkArguments.dropFirst()))
        try await command.runBenchmarks()
    } catch {
        STACBenchCommand.exit(withError: error)
    }
case "zarr" where benchmarkArguments.dropFirst().first == "reencode":
    // `eocube-bench zarr reencode …` is `eocube-bench reencode …`.
    do {
        let command = try ReencodeBench.parse(Array(benchmarkArguments.dropFirst(2)))
        try await command.runBenchmark()
    } catch {
        ReencodeBench.exit(withError: error)
    }
case "zarr":
    do {
        let command = try ZarrBench.parse(Array(benchmarkArguments.dropFirst()))
        try await command.runBenchmark()
    } catch {
        ZarrBench.exit(withError: error)
    }
case "reencode":
    do {
        let command = try ReencodeBench.parse(Array(benchmarkArguments.dropFirst()))
        try await command.runBenchmark()
    } catch {
        ReencodeBench.exit(withError: error)
    }
case "cube":
    CubeBenchCommand.main(Array(benchmarkArguments.dropFirst()))
default:
    print("usage: eocube-bench raster|stac|zarr|reencode|cube [options]   (each accepts --help)")
}
