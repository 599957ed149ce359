import Foundation

/// A rate: `count` events per `seconds`, allowing bursts of `burst` (default `count`). Written `5/10s`,
/// `10/3s`, `30/1m`, optionally with a burst: `10/3s:20`.
public struct RateSpec: Codable, Sendable, Equatable, CustomStringConvertible {
    public var count: Int
    public var seconds: Double
    public var burst: Int

    public init(count: Int, seconds: Double, burst: Int? = nil) {
        self.count = count
        self.seconds = seconds
        self.burst = burst ?? count
    }

    /// Most events a rate counts, and most in a burst.
    public static let maxCount = 1_000_000

    /// Parses `COUNT/PERIOD[:BURST]`; nil for anything else, whatever the text (empty, `:`, huge numbers):
    /// counts and bursts of 1 to ``maxCount``, a period of 1 s to ten years, plain seconds or a duration.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first else { return nil }
        let rate = first.split(separator: "/", omittingEmptySubsequences: false)
        guard rate.count == 2, let count = Int(rate[0]), (1...Self.maxCount).contains(count) else { return nil }
        let period = String(rate[1])
        let seconds: Int?
        if let plain = Int(period) { seconds = plain } else { seconds = DurationText.parse(period) }
        guard let seconds, (1...DurationText.maxSeconds).contains(seconds) else { return nil }
        var burst = count
        if parts.count == 2 {
            guard let value = Int(parts[1]), (1...Self.maxCount).contains(value) else { return nil }
            burst = value
        }
        self.init(count: count, seconds: Double(seconds), burst: burst)
    }

    /// Whether the rate is one ``init(parsing:)`` could make: what a stored rate is checked against at load.
    public var isWithinBounds: Bool {
        (1...Self.maxCount).contains(count) && (1...Self.maxCount).contains(burst) && seconds.isFinite && seconds >= 1
            && seconds <= Double(DurationText.maxSeconds)
    }

    public var description: String {
        // Whole seconds within bounds as a duration; anything else (an old database's value) as a number.
        let whole = seconds.isFinite && seconds == seconds.rounded() && seconds >= 1 && seconds <= Double(DurationText.maxSeconds)
        let period = whole ? DurationText.format(Int(seconds)) : "\(seconds)s"
        return burst == count ? "\(count)/\(period)" : "\(count)/\(period):\(burst)"
    }
}

/// The limits in force.
public struct Limits: Codable, Sendable, Equatable {
    /// Messages per session.
    public var messageRate: RateSpec
    /// Joins per host per minute.
    public var joinsPerMinute: Int
    /// Concurrent sessions per host.
    public var hostCap: Int
    /// Concurrent TCP connections to the chat listener per host, whatever they carry.
    public var connectionCap: Int
    /// IPv6 addresses are grouped into hosts by this prefix length.
    public var ipv6HostPrefix: Int
    /// When a temporary change reverts, if one is in force.
    public var revertsAt: Date?

    public init(
        messageRate: RateSpec,
        joinsPerMinute: Int,
        hostCap: Int,
        connectionCap: Int = Limits.defaultConnectionCap,
        ipv6HostPrefix: Int,
        revertsAt: Date? = nil
    ) {
        self.messageRate = messageRate
        self.joinsPerMinute = joinsPerMinute
        self.hostCap = hostCap
        self.connectionCap = connectionCap
        self.ipv6HostPrefix = ipv6HostPrefix
        self.revertsAt = revertsAt
    }

    /// The tutorial's figures: 10 messages in 3 seconds, 3 sessions per host; 30 joins per host per minute.
    /// 16 connections per host: the 3 sessions with a browser's parallel connections (6 per origin) to spare.
    public static let defaults = Limits(messageRate: RateSpec(count: 10, seconds: 3), joinsPerMinute: 30, hostCap: 3, ipv6HostPrefix: 64)

    /// Connections per host when nothing else is said, also for limits stored before the cap existed.
    public static let defaultConnectionCap = 16

    private enum CodingKeys: String, CodingKey {
        case messageRate, joinsPerMinute, hostCap, connectionCap, ipv6HostPrefix, revertsAt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        messageRate = try container.decode(RateSpec.self, forKey: .messageRate)
        joinsPerMinute = try container.decode(Int.self, forKey: .joinsPerMinute)
        hostCap = try container.decode(Int.self, forKey: .hostCap)
        connectionCap = try container.decodeIfPresent(Int.self, forKey: .connectionCap) ?? Self.defaultConnectionCap
        ipv6HostPrefix = try container.decode(Int.self, forKey: .ipv6HostPrefix)
        revertsAt = try container.decodeIfPresent(Date.self, forKey: .revertsAt)
    }
}

/// `PATCH /admin/v1/limits`: any of them; `ttl` makes the change revert by itself.
public struct UpdateLimitsRequest: Codable, Sendable {
    public var messageRate: String?
    public var joinsPerMinute: Int?
    public var hostCap: Int?
    public var connectionCap: Int?
    public var ipv6HostPrefix: Int?
    /// `10m`: revert to the values before this change after that long.
    public var ttl: String?

    public init(
        messageRate: String? = nil,
        joinsPerMinute: Int? = nil,
        hostCap: Int? = nil,
        connectionCap: Int? = nil,
        ipv6HostPrefix: Int? = nil,
        ttl: String? = nil
    ) {
        self.messageRate = messageRate
        self.joinsPerMinute = joinsPerMinute
        self.hostCap = hostCap
        self.connectionCap = connectionCap
        self.ipv6HostPrefix = ipv6HostPrefix
        self.ttl = ttl
    }
}

/// An exception to the limits for a nick or an address range.
public struct LimitOverride: Codable, Sendable, Equatable {
    /// `ovr_…`
    public var id: String
    /// A nick, an address or a CIDR range.
    public var target: String
    /// Its own message rate, if any.
    public var messageRate: RateSpec?
    /// Its own host cap, if any (for a range: the cap of each host in it).
    public var hostCap: Int?
    /// Its own connection cap, if any (for a range: the cap of each host in it). Only addresses and ranges
    /// have one: a connection has no nick.
    public var connectionCap: Int?
    /// Exempt from message rates, join rates, host caps and connection caps.
    public var exempt: Bool
    public var actor: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var reason: String?

    public init(
        id: String,
        target: String,
        messageRate: RateSpec?,
        hostCap: Int?,
        connectionCap: Int? = nil,
        exempt: Bool,
        actor: String,
        createdAt: Date,
        expiresAt: Date?,
        reason: String?
    ) {
        self.id = id
        self.target = target
        self.messageRate = messageRate
        self.hostCap = hostCap
        self.connectionCap = connectionCap
        self.exempt = exempt
        self.actor = actor
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.reason = reason
    }
}

/// `POST /admin/v1/overrides`
public struct CreateOverrideRequest: Codable, Sendable {
    public var target: String
    public var messageRate: String?
    public var hostCap: Int?
    public var connectionCap: Int?
    public var exempt: Bool?
    /// `1h`: the override goes by itself after that long.
    public var ttl: String?
    public var reason: String?
    /// Allow a range wider than /16 (IPv4) or /48 (IPv6), or one that holds every IPv4 address.
    public var force: Bool?

    public init(
        target: String,
        messageRate: String? = nil,
        hostCap: Int? = nil,
        connectionCap: Int? = nil,
        exempt: Bool? = nil,
        ttl: String? = nil,
        reason: String? = nil,
        force: Bool? = nil
    ) {
        self.force = force
        self.target = target
        self.messageRate = messageRate
        self.hostCap = hostCap
        self.connectionCap = connectionCap
        self.exempt = exempt
        self.ttl = ttl
        self.reason = reason
    }
}

/// `GET /admin/v1/overrides`
public struct OverrideList: Codable, Sendable {
    public var overrides: [LimitOverride]
    public init(overrides: [LimitOverride]) { self.overrides = overrides }
}

/// One host (an IPv4 address, or an IPv6 /64): its sessions against its cap, its open TCP connections
/// against its connection cap.
public struct HostInfo: Codable, Sendable, Equatable {
    public var host: String
    public var sessions: Int
    /// nil when exempt.
    public var cap: Int?
    /// Open connections to the chat listener.
    public var connections: Int
    /// nil when exempt (an exemption, or a trusted proxy).
    public var connectionCap: Int?
    public var nicks: [String]

    public init(host: String, sessions: Int, cap: Int?, connections: Int = 0, connectionCap: Int? = nil, nicks: [String]) {
        self.host = host
        self.sessions = sessions
        self.cap = cap
        self.connections = connections
        self.connectionCap = connectionCap
        self.nicks = nicks
    }
}

/// `GET /admin/v1/hosts`
public struct HostList: Codable, Sendable {
    public var hosts: [HostInfo]
    public init(hosts: [HostInfo]) { self.hosts = hosts }
}

/// `GET /admin/v1/explain/{subject}`: why a nick or an address is refused or limited.
public struct Explanation: Codable, Sendable {
    /// What was asked about, as understood.
    public var subject: String
    /// The person present under that nick, if any.
    public var user: UserInfo?
    /// The address the rules were checked against, if any.
    public var address: String?
    /// The host it counts against, if an address is known.
    public var host: HostInfo?
    public var bans: [Sanction]
    public var mutes: [Sanction]
    public var overrides: [LimitOverride]
    /// The message rate that applies, or nil when exempt.
    public var messageRate: RateSpec?
    public var exempt: Bool
    /// When the next message would be allowed (now or later), for a person present.
    public var nextMessageAt: Date?
    /// Messages that could be sent right now in a burst.
    public var messagesAvailable: Int?
    /// Whether a join would be refused, and why, in words.
    public var joinVerdict: String
    /// Whether a message would be refused, and why, in words.
    public var messageVerdict: String
    /// The automod rules that apply (those that spare the person are left out), with their strikes.
    public var rules: [RuleStanding]?

    public init(
        subject: String,
        user: UserInfo?,
        address: String?,
        host: HostInfo?,
        bans: [Sanction],
        mutes: [Sanction],
        overrides: [LimitOverride],
        messageRate: RateSpec?,
        exempt: Bool,
        nextMessageAt: Date?,
        messagesAvailable: Int?,
        joinVerdict: String,
        messageVerdict: String,
        rules: [RuleStanding]? = nil
    ) {
        self.subject = subject
        self.user = user
        self.address = address
        self.host = host
        self.bans = bans
        self.mutes = mutes
        self.overrides = overrides
        self.messageRate = messageRate
        self.exempt = exempt
        self.nextMessageAt = nextMessageAt
        self.messagesAvailable = messagesAvailable
        self.joinVerdict = joinVerdict
        self.messageVerdict = messageVerdict
        self.rules = rules
    }
}
