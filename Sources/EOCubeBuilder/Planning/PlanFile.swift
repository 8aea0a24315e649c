import Foundation
import ZarrStore

/// The plan document's own location: a local file, or an object in S3-compatible storage
/// (`s3://bucket/key`), so a cluster without a shared file system can share the plan.
enum PlanFile {
    /// The object store holding an `s3://` location and the key within it; nil for a local path.
    private static func object(_ location: String) throws(CubeBuilderError) -> (storage: any ZarrStorage, key: String)? {
        do {
            switch try ZarrStoreLocation(parsing: location) {
            case .fileSystem:
                return nil
            case .http(let url):
                throw ZarrError.unsupportedScheme(scheme: ZarrStoreLocation.scheme(of: url) ?? "http", location: url)
            case .s3(let bucket, let key):
                guard !key.isEmpty, !key.hasSuffix("/") else { throw ZarrError.invalidPath(location, reason: "a plan URL names an object: s3://bucket/path/plan.json") }
                return (try ZarrStoreLocation.s3(bucket: bucket, prefix: "").openStorage(), key)
            }
        } catch {
            throw .plan(path: location, reason: "cannot open the plan's object store", cause: .wrapping(error))
        }
    }

    /// The document's bytes; nil when it does not exist.
    static func read(_ location: String) throws(CubeBuilderError) -> [UInt8]? {
        if let (storage, key) = try object(location) {
            do { return try storage.get(key) } catch { throw .plan(path: location, reason: "cannot read the plan", cause: .wrapping(error)) }
        }
        let path = localPath(location)
        return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    /// Replaces the document whole.
    static func write(_ bytes: [UInt8], to location: String) throws(CubeBuilderError) {
        if let (storage, key) = try object(location) {
            do { try storage.set(key, bytes) } catch { throw .plan(path: location, reason: "cannot write the plan", cause: .wrapping(error)) }
            return
        }
        // Through a directory store's atomic write: a worker never reads half a plan.
        let path = URL(fileURLWithPath: localPath(location)).standardizedFileURL
        do {
            try FileSystemStorage(path: path.deletingLastPathComponent().path, create: true).set(path.lastPathComponent, bytes)
        } catch {
            throw .plan(path: location, reason: "cannot write the plan", cause: .wrapping(error))
        }
    }

    private static func localPath(_ location: String) -> String {
        if case .fileSystem(let path)? = try? ZarrStoreLocation(parsing: location) { return path }
        return location
    }
}
