import Foundation

/// One line of the audit log: every action and every refused attempt.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var id: Int64
    public var at: Date
    /// An account name, `local:<user>` on the control socket, or `anonymous`.
    public var actor: String
    /// The caller's address, or `local`.
    public var source: String
    /// `login`, `kick`, `account.create`, …
    public var action: String
    /// What it was done to (a nick, an account, a token id), if anything.
    public var target: String?
    public var reason: String?
    /// `ok`, or the error code it was refused with.
    public var outcome: String
    /// How many times this happened: refusals repeated from one source within a minute share one line.
    public var count: Int
    /// When the last of them happened, if more than one.
    public var lastAt: Date?
    /// The node that wrote it (its `--node-name`); absent on lines written before nodes were named.
    public var node: String?

    public init(
        id: Int64,
        at: Date,
        actor: String,
        source: String,
        action: String,
        target: String?,
        reason: String?,
        outcome: String,
        count: Int = 1,
        lastAt: Date? = nil,
        node: String? = nil
    ) {
        self.count = count
        self.lastAt = lastAt
        self.node = node
        self.id = id
        self.at = at
        self.actor = actor
        self.source = source
        self.action = action
        self.target = target
        self.reason = reason
        self.outcome = outcome
    }

    private enum CodingKeys: String, CodingKey {
        case id, at, actor, source, action, target, reason, outcome, count, lastAt, node
    }

    /// Reads `count` as 1 when absent (a server from before lines were coalesced).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int64.self, forKey: .id)
        at = try container.decode(Date.self, forKey: .at)
        actor = try container.decode(String.self, forKey: .actor)
        source = try container.decode(String.self, forKey: .source)
        action = try container.decode(String.self, forKey: .action)
        target = try container.decodeIfPresent(String.self, forKey: .target)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        outcome = try container.decode(String.self, forKey: .outcome)
        count = try container.decodeIfPresent(Int.self, forKey: .count) ?? 1
        lastAt = try container.decodeIfPresent(Date.self, forKey: .lastAt)
        node = try container.decodeIfPresent(String.self, forKey: .node)
    }
}

/// `GET /admin/v1/audit`: newest first, or oldest first after `after`.
public struct AuditPage: Codable, Sendable {
    public var entries: [AuditEntry]
    /// Pass as `before` for the next (older) page; absent when there is none.
    public var nextBefore: Int64?

    public init(entries: [AuditEntry], nextBefore: Int64?) {
        self.entries = entries
        self.nextBefore = nextBefore
    }
}
