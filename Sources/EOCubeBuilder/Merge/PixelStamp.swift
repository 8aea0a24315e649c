/// The metadata an acquisition stamps on the pixels it owns: `sensing_date` and orbit numbers.
struct PixelStamp: Sendable, Hashable {
    /// `sensing_date`: whole seconds since 2014-10-01 (−9999: unowned).
    var sensingSeconds: Int64
    /// `absolute_orbit_number` (−9999: unknown).
    var absoluteOrbit: Int32
    /// `relative_orbit_number` (−9999: unknown).
    var relativeOrbit: Int16

    /// A stamp from its three values.
    init(sensingSeconds: Int64, absoluteOrbit: Int32, relativeOrbit: Int16) {
        self.sensingSeconds = sensingSeconds
        self.absoluteOrbit = absoluteOrbit
        self.relativeOrbit = relativeOrbit
    }

    /// The stamp of an unowned pixel: every value at the metadata fill.
    static let unowned = PixelStamp(sensingSeconds: CubeDefinition.metadataFill,
                                           absoluteOrbit: Int32(CubeDefinition.metadataFill),
                                           relativeOrbit: Int16(CubeDefinition.metadataFill))
}
