import GeoRaster
import STACClient
import SystemPackage
import ZarrStore

extension CubeBuilderError {
    /// The error of another module behind a ``CubeBuilderError``, kept whole so a caller can
    /// match on it, e.g. `if case .zarr(.accessDenied)? = error.cause { … }`.
    public enum Cause: Error, Sendable, CustomStringConvertible {
        /// ZarrStore could not read or write the store (S3 failures arrive translated into these).
        case zarr(ZarrError)
        /// GeoRaster could not open, read or decode a GeoTIFF.
        case raster(GeoRasterError)
        /// STACClient could not search or read the catalog.
        case stac(STACError)
        /// A system call failed (swift-system's `Errno`).
        case system(Errno)
        /// Any other error, such as a JSON encoding or decoding error.
        case other(any Error)

        /// Wraps `error` in the case of its type (a `Cause` stays as it is).
        public init(_ error: any Error) {
            switch error {
            case let cause as Cause: self = cause
            case let error as ZarrError: self = .zarr(error)
            case let error as GeoRasterError: self = .raster(error)
            case let error as STACError: self = .stac(error)
            case let error as Errno: self = .system(error)
            default: self = .other(error)
            }
        }

        /// ``init(_:)`` under a name that reads well where an optional `Cause` is expected.
        static func wrapping(_ error: any Error) -> Cause { Cause(error) }

        /// The wrapped error itself.
        public var error: any Error {
            switch self {
            case .zarr(let error): error
            case .raster(let error): error
            case .stac(let error): error
            case .system(let error): error
            case .other(let error): error
            }
        }

        /// The wrapped error's own message.
        public var description: String { "\(error)" }
    }
}
