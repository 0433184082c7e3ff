public import FanoutInput
public import Scenarios

extension Scenario {
    /// Checks what the simulator needs beyond ``Scenario/validate(source:)``: per-channel state it
    /// can hold, and a daily profile it can read. Errors name `source` and the key.
    public func validateForSimulation(source: String?) throws(InputError) -> DailyProfile {
        let v = Validator(source: source)
        let ch = v.nested("channels")
        if channels.count > ServerlessSimulation.maximumChannels {
            throw ch.fail(
                "count",
                "the simulator keeps state per channel: at most \(ServerlessSimulation.maximumChannels) (got \(channels.count))"
            )
        }
        if channels.joinsPerConnection > ServerlessSimulation.maximumJoins {
            throw ch.fail(
                "joins_per_connection",
                "the simulator supports at most \(ServerlessSimulation.maximumJoins) (got \(channels.joinsPerConnection))"
            )
        }
        if userMessages.perSession != userMessages.perSession.rounded() {
            throw v.nested("user_messages").fail(
                "per_session",
                "the simulator sends whole messages per session (got \(userMessages.perSession))"
            )
        }
        do {
            return try DailyProfile.resolve(dailyProfile)
        } catch {
            throw error.keyPath.isEmpty && error.source == dailyProfile
                ? InputError(source: source, keyPath: "daily_profile", message: "\(dailyProfile): \(error.message)")
                : error
        }
    }
}
