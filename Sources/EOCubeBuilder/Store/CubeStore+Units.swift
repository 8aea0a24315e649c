import ZarrStore

extension CubeStore {
    /// The names of the `[time, y, x]` arrays in the order units write them (`sensing_date` last).
    var timedArrayNames: [String] { definition.bands + CubeDefinition.metadataArrayNames }

    /// Opens the write unit of time block `timeBlock` at `window` for rewriting; the caller holds
    /// its block lock.
    ///
    /// The arrays are opened afresh under the store lock: another builder may have grown the time
    /// axis (and written slots of this unit) since this one last looked, and the unit must keep
    /// every slot the store holds.
    func openUnit(timeBlock: Int, window: CubeWindow) async throws(CubeBuilderError) -> CubeUnit {
        let depth = definition.timeBlockLength
        var current: [ZarrArray] = []
        do {
            let lock = try await StoreLock.acquire(directory: location)
            defer { lock.release() }
            for name in timedArrayNames {
                var array = try await ZarrArray.open(storage, path: groupPath + "/" + name)
                array.concurrency = arrays[name]?.concurrency ?? array.concurrency
                current.append(array)
            }
        } catch let error as CubeBuilderError {
            throw error
        } catch {
            throw .store(path: location, reason: "cannot open the arrays of \(groupPath): \(error)")
        }
        let length = current.map { $0.shape[0] }.min() ?? 0
        let start = timeBlock * depth
        let timeRange = start..<min(start + depth, length)
        guard !timeRange.isEmpty else {
            throw .store(path: location, reason: "the time axis (\(length) slots) does not reach time block \(timeBlock)")
        }
        let sharded = definition.shardShape != nil
        let block = definition.blockShape
        return try CubeUnit(location: location, bands: bands, arrays: current, timeRange: timeRange, window: window,
                            stripHeight: sharded ? definition.chunkShape[0] : window.height,
                            holdsData: holdsOwners(slot: DaySlot(index: start), window: window),
                            shard: sharded ? [timeBlock, window.row / block[0], window.column / block[1]] : nil)
    }
}
