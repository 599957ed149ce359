import Foundation

/// One chat-server node, as `GET /admin/v1/nodes` lists it: what its last heartbeat said.
public struct NodeInfo: Codable, Sendable, Equatable {
    /// Whether a node is beating.
    public enum State: String, Codable, Sendable {
        /// Its last heartbeat is recent.
        case up
        /// It has missed three heartbeats or more: stopped, killed, or cut off from the database.
        case stale
    }

    /// Its `--node-name`.
    public var name: String
    /// Where its chat listener listens.
    public var address: String
    public var version: String
    public var startedAt: Date
    public var heartbeatAt: Date
    /// People in the room through this node, polls held and chat connections open, as of the heartbeat.
    public var sessions: Int
    public var heldPolls: Int
    public var connections: Int
    public var state: State

    public init(
        name: String,
        address: String,
        version: String,
        startedAt: Date,
        heartbeatAt: Date,
        sessions: Int,
        heldPolls: Int,
        connections: Int,
        state: State = .up
    ) {
        self.name = name
        self.address = address
        self.version = version
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
        self.sessions = sessions
        self.heldPolls = heldPolls
        self.connections = connections
        self.state = state
    }
}

/// `GET /admin/v1/nodes`: every node sharing the database, the one answering first.
public struct NodeList: Codable, Sendable {
    public var nodes: [NodeInfo]

    public init(nodes: [NodeInfo]) {
        self.nodes = nodes
    }
}
