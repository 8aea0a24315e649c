/// What one acquisition brings to a block: its band values over a window, and the values
/// it stamps into the metadata arrays of the pixels it owns.
struct AcquisitionPatch: Sendable {
    /// The item id (for ordering ties and logs).
    var itemID: String
    /// Where the values sit, in cube pixels.
    var window: CubeWindow
    /// One plane per cube band, in the cube's band order, each `window.pixelCount` values;
    /// nil when the acquisition has nothing for that band here.
    var bands: [BandPlane?]
    /// `sensing_date`: whole seconds since 2014-10-01.
    var sensingSeconds: Int64
    /// `absolute_orbit_number`, nil when unknown (stays at fill).
    var absoluteOrbit: Int32?
    /// `relative_orbit_number`, nil when unknown (stays at fill).
    var relativeOrbit: Int16?

    /// A patch from its parts.
    init(itemID: String, window: CubeWindow, bands: [BandPlane?], sensingSeconds: Int64,
                absoluteOrbit: Int32?, relativeOrbit: Int16?) {
        self.itemID = itemID
        self.window = window
        self.bands = bands
        self.sensingSeconds = sensingSeconds
        self.absoluteOrbit = absoluteOrbit
        self.relativeOrbit = relativeOrbit
    }
}
