#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address as 16 bytes, IPv4 held as IPv4-mapped IPv6 (`::ffff:a.b.c.d`), so one prefix
/// structure and one comparison serve both families. An IPv4-mapped IPv6 address *is* its IPv4 address.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// Network byte order, as two big-endian halves.
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Whether this is an IPv4 address (held mapped).
    public var isIPv4: Bool { high == 0 && (low >> 32) == 0xFFFF }

    /// Parses `203.0.113.7`, `2001:db8::1`, `::ffff:1.2.3.4`; nil for anything else (zone ids, ports, junk).
    public init?(_ text: some StringProtocol) {
        let string = String(text)
        guard !string.isEmpty, string.utf8.count <= 45 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, string, &v4) == 1 {
            let value = UInt32(bigEndian: v4.s_addr)
            self.init(high: 0, low: 0xFFFF_0000_0000 | UInt64(value))
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, string, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for index in 0..<8 { high = high << 8 | UInt64(bytes[index]) }
        for index in 8..<16 { low = low << 8 | UInt64(bytes[index]) }
        self.init(high: high, low: low)
    }

    /// The address with all bits after the first `prefix` (of 128) cleared.
    public func masked(to prefix: Int) -> IPAddress {
        let prefix = max(0, min(128, prefix))
        if prefix == 0 { return IPAddress(high: 0, low: 0) }
        if prefix <= 64 {
            let mask: UInt64 = prefix == 64 ? .max : ~(UInt64.max >> prefix)
            return IPAddress(high: high & mask, low: 0)
        }
        let lowBits = prefix - 64
        let mask: UInt64 = lowBits == 64 ? .max : ~(UInt64.max >> lowBits)
        return IPAddress(high: high, low: low & mask)
    }

    public var description: String {
        if isIPv4 {
            let value = UInt32(truncatingIfNeeded: low)
            return "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
        }
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { buffer in
            for index in 0..<8 { buffer[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * index)) }
            for index in 0..<8 { buffer[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * index)) }
        }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &address, &text, socklen_t(text.count)) != nil else { return "?" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}
