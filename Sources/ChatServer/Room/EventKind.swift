/// What happened. The raw value is the `type` field clients see.
public enum EventKind: String, Sendable, CaseIterable {
    case message
    case join
    case leave
    case kick
    case ban
    case mute
    /// A mute on `nick` ended (lifted or run out) and no other mute covers them.
    case unmute
    /// `nick` signed in as a moderator from the page.
    case moderator
    /// Messages taken back by a moderator: their sequence numbers in `removed`.
    case removed
    /// For moderators only: a message was reported (`report`, `message`, `reporter`, `reporters`).
    case report
    case notice
    case announcement
    /// For moderators only: a message was refused for the rate limit.
    case rateLimited = "rate_limited"
    /// Not a room event: put in front of a batch when a full mailbox dropped events the client had not seen.
    case gap
}
