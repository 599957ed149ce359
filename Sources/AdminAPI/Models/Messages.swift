import Foundation

/// A message a moderator took back, with what it said (for moderators only).
public struct RemovedMessage: Codable, Sendable, Equatable {
    public var seq: UInt64
    public var nick: String
    public var text: String
    public var at: Date

    public init(seq: UInt64, nick: String, text: String, at: Date) {
        self.seq = seq
        self.nick = nick
        self.text = text
        self.at = at
    }
}

/// The answer to a removal or a purge: what was taken back, oldest first.
public struct RemovalResult: Codable, Sendable, Equatable {
    public var removed: [RemovedMessage]

    public init(removed: [RemovedMessage]) {
        self.removed = removed
    }
}

/// `DELETE /admin/v1/messages/{seq}`: the body is optional.
public struct RemoveMessageRequest: Codable, Sendable {
    /// Why, for moderators (the event stream and the audit log); the room sees only that it was removed.
    public var reason: String?

    public init(reason: String? = nil) {
        self.reason = reason
    }
}

/// `POST /admin/v1/messages/purge`: takes back a person's recent messages.
public struct PurgeRequest: Codable, Sendable {
    /// Whose: a nick, an address or a range (the address each message was sent from).
    public var target: String
    /// How far back, as `90s`, `10m`, `2h`.
    public var last: String
    public var reason: String?

    public init(target: String, last: String, reason: String? = nil) {
        self.target = target
        self.last = last
        self.reason = reason
    }
}
