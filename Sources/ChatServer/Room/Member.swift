import AdminAPI
import Foundation

/// A person in the room: one joined session.
public struct Member: Sendable {
    public let id: SessionID
    public let token: SessionToken
    public let nick: Nick
    /// The address the person joined from, as the server saw it.
    public let host: String
    /// The same, parsed; nil when the peer had no IP address (a test channel, say).
    public let address: IPAddress?
    /// Set when a moderator signed in from the page in this session: the account and its role.
    public var moderator: (account: String, role: Role)?
    public let joinedAt: Date
    /// The last poll or send; a session quiet for longer than the idle timeout leaves.
    public var lastSeen: Date
    public var messagesSent = 0
}
