import Foundation

/// One room or moderation event, as the admin event stream carries it.
public struct RoomEvent: Codable, Sendable, Equatable {
    public var seq: UInt64
    /// `message`, `join`, `leave`, `kick`, `ban`, `mute`, `unmute`, `moderator`, `removed`, `notice`, `announcement`, `gap`, …
    public var type: String
    public var at: Date
    public var nick: String?
    public var text: String?
    public var reason: String?
    /// Who did it, for moderation events.
    public var actor: String?
    public var expiresAt: Date?
    public var missed: Int?
    /// On a `removed` event: the sequence numbers of the messages taken back.
    public var removed: [UInt64]?

    public init(
        seq: UInt64,
        type: String,
        at: Date,
        nick: String? = nil,
        text: String? = nil,
        reason: String? = nil,
        actor: String? = nil,
        expiresAt: Date? = nil,
        missed: Int? = nil,
        removed: [UInt64]? = nil
    ) {
        self.seq = seq
        self.type = type
        self.at = at
        self.nick = nick
        self.text = text
        self.reason = reason
        self.actor = actor
        self.expiresAt = expiresAt
        self.missed = missed
        self.removed = removed
    }
}

/// `GET /admin/v1/events?since=SEQ`: held like a chat poll until something happens.
public struct EventBatch: Codable, Sendable {
    public var events: [RoomEvent]
    public var cursor: UInt64
    public init(events: [RoomEvent], cursor: UInt64) {
        self.events = events
        self.cursor = cursor
    }
}

/// `GET /healthz`
public struct Health: Codable, Sendable {
    public var status: String
    public var store: String
    public init(status: String, store: String) {
        self.status = status
        self.store = store
    }
}
