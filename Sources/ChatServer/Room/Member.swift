import Foundation

/// A person in the room: one joined session.
public struct Member: Sendable {
    public let id: SessionID
    public let token: SessionToken
    public let nick: Nick
    /// The address the person joined from, as the server saw it.
    public let host: String
    public let joinedAt: Date
    /// The last poll or send; a session quiet for longer than the idle timeout leaves.
    public var lastSeen: Date
    public var messagesSent = 0
}
