/// A store that can be read, listed and written: a local directory (``FileSystemStorage``),
/// S3 (``S3Storage``), memory (``MemoryStorage``).
///
/// The full composition of the three storage capabilities, ``ZarrReadableStorage``,
/// ``ZarrListableStorage`` and ``ZarrWritableStorage``, modelled on zarrs'
/// `ReadableWritableListableStorageTraits`. Any type conforming to all three is a
/// `ZarrStorage`; APIs that build a hierarchy take one, APIs that only read take the
/// capability they need.
public typealias ZarrStorage = ZarrReadableStorage & ZarrListableStorage & ZarrWritableStorage
