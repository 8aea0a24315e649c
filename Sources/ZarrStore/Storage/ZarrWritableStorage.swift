/// A store whose values can be written and deleted.
///
/// Writable refines ``ZarrReadableStorage`` because every Zarr write reads first (an existing
/// `zarr.json`, the rest of a partly written chunk). Creating a group or an array takes a
/// writable store, so a read-only store is refused at compile time there; an array or group
/// *opened* on a read-only store refuses each write with ``ZarrError/readOnlyStore(_:)``
/// before touching the store (see ``ZarrArray``).
public protocol ZarrWritableStorage: ZarrReadableStorage {
    /// Whether ``set(_:_:)`` and ``delete(_:)`` are allowed: `false` only for a writable kind of
    /// store opened read-only (``FileSystemStorage/init(path:create:readOnly:)``, an
    /// ``S3Storage`` made with `readOnly`), whose writes throw ``ZarrError/readOnlyStore(_:)``.
    /// Defaults to `true`.
    var isWritable: Bool { get }
    /// Stores `bytes` under `key`; readers see either the old or the new value, never a mix.
    func set(_ key: String, _ bytes: [UInt8]) throws(ZarrError)
    /// Removes `key` (no error when it does not exist).
    func delete(_ key: String) throws(ZarrError)
    /// Removes every key below `prefix` (a node path with trailing `/`).
    func deleteAll(under prefix: String) throws(ZarrError)
}

extension ZarrWritableStorage {
    /// Writable: the type says so.
    public var isWritable: Bool { true }
}
