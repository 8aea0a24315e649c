import EOCubeBuilder

extension CubeBuilderError {
    /// What to do about this error in `eocube`'s terms (its flags and commands), for the
    /// library's message, which names ``BuildOptions`` and ``CubeDefinition`` settings instead.
    var commandLineHint: String? {
        switch self {
        case .missingBand:
            "choose other --bands, or pass --skip-bad-items to ingest the other items"
        case .offGrid, .rasterOutsideCube, .unreadableAsset, .missingDatetime, .beforeTimeOrigin, .incompatibleBand:
            "pass --skip-bad-items to ingest the other items"
        case .memoryBudgetTooSmall:
            "raise --memory-budget, or use a smaller --shard-shape"
        case .layoutMismatch:
            "build with the --chunk-shape/--shard-shape the cube was built with"
        case .groupMismatch:
            "use another --group, or the --bands the group holds"
        case .storeBusy:
            "to build on many machines at once, split the work with 'eocube plan', 'eocube work' and 'eocube commit'"
        case .unfinishedUnits:
            "run 'eocube work --plan PLAN --unit N' for each, or 'eocube slurm --plan PLAN' to submit them again"
        default:
            nil
        }
    }

    /// The message `eocube` prints: the library's, then the command-line hint when there is one.
    var commandLineMessage: String {
        commandLineHint.map { "\(description)\nHint: \($0)" } ?? description
    }
}
