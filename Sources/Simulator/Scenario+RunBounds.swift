public import FanoutInput
public import Scenarios

extension Scenario {
    /// Checks that a run of `days` simulated days sees at least one expected event of every stream
    /// whose rate is above 0: a rarer stream would be billed from zero events and read as "none".
    /// Errors name `source` and the rate's key.
    public func validateEvents(days: Double, source: String?) throws(InputError) {
        let v = Validator(source: source)
        let broadcastsInRun = broadcasts.perMinute * days * 1440
        if broadcasts.perMinute > 0, broadcastsInRun < 1 {
            throw v.nested("broadcasts").fail(
                "per_minute",
                "gives \(Validator.format(broadcastsInRun)) broadcasts in \(Validator.format(days)) simulated days; simulate needs at least one (more --days, or 0 for none)"
            )
        }
        let messagesInRun = users * userMessages.perUserPerDay * days
        if userMessages.perUserPerDay > 0, messagesInRun < 1 {
            throw v.nested("user_messages").fail(
                "per_user_per_day",
                "gives \(Validator.format(messagesInRun)) messages from \(Validator.format(users)) users in \(Validator.format(days)) simulated days; simulate needs at least one (more --days or users, or 0 for none)"
            )
        }
    }
}
