// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "party-letters",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "letters", targets: ["letters"]),
        .library(name: "LetterModel", targets: ["LetterModel"]),
        .library(name: "Seal", targets: ["Seal"]),
        .library(name: "Render", targets: ["Render"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries, found with pkg-config.
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "pangocairo pangoft2 cairo-pdf fontconfig",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev", "libfontconfig-dev"])]
        ),
        .systemLibrary(
            name: "CJPEG",
            pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg-dev"])]
        ),
        // libjpeg reports errors by longjmp; Swift cannot setjmp, so the decode runs in C.
        .target(name: "CJPEGShim", dependencies: ["CJPEG"]),
        // Lets the renderer lower the level of cairo's zlib streams; see deflate_level.c.
        .target(name: "CDeflateLevel", linkerSettings: [.linkedLibrary("dl")]),

        .target(name: "LetterModel"),
        .target(name: "Seal", dependencies: ["CJPEGShim"]),
        .target(name: "Render", dependencies: ["LetterModel", "Seal", "CCairo", "CDeflateLevel"]),
        .executableTarget(
            name: "letters",
            dependencies: [
                "LetterModel", "Seal", "Render",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "LetterModelTests", dependencies: ["LetterModel"]),
        .testTarget(name: "SealTests", dependencies: ["Seal"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "LetterModel", "Seal"]),
        .testTarget(name: "CommandLineTests", dependencies: ["letters", "Seal"]),
    ],
    swiftLanguageModes: [.v6]
)
