internal import HTTPTransport

/// Signed range GETs of an `s3://bucket/key` object through the shared ``S3Client`` (endpoint
/// and credentials from the AWS environment, retries and SigV4 signing in HTTPTransport).
struct S3RangeFetcher: RangeFetcher {
    let url: String
    let object: S3URL
    let client: S3Client

    init(url: String) throws(GeoRasterError) {
        self.url = url
        do throws(S3Error) {
            object = try S3URL(parsing: url)
            client = try S3Client.fromEnvironment()
        } catch {
            throw .cannotOpen(location: url, reason: error.description)
        }
        guard !object.key.isEmpty else { throw .cannotOpen(location: url, reason: "the s3:// URL names a bucket, not an object") }
    }

    func fetch(_ range: Range<UInt64>) throws(GeoRasterError) -> (bytes: [UInt8], totalSize: UInt64?) {
        let response: HTTPResponse?
        do {
            response = try client.getObject(bucket: object.bucket, key: object.key, range: range)
        } catch {
            throw Self.translate(error, url: url)
        }
        guard let response else { throw .httpStatus(url: url, code: 404) }
        return (response.body, response.contentRangeTotal)
    }

    static func translate(_ error: S3Error, url: String) -> GeoRasterError {
        switch error {
        case .transport(let http): HTTPRangeFetcher.translate(http, url: url)
        case .service(_, 416, _, _): .readFailed(location: url, reason: "the object is empty")
        default: .readFailed(location: url, reason: error.description)
        }
    }
}
