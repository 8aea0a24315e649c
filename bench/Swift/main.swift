// Benchmarks live here; see bench/README.md.
print("eocube-bench: no benchmark selected")
