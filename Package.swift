// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Fanout",
    products: [
        .executable(name: "fanout", targets: ["fanout"]),
        .library(name: "Billing", targets: ["Billing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // MARK: - Inputs: strict model files, scenarios, workloads
        .target(name: "TextOutput", swiftSettings: swiftSettings),
        .target(name: "FanoutInput", swiftSettings: swiftSettings),
        .target(name: "Scenarios", dependencies: ["FanoutInput"], swiftSettings: swiftSettings),
        .target(name: "Workloads", dependencies: ["Scenarios"], swiftSettings: swiftSettings),

        // MARK: - Discrete-event kernel
        .target(name: "SimKernel", swiftSettings: swiftSettings),

        // MARK: - In-process channel engine (the self-hosted alternative)
        .target(name: "ChannelEngine", swiftSettings: swiftSettings),

        // MARK: - Architecture definitions and what they consume
        .target(name: "Architectures", dependencies: ["FanoutInput", "Scenarios"], swiftSettings: swiftSettings),
        .target(name: "Usage", dependencies: ["Architectures"], swiftSettings: swiftSettings),

        // MARK: - Steady-state (analytic) path: workload × architecture → usage + limits
        .target(
            name: "Analytic",
            dependencies: ["FanoutInput", "Workloads", "Architectures", "Usage", "TextOutput"],
            swiftSettings: swiftSettings
        ),

        // MARK: - Event-level path: the same architecture definitions, replayed in time
        .target(
            name: "Simulator",
            dependencies: [
                "SimKernel", "FanoutInput", "Scenarios", "Workloads", "Architectures", "Usage", "Analytic",
                "ChannelEngine",
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Prices and the bill
        .target(name: "Pricing", dependencies: ["FanoutInput"], swiftSettings: swiftSettings),
        .target(
            name: "Billing",
            dependencies: ["Usage", "Pricing", "Analytic", "Scenarios", "Architectures", "TextOutput"],
            swiftSettings: swiftSettings
        ),

        .target(
            name: "Reports",
            dependencies: [
                "Billing", "Simulator", "SimKernel", "Pricing", "Scenarios", "Architectures", "Analytic", "FanoutInput",
                "TextOutput",
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Planning: the inputs of a bill, varied (sensitivity; later runs and sweeps)
        .target(
            name: "Planning",
            dependencies: [
                "FanoutInput", "Scenarios", "Architectures", "Pricing", "Billing", "TextOutput", "Simulator", "Reports",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Live WebSocket gateway on the engine
        .target(
            name: "Gateway",
            dependencies: [
                "ChannelEngine", "Billing", "Pricing", "Scenarios", "Architectures", "FanoutInput",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Run store: planning runs in SQLite (GRDB)
        .target(
            name: "RunStore",
            dependencies: [
                "Planning", "FanoutInput", "Scenarios", "Pricing", "Simulator", "TextOutput",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - HTML report: SVG charts over the run store
        .target(
            name: "HTMLReport",
            dependencies: ["RunStore", "FanoutInput", "TextOutput"],
            swiftSettings: swiftSettings
        ),

        // MARK: - CloudFormation templates read into architecture definitions (Yams)
        .target(
            name: "Templates",
            dependencies: ["Architectures", "Billing", "FanoutInput", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),

        // MARK: - Command-line tool
        .executableTarget(
            name: "fanout",
            dependencies: [
                "Billing", "Scenarios", "Architectures", "Pricing", "Analytic", "SimKernel", "Simulator", "Reports",
                "ChannelEngine", "TextOutput", "Planning", "RunStore", "Gateway", "HTMLReport", "Templates",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Tests
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SimKernelTests", dependencies: ["SimKernel"]),
        .testTarget(name: "ChannelEngineTests", dependencies: ["ChannelEngine", "SimKernel"]),
        .testTarget(
            name: "SimulatorTests",
            dependencies: [
                "TestSupport",
                "Simulator", "Reports", "Billing", "Analytic", "Architectures", "Pricing", "Scenarios", "FanoutInput",
            ]
        ),
        .testTarget(name: "PricingTests", dependencies: ["Pricing", "Usage", "Billing", "SimKernel"]),
        .testTarget(name: "ArchitecturesTests", dependencies: ["Architectures", "Usage", "SimKernel"]),
        .testTarget(
            name: "ScenariosTests",
            dependencies: ["Scenarios", "Workloads", "FanoutInput", "Pricing", "Architectures"]
        ),
        .testTarget(
            name: "BillingTests",
            dependencies: [
                "TestSupport", "Billing", "Analytic", "Scenarios", "Architectures", "Pricing", "Usage", "Workloads",
            ]
        ),
        .testTarget(name: "FanoutCLITests", dependencies: ["TestSupport", "fanout"]),
        .testTarget(
            name: "PlanningTests",
            dependencies: [
                "TestSupport", "Planning", "Billing", "Architectures", "Scenarios", "Pricing", "FanoutInput", "fanout",
            ]
        ),
        .testTarget(
            name: "RunStoreTests",
            dependencies: [
                "TestSupport",
                "RunStore", "Planning", "FanoutInput", "Scenarios", "Architectures", "Simulator", "fanout",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "HTMLReportTests", dependencies: ["TestSupport", "HTMLReport", "RunStore", "fanout"]),
        .testTarget(
            name: "TemplatesTests",
            dependencies: ["TestSupport", "Templates", "Architectures", "FanoutInput", "Billing", "Planning", "fanout"]
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: ["Gateway", "ChannelEngine", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Resources"]
        ),
    ]
)
