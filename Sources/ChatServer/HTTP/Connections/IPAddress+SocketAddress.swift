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
        if count == 4 {
            let value = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            self.init(high: 0, low: 0xFFFF_0000_0000 | value)
        } else {
            self.init(
                high: bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) },
                low: bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            )
        }
    }
}
