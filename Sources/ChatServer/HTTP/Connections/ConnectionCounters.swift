import NIOConcurrencyHelpers

/// What the chat listener refused or cut off, counted for `/metrics`.
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

    func count(_ event: Event) {
        counts.withLockedValue { $0[event, default: 0] += 1 }
    }

    subscript(event: Event) -> Int {
        counts.withLockedValue { $0[event] ?? 0 }
    }
}
