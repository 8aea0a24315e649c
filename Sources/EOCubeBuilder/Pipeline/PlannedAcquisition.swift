import Foundation
import GeoRaster

/// One band of an acquisition, opened and placed on the cube grid.
struct PlannedBand: Sendable {
    let name: String
    let href: String
    let raster: RasterDataset
    /// The raster's full extent in cube pixels.
    let placement: CubeWindow
    /// The bounding box of its valid pixels in cube pixels, clipped to the cube; nil = none.
    let validWindow: CubeWindow?
    /// The unit the catalog gives the asset's values (`raster:bands[0].unit`), if any.
    let unit: String?
}

/// One STAC item, checked against the cube and ready to merge.
struct PlannedAcquisition: Sendable {
    let itemID: String
    let datetime: Date
    let datetimeText: String
    let slot: DaySlot
    let sensingSeconds: Int64
    let absoluteOrbit: Int32?
    let relativeOrbit: Int16?
    /// One entry per cube band, in the cube's order.
    let bands: [PlannedBand]
    /// Whether its raster lies wholly outside the part of the cube being built (an item of a
    /// neighbouring tile, or of another region, whose catalog entry did not say so).
    let liesOutsideCube: Bool

    /// Its place in the merge order.
    var orderKey: MergeOrderKey {
        MergeOrderKey(datetime: datetimeText, itemID: itemID) ?? MergeOrderKey(date: datetime, itemID: itemID)
    }

    /// The union of the bands' valid windows.
    var validWindow: CubeWindow? {
        bands.compactMap(\.validWindow).reduce(nil) { partial, window in partial.map { $0.union(window) } ?? window }
    }

    /// Ascending `(datetime, item id)`: the merge order of one slot.
    static func mergeOrder(_ a: PlannedAcquisition, _ b: PlannedAcquisition) -> Bool {
        a.datetime != b.datetime ? a.datetime < b.datetime : a.itemID < b.itemID
    }
}
