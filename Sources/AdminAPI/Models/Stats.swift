import Foundation

/// `GET /admin/v1/stats`
public struct Stats: Codable, Sendable {
    /// People in the room.
    public var people: Int
    /// Polls held open right now.
    public var heldPolls: Int
    /// Open connections to the chat listener.
    public var connections: Int
    /// Messages sent since the server started.
    public var messages: Int
    /// The newest sequence number.
    public var lastSeq: UInt64
    public var startedAt: Date
    public var uptimeSeconds: Double
    public var version: String

    public init(
        people: Int,
        heldPolls: Int,
        connections: Int,
        messages: Int,
        lastSeq: UInt64,
        startedAt: Date,
        uptimeSeconds: Double,
        version: String
    ) {
        self.people = people
        self.heldPolls = heldPolls
        self.connections = connections
        self.messages = messages
        self.lastSeq = lastSeq
        self.startedAt = startedAt
        self.uptimeSeconds = uptimeSeconds
        self.version = version
    }
}
