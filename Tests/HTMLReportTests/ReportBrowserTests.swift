import Foundation
import RunStore
import Testing

/// The report in a real browser: headless Chromium renders it without console errors, every
/// chart's SVG is in its DOM with the expected number of series, and the screenshot is not blank.
@Suite(.serialized) struct ReportBrowserTests {
    /// Chromium on the PATH, or nil.
    static let chromium: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome", "chrome"] {
            for dir in path.split(separator: ":") {
                let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }()

    /// What one headless load gave: the DOM after load, the screenshot's non-background share,
    /// and the console messages Chromium logged.
    struct Load {
        var dom: String
        var inkShare: Double
        var console: [String]
    }

    static func load(_ page: String, in dir: String, browser: URL) throws -> Load {
        let url = URL(fileURLWithPath: page).absoluteString
        let common = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
            "--user-data-dir=\(dir)/chromium-profile", "--window-size=1100,2200",
        ]
        let dom = try CLI.run(browser, common + ["--dump-dom", url], in: dir)
        let shot = try CLI.run(browser, common + ["--screenshot=\(dir)/shot.png", url], in: dir)
        #expect(shot.status == 0 && dom.status == 0, "chromium failed: \(shot.stderr.suffix(400))")
        let ink = try CLI.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", CLI.root.appendingPathComponent("scripts/png-ink-share.py").path, "\(dir)/shot.png"],
            in: dir
        )
        #expect(ink.status == 0, "\(ink.stderr)")
        let console = (dom.stderr + shot.stderr).split(separator: "\n").map(String.init).filter {
            $0.contains(":CONSOLE") || $0.contains("Uncaught")
        }
        return Load(
            dom: dom.stdout,
            inkShare: Double(ink.stdout.split(separator: " ").first ?? "") ?? 0,
            console: console
        )
    }

    /// Each `<svg … data-chart="id">` of the DOM and how many `data-series` groups it holds.
    static func seriesByChart(_ dom: String) -> [String: Int] {
        var found: [String: Int] = [:]
        for piece in dom.components(separatedBy: "<svg ").dropFirst() {
            guard let start = piece.range(of: "data-chart=\""),
                let end = piece[start.upperBound...].firstIndex(of: "\""),
                let close = piece.range(of: "</svg>")
            else { continue }
            let id = String(piece[start.upperBound..<end])
            found[id] = piece[..<close.lowerBound].components(separatedBy: "data-series=").count - 1
        }
        return found
    }

    /// The check itself can fail: a page that logs a console error and throws is caught.
    @Test func consoleErrorsAreDetected() throws {
        guard let browser = Self.chromium else {
            print("ReportBrowserTests: skipped, no Chromium found on PATH (chromium, chromium-browser, google-chrome)")
            return
        }
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let page = "\(dir)/bad.html"
        try Data("<p>x</p><script>console.error('broken'); undefinedFunction();</script>".utf8)
            .write(to: URL(fileURLWithPath: page))
        let load = try Self.load(page, in: dir, browser: browser)
        #expect(load.console.count >= 2, "\(load.console)")
        #expect(load.inkShare < 0.01)
    }

    @Test func reportRendersEveryChartWithItsSeries() throws {
        guard let browser = Self.chromium else {
            print("ReportBrowserTests: skipped, no Chromium found on PATH (chromium, chromium-browser, google-chrome)")
            return
        }
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let commands = [
            [
                "sweep", "--users", "1000,2000,4000", "--architecture", "seed,scan,indexed,engine", "--db",
                "runs.sqlite",
            ],
            [
                "sweep", "--users", "1000", "--architecture", "indexed", "--mode", "simulate", "--days", "1", "--db",
                "runs.sqlite",
            ],
            ["breaks", "--architecture", "seed,scan,indexed,engine", "--max", "5000", "--db", "runs.sqlite"],
            ["sensitivity", "--users", "2000", "--architecture", "indexed", "--db", "runs.sqlite"],
            ["breaks", "--architecture", "seed,scan,indexed,engine", "--max", "5000", "--db", "runs.sqlite"],
            ["sensitivity", "--users", "2000", "--architecture", "indexed", "--db", "runs.sqlite"],
            ["report", "--db", "runs.sqlite", "--output", "report.html"],
        ]
        for arguments in commands {
            let run = try CLI.fanout(arguments + ["--quiet"].filter { _ in arguments[0] == "sweep" }, in: dir)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
        }
        let store = try RunStore(path: "\(dir)/runs.sqlite")
        let analyses = try store.analyses()
        #expect(analyses.filter { $0.kind == "breaks" }.count == 4, "a rerun of breaks stored it twice")
        #expect(analyses.filter { $0.kind == "sensitivity" }.count == 1, "a rerun of sensitivity stored it twice")
        let runs = try store.runsWithDetails()
        let html = try String(contentsOfFile: "\(dir)/report.html", encoding: .utf8)
        #expect(!html.contains("data-missing"), "a chart says its data is missing")

        let load = try Self.load("\(dir)/report.html", in: dir, browser: browser)
        #expect(load.console.isEmpty, "console: \(load.console)")
        #expect(load.inkShare > 0.03, "the screenshot is nearly blank (\(load.inkShare))")
        let series = Self.seriesByChart(load.dom)
        // Chart 1 and 3: one line per architecture and mode (4 bills, 1 simulation).
        #expect(series["chart-total-cost"] == 5)
        #expect(series["chart-delivered"] == 5)
        // Chart 2: one stack per curve, one layer per service the curve's runs bill.
        let curves: [(String, String)] = [
            ("engine", "bill"), ("indexed", "bill"), ("indexed", "simulate"), ("scan", "bill"), ("seed", "bill"),
        ]
        for (index, (architecture, mode)) in curves.enumerated() {
            let services = Set(
                runs.filter { $0.architecture == architecture && $0.mode == mode }.flatMap(\.lineItems).map(\.service)
            )
            #expect(series["chart-cost-by-service-\(index + 1)"] == services.count, "\(architecture) \(mode)")
        }
        // Chart 4: a row per architecture; chart 5: four panels of the one simulated run; chart 6: low and high.
        #expect(series["chart-breaking-points"] == 4)
        let simulated = runs.first { $0.mode == "simulate" }!.id
        for (panel, count) in [(1, 2), (2, 4), (3, 1), (4, 1)] {
            #expect(series["chart-timeseries-\(simulated)-\(panel)"] == count, "panel \(panel)")
        }
        #expect(series["chart-sensitivity-1"] == 2)
        #expect(series.count == 2 + curves.count + 1 + 4 + 1, "charts in the DOM: \(series.keys.sorted())")
    }
}
