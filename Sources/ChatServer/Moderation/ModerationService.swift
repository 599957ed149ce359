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
        moderation.reports.load(try await store.reports())
        try await loadRules()
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

    // MARK: Bans and mutes

    /// Bans or mutes a nick, an address or a range; with `purge`, also takes back their recent messages.
    /// - Parameters:
    ///   - callerAddress: the address the request came from, for the self-ban guard; nil on the socket.
    ///   - source: where the request came from, for the audit lines of purged messages.
    func sanction(
        _ kind: Sanction.Kind,
        _ request: CreateSanctionRequest,
        actor: String,
        callerAddress: IPAddress?,
        source: String = "local"
    ) async throws -> SanctionResult {
        try await changes.run { try await applySanction(kind, request, actor: actor, callerAddress: callerAddress, source: source) }
    }

    private func applySanction(
        _ kind: Sanction.Kind,
        _ request: CreateSanctionRequest,
        actor: String,
        callerAddress: IPAddress?,
        source: String
    ) async throws -> SanctionResult {
        let target = try ModerationTarget(parsing: request.target)
        // Left out, the sanction is permanent.
        let duration = try request.duration.map { text throws(ModerationError) in try Self.seconds(text, for: "duration") }
        let purgeSince = try request.purge.map { text throws(ModerationError) in try purgeStart(text) }
        let publicReason = try Self.reason(request.publicReason)
        let privateReason = try Self.reason(request.privateReason)
        let affected = room.members(matching: target)
        if request.force != true {
            try guardBreadth(kind, target, callerAddress: callerAddress)
        }
        let infos = affected.map(room.userInfo)
        if request.dryRun == true {
            let purged = purgeSince.map { room.messages(of: target, since: $0).map(\.removal) }
            return SanctionResult(sanction: nil, affected: infos, dryRun: true, purged: purged)
        }
        let now = clock.now()
        var address: String?
        if case .nick = target { address = affected.first?.host }
        let sanction = Sanction(
            id: "\(kind.rawValue)_" + Self.randomID(),
            kind: kind,
            target: target.description,
            address: address,
            publicReason: publicReason,
            privateReason: privateReason,
            actor: actor,
            createdAt: now,
            expiresAt: duration.map { now.addingTimeInterval(Double($0)) }
        )
        try await store.saveSanction(sanction)
        putInForce(sanction, target: target, muting: affected)
        var purged: [RemovedMessage]?
        if let purgeSince {
            let reason = privateReason ?? publicReason ?? "\(kind.rawValue) \(sanction.id)"
            let taken = room.purge(target, since: purgeSince, reason: reason, actor: actor)
            await auditRemoved(taken, reason: reason, actor: actor, source: source)
            purged = taken.map(\.removal)
        }
        return SanctionResult(sanction: sanction, affected: infos, dryRun: false, purged: purged)
    }

    /// Puts a stored ban or mute in force and applies it to the people present: a ban removes everyone it
    /// covers (their held polls end with a ban event); a mute is told to the room for each of `muting`.
    func putInForce(_ sanction: Sanction, target: ModerationTarget, muting: [Member]) {
        moderation.add(sanction, target: target)
        switch sanction.kind {
        case .ban:
            room.removeMatching(target, because: .banned(reason: sanction.publicReason, expiresAt: sanction.expiresAt, actor: sanction.actor))
        case .mute:
            for member in muting {
                room.publishModeration(
                    .mute,
                    nick: member.nick.display,
                    reason: sanction.publicReason,
                    expiresAt: sanction.expiresAt,
                    actor: sanction.actor
                )
            }
        }
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

    /// Tells the room that the people a lifted mute covered may speak again: each with an `unmute` event,
    /// unless another mute still covers them.
    func announceUnmute(_ sanction: Sanction, actor: String) {
        room.mutesChanged()
        guard let target = try? ModerationTarget(parsing: sanction.target) else { return }
        for member in room.members(matching: target) where moderation.longestMute(nick: member.nick, address: member.address) == nil {
            room.publishModeration(
                .unmute,
                nick: member.nick.display,
                text: "\(member.nick) may speak again",
                reason: nil,
                expiresAt: nil,
                actor: actor
            )
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
            limits.joinsPerMinute = try Self.count(joins, "joins per minute")
        }
        if let cap = request.hostCap {
            limits.hostCap = try Self.count(cap, "the host cap")
        }
        if let cap = request.connectionCap {
            limits.connectionCap = try Self.count(cap, "the connection cap")
        }
        if let prefix = request.ipv6HostPrefix {
            guard Self.ipv6PrefixBounds.contains(prefix) else {
                throw ModerationError(.invalidLimit, "the IPv6 host prefix must be between 16 and 128")
            }
            limits.ipv6HostPrefix = prefix
        }
        var revert: (at: Date, previous: Limits)?
        if let ttl = request.ttl {
            let seconds = try Self.seconds(ttl, for: "ttl")
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
        if let cap = request.hostCap { _ = try Self.count(cap, "the host cap") }
        if let cap = request.connectionCap {
            _ = try Self.count(cap, "the connection cap")
            if case .nick = target {
                throw ModerationError(.invalidLimit, "a connection cap applies to an address or a range: a connection has no nick")
            }
        }
        guard rate != nil || request.hostCap != nil || request.connectionCap != nil || request.exempt == true else {
            throw ModerationError(.invalidLimit, "an override needs a message rate, a host cap, a connection cap, or exempt")
        }
        let lifetime = try request.ttl.map { text throws(ModerationError) in try Self.seconds(text, for: "ttl") }
        let now = clock.now()
        let override = LimitOverride(
            id: "ovr_" + Self.randomID(),
            target: target.description,
            messageRate: rate,
            hostCap: request.hostCap,
            connectionCap: request.connectionCap,
            exempt: request.exempt ?? false,
            actor: actor,
            createdAt: now,
            expiresAt: lifetime.map { now.addingTimeInterval(Double($0)) },
            reason: try Self.reason(request.reason)
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

    static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(format: "%016llx", generator.next() as UInt64)
    }
}
