/// Reading and checking the `bbox` search parameter, shared by every command line that takes one.
extension STACSearch {
    /// Parses bounding-box text such as `-10,40,0,50` (or 6 numbers with heights) into the numbers of
    /// ``bbox``, checked as ``validate()`` checks them. Spaces around numbers are allowed.
    ///
    /// - Throws: ``STACError/invalidSearch(reason:)`` naming the value that is not a finite decimal
    ///   number, the wrong count, or the coordinate out of range.
    public static func boundingBox(parsing text: String) throws(STACError) -> [Double] {
        let fields = text.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 4 || fields.count == 6 else {
            throw .invalidSearch(reason: "bbox needs 4 (west,south,east,north) or 6 comma-separated numbers, got "
                                 + "\(fields.count) in '\(STACError.cut(text, limit: 200))'")
        }
        var numbers: [Double] = []
        for field in fields {
            let token = field.trimmingCharacters(in: .whitespaces)
            // Plain decimal only: Double(_:) would also take "nan", "inf" and hexadecimal floats.
            guard JSONNumber(token.hasPrefix("+") ? String(token.dropFirst()) : token) != nil, let value = Double(token), value.isFinite else {
                throw .invalidSearch(reason: "bbox value '\(STACError.cut(token, limit: 80))' is not a finite decimal number")
            }
            numbers.append(value)
        }
        try checkBoundingBox(numbers)
        return numbers
    }

    /// Checks a bounding box: 4 or 6 finite numbers, longitudes within ±180, latitudes within ±90,
    /// south not above north (west may exceed east: a box across the antimeridian).
    static func checkBoundingBox(_ bbox: [Double]) throws(STACError) {
        guard bbox.count == 4 || bbox.count == 6 else {
            throw .invalidSearch(reason: "bbox needs 4 or 6 numbers, got \(bbox.count)")
        }
        if let bad = bbox.first(where: { !$0.isFinite }) {
            throw .invalidSearch(reason: "bbox value \(bad) is not a finite number")
        }
        let half = bbox.count / 2
        let (west, south, east, north) = (bbox[0], bbox[1], bbox[half], bbox[half + 1])
        for (name, value) in [("west", west), ("east", east)] where !(-180...180).contains(value) {
            throw .invalidSearch(reason: "bbox \(name) longitude \(value) is outside -180…180")
        }
        for (name, value) in [("south", south), ("north", north)] where !(-90...90).contains(value) {
            throw .invalidSearch(reason: "bbox \(name) latitude \(value) is outside -90…90")
        }
        if south > north { throw .invalidSearch(reason: "bbox south \(south) is above north \(north)") }
    }
}
