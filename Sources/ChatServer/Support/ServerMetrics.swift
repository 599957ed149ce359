import Foundation
import NIOConcurrencyHelpers
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
    private let room: Room
    private let chatConnections: ConnectionRegistry
    private let hostConnections: HostConnections
    private let connectionCounters: ConnectionCounters
    private let connectionBudget: Gauge
    private let connectionEvents: [(ConnectionCounters.Event, Counter, last: NIOLockedValueBox<Int>)]
    private let startedAt: Date
    private let clock: any ChatClock

    init(
        room: Room, connections: ConnectionRegistry, hostConnections: HostConnections, counters: ConnectionCounters, clock: any ChatClock,
        startedAt: Date
    ) {
        self.room = room
        self.chatConnections = connections
        self.hostConnections = hostConnections
        self.connectionCounters = counters
        self.clock = clock
        self.startedAt = startedAt
        people = registry.makeGauge(name: "chat_people", help: "People in the room.")
        heldPolls = registry.makeGauge(name: "chat_held_polls", help: "Polls held open, waiting for events.")
        openConnections = registry.makeGauge(name: "chat_connections", help: "Open connections to the chat listener.")
        lastSeq = registry.makeGauge(name: "chat_last_sequence", help: "The newest event sequence number.")
        uptime = registry.makeGauge(name: "chat_uptime_seconds", help: "Seconds since the server started.")
        messages = registry.makeGauge(name: "chat_messages_sent", help: "Messages sent since the server started.")
        connectionBudget = registry.makeGauge(name: "chat_connection_budget", help: "Most connections the chat listener keeps at once.")
        let registry = self.registry
        connectionEvents = ConnectionCounters.Event.allCases.map { event in
            let counter: Counter
            switch event {
            case .refusedHostCap, .refusedBudget:
                counter = registry.makeCounter(
                    descriptor: MetricNameDescriptor(
                        metricName: "chat_connections_refused", unitName: "total",
                        helpText: "Chat connections refused at accept: a host at its connection cap, or the listener at its budget."
                    ),
                    labels: [("reason", event.rawValue)]
                )
            case .acceptFailed:
                counter = registry.makeCounter(
                    descriptor: MetricNameDescriptor(
                        metricName: "chat_accept_errors", unitName: "total",
                        helpText: "Times the chat listener could not accept for want of file descriptors (it then waits 1 s)."
                    ),
                    labels: [("errno", "EMFILE_or_ENFILE")]
                )
            case .headTimeout, .bodyTimeout, .idleTimeout, .writeTimeout:
                counter = registry.makeCounter(
                    descriptor: MetricNameDescriptor(
                        metricName: "chat_connections_timed_out", unitName: "total",
                        helpText: "Chat connections closed for taking too long over a request head or body, idling, or not reading."
                    ),
                    labels: [("timeout", event.rawValue)]
                )
            }
            return (event, counter, NIOLockedValueBox(0))
        }
    }

    /// The text exposition format, with current values.
    func render() -> [UInt8] {
        people.set(Double(room.memberCount))
        heldPolls.set(Double(room.postOffice.heldPolls))
        openConnections.set(Double(chatConnections.count))
        connectionBudget.set(Double(hostConnections.budget))
        for (event, counter, last) in connectionEvents {
            // Counted where they happen, without the registry; brought over here.
            let now = connectionCounters[event]
            let delta = last.withLockedValue { last in
                defer { last = max(last, now) }
                return now - last
            }
            if delta > 0 { counter.increment(by: Int64(delta)) }
        }
        lastSeq.set(Double(room.postOffice.lastSeq))
        uptime.set(clock.now().timeIntervalSince(startedAt))
        messages.set(Double(room.messagesTotal))
        return registry.emitToBuffer()
    }
}
