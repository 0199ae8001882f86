// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "party-letters",
    products: [
        .executable(name: "letters", targets: ["letters"]),
        .library(name: "LetterModel", targets: ["LetterModel"]),
        .library(name: "Seal", targets: ["Seal"]),
        .library(name: "Render", targets: ["Render"]),
        .library(name: "Workflow", targets: ["Workflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
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
        // The embedded store's SQLite, called directly (see SQLiteHandle.swift for why not SQLiteNIO).
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // libjpeg reports errors by longjmp; Swift cannot setjmp, so the decode runs in C.
        .target(name: "CJPEGShim", dependencies: ["CJPEG"]),
        // Compresses cairo's PDF streams with libdeflate instead of zlib; see deflate_level.c.
        .target(name: "CDeflateLevel", linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("deflate")]),
        // Prints cairo's PDF numbers without glibc's general vfprintf; see number_print.c.
        .target(name: "CNumberPrint", linkerSettings: [.linkedLibrary("m")]),

        .target(name: "LetterModel"),
        // The readers of request bodies that are not JSON (forms, multipart uploads): apart from
        // the server so that the fuzz targets reach them without HTTP.
        .target(
            name: "RequestBodies",
            dependencies: [
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                // URLEncodedFormDecoder, for the pages' forms.
                .product(name: "Hummingbird", package: "hummingbird"),
            ]),
        .target(name: "Seal", dependencies: ["CJPEGShim"]),
        .target(name: "Render", dependencies: ["LetterModel", "Seal", "CCairo", "CDeflateLevel", "CNumberPrint"]),
        // The transfer machine, paths, the organization tree and the transfer's values: no
        // renderer, no database, no clock but the one passed in (tested without fonts).
        .target(name: "TransferMachine", dependencies: ["LetterModel"]),
        .target(
            name: "Workflow",
            dependencies: [
                "TransferMachine", "LetterModel", "Seal", "Render",
                "CSQLite",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                // Inflates the register's .xlsx parts (deflated, as Excel and WPS write them).
                "CZlib",
                // Times renders and store transactions (the server exports them on /metrics).
                .product(name: "CoreMetrics", package: "swift-metrics"),
                // The PostgreSQL client and the backup schedule run as services of the server's application.
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The demo province and the benchmarks' data: for the command line and the tests, never the server.
        .target(name: "DemoData", dependencies: ["Workflow", "LetterModel", "Render"]),
        .target(
            name: "Server",
            dependencies: [
                "Workflow", "Render", "LetterModel", "Seal", "RequestBodies",
                .product(name: "NIOCore", package: "swift-nio"),
                // The SMTP relay's client (SMTPMailer).
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                // Signs the notices handed to a department's webhook.
                .product(name: "Crypto", package: "swift-crypto"),
                // `/metrics`: swift-metrics' values (Hummingbird's request histograms, the
                // renderer's) in Prometheus' format.
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "letters",
            dependencies: [
                "LetterModel", "Seal", "Render", "Workflow", "Server", "DemoData",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // `serve` runs the PostgreSQL client and the application in one service group.
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The fuzz targets (scripts/fuzz builds them for libFuzzer; plain builds replay files).
        .executableTarget(name: "letters-fuzz", dependencies: ["LetterModel", "Seal", "Render", "Workflow", "RequestBodies"]),

        // What the suites share: the package's root, running a tool, a PDF's text and words.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LetterModelTests", dependencies: ["LetterModel"]),
        .testTarget(name: "SealTests", dependencies: ["Seal"]),
        .testTarget(name: "TransferMachineTests", dependencies: ["TransferMachine", "LetterModel"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "LetterModel", "Seal", "TestSupport"]),
        .testTarget(name: "CommandLineTests", dependencies: ["letters", "Seal", "TestSupport", "DemoData"]),
        .testTarget(
            name: "WorkflowTests",
            dependencies: ["Workflow", "LetterModel", "Render", "Seal", "TestSupport", "DemoData", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Workflow", "Render", "TestSupport", "DemoData",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                // A loopback SMTP relay for the notice mailer's test.
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
