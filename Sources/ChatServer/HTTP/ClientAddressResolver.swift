import AdminAPI
import Foundation

/// Which address a chat request comes from: the peer's, unless the peer is a configured trusted proxy, in
/// which case the address that proxy put in `X-Forwarded-For`. Read right to left, skipping further trusted
/// proxies; a header from anyone else, or one that does not parse, is ignored.
struct ClientAddressResolver: Sendable {
    let trustedProxies: [CIDR]

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
