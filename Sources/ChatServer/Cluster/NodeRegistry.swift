import AdminAPI
import Foundation
import Logging
import NIOConcurrencyHelpers

/// This node's name and heartbeat, and the nodes sharing its store as their heartbeats say.
///
/// With PostgreSQL every node writes a heartbeat every ``interval`` (``NodeHeartbeat``); one that has
/// missed three is listed as stale, and one silent for a day is forgotten. With a store only one node uses
/// (SQLite), the list is this node alone.
final class NodeRegistry: Sendable {
    /// What a heartbeat counts of this node: people, held polls, chat connections.
    typealias Measure = @Sendable () -> (sessions: Int, heldPolls: Int, connections: Int)

    let name: String
    let version: String
    let startedAt: Date
    /// How often a heartbeat is written.
    let interval: TimeInterval
    private let store: (any NodeStore)?
    private let clock: any ChatClock
    private let measure: Measure
    private let logger: Logger
    /// Where the chat listener listens, once it does.
    private let listening = NIOLockedValueBox("")

    init(
        name: String,
        version: String,
        store: (any NodeStore)?,
        clock: any ChatClock,
        startedAt: Date? = nil,
        interval: TimeInterval = 5,
        logger: Logger,
        measure: @escaping Measure
    ) {
        self.name = name
        self.version = version
        self.store = store
        self.clock = clock
        self.startedAt = startedAt ?? clock.now()
        self.interval = interval
        self.logger = logger
        self.measure = measure
    }

    /// Whether this node shares its store with others and so writes heartbeats.
    var isShared: Bool { store != nil }

    /// Hands on the changes the other nodes tell of (``NodeStore/watchChanges(_:)``) until cancelled; returns
    /// at once without a shared store.
    func watchChanges(_ onChange: @escaping @Sendable (StoreChange?) -> Void) async {
        await store?.watchChanges(onChange)
    }

    /// Notes where the chat listener listens, as `host:port`.
    func listening(at address: String) {
        listening.withLockedValue { $0 = address }
    }

    /// This node as a heartbeat gives it, now.
    func current() -> NodeInfo {
        let counts = measure()
        return NodeInfo(
            name: name,
            address: listening.withLockedValue { $0 },
            version: version,
            startedAt: startedAt,
            heartbeatAt: clock.now(),
            sessions: counts.sessions,
            heldPolls: counts.heldPolls,
            connections: counts.connections
        )
    }

    /// Every node, this one first (as it is now), the others by name as their last heartbeats say.
    /// Throws ``StoreError`` when the store cannot be read.
    func nodes() async throws -> [NodeInfo] {
        let own = current()
        guard let store else { return [own] }
        let staleBefore = clock.now().addingTimeInterval(-3 * interval)
        let others = try await store.nodes().filter { $0.name != name }.map { node in
            var node = node
            node.state = node.heartbeatAt < staleBefore ? .stale : .up
            return node
        }
        return [own] + others
    }

    /// Writes this node's heartbeat, and forgets nodes silent for a day. A failure is logged, not thrown:
    /// the next beat tries again, and meanwhile the others see this node go stale.
    func beat() async {
        guard let store else { return }
        do {
            try await store.recordHeartbeat(current())
            try await store.removeNodes(named: nil, heartbeatBefore: clock.now().addingTimeInterval(-Self.forgetAfter))
        } catch {
            logger.warning("could not write this node's heartbeat", metadata: ["chat.node": "\(name)", "chat.error": "\(error)"])
        }
    }

    /// Removes this node's heartbeat: it is stopping.
    func leave() async {
        try? await store?.removeNodes(named: name, heartbeatBefore: .distantPast)
    }

    /// This build's version, as `stats`, `nodes` and `/metrics` give it.
    static let serverVersion = "0.3.0"

    /// How long a silent node is listed before it is forgotten.
    static let forgetAfter: TimeInterval = 86400
}
