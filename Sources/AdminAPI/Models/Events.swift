import Foundation

/// One room or moderation event, as the admin event stream carries it.
public struct RoomEvent: Codable, Sendable, Equatable {
    public var seq: UInt64
    /// `message`, `join`, `leave`, `kick`, `ban`, `mute`, `unmute`, `moderator`, `removed`, `report`, `notice`, `announcement`, `gap`, …
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
    /// On a `report` event: the report's id, the message's number, who reported it now, how many have.
    public var report: String?
    public var message: UInt64?
    public var reporter: String?
    public var reporters: Int?

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
        removed: [UInt64]? = nil,
        report: String? = nil,
        message: UInt64? = nil,
        reporter: String? = nil,
        reporters: Int? = nil
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
        self.report = report
        self.message = message
        self.reporter = reporter
        self.reporters = reporters
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
    /// The node answering (its `--node-name`).
    public var node: String?
    public init(status: String, store: String, node: String? = nil) {
        self.status = status
        self.store = store
        self.node = node
    }
}
