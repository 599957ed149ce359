import AdminAPI

/// The generic cell rate algorithm: one number per limited thing (the theoretical arrival time), one
/// comparison per check. `count` events per `seconds` on average, `burst` at once.
package enum GCRA {
    /// Seconds between events at the sustained rate.
    static func interval(_ rate: RateSpec) -> Double { rate.seconds / Double(rate.count) }

    /// How far ahead of now the arrival time may run.
    static func tolerance(_ rate: RateSpec) -> Double { interval(rate) * Double(max(rate.burst, 1) - 1) }

    /// Checks one event at `now` and, if allowed, records it.
    /// - Returns: nil when allowed; otherwise the seconds until it would be.
    package static func take(_ arrival: inout Double, now: Double, rate: RateSpec) -> Double? {
        let start = max(arrival, now)
        let wait = start - now - tolerance(rate)
        guard wait <= 0 else { return wait }
        arrival = start + interval(rate)
        return nil
    }

    /// Carries an arrival time over to a new rate, keeping the share of the bucket that was used: a person
    /// who had used all of a strict limit has used all of a generous one, which then refills at its own pace.
    static func rescale(_ arrival: Double, now: Double, from old: RateSpec, to new: RateSpec) -> Double {
        let used = max(0, arrival - now) / (tolerance(old) + interval(old))
        return now + min(1, used) * (tolerance(new) + interval(new))
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
