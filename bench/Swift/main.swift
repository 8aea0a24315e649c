// Benchmarks live here; see bench/README.md.
let benchmarkArguments = Array(CommandLine.arguments.dropFirst())
if benchmarkArguments.first == "raster" {
    RasterBenchmark.main(Array(benchmarkArguments.dropFirst()))
} else {
    print("eocube-bench: no benchmark selected (available: raster)")
}
