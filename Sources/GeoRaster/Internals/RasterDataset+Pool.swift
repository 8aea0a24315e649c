import SystemSupport

extension RasterDataset {
    /// Runs blocking decoding on the shared ``BlockingPool``, suspending the caller; a cancelled
    /// caller's read stops between blocks with ``GeoRasterError/cancelled(location:)``.
    func onPool<T: Sendable>(_ work: @escaping @Sendable () throws(GeoRasterError) -> T) async throws(GeoRasterError) -> T {
        try await BlockingPool.shared.run(cancelled: GeoRasterError.cancelled(location: self.location), work)
    }
}
