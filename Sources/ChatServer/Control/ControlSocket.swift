import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Prepares the place of the control socket so that no other user can ever connect: the socket lives in a
/// directory of mode 0700 owned by the server's user, created before the socket exists (no
/// listen-then-chmod race). A socket file left by a crash is replaced; one a running server answers on is
/// an error.
enum ControlSocket {
    struct SetupError: Error, CustomStringConvertible {
        let description: String
    }

    /// The default path inside a data directory.
    static func defaultPath(dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("run").appendingPathComponent("control.sock").path
    }

    /// Makes the socket's directory private and clears a stale socket.
    static func prepare(path: String) throws(SetupError) {
        guard path.utf8.count < 108 else {
            throw SetupError(description: "the control socket path is too long for a Unix socket (at most 107 bytes): \(path)")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let files = FileManager.default
        if let attributes = try? files.attributesOfItem(atPath: directory) {
            guard attributes[.type] as? FileAttributeType == .typeDirectory else {
                throw SetupError(description: "\(directory) is not a directory")
            }
            let owner = (attributes[.ownerAccountID] as? NSNumber)?.uint32Value
            guard owner == geteuid() else {
                throw SetupError(
                    description: "\(directory) belongs to uid \(owner.map(String.init) ?? "?"), not to this server's user (uid \(geteuid()))"
                )
            }
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
            if mode & 0o077 != 0 {
                do {
                    try files.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
                } catch {
                    throw SetupError(description: "cannot make \(directory) private (mode 0700): \(error.localizedDescription)")
                }
            }
        } else {
            let previous = umask(0o077)
            defer { umask(previous) }
            do {
                try files.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw SetupError(description: "cannot create the control socket's directory \(directory): \(error.localizedDescription)")
            }
        }
        guard let attributes = try? files.attributesOfItem(atPath: path) else { return }
        guard attributes[.type] as? FileAttributeType == .typeSocket else {
            throw SetupError(description: "\(path) exists and is not a socket; remove it or choose another --socket")
        }
        if isAnswering(path) {
            throw SetupError(description: "another chat-server is running on the control socket \(path)")
        }
        unlink(path)
    }

    /// Whether something accepts connections on the socket.
    private static func isAnswering(_ path: String) -> Bool {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            let bytes = Array(path.utf8.prefix(buffer.count - 1))
            buffer.copyBytes(from: bytes + [0])
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return result == 0
    }
}
