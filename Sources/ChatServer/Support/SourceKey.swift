import AdminAPI

/// The host an address belongs to, for limits that must not be escaped by changing address within one:
/// an IPv4 address is itself, an IPv6 address its /64 (one site's subnet). Anything else is left as written
/// (`local`, `unknown`).
enum SourceKey {
    static func of(_ address: String) -> String {
        guard let ip = IPAddress(address), !ip.isIPv4 else { return address }
        return CIDR(address: ip, prefixLength: 64).description
    }
}
