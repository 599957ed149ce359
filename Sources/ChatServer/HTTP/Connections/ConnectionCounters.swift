import NIOConcurrencyHelpers
import Prometheus

/// What the chat listener refused or cut off: counted where it happens, and exported to `/metrics` as it is.
final class ConnectionCounters: Sendable {
    enum Event: String, CaseIterable, Sendable {
        /// Refused at accept: the host had its cap of connections.
        case refusedHostCap = "host_cap"
        /// Refused at accept: the listener had its whole budget.
        case refusedBudget = "budget"
        case headTimeout = "head"
        case bodyTimeout = "body"
        case idleTimeout = "idle"
        case writeTimeout = "write"
        /// The listener's `accept` failed for want of descriptors.
        case acceptFailed = "accept"
    }

    private let counts = NIOLockedValueBox([Event: Int]())
    private let exported: [Event: Counter]

    /// - Parameter registry: where the counts are exported; none, for a handler tested alone.
    init(registry: PrometheusCollectorRegistry? = nil) {
        exported = registry.map(Self.counters) ?? [:]
    }

    func count(_ event: Event) {
        counts.withLockedValue { $0[event, default: 0] += 1 }
        exported[event]?.increment()
    }

    subscript(event: Event) -> Int {
        counts.withLockedValue { $0[event] ?? 0 }
    }

    private static func counters(in registry: PrometheusCollectorRegistry) -> [Event: Counter] {
        func counter(_ name: String, _ label: (String, String), _ help: String) -> Counter {
            registry.makeCounter(descriptor: MetricNameDescriptor(metricName: name, unitName: "total", helpText: help), labels: [label])
        }
        return Dictionary(
            uniqueKeysWithValues: Event.allCases.map { event in
                switch event {
                case .refusedHostCap, .refusedBudget:
                    return (
                        event,
                        counter(
                            "chat_connections_refused",
                            ("reason", event.rawValue),
                            "Chat connections refused at accept: a host at its connection cap, or the listener at its budget."
                        )
                    )
                case .acceptFailed:
                    return (
                        event,
                        counter(
                            "chat_accept_errors",
                            ("errno", "EMFILE_or_ENFILE"),
                            "Times the chat listener could not accept for want of file descriptors (it then waits 1 s)."
                        )
                    )
                case .headTimeout, .bodyTimeout, .idleTimeout, .writeTimeout:
                    return (
                        event,
                        counter(
                            "chat_connections_timed_out",
                            ("timeout", event.rawValue),
                            "Chat connections closed for taking too long over a request head or body, idling, or not reading."
                        )
                    )
                }
            }
        )
    }
}
