import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client over a socket bound to a chosen loopback source address (127.0.0.x), so one
/// test can be many hosts to the server: AsyncHTTPClient cannot choose its source address.
enum LoopbackHTTP {
    struct Reply: Sendable {
        let status: Int
        let headers: [String: String]
        let body: [UInt8]

        var json: [String: Any]? { try? jsonObject(body) }
        var errorCode: String? { json?.errorCode }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// One request, `Connection: close`, from `source` to 127.0.0.1:`port`. Runs on a thread of its own so a
    /// blocking socket never holds a cooperative thread.
    static func request(
        _ method: String,
        port: Int,
        path: String,
        from source: String,
        json: String? = nil,
        headers: [String: String] = [:],
        timeout: Int = 60
    ) async throws -> Reply {
        try await offThePool { try perform(method, port: port, path: path, from: source, json: json, headers: headers, timeout: timeout) }
    }

    private static func perform(
        _ method: String,
        port: Int,
        path: String,
        from source: String,
        json: String?,
        headers: [String: String],
        timeout: Int
    ) throws -> Reply {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(descriptor) }
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, source, &local.sin_addr)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw Failure(description: "bind \(source): errno \(errno)") }
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: errno \(errno)") }
        let body = Array((json ?? "").utf8)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        if json != nil { head += "Content-Type: application/json\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let bytes = Array((head + "\r\n").utf8) + body
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else { throw Failure(description: "write: errno \(errno)") }
            sent += written
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 { throw Failure(description: "read: errno \(errno)") }
            if count == 0 { break }
            response.append(contentsOf: buffer[0..<count])
        }
        return try parse(response)
    }

    private static func parse(_ response: [UInt8]) throws -> Reply {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let split = (0..<max(0, response.count - 3)).first(where: { Array(response[$0..<$0 + 4]) == separator }) else {
            throw Failure(description: "no HTTP head in \(response.count) bytes")
        }
        let lines = String(decoding: response[..<split], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(lines[0])") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(response[(split + 4)...])
        if headers["transfer-encoding"] == "chunked" { body = dechunk(body) }
        return Reply(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ data: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < data.count {
            guard let lineEnd = (index..<data.count - 1).first(where: { data[$0] == 13 && data[$0 + 1] == 10 }) else { break }
            let size = Int(String(decoding: data[index..<lineEnd], as: UTF8.self), radix: 16) ?? 0
            if size == 0 { break }
            result.append(contentsOf: data[(lineEnd + 2)..<min(data.count, lineEnd + 2 + size)])
            index = lineEnd + 2 + size + 2
        }
        return result
    }
}

/// A person in the room, joined from a chosen loopback address.
struct LoopbackChatter: Sendable {
    let port: Int
    let source: String
    var token: String?
    var cursor: UInt64 = 0

    init(port: Int, source: String) {
        self.port = port
        self.source = source
    }

    /// Joins; returns the reply (check `status`).
    @discardableResult
    mutating func join(_ nick: String, headers: [String: String] = [:]) async throws -> LoopbackHTTP.Reply {
        let reply = try await LoopbackHTTP.request(
            "POST",
            port: port,
            path: "/api/join",
            from: source,
            json: #"{"nick":"\#(nick)"}"#,
            headers: headers
        )
        if reply.status == 201, let json = reply.json {
            token = json["session"] as? String
            cursor = json.cursor ?? 0
        }
        return reply
    }

    @discardableResult
    func send(_ text: String) async throws -> LoopbackHTTP.Reply {
        try await LoopbackHTTP.request("POST", port: port, path: "/api/send", from: source, json: #"{"text":"\#(text)"}"#, headers: auth)
    }

    mutating func poll() async throws -> [PolledEvent] {
        let reply = try await LoopbackHTTP.request("GET", port: port, path: "/api/poll?since=\(cursor)", from: source, headers: auth)
        guard reply.status == 200 else {
            throw LoopbackHTTP.Failure(description: "poll: \(reply.status) \(String(decoding: reply.body, as: UTF8.self))")
        }
        let answer = try PollAnswer(reply.body)
        cursor = answer.cursor
        return answer.events
    }

    private var auth: [String: String] { token.map { ["Authorization": "Bearer \($0)"] } ?? [:] }
}
