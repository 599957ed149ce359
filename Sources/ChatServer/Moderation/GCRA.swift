import AdminAPI

/// The generic cell rate algorithm: one number per limited thing (the theoretical arrival time), one
/// comparison per check. `count` events per `seconds` on average, `burst` at once.
enum GCRA {
    /// Seconds between events at the sustained rate.
    static func interval(_ rate: RateSpec) -> Double { rate.seconds / Double(rate.count) }

    /// How far ahead of now the arrival time may run.
    static func tolerance(_ rate: RateSpec) -> Double { interval(rate) * Double(max(rate.burst, 1) - 1) }

    /// Checks one event at `now` and, if allowed, records it.
    /// - Returns: nil when allowed; otherwise the seconds until it would be.
    static func take(_ arrival: inout Double, now: Double, rate: RateSpec) -> Double? {
        let start = max(arrival, now)
        let wait = start - now - tolerance(rate)
        guard wait <= 0 else { return wait }
        arrival = start + interval(rate)
        return nil
    }

    /// Without recording anything: seconds until the next event is allowed (0: now), and how many could go
    /// at once.
    static func peek(_ arrival: Double, now: Double, rate: RateSpec) -> (wait: Double, available: Int) {
        let ahead = max(arrival, now) - now
        let wait = max(0, ahead - tolerance(rate))
        let available = max(0, Int(((tolerance(rate) - ahead) / interval(rate)).rounded(.down)) + 1)
        return (wait, min(available, rate.burst))
    }
}
