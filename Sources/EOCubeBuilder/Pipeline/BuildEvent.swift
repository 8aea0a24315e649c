/// Something that happened during a build, in the order it happened (see ``CubeBuild/events``
/// and ``BuildOptions/progress``).
public enum BuildEvent: Sendable {
    /// A write unit was merged and written, or found to need no write. A unit is one shard (or
    /// chunk) of one day slot, or with time chunks longer than a day, one time block × shard.
    case unitMerged(BuildProgress)
    /// A day slot finished: every unit holding it is written, and its items are queued for the
    /// ingest journal.
    case slotFinished(BuildProgress)
    /// An item could not be ingested and was skipped, because ``BuildOptions/skipBadItems`` is set.
    case itemSkipped(id: String, error: CubeBuilderError)

    /// How far the build had got; nil for ``itemSkipped(id:error:)``.
    public var progress: BuildProgress? {
        switch self {
        case .unitMerged(let progress), .slotFinished(let progress): progress
        case .itemSkipped: nil
        }
    }
}
