import Foundation

/// Runs blocking work (libtiff decoding, blocking HTTP) on a Dispatch thread so async callers do
/// not tie up Swift's small cooperative thread pool.
enum BlockingWork {
    private static let queue = DispatchQueue(label: "eocube.georaster.blocking", attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws(GeoRasterError) -> T) async throws(GeoRasterError) -> T {
        let result: Result<T, GeoRasterError> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Result { () throws(GeoRasterError) -> T in try work() }) }
        }
        return try result.get()
    }
}
