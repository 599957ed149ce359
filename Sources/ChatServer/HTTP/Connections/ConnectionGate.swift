import AdminAPI
import HTTPTypes
import Logging
import NIOCore

/// Decides, as each chat connection is accepted and before anything is read from it, whether it may stay:
/// within its host's connection cap and the listener's budget. A refused one costs one short answer
/// (`429 connection_limit`) and a close; it is counted for `/metrics` and logged at most every few seconds.
struct ConnectionGate: Sendable {
    let connections: HostConnections
    let sweepers: ConnectionSweepers
    let log: ThrottledLog
    var counters: ConnectionCounters { sweepers.counters }

    /// Counts the connection and gives the host it counts against (nil if its address is unknown), to be
    /// released when it closes (its ``ConnectionGuard`` does); or refuses it (answered and closing) and nil.
    func admit(_ channel: any Channel) -> CIDR?? {
        let address = channel.remoteAddress.flatMap(IPAddress.init(socketAddress:))
        switch connections.admit(address) {
        case .admitted(let host):
            return .some(host)
        case .hostFull(let host, let open, let cap):
            counters.count(.refusedHostCap)
            log.warning(
                "host-cap",
                "refused connections from a host at its connection cap: \(host) has \(open), its cap",
                metadata: ["chat.host": "\(host)", "chat.cap": "\(cap)"]
            )
            Self.refuse(channel, Self.hostFullAnswer)
        case .budgetFull(let open, let budget):
            counters.count(.refusedBudget)
            log.warning("budget", "refused connections: the chat listener has \(open) open, its whole budget of \(budget)")
            Self.refuse(channel, Self.budgetFullAnswer)
        }
        return nil
    }

    private static func refuse(_ channel: any Channel, _ answer: [UInt8]) {
        channel.writeAndFlush(channel.allocator.buffer(bytes: answer)).whenComplete { _ in channel.close(promise: nil) }
    }

    private static func answer(_ message: String) -> [UInt8] {
        let body = APIError(.tooManyRequests, "connection_limit", message).envelope
        let head = "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\ncontent-length: \(body.count)\r\nconnection: close\r\n\r\n"
        return Array(head.utf8) + body
    }

    static let hostFullAnswer = answer("too many connections from your address; close some and try again")
    static let budgetFullAnswer = answer("the server has too many connections; try again in a moment")
}
