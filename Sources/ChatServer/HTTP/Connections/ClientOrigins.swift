import AdminAPI
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Where each chat connection comes from: its peer, or, with the PROXY protocol on (`--proxy-protocol`),
/// for a peer among the trusted proxies, the client its ``ProxyHeader`` names. The connection gate counts
/// that client against its host's cap, and every request on the connection is that client's.
final class ClientOrigins: Sendable {
    /// Whether connections from trusted proxies begin with a PROXY header.
    let proxyProtocol: Bool
    let trustedProxies: [CIDR]
    /// How long a trusted proxy has to send its whole header.
    let headerTimeout: TimeAmount
    /// The clients PROXY headers named, by connection, while it is open.
    private let proxied = NIOLockedValueBox<[ObjectIdentifier: IPAddress]>([:])

    init(proxyProtocol: Bool, trustedProxies: [CIDR], headerTimeout: TimeAmount) {
        self.proxyProtocol = proxyProtocol
        self.trustedProxies = trustedProxies
        self.headerTimeout = headerTimeout
    }

    /// The peer of a connection that must begin with a PROXY header (a trusted proxy's, with the protocol
    /// on), or nil for one whose peer is its client.
    func proxy(of channel: any Channel) -> IPAddress? {
        guard proxyProtocol, let peer = channel.remoteAddress.flatMap(IPAddress.init(socketAddress:)),
            trustedProxies.contains(where: { $0.contains(peer) })
        else { return nil }
        return peer
    }

    /// Notes the client a connection's header named, for as long as the connection is open.
    func remember(_ client: IPAddress, for channel: any Channel) {
        let identifier = ObjectIdentifier(channel)
        proxied.withLockedValue { $0[identifier] = client }
        channel.closeFuture.whenComplete { [proxied] _ in _ = proxied.withLockedValue { $0.removeValue(forKey: identifier) } }
    }

    /// The address of the client on a connection as text (`127.0.0.1`, `::1`), or `unknown` for a peer
    /// without one.
    func address(of channel: any Channel) -> String {
        if proxyProtocol, let client = proxied.withLockedValue({ $0[ObjectIdentifier(channel)] }) { return client.description }
        return channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
