import Foundation

/// One room event before it has a sequence number. The post office numbers it and encodes it once
/// (``EncodedEvent``); every mailbox then shares that encoding.
public struct ChatEvent: Sendable, Equatable {
    public var kind: EventKind
    public var nick: String?
    public var text: String?
    public var at: Date
    /// Why a person left, was kicked, banned or muted (`idle`, `left`, or a moderator's words).
    public var reason: String?
    /// `false` on the last event of a session that must not reconnect (kick, ban).
    public var reconnect: Bool?
    /// When a ban or mute ends, if it does.
    public var expiresAt: Date?
    /// On a join: the person is muted (until `expiresAt`, if that is set).
    public var muted: Bool?
    /// On a `removed` event: the messages taken back.
    public var removed: [UInt64]?
    /// Why, for moderators only: the admin event stream shows it as the reason, the public encoding leaves
    /// it out (a removal tells the room only that it happened).
    public var moderatorReason: String?
    /// On a `report` event: the report's id, the reported message's number, who reported it now, and how
    /// many have reported it.
    public var report: String?
    public var message: UInt64?
    public var reporter: String?
    public var reporters: Int?
    /// On a gap marker: how many events the mailbox dropped.
    public var missed: Int?
    /// Who did it, for moderation events. Only moderators see it (the admin event stream); the public
    /// encoding leaves it out.
    public var actor: String?

    public init(
        kind: EventKind,
        nick: String? = nil,
        text: String? = nil,
        at: Date,
        reason: String? = nil,
        reconnect: Bool? = nil,
        expiresAt: Date? = nil,
        muted: Bool? = nil,
        missed: Int? = nil,
        actor: String? = nil,
        removed: [UInt64]? = nil,
        moderatorReason: String? = nil
    ) {
        self.kind = kind
        self.nick = nick
        self.text = text
        self.at = at
        self.reason = reason
        self.reconnect = reconnect
        self.expiresAt = expiresAt
        self.muted = muted
        self.missed = missed
        self.actor = actor
        self.removed = removed
        self.moderatorReason = moderatorReason
    }
}
