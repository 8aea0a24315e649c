// swift-tools-version: 6.0
import PackageDescription

/// EOCube: STAC-catalogued Earth-observation rasters into Zarr v3 data cubes.
///
/// Layers (dependencies point down only):
///   EOCubeBuilder  ─┬─ STACClient ─┐
///                   ├─ GeoRaster  ─┼─ HTTPTransport (libcurl; public only through ZarrStore's S3 and HTTP storages)
///                   └─ ZarrStore  ─┘
/// STACClient and ZarrStore share JSONCore (internal: one JSONValue, parser and writer) and re-export it.
/// C libraries are reached through one small shim target each (CCurl, CCrypto, CTIFF, CZstd, CBlosc, CZlib, CLerc, CPNG);
/// SystemSupport (internal) is the one system-call layer (swift-system's FileDescriptor and Errno,
/// EINTR retries, locks, process status) for GeoRaster, ZarrStore and EOCubeBuilder; it reaches
/// CPOSIX, which holds the Linux calls Swift's Glibc module leaves out. CKernels holds the few
/// loops that need SIMD lane shifts Swift cannot express.
let package = Package(
    name: "EOCube",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "EOCubeBuilder", targets: ["EOCubeBuilder"]),
        .library(name: "STACClient", targets: ["STACClient"]),
        .library(name: "GeoRaster", targets: ["GeoRaster"]),
        .library(name: "ZarrStore", targets: ["ZarrStore"]),
        // The one HTTP/S3 client (libcurl, SigV4, retries) under STACClient, GeoRaster and ZarrStore;
        // a product because ZarrStore's S3Storage and HTTPStorage take its configuration.
        .library(name: "HTTPTransport", targets: ["HTTPTransport"]),
        .executable(name: "eocube", targets: ["eocube"]),
        .executable(name: "eocube-bench", targets: ["eocube-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
    ],
    targets: [
        // MARK: C shims
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        .target(name: "CTIFF", linkerSettings: [.linkedLibrary("tiff")]),
        .target(name: "CZstd", linkerSettings: [.linkedLibrary("zstd")]),
        .target(name: "CBlosc", linkerSettings: [.linkedLibrary("blosc")]),
        .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),
        .target(name: "CLerc", linkerSettings: [.linkedLibrary("Lerc")]),
        .target(name: "CPOSIX"),
        .target(name: "CPNG", linkerSettings: [.linkedLibrary("png")]),
        .target(name: "CKernels"),
        .target(name: "CCrypto", linkerSettings: [.linkedLibrary("crypto")]),

        // MARK: Shared internal plumbing
        .target(
            name: "HTTPTransport",
            dependencies: ["CCurl", "CCrypto", "SystemSupport", .product(name: "Logging", package: "swift-log")]
        ),

        .target(
            name: "SystemSupport",
            dependencies: ["CPOSIX", .product(name: "SystemPackage", package: "swift-system")]
        ),

        .target(
            name: "JSONCore",
            dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]
        ),

        // MARK: Domain modules
        .target(
            name: "STACClient",
            dependencies: [
                "JSONCore", "HTTPTransport", .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "GeoRaster",
            dependencies: [
                "CTIFF", "CPOSIX", "CKernels", "CLerc", "CZlib", "CZstd", "HTTPTransport", "SystemSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Collections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "ZarrStore",
            dependencies: [
                "CZstd", "CBlosc", "CZlib", "CPOSIX", "HTTPTransport", "JSONCore", "SystemSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .target(
            name: "EOCubeBuilder",
            dependencies: [
                "STACClient", "GeoRaster", "ZarrStore", "SystemSupport", "CPOSIX", "CPNG",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),

        // MARK: Executables
        .executableTarget(
            name: "eocube",
            dependencies: [
                "EOCubeBuilder", "STACClient", "GeoRaster", "ZarrStore", "HTTPTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/eocube"
        ),
        .executableTarget(
            name: "eocube-bench",
            dependencies: [
                "EOCubeBuilder", "STACClient", "GeoRaster", "ZarrStore", "HTTPTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "bench/Swift"
        ),

        // MARK: Tests
        .target(name: "InteropSupport", path: "Tests/InteropSupport"),
        .testTarget(name: "JSONCoreTests", dependencies: ["JSONCore", "InteropSupport"]),
        .testTarget(name: "SystemSupportTests", dependencies: ["SystemSupport"]),
        .testTarget(name: "HTTPTransportTests", dependencies: ["HTTPTransport", "InteropSupport"]),
        .testTarget(name: "STACClientTests", dependencies: ["STACClient", "HTTPTransport", "InteropSupport"]),
        .testTarget(name: "GeoRasterTests", dependencies: ["GeoRaster", "InteropSupport"]),
        .testTarget(name: "ZarrStoreTests", dependencies: ["ZarrStore", "HTTPTransport", "InteropSupport"]),
        .testTarget(name: "EOCubeBuilderTests", dependencies: ["EOCubeBuilder", "STACClient", "ZarrStore", "HTTPTransport", "InteropSupport"]),
        .testTarget(name: "EOCubeCLITests", dependencies: ["eocube", "EOCubeBuilder", "ZarrStore"]),
    ]
)
