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
    /// A length is in the terms of the form written: `::ffff:1.2.3.4/120` is `1.2.3.0/24`, and
    /// `::ffff:1.2.3.4/24` is the IPv6 range `::/24` (which holds every IPv4 address), never `1.2.3.0/24`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(parts[0]) else { return nil }
        let writtenAsIPv6 = parts[0].contains(":")
        let maximum = writtenAsIPv6 ? 128 : 32
        var length = maximum
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...maximum).contains(value), !parts[1].hasPrefix("+") else { return nil }
            length = value
        }
        guard writtenAsIPv6, address.isIPv4 else {
            self.init(address: address, prefixLength: length)
            return
        }
        if length >= 96 {
            self.init(address: address, prefixLength: length - 96)  // inside the mapped block: an IPv4 range
        } else {
            // Wider than the mapped block: an IPv6 range, taken from the address's 128-bit form.
            self.init(address: address.masked(to: length), prefixLength: length)
        }
    }

    /// Whether the range holds every IPv4 address: an IPv6 range that covers the mapped block
    /// `::ffff:0:0/96`, or the IPv4 `/0`.
    public var coversAllIPv4: Bool {
        isIPv4 ? prefixLength == 0 : prefixLength <= 96 && contains(IPAddress(high: 0, low: 0xFFFF_0000_0000))
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
