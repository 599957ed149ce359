import AdminAPI
import NIOCore

extension IPAddress {
    /// The address of a TCP peer, from its bytes (no text on the way); nil for a Unix socket.
    init?(socketAddress: SocketAddress) {
        // The address bytes sit at fixed offsets of `sockaddr_in` (4) and `sockaddr_in6` (8), in network order.
        let (offset, count): (Int, Int)
        switch socketAddress {
        case .v4: (offset, count) = (4, 4)
        case .v6: (offset, count) = (8, 16)
        case .unixDomainSocket: return nil
        }
        let bytes = socketAddress.withSockAddr { pointer, _ in
            Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer) + offset, count: count))
        }
        self.init(bytes: bytes)
    }

    /// An address from its bytes in network order: 4 for IPv4, 16 for IPv6; nil for any other count.
    init?(bytes: some Collection<UInt8>) {
        let bytes = Array(bytes)
        func number(_ part: ArraySlice<UInt8>) -> UInt64 { part.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
        switch bytes.count {
        case 4: self.init(high: 0, low: 0xFFFF_0000_0000 | number(bytes[...]))
        case 16: self.init(high: number(bytes[0..<8]), low: number(bytes[8..<16]))
        default: return nil
        }
    }
}
