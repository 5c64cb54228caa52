// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Gleaner",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gleaner", targets: ["gleaner"]),
        .library(name: "GleanerCore", targets: ["GleanerCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries from Debian packages: module map + shim header only.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        .systemLibrary(name: "CUTF8Proc", providers: [.apt(["libutf8proc-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", providers: [.apt(["libzstd-dev"])]),
        .target(
            name: "GleanerCore",
            dependencies: ["CLibXML2", "CStemmer", "CUTF8Proc", "CZlib", "CZstd"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "gleaner",
            dependencies: [
                "GleanerCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "GleanerTestSupport", dependencies: ["GleanerCore"], path: "Tests/GleanerTestSupport"),
        .testTarget(name: "GleanerCoreTests", dependencies: ["GleanerCore", "GleanerTestSupport"]),
        .testTarget(name: "GleanerCLITests", dependencies: ["gleaner", "GleanerCore", "GleanerTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
