import ArgumentParser

/// A size option such as `2GiB`, `1500MiB`, `512M`, `2G`, `1.5G` or a plain byte count
/// (`--memory-budget`, Blosc block sizes in `--compression`).
struct ByteSize: ExpressibleByArgument, Hashable, CustomStringConvertible {
    /// The size in bytes (positive).
    let bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument text: String) {
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [("gib", 1 << 30), ("mib", 1 << 20), ("kib", 1 << 10), ("gb", 1_000_000_000), ("mb", 1_000_000),
                                      ("kb", 1000), ("g", 1 << 30), ("m", 1 << 20), ("k", 1 << 10), ("b", 1)]
        for (suffix, factor) in units where lower.hasSuffix(suffix) {
            guard let value = Double(lower.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), value > 0, value < 1e15 else { return nil }
            self.bytes = Int(value * Double(factor))
            return
        }
        guard let count = Int(lower), count > 0 else { return nil }
        self.bytes = count
    }

    /// The shortest exact form: `1MiB`, `256KiB` or a byte count.
    var description: String {
        if bytes % (1 << 20) == 0 { return "\(bytes >> 20)MiB" }
        if bytes % (1 << 10) == 0 { return "\(bytes >> 10)KiB" }
        return "\(bytes)"
    }
}
