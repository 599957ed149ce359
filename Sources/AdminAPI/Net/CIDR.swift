/// An address range: an address and how many leading bits are fixed. Written as people write them:
/// `203.0.113.0/24`, `2001:db8::/48`, or a bare address (a /32 or /128). Prefix lengths are kept in the
/// family's own terms for display and converted to 128-bit terms for matching.
public struct CIDR: Hashable, Sendable, CustomStringConvertible {
    /// The first address of the range.
    public let network: IPAddress
    /// Leading fixed bits in the family's own terms (0...32 for IPv4, 0...128 for IPv6).
    public let prefixLength: Int

    public var isIPv4: Bool { network.isIPv4 }

    /// The prefix length over the 128-bit mapped form.
    public var mappedPrefixLength: Int { isIPv4 ? prefixLength + 96 : prefixLength }

    public init(address: IPAddress, prefixLength: Int) {
        let length = max(0, min(address.isIPv4 ? 32 : 128, prefixLength))
        self.prefixLength = length
        self.network = address.masked(to: address.isIPv4 ? length + 96 : length)
    }

    /// Parses `a.b.c.d/n`, `x::/n` or a bare address; nil when malformed or the length is out of range.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(parts[0]) else { return nil }
        let maximum = address.isIPv4 ? 32 : 128
        var length = maximum
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...maximum).contains(value), !parts[1].hasPrefix("+") else { return nil }
            length = value
        }
        self.init(address: address, prefixLength: length)
    }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.isIPv4 == isIPv4 || (!isIPv4 && prefixLength <= 96) else { return false }
        return address.masked(to: mappedPrefixLength) == network
    }

    /// Whether the range is a single address.
    public var isSingleAddress: Bool { prefixLength == (isIPv4 ? 32 : 128) }

    public var description: String {
        isSingleAddress ? network.description : "\(network)/\(prefixLength)"
    }
}
