import Foundation

/// A person in the room, as moderators see them.
public struct UserInfo: Codable, Sendable, Equatable {
    public var nick: String
    /// The address they joined from.
    public var host: String
    public var joinedAt: Date
    /// Their last poll or message.
    public var lastSeen: Date
    /// Messages sent in this session.
    public var messages: Int
    /// Whether a poll of theirs is held right now.
    public var polling: Bool

    public init(nick: String, host: String, joinedAt: Date, lastSeen: Date, messages: Int, polling: Bool) {
        self.nick = nick
        self.host = host
        self.joinedAt = joinedAt
        self.lastSeen = lastSeen
        self.messages = messages
        self.polling = polling
    }
}

/// `GET /admin/v1/users`
public struct UserList: Codable, Sendable {
    public var users: [UserInfo]
    public init(users: [UserInfo]) { self.users = users }
}

/// `POST /admin/v1/users/{nick}/kick`
public struct KickRequest: Codable, Sendable {
    /// Shown to the person and the room.
    public var reason: String?
    public init(reason: String? = nil) { self.reason = reason }
}

/// The answer to a kick.
public struct KickResponse: Codable, Sendable {
    public var nick: String
    public var reason: String?
    public init(nick: String, reason: String?) {
        self.nick = nick
        self.reason = reason
    }
}

/// `POST /admin/v1/announce`
public struct AnnounceRequest: Codable, Sendable {
    public var text: String
    public init(text: String) { self.text = text }
}

/// The answer to an announcement: its place in the room's sequence.
public struct AnnounceResponse: Codable, Sendable {
    public var seq: UInt64
    public init(seq: UInt64) { self.seq = seq }
}
