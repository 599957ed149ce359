import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// The process on the other end of a Unix-socket connection, as the kernel reports it (`SO_PEERCRED`).
struct PeerCredentials: Sendable, Equatable {
    /// Laid out like Linux's `struct ucred`, which Glibc does not export to Swift.
    private struct UCred: Sendable {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    let pid: Int32
    let uid: UInt32
    let gid: UInt32

    /// Reads the peer of a Unix-socket channel; nil for other channels or when the kernel says nothing.
    static func of(_ channel: any Channel) async -> PeerCredentials? {
        guard case .unixDomainSocket = channel.localAddress, let provider = channel as? any SocketOptionProvider else { return nil }
        do {
            let credentials: UCred = try await provider.unsafeGetSocketOption(
                level: SocketOptionLevel(SOL_SOCKET),
                name: SocketOptionName(SO_PEERCRED)
            ).get()
            return PeerCredentials(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid)
        } catch {
            return nil
        }
    }

    /// The login name of a uid, or `uid<N>` when it has none.
    static func userName(of uid: UInt32) -> String {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name else {
            return "uid\(uid)"
        }
        return String(cString: name)
    }
}
