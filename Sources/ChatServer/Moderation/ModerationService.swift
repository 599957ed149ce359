import AdminAPI
import Foundation
import Logging

/// Moderation as the admin API, chatctl and the page's moderators use it: validates a request, guards
/// against over-broad or self-inflicted bans, writes the change to the store (only then is it
/// acknowledged), puts it in force in ``Moderation`` and applies it to the people present.
struct ModerationService: Sendable {
    let room: Room
    let store: any ControlStore
    let audit: AuditLog
    let clock: any ChatClock
    let logger: Logger
    /// The chat listener's open connections per host; nil where no listener counts them (unit tests).
    var connections: HostConnections? = nil
    /// Every change (a sanction, a lift, limits, an override, an expiry) runs alone, in arrival order, so
    /// that none reads what another is about to replace and writes over it.
    let changes = ChangeSequencer()

    var moderation: Moderation { room.moderation }

    /// What a join rate, a host cap and a connection cap may be, as a request sets them and as they are
    /// checked again at load; and the IPv6 host prefix.
    static let countBounds = 1...100_000
    static let ipv6PrefixBounds = 16...128

    /// Ranges wider than these need `force`.
    static let widestIPv4WithoutForce = 16
    static let widestIPv6WithoutForce = 48

    // MARK: Loading

    /// Puts what the store holds back in force, at start.
    ///
    /// What ran out while the server was down (a sanction, an override, a temporary change of limits) is
    /// put back first and then lifted by the same path as at run time: recorded in the store and audited as
    /// `system`, with the time it expired.
    func load() async throws {
        let now = clock.now()
        // Not lifted: in force, or expired while the server was down (lifted by expireDue below).
        for sanction in try await store.sanctions(includingInactive: true, at: now) where sanction.liftedAt == nil {
            guard let target = try? ModerationTarget(parsing: sanction.target) else {
                logger.warning("stored sanction with an unreadable target skipped", metadata: ["chat.sanction": "\(sanction.id)"])
                continue
            }
            moderation.add(sanction, target: target)
        }
        for override in try await store.overrides() {
            guard let target = try? ModerationTarget(parsing: override.target) else { continue }
            if let problem = Self.outOfBounds(override) {
                logger.error("stored override out of bounds, not put in force: \(problem)", metadata: ["chat.override": "\(override.id)"])
                continue
            }
            moderation.addOverride(override, target: target)
        }
        if var stored = try await store.loadLimits() {
            // An older build could store what this one refuses (a rate of one a century): never put in force.
            if let problem = Self.outOfBounds(stored.limits) ?? stored.previous.flatMap(Self.outOfBounds) {
                logger.error("stored limits out of bounds, the defaults are in force instead: \(problem); set them again with chatctl limits set")
                stored = StoredLimits(limits: .defaults, previous: nil, revertAt: nil)
            }
            if let at = stored.revertAt, let previous = stored.previous {
                // Past its time too, if it ran out while the server was down: expireDue reverts it.
                moderation.setLimits(stored.limits, revert: (at, previous))
            } else {
                moderation.setLimits(stored.limits, revert: nil)
            }
        }
        await expireDue()
    }

    /// An expiry's audit reason: what expired, and when, if that was longer ago than the running server's
    /// sweep (every second) would let it be: while the server was down.
    static func expiryReason(_ what: String, expiredAt: Date, now: Date) -> String {
        now.timeIntervalSince(expiredAt) > 1.5 ? "\(what), expired at \(AdminJSON.formatTimestamp(expiredAt)) while the server was down" : what
    }

    /// What is wrong with limits that a request could not have set, if anything.
    static func outOfBounds(_ limits: Limits) -> String? {
        if !limits.messageRate.isWithinBounds { return "message rate \(limits.messageRate)" }
        for (name, value, range) in [
            ("joins per minute", limits.joinsPerMinute, countBounds), ("host cap", limits.hostCap, countBounds),
            ("connection cap", limits.connectionCap, countBounds), ("IPv6 host prefix", limits.ipv6HostPrefix, ipv6PrefixBounds),
        ] where !range.contains(value) {
            return "\(name) \(value)"
        }
        return nil
    }

    /// What is wrong with an override that a request could not have made, if anything.
    static func outOfBounds(_ override: LimitOverride) -> String? {
        if let rate = override.messageRate, !rate.isWithinBounds { return "message rate \(rate)" }
        if let cap = override.hostCap, !Self.countBounds.contains(cap) { return "host cap \(cap)" }
        if let cap = override.connectionCap, !Self.countBounds.contains(cap) { return "connection cap \(cap)" }
        return nil
    }

    // MARK: Bans and mutes

    /// Bans or mutes a nick, an address or a range.
    /// - Parameters:
    ///   - callerAddress: the address the request came from, for the self-ban guard; nil on the socket.
    func sanction(_ kind: Sanction.Kind, _ request: CreateSanctionRequest, actor: String, callerAddress: IPAddress?) async throws -> SanctionResult {
        try await changes.run { try await applySanction(kind, request, actor: actor, callerAddress: callerAddress) }
    }

    private func applySanction(_ kind: Sanction.Kind, _ request: CreateSanctionRequest, actor: String, callerAddress: IPAddress?) async throws -> SanctionResult {
        let target = try ModerationTarget(parsing: request.target)
        let duration = try request.duration.map { text throws(ModerationError) -> Int in
            guard let seconds = DurationText.parse(text) else {
                throw ModerationError(.invalidDuration, "'\(text)' is not a duration: use 90s, 30m, 2h, 7d or 1w (or leave it out for permanent)")
            }
            return seconds
        }
        let publicReason = try Self.reason(request.publicReason)
        let privateReason = try Self.reason(request.privateReason)
        let affected = room.members(matching: target)
        if request.force != true {
            try guardBreadth(kind, target, callerAddress: callerAddress)
        }
        let infos = affected.map(room.userInfo)
        if request.dryRun == true {
            return SanctionResult(sanction: nil, affected: infos, dryRun: true)
        }
        let now = clock.now()
        var address: String?
        if case .nick = target { address = affected.first?.host }
        let sanction = Sanction(
            id: "\(kind.rawValue)_" + Self.randomID(), kind: kind, target: target.description, address: address, publicReason: publicReason,
            privateReason: privateReason, actor: actor, createdAt: now, expiresAt: duration.map { now.addingTimeInterval(Double($0)) }
        )
        try await store.saveSanction(sanction)
        moderation.add(sanction, target: target)
        switch kind {
        case .ban:
            room.removeMatching(target, because: .banned(reason: publicReason, expiresAt: sanction.expiresAt, actor: actor))
        case .mute:
            for member in affected {
                room.publishModeration(.mute, nick: member.nick.display, reason: publicReason, expiresAt: sanction.expiresAt, actor: actor)
            }
        }
        return SanctionResult(sanction: sanction, affected: infos, dryRun: false)
    }

    /// Refuses, unless forced, a range wider than /16 or /48, and a range that covers the caller's own
    /// address. A nick is never an address: banning one does not need force, even when its holder shares the
    /// caller's address (an office, a NAT, the page on localhost).
    private func guardBreadth(_ kind: Sanction.Kind, _ target: ModerationTarget, callerAddress: IPAddress?) throws(ModerationError) {
        if case .range(let range) = target {
            try Self.guardWidth(range, doing: "would \(kind.rawValue) a great many people")
            if let callerAddress, range.contains(callerAddress) {
                throw ModerationError(.needsForce, "\(range) covers your own address \(callerAddress); add force (chatctl: --force) if you mean it")
            }
        }
    }

    /// Refuses, unless forced, a range wider than /16 (IPv4) or /48 (IPv6), and an IPv6 range of any width
    /// that holds the IPv4-mapped block (`::/80`, `::fffe:0:0/95`): it covers every IPv4 address.
    static func guardWidth(_ range: CIDR, doing what: String) throws(ModerationError) {
        if !range.isIPv4, range.coversAllIPv4 {
            throw ModerationError(.needsForce, "\(range) holds every IPv4 address and \(what); add force (chatctl: --force) if you mean it")
        }
        let widest = range.isIPv4 ? widestIPv4WithoutForce : widestIPv6WithoutForce
        if range.prefixLength < widest {
            throw ModerationError(.needsForce, "\(range) is wider than /\(widest) and \(what); add force (chatctl: --force) if you mean it")
        }
    }

    /// Lifts the ban or mute with this id, or every one on this target.
    func lift(_ kind: Sanction.Kind, idOrTarget: String, actor: String) async throws -> [Sanction] {
        try await changes.run { try await applyLift(kind, idOrTarget: idOrTarget, actor: actor) }
    }

    private func applyLift(_ kind: Sanction.Kind, idOrTarget: String, actor: String) async throws -> [Sanction] {
        let found = moderation.find(kind, idOrTarget: idOrTarget)
        guard !found.isEmpty else {
            throw ModerationError(.notFound, "no \(kind.rawValue) in force with id or target '\(idOrTarget)'; see chatctl \(kind.rawValue)s")
        }
        var lifted: [Sanction] = []
        for sanction in found {
            if let stored = try await store.liftSanction(id: sanction.id, at: clock.now(), by: actor) {
                lifted.append(stored)
            }
            moderation.lift(kind, id: sanction.id)
            if kind == .mute { announceUnmute(sanction, actor: actor) }
        }
        return lifted
    }

    private func announceUnmute(_ sanction: Sanction, actor: String) {
        guard let target = try? ModerationTarget(parsing: sanction.target) else { return }
        for member in room.members(matching: target) {
            room.publishModeration(.notice, nick: member.nick.display, text: "\(member.nick) may speak again", reason: nil, expiresAt: nil, actor: actor)
        }
    }

    func list(_ kind: Sanction.Kind, all: Bool) async throws -> [Sanction] {
        guard all else { return moderation.sanctions(kind) }
        return try await store.sanctions(includingInactive: true, at: clock.now()).filter { $0.kind == kind }
    }

    // MARK: Limits and overrides

    /// Changes limits at once; with a time-to-live, they revert by themselves.
    func setLimits(_ request: UpdateLimitsRequest) async throws -> Limits {
        try await changes.run { try await applyLimits(request) }
    }

    private func applyLimits(_ request: UpdateLimitsRequest) async throws -> Limits {
        let current = moderation.limits
        var limits = current
        limits.revertsAt = nil
        if let text = request.messageRate {
            guard let rate = RateSpec(parsing: text) else {
                throw ModerationError(.invalidLimit, "'\(text)' is not a rate: write COUNT/PERIOD, e.g. 10/3s or 30/1m, optionally :BURST")
            }
            limits.messageRate = rate
        }
        if let joins = request.joinsPerMinute {
            guard Self.countBounds.contains(joins) else { throw ModerationError(.invalidLimit, "joins per minute must be between 1 and 100000") }
            limits.joinsPerMinute = joins
        }
        if let cap = request.hostCap {
            guard Self.countBounds.contains(cap) else { throw ModerationError(.invalidLimit, "the host cap must be between 1 and 100000") }
            limits.hostCap = cap
        }
        if let cap = request.connectionCap {
            guard Self.countBounds.contains(cap) else { throw ModerationError(.invalidLimit, "the connection cap must be between 1 and 100000") }
            limits.connectionCap = cap
        }
        if let prefix = request.ipv6HostPrefix {
            guard Self.ipv6PrefixBounds.contains(prefix) else { throw ModerationError(.invalidLimit, "the IPv6 host prefix must be between 16 and 128") }
            limits.ipv6HostPrefix = prefix
        }
        var revert: (at: Date, previous: Limits)?
        if let ttl = request.ttl {
            guard let seconds = DurationText.parse(ttl) else { throw ModerationError(.invalidDuration, "'\(ttl)' is not a duration such as 10m") }
            var previous = moderation.revert?.previous ?? current
            previous.revertsAt = nil
            revert = (clock.now().addingTimeInterval(Double(seconds)), previous)
        }
        try await store.saveLimits(StoredLimits(limits: limits, previous: revert?.previous, revertAt: revert?.at))
        moderation.setLimits(limits, revert: revert)
        return moderation.limits
    }

    func addOverride(_ request: CreateOverrideRequest, actor: String) async throws -> LimitOverride {
        try await changes.run { try await applyOverride(request, actor: actor) }
    }

    private func applyOverride(_ request: CreateOverrideRequest, actor: String) async throws -> LimitOverride {
        let target = try ModerationTarget(parsing: request.target)
        if case .range(let range) = target, request.force != true {
            try Self.guardWidth(range, doing: "would change the limits of a great many people")
        }
        var rate: RateSpec?
        if let text = request.messageRate {
            guard let parsed = RateSpec(parsing: text) else { throw ModerationError(.invalidLimit, "'\(text)' is not a rate such as 20/10s") }
            rate = parsed
        }
        if let cap = request.hostCap, !Self.countBounds.contains(cap) {
            throw ModerationError(.invalidLimit, "the host cap must be between 1 and 100000")
        }
        if let cap = request.connectionCap {
            guard Self.countBounds.contains(cap) else { throw ModerationError(.invalidLimit, "the connection cap must be between 1 and 100000") }
            if case .nick = target {
                throw ModerationError(.invalidLimit, "a connection cap applies to an address or a range: a connection has no nick")
            }
        }
        guard rate != nil || request.hostCap != nil || request.connectionCap != nil || request.exempt == true else {
            throw ModerationError(.invalidLimit, "an override needs a message rate, a host cap, a connection cap, or exempt")
        }
        let lifetime = try request.ttl.map { text throws(ModerationError) -> Int in
            guard let seconds = DurationText.parse(text) else { throw ModerationError(.invalidDuration, "'\(text)' is not a duration such as 1h") }
            return seconds
        }
        let now = clock.now()
        let override = LimitOverride(
            id: "ovr_" + Self.randomID(), target: target.description, messageRate: rate, hostCap: request.hostCap,
            connectionCap: request.connectionCap, exempt: request.exempt ?? false,
            actor: actor, createdAt: now, expiresAt: lifetime.map { now.addingTimeInterval(Double($0)) }, reason: try Self.reason(request.reason)
        )
        try await store.saveOverride(override)
        moderation.addOverride(override, target: target)
        return override
    }

    func removeOverride(id: String) async throws {
        try await changes.run { try await applyOverrideRemoval(id: id) }
    }

    private func applyOverrideRemoval(id: String) async throws {
        guard moderation.overrides.contains(where: { $0.id == id }) else {
            throw ModerationError(.overrideNotFound, "no override with id '\(id)'; see chatctl overrides list")
        }
        _ = try await store.removeOverride(id: id)
        moderation.removeOverride(id: id)
    }

    // MARK: Reading

    /// Each host with sessions or open connections: its sessions against its cap, its connections against theirs.
    func hosts() -> [HostInfo] {
        let members = Dictionary(uniqueKeysWithValues: room.members().map { ($0.id, $0) })
        var sessionsByHost = Dictionary(uniqueKeysWithValues: moderation.hosts().map { ($0.host, $0.sessions) })
        let connectionsByHost = connections?.hosts() ?? [:]
        for host in connectionsByHost.keys where sessionsByHost[host] == nil { sessionsByHost[host] = [] }
        return sessionsByHost.sorted { $0.key.network < $1.key.network }.map { host, sessions in
            let people = sessions.compactMap { members[$0] }.sorted { $0.joinedAt < $1.joinedAt }
            return hostInfo(host, sessions: sessions.count, connections: connectionsByHost[host] ?? 0, nicks: people.map(\.nick.display))
        }
    }

    private func hostInfo(_ host: CIDR, sessions: Int, connections open: Int, nicks: [String]) -> HostInfo {
        let effective = moderation.effectiveLimits(nick: nil, address: host.network)
        let connectionCap = connections.map { $0.cap(for: host.network) } ?? moderation.connectionCap(for: host.network).cap
        return HostInfo(
            host: host.description, sessions: sessions, cap: effective.exempt ? nil : effective.hostCap, connections: open,
            connectionCap: connectionCap, nicks: nicks
        )
    }

    /// Why a nick or an address is refused or limited.
    func explain(_ subject: String) throws(ModerationError) -> Explanation {
        let target = try ModerationTarget(parsing: subject)
        var nick: Nick?
        var address: IPAddress?
        var member: Member?
        switch target {
        case .nick(let value):
            nick = value
            member = room.member(nick: value.display)
            address = member?.address
        case .range(let range):
            guard range.isSingleAddress else {
                throw ModerationError(.invalidTarget, "explain takes a nick or a single address, not a range")
            }
            address = range.network
        }
        let (bans, mutes) = moderation.sanctions(nick: nick, address: address)
        let effective = moderation.effectiveLimits(nick: nick, address: address)
        var host: HostInfo?
        if let address {
            let key = moderation.hostKey(for: address)
            let sessions = moderation.sessions(onHost: key)
            let nicks = room.members().filter { sessions.contains($0.id) }.map(\.nick.display)
            host = hostInfo(key, sessions: sessions.count, connections: connections?.count(onHost: key) ?? 0, nicks: nicks)
        }
        var nextMessageAt: Date?
        var available: Int?
        var messageVerdict = "allowed"
        if let mute = mutes.first {
            messageVerdict = "refused: muted by \(mute.actor)" + (mute.expiresAt.map { " until \(AdminJSON.formatTimestamp($0))" } ?? " permanently")
        }
        if let member {
            if effective.exempt {
                available = nil
            } else {
                let budget = moderation.messageBudget(member.id, rate: effective.rate)
                nextMessageAt = clock.now().addingTimeInterval(budget.wait)
                available = budget.available
                if mutes.isEmpty, budget.wait > 0 {
                    messageVerdict = "refused for \(String(format: "%.1f", budget.wait)) s: over the message rate \(effective.rate)"
                }
            }
        } else if nick != nil, mutes.isEmpty {
            messageVerdict = "not present"
        }
        var joinVerdict = "allowed"
        if member == nil, let host, let cap = host.connectionCap, host.connections >= cap {
            joinVerdict = "refused: host \(host.host) has \(host.connections) of \(cap) connections open"
        }
        if let ban = bans.first {
            joinVerdict = "refused: banned by \(ban.actor)" + (ban.expiresAt.map { " until \(AdminJSON.formatTimestamp($0))" } ?? " permanently")
        } else if let host, let cap = host.cap, host.sessions >= cap, member == nil {
            joinVerdict = "refused: host \(host.host) has \(host.sessions) of \(cap) sessions"
        } else if member != nil {
            joinVerdict = "present"
        }
        return Explanation(
            subject: target.description, user: member.map(room.userInfo), address: address?.description, host: host, bans: bans, mutes: mutes,
            overrides: effective.overrides, messageRate: effective.exempt ? nil : effective.rate, exempt: effective.exempt,
            nextMessageAt: nextMessageAt, messagesAvailable: available, joinVerdict: joinVerdict, messageVerdict: messageVerdict
        )
    }

    // MARK: Expiry

    /// Lifts what has run out, records it in the store and the audit log (actor `system`).
    func expireDue() async {
        await changes.run { await applyExpiries() }
    }

    private func applyExpiries() async {
        let expired = moderation.expire()
        guard !expired.isEmpty else { return }
        let now = clock.now()
        for sanction in expired.sanctions {
            // Lifted when it expired, which is some time ago if that was while the server was down.
            let expiredAt = min(now, sanction.expiresAt ?? now)
            do {
                _ = try await store.liftSanction(id: sanction.id, at: expiredAt, by: "system")
            } catch {
                logger.error("could not record an expiry", metadata: ["chat.sanction": "\(sanction.id)", "chat.error": "\(error)"])
            }
            if sanction.kind == .mute { announceUnmute(sanction, actor: "system") }
            await audit.record(
                actor: "system", source: "local", action: "\(sanction.kind.rawValue).expire", target: sanction.target,
                reason: Self.expiryReason(sanction.id, expiredAt: expiredAt, now: now), outcome: "ok"
            )
        }
        for override in expired.overrides {
            _ = try? await store.removeOverride(id: override.id)
            let reason = Self.expiryReason(override.id, expiredAt: min(now, override.expiresAt ?? now), now: now)
            await audit.record(actor: "system", source: "local", action: "override.expire", target: override.target, reason: reason, outcome: "ok")
        }
        if let limits = expired.revertedTo {
            do {
                try await store.saveLimits(StoredLimits(limits: limits, previous: nil, revertAt: nil))
            } catch {
                logger.error("could not record reverted limits", metadata: ["chat.error": "\(error)"])
            }
            let reason = Self.expiryReason(Self.describe(limits), expiredAt: min(now, expired.revertedAt ?? now), now: now)
            await audit.record(actor: "system", source: "local", action: "limits.revert", target: nil, reason: reason, outcome: "ok")
        }
    }

    static func describe(_ limits: Limits) -> String {
        "message rate \(limits.messageRate), \(limits.joinsPerMinute) joins/min, host cap \(limits.hostCap), "
            + "\(limits.connectionCap) connections per host, IPv6 hosts /\(limits.ipv6HostPrefix)"
    }

    // MARK: Helpers

    /// A moderator's reason: optional, one line, at most 200 characters.
    static func reason(_ raw: String?) throws(ModerationError) -> String? {
        guard let raw else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.count <= 200, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ModerationError(.invalidReason, "a reason is one line of at most 200 characters")
        }
        return trimmed
    }

    static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(format: "%016llx", generator.next() as UInt64)
    }
}
