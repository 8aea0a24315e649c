/// What a build did.
public struct BuildReport: Sendable {
    /// Items merged in this run.
    public var ingestedItems: [String] = []
    /// Items the journal already listed as finished (skipped without reading).
    public var alreadyIngested: [String] = []
    /// Items refused and skipped (`--skip-bad-items`), with the reason.
    public var skippedItems: [(id: String, error: CubeBuilderError)] = []
    /// Items of the search outside the cube's extent (ignored).
    public var outsideItems: [String] = []
    /// Day slots that received data in this run.
    public var slots: [DaySlot] = []
    /// Blocks (shards) written.
    public var blocksWritten = 0
    /// Blocks merged that needed no write (nothing new to fill).
    public var blocksUnchanged = 0
    /// Pixels newly owned, per slot.
    public var ownedPixels = 0
    /// Pixel bytes read (decoded) from the items' assets.
    public var bytesRead = 0

    /// An empty report.
    public init() {}
}
