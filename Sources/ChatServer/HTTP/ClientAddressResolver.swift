import AdminAPI
import Foundation
import NIOCore

/// Which address a chat request comes from: the connection's client (its peer, or the client a trusted
/// proxy's PROXY header named, see ``ClientOrigins``), unless that is a configured trusted proxy, in which
/// case the address that proxy put in `X-Forwarded-For`. Read right to left, skipping further trusted
/// proxies; a header from anyone else, or one that does not parse, is ignored.
struct ClientAddressResolver: Sendable {
    let origins: ClientOrigins
    var trustedProxies: [CIDR] { origins.trustedProxies }

    /// The client of a request on `channel`.
    func resolve(channel: any Channel, forwardedFor: String?) -> String {
        resolve(peer: origins.address(of: channel), forwardedFor: forwardedFor)
    }

    func resolve(peer: String, forwardedFor: String?) -> String {
        guard !trustedProxies.isEmpty, let peerAddress = IPAddress(peer), isTrusted(peerAddress), let forwardedFor else { return peer }
        for entry in forwardedFor.split(separator: ",").reversed() {
            guard let address = IPAddress(entry.trimmingCharacters(in: .whitespaces)) else { return peer }
            if isTrusted(address) { continue }
            return address.description
        }
        return peer
    }

    private func isTrusted(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}
