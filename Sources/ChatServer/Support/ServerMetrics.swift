import Foundation
import Prometheus

/// The Prometheus metrics of one server. Values the room already counts are read at scrape time rather than
/// kept twice; the registry belongs to this server (not the process-wide metrics system), so several
/// servers in one test process do not collide.
final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let people: Gauge
    private let heldPolls: Gauge
    private let openConnections: Gauge
    private let lastSeq: Gauge
    private let uptime: Gauge
    private let messages: Gauge
    private let messagesRemoved: Gauge
    private let storeUnavailable: Gauge
    private let store: any ControlStore
    private let room: Room
    private let chatConnections: ConnectionRegistry
    private let hostConnections: HostConnections
    /// What the chat listener refused or cut off, exported as counters.
    let connectionCounters: ConnectionCounters
    private let connectionBudget: Gauge
    private let startedAt: Date
    private let clock: any ChatClock

    init(
        room: Room,
        store: any ControlStore,
        connections: ConnectionRegistry,
        hostConnections: HostConnections,
        clock: any ChatClock,
        startedAt: Date,
        node: (name: String, version: String)
    ) {
        self.room = room
        self.store = store
        self.chatConnections = connections
        self.hostConnections = hostConnections
        self.clock = clock
        self.startedAt = startedAt
        people = registry.makeGauge(name: "chat_people", help: "People in the room.")
        heldPolls = registry.makeGauge(name: "chat_held_polls", help: "Polls held open, waiting for events.")
        openConnections = registry.makeGauge(name: "chat_connections", help: "Open connections to the chat listener.")
        lastSeq = registry.makeGauge(name: "chat_last_sequence", help: "The newest event sequence number.")
        uptime = registry.makeGauge(name: "chat_uptime_seconds", help: "Seconds since the server started.")
        messages = registry.makeGauge(name: "chat_messages_sent", help: "Messages sent since the server started.")
        messagesRemoved = registry.makeGauge(name: "chat_messages_removed", help: "Messages moderators took back since the server started.")
        storeUnavailable = registry.makeGauge(
            name: "chat_store_unavailable",
            help: "Store calls refused since start because the database could not be used (answered 503 store_unavailable)."
        )
        connectionBudget = registry.makeGauge(name: "chat_connection_budget", help: "Most connections the chat listener keeps at once.")
        connectionCounters = ConnectionCounters(registry: registry)
        registry.makeGauge(
            name: "chat_node_info",
            labels: [("node", node.name), ("version", node.version)],
            help: "Always 1: the node's name (--node-name) and version, to tell the nodes of a cluster apart."
        ).set(Double(1))
    }

    /// The text exposition format, with current values.
    func render() -> [UInt8] {
        people.set(Double(room.memberCount))
        heldPolls.set(Double(room.heldPolls))
        openConnections.set(Double(chatConnections.count))
        connectionBudget.set(Double(hostConnections.budget))
        lastSeq.set(Double(room.lastSeq))
        uptime.set(clock.now().timeIntervalSince(startedAt))
        messages.set(Double(room.messagesTotal))
        messagesRemoved.set(Double(room.messagesRemoved))
        storeUnavailable.set(Double(store.unavailableCount))
        return registry.emitToBuffer()
    }
}
