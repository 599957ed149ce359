import AdminAPI
import HTTPTypes
import Logging
import NIOCore

/// Decides, as each chat connection is accepted and before any of its requests is read, whether it may
/// stay: within its host's connection cap and the listener's budget. The host is the peer's, or, from a
/// trusted proxy speaking the PROXY protocol, the client its header names (``ClientOrigins``), decided once
/// the header is read. A refused one costs one short answer (`429 connection_limit`) and a close; it is
/// counted for `/metrics` and logged at most every few seconds.
struct ConnectionGate: Sendable {
    let connections: HostConnections
    let sweepers: ConnectionSweepers
    let log: ThrottledLog
    let origins: ClientOrigins
    var counters: ConnectionCounters { sweepers.counters }

    /// Puts a new connection under the gate: admitted, it gets its ``ConnectionGuard`` (deadlines,
    /// backpressure; it releases the host's count when the connection closes). Call on the connection's
    /// loop before the rest of the pipeline is added.
    /// - Returns: false when it was refused at once (answered and closing): nothing more goes in its
    ///   pipeline. A connection from a trusted proxy is decided when its PROXY header has been read (a
    ///   ``ProxyHeaderReader`` goes first), with the rest of its pipeline in place by then.
    func guardConnection(_ channel: any Channel) throws -> Bool {
        let pipeline = channel.pipeline.syncOperations
        if let proxy = origins.proxy(of: channel) {
            let connectionGuard = ConnectionGuard(sweepers: sweepers, counted: nil)
            let refused: @Sendable (String) -> Void = { [log] why in
                log.warning("proxy-header", "closed a connection from trusted proxy \(proxy): \(why)", metadata: ["chat.proxy": "\(proxy)"])
            }
            let reader = ProxyHeaderReader(timeout: origins.headerTimeout, refused: refused) { [self] client, _ in
                if let client { origins.remember(client, for: channel) }
                switch decide(client ?? proxy) {
                case .admitted(let host):
                    connectionGuard.count(against: host, in: connections)
                    return nil
                case .refused(let answer):
                    return answer
                }
            }
            try pipeline.addHandler(reader, position: .first)
            try pipeline.addHandler(connectionGuard)
            return true
        }
        switch decide(channel.remoteAddress.flatMap(IPAddress.init(socketAddress:))) {
        case .admitted(let host):
            do {
                try pipeline.addHandler(makeGuard(host))
            } catch {
                connections.release(host)
                throw error
            }
            return true
        case .refused(let answer):
            channel.writeAndFlush(channel.allocator.buffer(bytes: answer)).whenComplete { _ in channel.close(promise: nil) }
            return false
        }
    }

    private func makeGuard(_ host: CIDR?) -> ConnectionGuard {
        ConnectionGuard(sweepers: sweepers, counted: (connections, host))
    }

    private enum Decision {
        /// Counted against this host (nil: an address of no host).
        case admitted(CIDR?)
        /// Not counted; answer with this and close.
        case refused([UInt8])
    }

    /// Counts a connection from `address`, or says why not, counting and logging the refusal.
    private func decide(_ address: IPAddress?) -> Decision {
        switch connections.admit(address) {
        case .admitted(let host):
            return .admitted(host)
        case .hostFull(let host, let open, let cap):
            counters.count(.refusedHostCap)
            log.warning(
                "host-cap",
                "refused connections from a host at its connection cap: \(host) has \(open), its cap",
                metadata: ["chat.host": "\(host)", "chat.cap": "\(cap)"]
            )
            return .refused(Self.hostFullAnswer)
        case .budgetFull(let open, let budget):
            counters.count(.refusedBudget)
            log.warning("budget", "refused connections: the chat listener has \(open) open, its whole budget of \(budget)")
            return .refused(Self.budgetFullAnswer)
        }
    }

    private static func answer(_ message: String) -> [UInt8] {
        let body = APIError(.tooManyRequests, "connection_limit", message).envelope
        let head = "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\ncontent-length: \(body.count)\r\nconnection: close\r\n\r\n"
        return Array(head.utf8) + body
    }

    static let hostFullAnswer = answer("too many connections from your address; close some and try again")
    static let budgetFullAnswer = answer("the server has too many connections; try again in a moment")
}
