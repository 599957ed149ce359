import AdminAPI
import Foundation
import NIOConcurrencyHelpers

/// The moderation rules in force and the counters they need, in memory, behind one lock: bans and mutes,
/// the limits, overrides, each session's message rate, each host's join rate and session count.
///
/// The room consults it on every join and message (under the room's lock; this lock comes after it), so
/// every check is O(1) or a few hash lookups. It persists nothing itself: ``ModerationService`` writes each
/// change to the store before applying it here.
package final class Moderation: Sendable {
    private struct OverrideEntry: Sendable {
        var override: LimitOverride
        var target: ModerationTarget
    }

    private struct State: Sendable {
        /// Counts every change to the bans, mutes, overrides and limits in force, so that one who looked at
        /// the store meanwhile can tell whether what it read may be older than them (``version``).
        var version = 0
        var limits = Limits.defaults
        /// A temporary change of limits: when, and back to what.
        var revert: (at: Date, previous: Limits)?
        var bans = SanctionBook()
        var mutes = SanctionBook()
        var overrides: [String: OverrideEntry] = [:]
        var overrideNicks: [String: Set<String>] = [:]
        var overrideRanges = PrefixIndex<String>()
        /// Each session's GCRA arrival time for messages, and the rate it was computed for.
        var messageArrivals: [SessionID: (arrival: Double, rate: RateSpec)] = [:]
        /// Each host's GCRA arrival time for joins.
        var joinArrivals: [CIDR: Double] = [:]
        var sessionAddresses: [SessionID: IPAddress] = [:]
        var hosts: [CIDR: Set<SessionID>] = [:]

        func hostKey(_ address: IPAddress) -> CIDR {
            CIDR(address: address, prefixLength: address.isIPv4 ? 32 : limits.ipv6HostPrefix)
        }

        func matchingOverrides(nick: Nick?, address: IPAddress?) -> [OverrideEntry] {
            var ids: [String] = []
            if let nick, let byNick = overrideNicks[nick.key] { ids.append(contentsOf: byNick) }
            if let address { ids.append(contentsOf: overrideRanges.matches(address)) }
            return ids.compactMap { overrides[$0] }.sorted { $0.override.createdAt > $1.override.createdAt }
        }

        /// The limits that apply to a person, after overrides: a nick's own override wins over a range's.
        func effective(nick: Nick?, address: IPAddress?) -> (exempt: Bool, rate: RateSpec, hostCap: Int) {
            guard !overrides.isEmpty else { return (false, limits.messageRate, limits.hostCap) }
            let matching = matchingOverrides(nick: nick, address: address)
            let exempt = matching.contains { $0.override.exempt }
            let byNickFirst = matching.sorted { first, _ in if case .nick = first.target { true } else { false } }
            let rate = byNickFirst.lazy.compactMap(\.override.messageRate).first ?? limits.messageRate
            let cap = matching.compactMap(\.override.hostCap).max() ?? limits.hostCap
            return (exempt, rate, cap)
        }

        /// The refusal of a join from a host already at its cap, if it is.
        func hostCapRefusal(host: CIDR, cap: Int) -> RoomError? {
            let sessions = hosts[host]?.count ?? 0
            guard sessions >= cap else { return nil }
            return RoomError(.hostLimit, "there are already \(sessions) sessions from your address (the limit is \(cap)); leave one first")
        }

        mutating func rebuildHosts() {
            hosts = [:]
            for (id, address) in sessionAddresses { hosts[hostKey(address), default: []].insert(id) }
        }
    }

    private let state = NIOLockedValueBox(State())
    private let clock: any ChatClock
    /// Reports of messages, and how fast each session may report.
    let reports = ReportDesk()
    /// The automod rules and their counters.
    package let automod = Automod()

    package init(clock: any ChatClock) {
        self.clock = clock
    }

    private var now: (date: Date, seconds: Double) {
        let date = clock.now()
        return (date, date.timeIntervalSinceReferenceDate)
    }

    // MARK: Checks (called by the room under its lock)

    /// Admits a join, or says why not: a ban on the nick or the address, the host's join rate, the host's
    /// session cap. On success the session counts against its host.
    package func admitJoin(_ id: SessionID, nick: Nick, address: IPAddress?) throws(RoomError) {
        let (date, seconds) = now
        let refusal: RoomError? = state.withLockedValue { state in
            if let ban = state.bans.first(nick: nick, address: address, at: date) {
                return Self.bannedError(ban)
            }
            if let address {
                let effective = state.effective(nick: nick, address: address)
                let host = state.hostKey(address)
                if !effective.exempt {
                    if let full = state.hostCapRefusal(host: host, cap: effective.hostCap) { return full }
                    let joinRate = RateSpec(count: state.limits.joinsPerMinute, seconds: 60)
                    var arrival = state.joinArrivals[host] ?? 0
                    if let wait = GCRA.take(&arrival, now: seconds, rate: joinRate) {
                        return RoomError(
                            .joinRateLimited,
                            "too many joins from your address; try again in \(Int(wait.rounded(.up))) s",
                            retryAfter: wait
                        )
                    }
                    state.joinArrivals[host] = arrival
                }
                state.sessionAddresses[id] = address
                state.hosts[host, default: []].insert(id)
            }
            return nil
        }
        if let refusal { throw refusal }
    }

    /// Forgets a session that left.
    package func sessionEnded(_ id: SessionID) {
        reports.sessionEnded(id)
        state.withLockedValue { state in
            state.messageArrivals[id] = nil
            guard let address = state.sessionAddresses.removeValue(forKey: id) else { return }
            let host = state.hostKey(address)
            state.hosts[host]?.remove(id)
            if state.hosts[host]?.isEmpty == true { state.hosts[host] = nil }
        }
    }

    /// Admits a message, or says why not: a mute, or the message rate.
    package func admitMessage(_ id: SessionID, nick: Nick, address: IPAddress?) throws(RoomError) {
        let (date, seconds) = now
        let refusal: RoomError? = state.withLockedValue { state in
            if let mute = state.mutes.first(nick: nick, address: address, at: date) {
                var text = "you are muted"
                if let reason = mute.publicReason { text += " (\(reason))" }
                text += mute.expiresAt.map { " until \(AdminJSON.formatTimestamp($0))" } ?? ""
                return RoomError(.muted, text, reason: mute.publicReason, expiresAt: mute.expiresAt)
            }
            let effective = state.effective(nick: nick, address: address)
            guard !effective.exempt else { return nil }
            var arrival = 0.0
            // One hash lookup for the read and the write back.
            let index = state.messageArrivals.index(forKey: id)
            if let index {
                let previous = state.messageArrivals.values[index]
                // The limits changed since the last message: carry the used share over to the new rate, once.
                arrival =
                    previous.rate == effective.rate
                    ? previous.arrival : GCRA.rescale(previous.arrival, now: seconds, from: previous.rate, to: effective.rate)
            }
            let wait = GCRA.take(&arrival, now: seconds, rate: effective.rate)
            if let index {
                state.messageArrivals.values[index] = (arrival, effective.rate)
            } else {
                state.messageArrivals[id] = (arrival, effective.rate)
            }
            if let wait {
                return RoomError(
                    .rateLimited,
                    "you are sending too fast (\(effective.rate)); wait \(String(format: "%.1f", max(0.1, wait))) s",
                    retryAfter: wait
                )
            }
            return nil
        }
        if let refusal { throw refusal }
    }

    static func bannedError(_ ban: Sanction) -> RoomError {
        var text = "you are banned"
        if let reason = ban.publicReason { text += " (\(reason))" }
        text += ban.expiresAt.map { " until \(AdminJSON.formatTimestamp($0))" } ?? ""
        return RoomError(.banned, text, reason: ban.publicReason, expiresAt: ban.expiresAt)
    }

    // MARK: Bans and mutes

    package func add(_ sanction: Sanction, target: ModerationTarget) {
        state.withLockedValue { state in
            state.version += 1
            switch sanction.kind {
            case .ban: state.bans.add(sanction, target: target)
            case .mute: state.mutes.add(sanction, target: target)
            }
        }
    }

    @discardableResult
    func lift(_ kind: Sanction.Kind, id: String) -> Sanction? {
        state.withLockedValue { state in
            state.version += 1
            switch kind {
            case .ban: return state.bans.remove(id: id)
            case .mute: return state.mutes.remove(id: id)
            }
        }
    }

    /// Sanctions in force, newest first.
    func sanctions(_ kind: Sanction.Kind) -> [Sanction] {
        let date = now.date
        return state.withLockedValue { state in
            (kind == .ban ? state.bans : state.mutes).byID.values.filter { $0.isActive(at: date) }.sorted { $0.createdAt > $1.createdAt }
        }
    }

    /// The sanction with this id, or those in force on exactly this target.
    func find(_ kind: Sanction.Kind, idOrTarget text: String) -> [Sanction] {
        state.withLockedValue { state in
            let book = kind == .ban ? state.bans : state.mutes
            if let sanction = book.byID[text] { return [sanction] }
            guard let target = try? ModerationTarget(parsing: text) else { return [] }
            return book.withTarget(target)
        }
    }

    /// The ban that would refuse a join, if any: what every join checks.
    package func activeBan(nick: Nick, address: IPAddress?) -> Sanction? {
        let date = now.date
        return state.withLockedValue { $0.bans.first(nick: nick, address: address, at: date) }
    }

    /// The mute in force for a person that ends last (a permanent one before any timed one), if any: how
    /// long they stay muted, for the people list.
    func longestMute(nick: Nick, address: IPAddress?) -> Sanction? {
        longestMutes([(nick, address)])[0]
    }

    /// ``longestMute(nick:address:)`` for many people under one taking of the lock (a listing of the room).
    func longestMutes(_ people: [(nick: Nick, address: IPAddress?)]) -> [Sanction?] {
        let date = now.date
        return state.withLockedValue { state in
            guard state.mutes.count > 0 else { return Array(repeating: nil, count: people.count) }
            return people.map { person in
                state.mutes.matching(nick: person.nick, address: person.address, at: date).max { shorter, longer in
                    guard let longerEnd = longer.expiresAt else { return shorter.expiresAt != nil }
                    guard let shorterEnd = shorter.expiresAt else { return false }
                    return shorterEnd < longerEnd
                }
            }
        }
    }

    /// Bans and mutes in force for a person.
    func sanctions(nick: Nick?, address: IPAddress?) -> (bans: [Sanction], mutes: [Sanction]) {
        let date = now.date
        return state.withLockedValue { state in
            (state.bans.matching(nick: nick, address: address, at: date), state.mutes.matching(nick: nick, address: address, at: date))
        }
    }

    /// How many times the bans, mutes, overrides or limits in force have changed (see `State.version`).
    var version: Int { state.withLockedValue { $0.version } }

    // MARK: Limits and overrides

    var limits: Limits {
        state.withLockedValue { state in
            var limits = state.limits
            limits.revertsAt = state.revert?.at
            return limits
        }
    }

    /// The limits to revert to, if a temporary change is in force.
    var revert: (at: Date, previous: Limits)? { state.withLockedValue { $0.revert } }

    /// Puts new limits in force at once, for sessions already present too.
    package func setLimits(_ limits: Limits, revert: (at: Date, previous: Limits)?) {
        state.withLockedValue { state in
            let regroup = state.limits.ipv6HostPrefix != limits.ipv6HostPrefix
            state.version += 1
            state.limits = limits
            state.limits.revertsAt = nil
            state.revert = revert
            if regroup { state.rebuildHosts() }
        }
    }

    func addOverride(_ override: LimitOverride, target: ModerationTarget) {
        state.withLockedValue { state in
            state.version += 1
            state.overrides[override.id] = OverrideEntry(override: override, target: target)
            switch target {
            case .nick(let nick): state.overrideNicks[nick.key, default: []].insert(override.id)
            case .range(let range): state.overrideRanges.insert(range, override.id)
            }
        }
    }

    @discardableResult
    func removeOverride(id: String) -> LimitOverride? {
        state.withLockedValue { state in
            guard let entry = state.overrides.removeValue(forKey: id) else { return nil }
            state.version += 1
            switch entry.target {
            case .nick(let nick): state.overrideNicks[nick.key]?.remove(id)
            case .range(let range): state.overrideRanges.remove(range, id)
            }
            return entry.override
        }
    }

    var overrides: [LimitOverride] {
        state.withLockedValue { $0.overrides.values.map(\.override).sorted { $0.createdAt > $1.createdAt } }
    }

    /// What applies to a person: overrides, the exemption, the message rate and host cap in force.
    func effectiveLimits(nick: Nick?, address: IPAddress?) -> (overrides: [LimitOverride], exempt: Bool, rate: RateSpec, hostCap: Int) {
        state.withLockedValue { state in
            let effective = state.effective(nick: nick, address: address)
            return (state.matchingOverrides(nick: nick, address: address).map(\.override), effective.exempt, effective.rate, effective.hostCap)
        }
    }

    /// A session's message budget now: seconds until the next message is allowed, and how many could go.
    func messageBudget(_ id: SessionID, rate: RateSpec) -> (wait: Double, available: Int) {
        let seconds = now.seconds
        return state.withLockedValue { state in
            guard let previous = state.messageArrivals[id] else { return GCRA.peek(0, now: seconds, rate: rate) }
            let arrival = previous.rate == rate ? previous.arrival : GCRA.rescale(previous.arrival, now: seconds, from: previous.rate, to: rate)
            return GCRA.peek(arrival, now: seconds, rate: rate)
        }
    }

    // MARK: Hosts

    /// The host an address's connections count against, and their cap there (nil when exempt): what the
    /// chat listener asks of every connection it accepts. O(1) without overrides.
    func connectionCap(for address: IPAddress) -> (host: CIDR, cap: Int?) {
        state.withLockedValue { state in
            let host = state.hostKey(address)
            guard !state.overrides.isEmpty else { return (host, state.limits.connectionCap) }
            let matching = state.overrideRanges.matches(address).compactMap { state.overrides[$0]?.override }
            if matching.contains(where: \.exempt) { return (host, nil) }
            return (host, matching.compactMap(\.connectionCap).max() ?? state.limits.connectionCap)
        }
    }

    /// The host-cap part of a join's checks on its own, as `admitJoin` makes it (lock, overrides, the host's
    /// count against its cap), for the micro-benchmarks.
    package func hostCapRefusal(nick: Nick, address: IPAddress) -> RoomError? {
        state.withLockedValue { state in
            let effective = state.effective(nick: nick, address: address)
            guard !effective.exempt else { return nil }
            return state.hostCapRefusal(host: state.hostKey(address), cap: effective.hostCap)
        }
    }

    /// The host an address counts against (the address, or its IPv6 group).
    func hostKey(for address: IPAddress) -> CIDR {
        state.withLockedValue { $0.hostKey(address) }
    }

    /// Every host with sessions, and which.
    func hosts() -> [(host: CIDR, sessions: Set<SessionID>)] {
        state.withLockedValue { state in state.hosts.map { ($0.key, $0.value) }.sorted { $0.host.network < $1.host.network } }
    }

    /// Sessions counted against a host.
    func sessions(onHost host: CIDR) -> Set<SessionID> {
        state.withLockedValue { $0.hosts[host] ?? [] }
    }

    // MARK: Expiry

    /// What ran out.
    struct Expired: Sendable {
        var sanctions: [Sanction] = []
        var overrides: [LimitOverride] = []
        /// The limits now back in force, if a temporary change ended, and when it was due to.
        var revertedTo: Limits?
        var revertedAt: Date?
        var isEmpty: Bool { sanctions.isEmpty && overrides.isEmpty && revertedTo == nil }
    }

    /// Lifts what has run out and forgets counters that no longer limit anything.
    func expire() -> Expired {
        let (date, seconds) = now
        return state.withLockedValue { state in
            var expired = Expired()
            expired.sanctions = state.bans.removeExpired(at: date) + state.mutes.removeExpired(at: date)
            for (id, entry) in state.overrides where (entry.override.expiresAt.map { $0 <= date } ?? false) {
                state.overrides[id] = nil
                switch entry.target {
                case .nick(let nick): state.overrideNicks[nick.key]?.remove(id)
                case .range(let range): state.overrideRanges.remove(range, id)
                }
                expired.overrides.append(entry.override)
            }
            if let revert = state.revert, revert.at <= date {
                let regroup = state.limits.ipv6HostPrefix != revert.previous.ipv6HostPrefix
                state.limits = revert.previous
                state.revert = nil
                if regroup { state.rebuildHosts() }
                expired.revertedTo = revert.previous
                expired.revertedAt = revert.at
            }
            state.joinArrivals = state.joinArrivals.filter { $0.value > seconds }
            if !expired.sanctions.isEmpty || !expired.overrides.isEmpty || expired.revertedTo != nil { state.version += 1 }
            return expired
        }
    }
}
