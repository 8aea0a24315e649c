import Logging

/// How a build runs: error policy, memory budget, parallelism and logging.
public struct BuildOptions: Sendable {
    /// Log and skip items that cannot be ingested instead of stopping at the first.
    public var skipBadItems: Bool
    /// The peak-memory budget in bytes (default 2 GiB); sets how many blocks are merged at once.
    public var memoryBudget: Int
    /// The most blocks merged at once (default: the number of cores).
    public var concurrency: Int
    /// Where progress and skipped items are logged.
    public var logger: Logger
    /// Called after every finished day slot (e.g. to draw a progress bar).
    public var progress: (@Sendable (BuildProgress) -> Void)?
    /// The part of the grid to build, aligned to the block (shard, or chunk) grid; nil for all
    /// of it. Builders of disjoint regions may run at once on one store, in any processes.
    public var region: CubeWindow?

    /// Options with the defaults: stop on bad items, 2 GiB, one block per core.
    public init(skipBadItems: Bool = false, memoryBudget: Int = 2 << 30, concurrency: Int? = nil,
                logger: Logger = Logger(label: "eocube.build"), progress: (@Sendable (BuildProgress) -> Void)? = nil,
                region: CubeWindow? = nil) {
        self.skipBadItems = skipBadItems
        self.memoryBudget = memoryBudget
        self.concurrency = max(1, concurrency ?? System.coreCount)
        self.logger = logger
        self.progress = progress
        self.region = region
    }

    /// Parses a size such as `2GiB`, `1500MiB`, `512M`, `2G` or a byte count.
    public static func parseSize(_ text: String) -> Int? {
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [("gib", 1 << 30), ("mib", 1 << 20), ("kib", 1 << 10), ("gb", 1_000_000_000), ("mb", 1_000_000),
                                      ("kb", 1000), ("g", 1 << 30), ("m", 1 << 20), ("k", 1 << 10), ("b", 1)]
        for (suffix, factor) in units where lower.hasSuffix(suffix) {
            guard let value = Double(lower.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), value > 0, value < 1e15 else { return nil }
            return Int(value * Double(factor))
        }
        return Int(lower).flatMap { $0 > 0 ? $0 : nil }
    }
}
