import Foundation

/// Limits failed logins per source address and per account, as token buckets: each failure takes a token,
/// tokens come back at a steady rate, and an empty bucket refuses every login (right password or not) until
/// one returns. A pure state machine: the caller passes the time.
struct LoginThrottle: Sendable {
    struct Policy: Sendable {
        /// Failures allowed in a burst.
        var burst: Double
        /// Seconds for one failure to be forgiven.
        var refill: TimeInterval
    }

    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    let perAddress: Policy
    let perAccount: Policy
    /// At most this many keys are remembered; the fullest (least interesting) are forgotten first.
    let capacity: Int
    private var buckets: [String: Bucket] = [:]

    init(
        perAddress: Policy = Policy(burst: 20, refill: 15),
        perAccount: Policy = Policy(burst: 5, refill: 60),
        capacity: Int = 100_000
    ) {
        self.perAddress = perAddress
        self.perAccount = perAccount
        self.capacity = capacity
    }

    /// Seconds until a login from `address` for `account` may be tried, or nil if it may be now.
    func retryAfter(address: String, account: String, at now: Date) -> TimeInterval? {
        let waits = [wait("a:" + address, perAddress, now), wait("u:" + account.lowercased(), perAccount, now)].compactMap { $0 }
        return waits.max()
    }

    /// Counts a failed login against both the address and the account.
    mutating func recordFailure(address: String, account: String, at now: Date) {
        take("a:" + address, perAddress, now)
        take("u:" + account.lowercased(), perAccount, now)
        if buckets.count > capacity { forgetFullest(now) }
    }

    private func level(_ key: String, _ policy: Policy, _ now: Date) -> Double {
        guard let bucket = buckets[key] else { return policy.burst }
        return min(policy.burst, bucket.tokens + now.timeIntervalSince(bucket.updated) / policy.refill)
    }

    private func wait(_ key: String, _ policy: Policy, _ now: Date) -> TimeInterval? {
        let tokens = level(key, policy, now)
        guard tokens < 1 else { return nil }
        return ((1 - tokens) * policy.refill).rounded(.up)
    }

    private mutating func take(_ key: String, _ policy: Policy, _ now: Date) {
        buckets[key] = Bucket(tokens: max(0, level(key, policy, now) - 1), updated: now)
    }

    /// Forgets the fullest buckets down to 90% of capacity, so the sort this needs happens once per
    /// capacity/10 failures rather than on every failure of a spray from many addresses.
    private mutating func forgetFullest(_ now: Date) {
        let excess = buckets.count - capacity * 9 / 10
        let fullest = buckets.keys.sorted { level($0, perAccount, now) > level($1, perAccount, now) }.prefix(excess)
        for key in fullest { buckets[key] = nil }
    }

    /// How many addresses and accounts are remembered (bounded by ``capacity``).
    var trackedKeys: Int { buckets.count }
}
