import Foundation

/// Why the room refused something. The code is stable and machine-readable; the message is for people.
///
/// The domain knows nothing of HTTP: the HTTP layer maps each code to a status in one place.
public struct RoomError: Error, Sendable, Equatable {
    public enum Code: String, Sendable {
        case invalidNick = "invalid_nick"
        case nickTaken = "nick_taken"
        case invalidMessage = "invalid_message"
        case unknownSession = "unknown_session"
        case shuttingDown = "shutting_down"
        case noSuchNick = "user_not_found"
        case noSuchMessage = "message_not_found"
        case banned = "banned"
        case hostLimit = "host_limit"
        case joinRateLimited = "join_rate_limited"
        case muted = "muted"
        case rateLimited = "rate_limited"
        case notModerator = "not_moderator"
        /// An automod rule refused the message.
        case refusedByRule = "refused_by_rule"
    }

    public let code: Code
    public let message: String
    /// For bans and mutes: the public reason, if any.
    public var reason: String?
    /// For bans and mutes: when it ends, if it does.
    public var expiresAt: Date?
    /// For rate limits: seconds until trying again makes sense.
    public var retryAfter: Double?

    public init(_ code: Code, _ message: String, reason: String? = nil, expiresAt: Date? = nil, retryAfter: Double? = nil) {
        self.code = code
        self.message = message
        self.reason = reason
        self.expiresAt = expiresAt
        self.retryAfter = retryAfter
    }
}
