import Foundation

/// How far a build has got, reported after every merged write unit and every finished day slot
/// (see ``BuildEvent``).
public struct BuildProgress: Sendable {
    /// Day slots finished in this run.
    public var slotsDone: Int
    /// Day slots this run has to do.
    public var slotsTotal: Int
    /// The slot being merged, or just finished.
    public var slot: DaySlot
    /// Items merged so far in this run.
    public var itemsDone: Int
    /// Items this run has to look at (not counting those already in the journal).
    public var itemsTotal: Int
    /// Pixel bytes read (decoded) from the items' assets so far in this run.
    public var bytesRead: Int
    /// Time since the build started.
    public var elapsed: Duration
    /// The share of the run's work done, 0...1: finished items, plus the current slot's items
    /// in proportion to its merged blocks.
    public var fractionDone: Double

    /// A progress report from its parts.
    public init(slotsDone: Int, slotsTotal: Int, slot: DaySlot, itemsDone: Int, itemsTotal: Int,
                bytesRead: Int, elapsed: Duration, fractionDone: Double) {
        self.slotsDone = slotsDone
        self.slotsTotal = slotsTotal
        self.slot = slot
        self.itemsDone = itemsDone
        self.itemsTotal = itemsTotal
        self.bytesRead = bytesRead
        self.elapsed = elapsed
        self.fractionDone = min(max(fractionDone, 0), 1)
    }

    private var elapsedSeconds: Double {
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Pixel data read per second so far, in MB (10⁶ bytes).
    public var megabytesPerSecond: Double {
        elapsedSeconds > 0 ? Double(bytesRead) / 1e6 / elapsedSeconds : 0
    }

    /// The time left if the rest goes as fast as what is done; nil before anything is done.
    public var estimatedRemaining: Duration? {
        guard fractionDone > 0 else { return nil }
        return .milliseconds(Int64((elapsedSeconds * (1 - fractionDone) / fractionDone * 1000).rounded()))
    }

    /// One line for a terminal: `day 2/4 (2025-06-07), items 6/12, 412.5 MB/s, ETA 0:03`.
    public var summary: String {
        var text = "day \(slotsDone)/\(slotsTotal) (\(slot)), items \(itemsDone)/\(itemsTotal), "
        text += String(format: "%.1f MB/s", megabytesPerSecond)
        if fractionDone < 1, let left = estimatedRemaining {
            let seconds = Int(left.components.seconds)
            text += String(format: ", ETA %d:%02d", seconds / 60, seconds % 60)
        }
        return text
    }
}
