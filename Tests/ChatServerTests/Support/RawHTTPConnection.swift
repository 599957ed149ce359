import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One plain TCP connection to the server for tests that need what an HTTP client hides: several requests
/// written at once (pipelined), answers read one by one, and whether the server closed the connection.
/// Blocking socket calls run on a thread of their own, never on a cooperative thread.
final class RawHTTPConnection: @unchecked Sendable {
    // @unchecked: a test uses one connection from one task at a time.
    struct Answer {
        let status: Int
        let headers: [String: String]
        let body: String
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []

    /// - Parameter source: the local address to connect from (any of 127.0.0.0/8), so that a test can be
    ///   several hosts.
    init(port: Int, source: String? = nil) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, source, &local.sin_addr)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else { throw Failure(description: "bind \(source): errno \(errno)") }
        }
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr)
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: errno \(errno)") }
    }

    deinit {
        close(descriptor)
    }

    /// A request as text, with `Host` and, for a body, `Content-Length` filled in.
    static func request(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]) -> String {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)" } else { text += "\r\n" }
        return text
    }

    /// Writes all of it at once, so the server reads the requests together.
    func write(_ text: String) throws {
        try write(bytes: Array(text.utf8))
    }

    /// Writes these bytes at once (a binary PROXY header, say).
    func write(bytes: [UInt8]) throws {
        let written = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard written == bytes.count else { throw Failure(description: "send: errno \(errno)") }
    }

    /// Writes as much of `bytes` as the connection takes within `timeout` seconds, without blocking past
    /// it; how many bytes went.
    func writeWhatFits(_ bytes: [UInt8], timeout: Double) async throws -> Int {
        try await offThePool {
            let deadline = Date().addingTimeInterval(timeout)
            var sent = 0
            while sent < bytes.count, Date() < deadline {
                var descriptorSet = pollfd(fd: self.descriptor, events: Int16(POLLOUT), revents: 0)
                guard poll(&descriptorSet, 1, 100) > 0 else { continue }
                let count = bytes[sent...].withUnsafeBytes { send(self.descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
                if count < 0 {
                    if errno == EAGAIN || errno == EWOULDBLOCK { continue }
                    break  // the server closed the connection
                }
                sent += count
            }
            return sent
        }
    }

    /// Everything the server sends until it closes the connection or `timeout` seconds pass, and whether it closed.
    func readToEnd(timeout: Double) async throws -> (text: String, closed: Bool) {
        try await offThePool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                switch try self.fill(until: deadline) {
                case .read: continue
                case .closed: return (String(decoding: self.buffer, as: UTF8.self), true)
                case .timedOut: return (String(decoding: self.buffer, as: UTF8.self), false)
                }
            }
            return (String(decoding: self.buffer, as: UTF8.self), false)
        }
    }

    /// Ends what this side sends (a half-close); answers can still be read.
    func endInput() throws {
        guard shutdown(descriptor, Int32(SHUT_WR)) == 0 else { throw Failure(description: "shutdown: errno \(errno)") }
    }

    /// The next answer, waiting up to `timeout` seconds; nil when none came in that time.
    func answer(timeout: Double = 10) async throws -> Answer? {
        try await offThePool { try self.readAnswer(timeout: timeout) }
    }

    /// Whether the server closes the connection (with nothing more to read) within `timeout` seconds.
    func isClosedByServer(timeout: Double = 10) async throws -> Bool {
        try await offThePool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                switch try self.fill(until: deadline) {
                case .closed: return self.buffer.isEmpty
                case .timedOut: return false
                case .read: continue
                }
            }
            return false
        }
    }

    private enum FillResult { case read, closed, timedOut }

    private func fill(until deadline: Date) throws -> FillResult {
        let wait = max(0, deadline.timeIntervalSinceNow)
        var descriptorSet = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptorSet, 1, Int32(wait * 1000))
        guard ready > 0 else { return .timedOut }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &chunk, chunk.count, 0)
        if count < 0 {
            if errno == ECONNRESET { return .closed }
            throw Failure(description: "recv: errno \(errno)")
        }
        if count == 0 { return .closed }
        buffer += chunk[0..<count]
        return .read
    }

    private func readAnswer(timeout: Double) throws -> Answer? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let answer = parse() { return answer }
            switch try fill(until: deadline) {
            case .read: continue
            case .closed, .timedOut: return nil
            }
        }
    }

    /// Takes one whole answer off the front of the buffer (`Content-Length` bodies only, as the server sends).
    private func parse() -> Answer? {
        let separator = Array("\r\n\r\n".utf8)
        guard let end = buffer.indices.dropLast(3).first(where: { Array(buffer[$0..<$0 + 4]) == separator }) else { return nil }
        let lines = String(decoding: buffer[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ")[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        guard buffer.count >= end + 4 + length else { return nil }
        let body = String(decoding: buffer[(end + 4)..<(end + 4 + length)], as: UTF8.self)
        buffer.removeFirst(end + 4 + length)
        return Answer(status: status, headers: headers, body: body)
    }
}
