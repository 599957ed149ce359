import Foundation

/// Limits login attempts as token buckets, so that guessing is slow and a stranger cannot lock an account's
/// owner out. A pure state machine: the caller passes the time.
///
/// An attempt takes a token from each bucket that applies *before* the password is checked, all or none
/// (``admit(address:account:at:)``); a right password gives them back (``succeeded(_:at:)``). Parallel
/// guesses are therefore limited exactly like serial ones. The buckets:
/// - per (account, source): strict, the owner's own mistakes and a guesser's on one account from one place;
/// - per source, over all accounts: a guesser trying many accounts;
/// - per account, only for sources that never logged in to it: guessers from many places. A source where
///   the account's owner has logged in before is not held back by strangers' failures.
///
/// A source is an IPv4 address or an IPv6 /64 (one host, as for the connection cap).
struct LoginThrottle: Sendable {
    struct Policy: Sendable {
        /// Attempts allowed in a burst.
        var burst: Double
        /// Seconds for one attempt to come back.
        var refill: TimeInterval
    }

    /// The buckets an admitted attempt took from, to give back if the password was right.
    struct Attempt: Sendable, Equatable {
        fileprivate let pair: String
        fileprivate let source: String
        fileprivate let account: String?
        let accountName: String
        let sourceKey: String
    }

    private struct Bucket {
        var tokens: Double
        var updated: Date
        let refill: TimeInterval
        let burst: Double

        func level(at now: Date) -> Double {
            min(burst, tokens + max(0, now.timeIntervalSince(updated)) / refill)
        }
    }

    let perPair: Policy
    let perSource: Policy
    let perAccount: Policy
    /// At most this many buckets are remembered; the fullest (least interesting) are forgotten first.
    let capacity: Int
    private var buckets: [String: Bucket] = [:]
    /// Sources that logged in to each account, newest last; at most ``knownPerAccount`` each.
    private var known: [String: [String]] = [:]
    static let knownPerAccount = 16
    /// Account names longer than a valid one are cut to this in keys, so a 60 KB name costs no more memory.
    static let maxKeyedName = 33

    init(
        perPair: Policy = Policy(burst: 5, refill: 60),
        perSource: Policy = Policy(burst: 20, refill: 15),
        perAccount: Policy = Policy(burst: 5, refill: 60),
        capacity: Int = 100_000
    ) {
        self.perPair = perPair
        self.perSource = perSource
        self.perAccount = perAccount
        self.capacity = capacity
    }

    /// Takes one token from every bucket that applies and returns the attempt, or takes nothing and returns
    /// the seconds until an attempt may be made.
    mutating func admit(address: String, account: String, at now: Date) -> Result<Attempt, Refusal> {
        let name = String(account.lowercased().prefix(Self.maxKeyedName))
        let source = SourceKey.of(address)
        let isKnown = known[name]?.contains(source) ?? false
        let attempt = Attempt(
            pair: "p:\(name)\u{0}\(source)", source: "s:" + source, account: isKnown ? nil : "u:" + name, accountName: name, sourceKey: source
        )
        var keys = [(attempt.pair, perPair), (attempt.source, perSource)]
        if let account = attempt.account { keys.append((account, perAccount)) }
        let waits = keys.compactMap { key, policy -> TimeInterval? in
            let tokens = buckets[key]?.level(at: now) ?? policy.burst
            return tokens >= 1 ? nil : ((1 - tokens) * policy.refill).rounded(.up)
        }
        if let wait = waits.max() { return .failure(Refusal(retryAfter: max(1, wait))) }
        for (key, policy) in keys {
            let tokens = buckets[key]?.level(at: now) ?? policy.burst
            buckets[key] = Bucket(tokens: tokens - 1, updated: now, refill: policy.refill, burst: policy.burst)
        }
        if buckets.count > capacity { forgetFullest(now) }
        return .success(attempt)
    }

    /// The password was right: the attempt's tokens come back, and its source is now known to the account.
    mutating func succeeded(_ attempt: Attempt, at now: Date) {
        for key in [attempt.pair, attempt.source] + (attempt.account.map { [$0] } ?? []) {
            guard var bucket = buckets[key] else { continue }
            bucket.tokens = min(bucket.burst, bucket.level(at: now) + 1)
            bucket.updated = now
            buckets[key] = bucket
        }
        var sources = known[attempt.accountName, default: []].filter { $0 != attempt.sourceKey }
        sources.append(attempt.sourceKey)
        known[attempt.accountName] = Array(sources.suffix(Self.knownPerAccount))
    }

    /// A refused attempt: how long to wait.
    struct Refusal: Error, Sendable, Equatable {
        let retryAfter: TimeInterval
    }

    /// Forgets the fullest buckets down to 90% of capacity, so the sort this needs happens once per
    /// capacity/10 attempts rather than on every attempt of a spray from many addresses.
    private mutating func forgetFullest(_ now: Date) {
        let excess = buckets.count - capacity * 9 / 10
        let fullest = buckets.sorted { $0.value.level(at: now) / $0.value.burst > $1.value.level(at: now) / $1.value.burst }.prefix(excess)
        for (key, _) in fullest { buckets[key] = nil }
    }

    /// How many buckets are remembered (bounded by ``capacity``).
    var trackedKeys: Int { buckets.count }
}
