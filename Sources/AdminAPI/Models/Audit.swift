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

    public init(
        id: Int64, at: Date, actor: String, source: String, action: String, target: String?, reason: String?, outcome: String
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.source = source
        self.action = action
        self.target = target
        self.reason = reason
        self.outcome = outcome
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
