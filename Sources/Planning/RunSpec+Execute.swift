import Architectures
import Billing
public import FanoutInput
import Foundation
import Reports
import Scenarios
public import Simulator

extension RunSpec {
    /// Runs the spec as `fanout bill` or `fanout simulate` would: the analytic bill, the
    /// serverless simulation's replications, or the engine replay and its bill. `machine`
    /// describes where an engine replay ran (it goes into the measured calibration);
    /// `progress` counts simulated hours.
    public func execute(machine: String = "", progress: SimulationProgress? = nil) throws(InputError) -> RunResult {
        let started = DispatchTime.now().uptimeNanoseconds
        let report = try makeReport(machine: machine, progress: progress)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return RunResult(report: report, wallSeconds: seconds)
    }

    private func makeReport(machine: String, progress: SimulationProgress?) throws(InputError) -> RunResult.Report {
        let scenario = inputs.scenario
        switch (mode, inputs.architecture) {
        case (.bill, _):
            return .bill(try inputs.bill())
        case (.simulate, .selfHosted(let deployment)):
            let replay: EngineReplay.Result
            do {
                replay = try EngineReplay.run(
                    scenario: scenario,
                    days: days,
                    seed: seed,
                    machine: machine,
                    progress: progress
                )
            } catch {
                throw InputError(source: "simulate", keyPath: "", message: "\(error)")
            }
            let bill = try Bill.selfHosted(
                scenario: scenario,
                deployment: deployment,
                calibration: replay.calibration,
                prices: inputs.prices,
                options: inputs.billing
            )
            return .engine(EngineSimulationReport(bill: bill, days: days, seed: seed, replay: replay))
        case (.simulate, .serverless(let design)):
            let source = "scenario \(scenario.name)"
            let profile = try scenario.validateForSimulation(source: source)
            try scenario.validateEvents(days: days, source: source)
            let results = Replications.run(
                count: replications,
                scenario: scenario,
                architecture: design,
                latency: inputs.latency,
                quotas: inputs.quotas,
                profile: profile,
                days: days,
                seed: seed,
                progress: progress,
                reconnects: reconnects
            )
            return .simulation(
                try SimulationReport(
                    scenario: scenario,
                    architecture: design.name,
                    prices: inputs.prices,
                    options: inputs.billing,
                    days: days,
                    seed: seed,
                    results: results,
                    reconnects: reconnects
                )
            )
        }
    }
}
