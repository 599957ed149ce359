import AdminAPI
import Foundation

/// Limits login attempts with the same rate limiter as messages and joins (``GCRA``: one arrival time per
/// bucket), so that guessing is slow and a stranger cannot lock an account's
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
        var burst: Int
        /// Seconds for one attempt to come back.
        var refill: TimeInterval

        /// The policy as a rate: one attempt per `refill`, `burst` at once.
        var rate: RateSpec { RateSpec(count: 1, seconds: refill, burst: burst) }
    }

    /// The buckets an admitted attempt took from, to give back if the password was right.
    struct Attempt: Sendable, Equatable {
        fileprivate let pair: String
        fileprivate let source: String
        fileprivate let account: String?
        let accountName: String
        let sourceKey: String
    }

    /// A bucket: its GCRA arrival time (seconds since 1970) and its rate. One whose arrival time has passed
    /// is full, the same as one never used.
    private struct Bucket {
        var arrival: Double
        let rate: RateSpec
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
            pair: "p:\(name)\u{0}\(source)",
            source: "s:" + source,
            account: isKnown ? nil : "u:" + name,
            accountName: name,
            sourceKey: source
        )
        var keys = [(attempt.pair, perPair.rate), (attempt.source, perSource.rate)]
        if let account = attempt.account { keys.append((account, perAccount.rate)) }
        let time = now.timeIntervalSince1970
        let waits = keys.map { key, rate in GCRA.peek(buckets[key]?.arrival ?? 0, now: time, rate: rate).wait }
        if let wait = waits.max(), wait > 0 { return .failure(Refusal(retryAfter: max(1, wait.rounded(.up)))) }
        for (key, rate) in keys {
            var arrival = buckets[key]?.arrival ?? 0
            _ = GCRA.take(&arrival, now: time, rate: rate)
            buckets[key] = Bucket(arrival: arrival, rate: rate)
        }
        if buckets.count > capacity { forgetFullest(time) }
        return .success(attempt)
    }

    /// The password was right: the attempt's tokens come back, and its source is now known to the account.
    mutating func succeeded(_ attempt: Attempt, at now: Date) {
        let time = now.timeIntervalSince1970
        for key in [attempt.pair, attempt.source] + (attempt.account.map { [$0] } ?? []) {
            guard var bucket = buckets[key] else { continue }
            bucket.arrival = max(time, bucket.arrival - GCRA.interval(bucket.rate))
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

    /// Forgets the fullest buckets (full ones first: forgetting them changes nothing) down to 90% of
    /// capacity, so the sort this needs happens once per capacity/10 attempts rather than on every attempt
    /// of a spray from many addresses.
    private mutating func forgetFullest(_ now: Double) {
        buckets = buckets.filter { $0.value.arrival > now }
        let excess = buckets.count - capacity * 9 / 10
        guard excess > 0 else { return }
        // The share of a bucket used: how far its arrival time runs ahead of now, against its whole depth.
        func used(_ bucket: Bucket) -> Double {
            (bucket.arrival - now) / (GCRA.tolerance(bucket.rate) + GCRA.interval(bucket.rate))
        }
        for (key, _) in buckets.sorted(by: { used($0.value) < used($1.value) }).prefix(excess) { buckets[key] = nil }
    }

    /// How many buckets are remembered (bounded by ``capacity``).
    var trackedKeys: Int { buckets.count }
}
