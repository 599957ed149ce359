import AdminAPI
import NIOConcurrencyHelpers

/// The open TCP connections to the chat listener, per host and in all, against their caps: the per-host
/// connection cap (the live limit `connection_cap`, with overrides and exemptions) and the listener's whole
/// budget (what the open-files limit leaves after the reserve kept for the admin listener and the socket).
///
/// Apart from the session cap on purpose: a connection is counted from its accept, before it says anything,
/// so a host that opens thousands of connections and never joins is held at its cap all the same.
/// Each admission is one lock and a hash lookup (two with overrides in force).
package final class HostConnections: Sendable {
    /// What became of an accepted connection.
    package enum Admission: Equatable, Sendable {
        /// Counted against `host` (nil when its address is unknown); release it when the connection closes.
        case admitted(host: CIDR?)
        /// The host already has `open` connections, its cap.
        case hostFull(host: CIDR, open: Int, cap: Int)
        /// The listener already has `open` connections, its whole budget.
        case budgetFull(open: Int, budget: Int)
    }

    private struct State {
        var byHost: [CIDR: Int] = [:]
        var total = 0
    }

    private let state = NIOLockedValueBox(State())
    private let moderation: Moderation
    private let exemptRanges: [CIDR]
    /// Most connections the chat listener keeps open at once.
    let budget: Int

    /// - Parameters:
    ///   - exempt: addresses never capped per host (trusted proxies: every client behind one shares its address).
    ///   - budget: most connections open at once, in all.
    package init(moderation: Moderation, exempt: [CIDR], budget: Int) {
        self.moderation = moderation
        self.exemptRanges = exempt
        self.budget = budget
    }

    /// Counts a connection just accepted from `address`, or says why it is refused.
    package func admit(_ address: IPAddress?) -> Admission {
        let (key, cap) = address.map(hostAndCap) ?? (nil, nil)
        return state.withLockedValue { state in
            guard state.total < budget else { return .budgetFull(open: state.total, budget: budget) }
            if let key {
                let open = state.byHost[key] ?? 0
                if let cap, open >= cap { return .hostFull(host: key, open: open, cap: cap) }
                state.byHost[key] = open + 1
            }
            state.total += 1
            return .admitted(host: key)
        }
    }

    /// Forgets a connection admitted against `host`.
    package func release(_ host: CIDR?) {
        state.withLockedValue { state in
            state.total = max(0, state.total - 1)
            guard let host, let open = state.byHost[host] else { return }
            state.byHost[host] = open > 1 ? open - 1 : nil
        }
    }

    /// Open connections in all.
    var total: Int { state.withLockedValue { $0.total } }

    /// Open connections counted against a host.
    func count(onHost host: CIDR) -> Int {
        state.withLockedValue { $0.byHost[host] ?? 0 }
    }

    /// Every host with open connections, and how many.
    func hosts() -> [CIDR: Int] {
        state.withLockedValue { $0.byHost }
    }

    /// The cap on a host's connections, nil when exempt.
    func cap(for address: IPAddress) -> Int? {
        hostAndCap(address).cap
    }

    /// The host an address counts against, and its cap there: the live limit and overrides, nil for an
    /// exemption or a trusted proxy.
    private func hostAndCap(_ address: IPAddress) -> (host: CIDR?, cap: Int?) {
        let (host, cap) = moderation.connectionCap(for: address)
        return (host, exemptRanges.contains { $0.contains(address) } ? nil : cap)
    }
}
