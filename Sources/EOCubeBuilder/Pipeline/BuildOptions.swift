import Logging
import SystemSupport

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
    /// Called, on the build's own task, after every merged write unit and every finished day
    /// slot (``BuildEvent/unitMerged(_:)`` and ``BuildEvent/slotFinished(_:)``), e.g. to draw a
    /// progress bar; keep it quick, the build waits for it. ``CubeBuilder/start(items:)`` offers
    /// the same events, and skipped items, as an `AsyncStream`.
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
        self.concurrency = max(1, concurrency ?? BlockingPool.coreCount)
        self.logger = logger
        self.progress = progress
        self.region = region
    }
}
