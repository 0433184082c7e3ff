import ArgumentParser
import FanoutInput
import Foundation
import SimKernel
import TextOutput

/// `fanout bench des`: the discrete-event kernel on the hold model and on M/M/1 against SimPy.
struct BenchDESCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "des",
        abstract:
            "Kernel events per second: hold model at several queue sizes, M/M/1 against SimPy, the simulated month and the seed's reconnect storm.",
        discussion: """
            The SimPy baselines run Benchmarks/simpy_hold.py (the hold model at 1,000 pending, in pairs \
            with the kernel's) and Benchmarks/simpy_mm1.py with python3 in the same run (pip install \
            simpy); without it the ratios are skipped and the reason printed.
            """
    )

    @Option(parsing: .unconditional, help: "Hold operations per queue size.")
    var steps = 5_000_000

    @Option(parsing: .unconditional, help: "Runs of each kernel measurement (the median and best are shown).")
    var repeats = 5

    @Option(parsing: .unconditional, help: "Customers in the M/M/1 comparison.")
    var customers = 1_000_000

    @Option(parsing: .unconditional, help: "Users in the simulated month (0 skips it).")
    var monthUsers = 100_000

    @Option(help: "Architecture of the simulated month.")
    var monthArchitecture = "indexed"

    @Option(
        parsing: .unconditional,
        help: "Users in the seed stack's reconnect storm, with retry cohorts, against indexed (0 skips it)."
    )
    var stormUsers = 100_000

    @Option(name: .customLong("storm-days"), parsing: .unconditional, help: "Simulated days of the storm runs.")
    var stormDaysText = "0.25"

    @Flag(help: "Also run the storm once with --reconnects events (the reference; several times slower).")
    var stormReference = false

    @Option(help: ArgumentHelp("Python interpreter with simpy installed.", valueName: "path"))
    var python = "python3"

    @Option(help: ArgumentHelp("The SimPy script of the M/M/1 comparison.", valueName: "file"))
    var simpyScript = "Benchmarks/simpy_mm1.py"

    @Option(help: ArgumentHelp("The SimPy script of the hold-model comparison.", valueName: "file"))
    var simpyHoldScript = "Benchmarks/simpy_hold.py"

    @Option(parsing: .unconditional, help: "Holds per SimPy hold-model run (SimPy is about 100× slower).")
    var simpyHolds = 1_000_000

    func run() throws {
        try reportingInputErrors {
            guard steps >= 1_000, steps <= 1_000_000_000 else {
                throw InputError(
                    source: "--steps",
                    keyPath: "",
                    message: "must be between 1000 and 1000000000 (got \(steps))"
                )
            }
            guard (1...100).contains(repeats) else {
                throw InputError(
                    source: "--repeats",
                    keyPath: "",
                    message: "must be between 1 and 100 (got \(repeats))"
                )
            }
            guard simpyHolds >= 1_000, simpyHolds <= 100_000_000 else {
                throw InputError(
                    source: "--simpy-holds",
                    keyPath: "",
                    message: "must be between 1000 and 100000000 (got \(simpyHolds))"
                )
            }
            guard customers >= 1_000, customers <= 100_000_000 else {
                throw InputError(
                    source: "--customers",
                    keyPath: "",
                    message: "must be between 1000 and 100000000 (got \(customers))"
                )
            }
            let stormDays = try DecimalText.option(stormDaysText, "--storm-days")
            try Validator(source: "--storm-days").check("", stormDays, PhysicalRanges.simulatedDays)
            guard (0...1_000_000).contains(stormUsers) else {
                throw InputError(
                    source: "--storm-users",
                    keyPath: "",
                    message: "must be between 0 and 1000000 (got \(stormUsers))"
                )
            }
            #if DEBUG
            print("note: debug build; run `swift run -c release fanout bench des` for real figures\n")
            #endif
            let environment = BenchEnvironment()
            print(environment.header)
            defer { print(environment.footer()) }
            // The month runs first, though it prints last: the peak memory reported for it is the
            // largest of this process's children so far, and the SimPy baseline is a child too.
            let month = monthUsers > 0 ? try simulatedMonth() : []
            print("hold model (pop the earliest event, push one at an exponential delay), one core,")
            print("\(repeats) runs per size: the median and the best run (this machine's speed varies run to run)")
            print("pending      events   median events/s   best events/s")
            for pending in [1_000, 10_000, 100_000, 1_000_000] {
                let clock = ContinuousClock()
                var checksum: Int64 = 0
                var rates: [Double] = []
                for _ in 0..<repeats {
                    let elapsed = clock.measure { checksum = HoldModel.run(pending: pending, steps: steps, seed: 1) }
                    rates.append(Double(steps) / elapsed.seconds)
                }
                rates.sort()
                let line = [
                    pad(grouped(pending), 9), pad(grouped(steps), 11),
                    pad(String(format: "%.1f M", rates[rates.count / 2] / 1e6), 17),
                    pad(String(format: "%.1f M", rates[rates.count - 1] / 1e6), 15),
                ].joined(separator: " ")
                print(line + (checksum == 0 ? " (checksum 0)" : ""))
            }

            for line in holdAgainstSimPy() { print(line) }

            let model = MM1Queue(arrivalRate: 0.9, serviceRate: 1)
            let clock = ContinuousClock()
            var result = model.run(customers: 1, seed: 1)
            var runs: [Duration] = []
            for _ in 0..<repeats {
                runs.append(clock.measure { result = model.run(customers: customers, seed: 1) })
            }
            let median = runs.sorted()[runs.count / 2]
            let swiftRate = Double(result.events) / median.seconds
            print(
                "\nM/M/1 (λ = 0.9, μ = 1), \(grouped(customers)) customers, median of \(counted(Double(repeats), "run"))"
            )
            print(
                "  Fanout kernel: \(grouped(Int(result.events))) events in \(String(format: "%.3f", median.seconds)) s = \(String(format: "%.2f", swiftRate / 1e6)) M events/s, mean wait \(String(format: "%.3f", result.meanWait)) (theory \(String(format: "%.3f", model.theoreticalMeanWait)))"
            )
            switch simpyBaseline() {
            case .success(let baseline):
                print(
                    "  SimPy \(baseline.version): \(grouped(baseline.events)) events in \(String(format: "%.3f", baseline.seconds)) s = \(String(format: "%.3f", baseline.rate / 1e6)) M events/s, mean wait \(String(format: "%.3f", baseline.meanWait))"
                )
                print("  ratio: \(String(format: "%.0f", swiftRate / baseline.rate))× SimPy")
            case .failure(let reason):
                print("  SimPy baseline skipped: \(reason)")
            }
            for line in month { print(line) }
            if stormUsers > 0 {
                for line in try reconnectStorm(days: stormDays) { print(line) }
            }
        }
    }

    /// One replication of a 30-day month in a child process: the lines that report its wall time
    /// and its peak memory. Run it before any other child process (see `run()`).
    func simulatedMonth() throws(InputError) -> [String] {
        let arguments = [
            "simulate", "--users", String(monthUsers), "--days", "30", "--architecture", monthArchitecture,
            "--seed", "1", "--format", "json",
        ]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        if !FileManager.default.isExecutableFile(atPath: process.executableURL?.path ?? "") {
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        }
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        let clock = ContinuousClock()
        var data = Data()
        let elapsed = clock.measure {
            do {
                try process.run()
                data = out.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
            } catch {}
        }
        guard process.terminationStatus == 0,
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let metrics = object["metrics"] as? [[String: Any]]
        else {
            throw InputError(
                source: "bench des",
                keyPath: "",
                message: "the simulated month failed (fanout \(arguments.joined(separator: " ")))"
            )
        }
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        let events = metrics.first { $0["name"] as? String == "events" }?["value"] as? Double ?? 0
        return [
            "\nsimulated month: \(grouped(monthUsers)) users, 30 days, \(monthArchitecture), seed-requirement scenario, one replication",
            "  fanout \(arguments.joined(separator: " "))",
            "  \(String(format: "%.1f", elapsed.seconds)) s wall, \(grouped(Int(events))) events (\(String(format: "%.2f", events / elapsed.seconds / 1e6)) M events/s), peak memory \(usage.ru_maxrss / 1024) MB",
        ]
    }

    struct Baseline {
        var version: String
        var events: Int
        var seconds: Double
        var rate: Double
        var meanWait: Double
    }

    func simpyBaseline() -> Result<Baseline, BaselineUnavailable> {
        let object: [String: Any]
        switch runSimPyScript(simpyScript, ["--customers", String(customers)]) {
        case .success(let parsed): object = parsed
        case .failure(let reason): return .failure(reason)
        }
        guard let events = object["events"] as? Int, let seconds = object["seconds"] as? Double,
            let meanWait = object["mean_wait"] as? Double
        else {
            return .failure(BaselineUnavailable(description: "\(simpyScript) printed no events, seconds and mean_wait"))
        }
        return .success(
            Baseline(
                version: object["simpy"] as? String ?? "?",
                events: events,
                seconds: seconds,
                rate: Double(events) / seconds,
                meanWait: meanWait
            )
        )
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}

func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { out += "," }
        out.append(character)
    }
    return (value < 0 ? "-" : "") + out
}
