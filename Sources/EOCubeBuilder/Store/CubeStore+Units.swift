import ZarrStore

extension CubeStore {
    /// Opens the write unit of time block `timeBlock` at `window` for rewriting; the caller holds
    /// its block lock.
    ///
    /// The arrays are opened afresh under the store lock: another builder may have grown the time
    /// axis (and written slots of this unit) since this one last looked, and the unit must keep
    /// every slot the store holds.
    func openUnit(timeBlock: Int, window: CubeWindow, stripWidth: Int) async throws(CubeBuilderError) -> CubeUnit {
        let depth = definition.timeBlockLength
        let current = try await coordination.withStoreLock { [self] () async throws(CubeBuilderError) -> [ZarrArray] in
            var current: [ZarrArray] = []
            do {
                for name in timedArrayNames {
                    var array = try await ZarrArray.open(storage, path: groupPath + "/" + name)
                    array.concurrency = arrays[name]?.concurrency ?? array.concurrency
                    current.append(array)
                }
            } catch {
                throw .store(path: location, reason: "cannot open the arrays of \(groupPath)", cause: .wrapping(error))
            }
            return current
        }
        let length = current.map { $0.shape[0] }.min() ?? 0
        let start = timeBlock * depth
        let timeRange = start..<min(start + depth, length)
        guard !timeRange.isEmpty else {
            throw .store(path: location, reason: "the time axis (\(length) slots) does not reach time block \(timeBlock)")
        }
        let block = definition.blockShape
        return try CubeUnit(location: location, bands: bands, arrays: current, timeRange: timeRange, blockStart: start, blockDepth: depth,
                            window: window, chunkShape: definition.chunkShape.sizes, stripWidth: stripWidth,
                            holdsData: holdsOwners(slot: DaySlot(index: start), window: window),
                            unit: [timeBlock, window.row / block.height, window.column / block.width], sharded: definition.shardShape != nil)
    }
}
