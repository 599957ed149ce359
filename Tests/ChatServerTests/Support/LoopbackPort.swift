import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Ports on 127.0.0.1, for the servers the tests start themselves.
enum LoopbackPort {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A port nothing listens on now (the kernel's pick of a free one, let go at once).
    static func free() throws -> Int {
        guard let port = bindable(0) else { throw Failure(description: "cannot bind a loopback port") }
        return port
    }

    /// The ports ``lasting()`` handed out in this run, none twice.
    private static let handedOut = Mutex<Set<Int>>([])

    /// A free port for a server that is stopped and started again on it (PostgreSQL in the fault tests).
    /// Taken below the kernel's ephemeral range (32768 and up): a port from there may be picked, while the
    /// server is down, as the source port of any connection or by another test's `bind(0)`, and the server
    /// could not come back on it.
    static func lasting() throws -> Int {
        for _ in 0..<200 {
            let port = Int.random(in: 20000..<32768)
            let fresh = handedOut.withLock { $0.insert(port).inserted }
            if fresh, bindable(port) != nil { return port }
        }
        throw Failure(description: "no free loopback port below 32768")
    }

    /// Binds `port` (0: any) on 127.0.0.1 and lets it go; the port bound, or nil.
    private static func bindable(_ port: Int) -> Int? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var address = loopback(port: port)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    /// Whether something accepts connections on `port` now.
    static func accepts(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }
}
