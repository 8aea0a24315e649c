// `eocube-bench MODULE [options]`: benchmarks against the best peers; see each Docs/<Module>.md.
import ArgumentParser

let benchmarkArguments = Array(CommandLine.arguments.dropFirst())

func runReencode(_ arguments: [String]) async {
    do {
        let command = try ReencodeBench.parse(arguments)
        try await command.runBenchmark()
    } catch {
        ReencodeBench.exit(withError: error)
    }
}
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
    await runReencode(Array(benchmarkArguments.dropFirst(2)))
case "zarr":
    do {
        let command = try ZarrBench.parse(Array(benchmarkArguments.dropFirst()))
        try await command.runBenchmark()
    } catch {
        ZarrBench.exit(withError: error)
    }
case "reencode":
    await runReencode(Array(benchmarkArguments.dropFirst()))
case "cube":
    CubeBenchCommand.main(Array(benchmarkArguments.dropFirst()))
case "cube-s3":
    CubeS3Bench.main(Array(benchmarkArguments.dropFirst()))
case "cube-read":
    do {
        let command = try CubeReadBench.parse(Array(benchmarkArguments.dropFirst()))
        try await command.runBenchmark()
    } catch {
        CubeReadBench.exit(withError: error)
    }
default:
    print("usage: eocube-bench raster|stac|zarr|reencode|cube|cube-s3|cube-read [options]   (each accepts --help)")
}
