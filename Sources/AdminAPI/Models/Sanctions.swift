import Foundation

/// A ban or a mute, as moderators see it.
public struct Sanction: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case ban
        case mute
    }

    /// `ban_…` or `mute_…`.
    public var id: String
    public var kind: Kind
    /// What it applies to: a nick (`alice`), an address (`203.0.113.7`) or a range (`2001:db8::/48`).
    public var target: String
    /// For a nick: the address the person had when it was made, if they were present.
    public var address: String?
    /// Shown to the person.
    public var publicReason: String?
    /// For moderators only.
    public var privateReason: String?
    public var actor: String
    public var createdAt: Date
    /// nil: permanent.
    public var expiresAt: Date?
    /// When it was lifted (by hand or by expiry), if it was.
    public var liftedAt: Date?
    public var liftedBy: String?

    public init(
        id: String,
        kind: Kind,
        target: String,
        address: String?,
        publicReason: String?,
        privateReason: String?,
        actor: String,
        createdAt: Date,
        expiresAt: Date?,
        liftedAt: Date? = nil,
        liftedBy: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.target = target
        self.address = address
        self.publicReason = publicReason
        self.privateReason = privateReason
        self.actor = actor
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.liftedAt = liftedAt
        self.liftedBy = liftedBy
    }

    /// In force at `now`: not lifted and not expired.
    public func isActive(at now: Date) -> Bool {
        liftedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }
}

/// `POST /admin/v1/bans` and `POST /admin/v1/mutes`.
public struct CreateSanctionRequest: Codable, Sendable {
    /// A nick, an address or a CIDR range.
    public var target: String
    /// How long, as `90s`, `30m`, `2h`, `7d`; absent means permanent.
    public var duration: String?
    public var publicReason: String?
    public var privateReason: String?
    /// List the sessions it would hit and change nothing.
    public var dryRun: Bool?
    /// Allow a range wider than /16 (IPv4) or /48 (IPv6), or one that matches the caller's own address.
    public var force: Bool?
    /// For a ban: also take back the target's messages of this last while (`10m`), as a purge does.
    public var purge: String?

    public init(
        target: String,
        duration: String? = nil,
        publicReason: String? = nil,
        privateReason: String? = nil,
        dryRun: Bool? = nil,
        force: Bool? = nil,
        purge: String? = nil
    ) {
        self.target = target
        self.duration = duration
        self.publicReason = publicReason
        self.privateReason = privateReason
        self.dryRun = dryRun
        self.force = force
        self.purge = purge
    }
}

/// The answer to a ban or mute: what was made (absent on a dry run) and whom it hit.
public struct SanctionResult: Codable, Sendable {
    public var sanction: Sanction?
    /// The people present it applies to: removed (ban) or silenced (mute); on a dry run, who would be.
    public var affected: [UserInfo]
    public var dryRun: Bool
    /// With `purge`: the messages taken back (on a dry run, those that would be).
    public var purged: [RemovedMessage]?

    public init(sanction: Sanction?, affected: [UserInfo], dryRun: Bool, purged: [RemovedMessage]? = nil) {
        self.sanction = sanction
        self.affected = affected
        self.dryRun = dryRun
        self.purged = purged
    }
}

/// `GET /admin/v1/bans`, `GET /admin/v1/mutes`
public struct SanctionList: Codable, Sendable {
    public var sanctions: [Sanction]
    public init(sanctions: [Sanction]) { self.sanctions = sanctions }
}
