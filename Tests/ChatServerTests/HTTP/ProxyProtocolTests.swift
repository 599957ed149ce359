import AdminAPI
import Foundation
import HummingbirdTesting
import Testing

@testable import ChatServer

/// The PROXY protocol on the chat listener (`--proxy-protocol on`): a trusted proxy's connections begin
/// with a header naming the client, which the connection then is throughout (its host cap, its requests).
@Suite("PROXY protocol")
struct ProxyProtocolTests {
    typealias Raw = RawHTTPConnection

    // MARK: Reading headers

    @Test("v1 lines: TCP4, TCP6 and UNKNOWN, read to their CRLF")
    func versionOneLines() throws {
        let tcp4 = Array("PROXY TCP4 203.0.113.7 10.0.0.1 51234 8000\r\nGET /".utf8)
        #expect(ProxyHeader.parse(tcp4) == .header(client: IPAddress("203.0.113.7"), length: 44))
        let tcp6 = Array("PROXY TCP6 2001:db8::7 2001:db8::1 51234 8000\r\n".utf8)
        #expect(ProxyHeader.parse(tcp6) == .header(client: IPAddress("2001:db8::7"), length: tcp6.count))
        let unknown = Array("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n".utf8)
        #expect(ProxyHeader.parse(unknown) == .header(client: nil, length: unknown.count))
        #expect(ProxyHeader.parse(Array("PROX".utf8)) == .incomplete)
        #expect(ProxyHeader.parse(Array("PROXY TCP4 203.0.113.7 10.0".utf8)) == .incomplete)
    }

    @Test(
        "v1 lines that are not the protocol's are refused",
        arguments: [
            "GET / HTTP/1.1\r\n",
            "PROXY TCP4 203.0.113.7 10.0.0.1 51234\r\n",
            "PROXY TCP4 2001:db8::7 10.0.0.1 51234 8000\r\n",
            "PROXY TCP4 203.0.113.7 10.0.0.1 51234 80000\r\n",
            "PROXY TCP4 203.0.113.7 10.0.0.1 51234 8000\n",
            "PROXY UDP4 203.0.113.7 10.0.0.1 51234 8000\r\n",
            "PROXY TCP4  203.0.113.7 10.0.0.1 51234 8000\r\n",
            "PROXY " + String(repeating: "1", count: 120),
        ]
    )
    func versionOneRefusals(_ line: String) {
        guard case .invalid = ProxyHeader.parse(Array(line.utf8)) else {
            Issue.record("\(line.debugDescription) was not refused: \(ProxyHeader.parse(Array(line.utf8)))")
            return
        }
    }

    /// A v2 header: the signature, version 2 with `command`, `family`, and `addresses`.
    static func versionTwo(command: UInt8 = 1, family: UInt8, addresses: [UInt8]) -> [UInt8] {
        ProxyHeader.v2Signature + [0x20 | command, family, UInt8(addresses.count >> 8), UInt8(addresses.count & 0xFF)] + addresses
    }

    @Test("v2 headers: IPv4, IPv6, LOCAL and unspecified, with their TLVs skipped")
    func versionTwoHeaders() {
        let ipv4 = Self.versionTwo(family: 0x11, addresses: [198, 51, 100, 4, 10, 0, 0, 1, 0xC8, 0x1E, 0x1F, 0x40] + [0x04, 0x00, 0x01, 0x00])
        #expect(ProxyHeader.parse(ipv4 + Array("GET".utf8)) == .header(client: IPAddress("198.51.100.4"), length: ipv4.count))
        let source: [UInt8] = [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [7]
        let ipv6 = Self.versionTwo(family: 0x21, addresses: source + [UInt8](repeating: 0, count: 16) + [0, 1, 0, 2])
        #expect(ProxyHeader.parse(ipv6) == .header(client: IPAddress("2001:db8::7"), length: ipv6.count))
        let local = Self.versionTwo(command: 0, family: 0, addresses: [])
        #expect(ProxyHeader.parse(local) == .header(client: nil, length: 16))
        let unspecified = Self.versionTwo(family: 0x00, addresses: [])
        #expect(ProxyHeader.parse(unspecified) == .header(client: nil, length: 16))
        #expect(ProxyHeader.parse(ipv4.prefix(10)) == .incomplete)
        #expect(ProxyHeader.parse(ipv4.prefix(20)) == .incomplete)
    }

    @Test("v2 headers with another version, command or cut-short addresses, or too long, are refused")
    func versionTwoRefusals() {
        var wrongVersion = Self.versionTwo(family: 0x11, addresses: [UInt8](repeating: 1, count: 12))
        wrongVersion[12] = 0x31
        let wrongCommand = Self.versionTwo(command: 2, family: 0x11, addresses: [UInt8](repeating: 1, count: 12))
        let short = Self.versionTwo(family: 0x11, addresses: [1, 2, 3, 4])
        let long = Self.versionTwo(family: 0x11, addresses: [UInt8](repeating: 1, count: 5000))
        var signature = Self.versionTwo(family: 0x11, addresses: [UInt8](repeating: 1, count: 12))
        signature[5] = 0x42
        for header in [wrongVersion, wrongCommand, short, long, signature] {
            guard case .invalid = ProxyHeader.parse(header) else {
                Issue.record("not refused: \(header.prefix(16))")
                continue
            }
        }
    }

    // MARK: On the chat listener

    private static func proxied(headerTimeout: TimeInterval = 10) throws -> TestServer {
        try TestServer { configuration in
            configuration.trustedProxies = ["127.0.0.1"]
            configuration.proxyProtocol = true
            configuration.headerTimeout = headerTimeout
        }
    }

    @Test("a trusted proxy's connection is the client its header names: its join, its host")
    func clientFromHeader() async throws {
        let server = try Self.proxied()
        try await server.test(.live) { client in
            let port = try #require(client.port)
            // v1, the header and the request in one write; a claimed X-Forwarded-For is the client's, not believed.
            let carol = try Raw(port: port, source: "127.0.0.1")
            try carol.write(
                "PROXY TCP4 203.0.113.7 127.0.0.1 40000 8000\r\n"
                    + Raw.request("POST", "/api/join", body: #"{"nick":"carol"}"#, headers: ["X-Forwarded-For": "10.9.9.9"])
            )
            #expect(try await carol.answer()?.status == 201)
            #expect(server.room.member(nick: "carol")?.host == "203.0.113.7")

            // v2, the header in two pieces and the request after.
            let dave = try Raw(port: port, source: "127.0.0.1")
            let header = Self.versionTwo(family: 0x11, addresses: [198, 51, 100, 4, 127, 0, 0, 1, 0x9C, 0x40, 0x1F, 0x40])
            try dave.write(bytes: Array(header.prefix(9)))
            try await Task.sleep(for: .milliseconds(50))
            try dave.write(bytes: Array(header.dropFirst(9)))
            try dave.write(Raw.request("POST", "/api/join", body: #"{"nick":"dave"}"#))
            #expect(try await dave.answer()?.status == 201)
            #expect(server.room.member(nick: "dave")?.host == "198.51.100.4")

            // LOCAL (a proxy's own check): the connection is the proxy's.
            let check = try Raw(port: port, source: "127.0.0.1")
            try check.write(bytes: Self.versionTwo(command: 0, family: 0, addresses: []))
            try check.write(Raw.request("POST", "/api/join", body: #"{"nick":"proxycheck"}"#))
            #expect(try await check.answer()?.status == 201)
            #expect(server.room.member(nick: "proxycheck")?.host == "127.0.0.1")

            // A ban on the client's address holds through the proxy.
            _ = try await server.app.moderation.sanction(.ban, CreateSanctionRequest(target: "203.0.113.7"), actor: "test", callerAddress: nil)
            let again = try Raw(port: port, source: "127.0.0.1")
            try again.write("PROXY TCP4 203.0.113.7 127.0.0.1 40001 8000\r\n" + Raw.request("POST", "/api/join", body: #"{"nick":"carol2"}"#))
            #expect(try await again.answer()?.status == 403)
        }
    }

    @Test("the connection cap counts the client a header names, not the proxy")
    func capPerClient() async throws {
        let server = try Self.proxied()
        _ = try await server.app.moderation.setLimits(UpdateLimitsRequest(connectionCap: 2))
        try await server.test(.live) { client in
            let port = try #require(client.port)
            let host = try #require(CIDR("203.0.113.50"))
            var held: [Raw] = []
            for index in 0..<2 {
                let connection = try Raw(port: port, source: "127.0.0.1")
                try connection.write("PROXY TCP4 203.0.113.50 127.0.0.1 \(41000 + index) 8000\r\n")
                held.append(connection)
            }
            #expect(await eventually { server.app.hostConnections.count(onHost: host) == 2 })
            let refused = try Raw(port: port, source: "127.0.0.1")
            try refused.write("PROXY TCP4 203.0.113.50 127.0.0.1 41002 8000\r\n")
            let answer = try #require(try await refused.answer())
            #expect(answer.status == 429 && answer.body.contains("connection_limit"))
            // Another client behind the same proxy is not affected.
            let other = try Raw(port: port, source: "127.0.0.1")
            try other.write("PROXY TCP4 203.0.113.51 127.0.0.1 41003 8000\r\n" + Raw.request("POST", "/api/join", body: #"{"nick":"neighbour"}"#))
            #expect(try await other.answer()?.status == 201)
            held.removeAll()
            #expect(await eventually { server.app.hostConnections.count(onHost: host) == 0 })
        }
    }

    @Test("a trusted proxy that sends no header, a bad one, or none in time is closed unanswered")
    func trustedWithoutHeader() async throws {
        let server = try Self.proxied(headerTimeout: 0.5)
        try await server.test(.live) { client in
            let port = try #require(client.port)
            let plain = try Raw(port: port, source: "127.0.0.1")
            try plain.write(Raw.request("POST", "/api/join", body: #"{"nick":"sneaky"}"#))
            #expect(try await plain.isClosedByServer())
            let bad = try Raw(port: port, source: "127.0.0.1")
            try bad.write("PROXY TCP4 nonsense\r\n")
            #expect(try await bad.isClosedByServer())
            let silent = try Raw(port: port, source: "127.0.0.1")
            try silent.write("PROXY TCP4 203.0.113.9 127.0.0.1 1")
            #expect(try await silent.isClosedByServer(timeout: 5))
            #expect(server.room.members().isEmpty)
        }
    }

    @Test("anyone else's PROXY header is not believed: it is not HTTP; their plain requests are theirs")
    func untrustedHeader() async throws {
        let server = try Self.proxied()
        try await server.test(.live) { client in
            let port = try #require(client.port)
            let spoof = try Raw(port: port, source: "127.0.0.2")
            try spoof.write("PROXY TCP4 203.0.113.7 127.0.0.1 40000 8000\r\n" + Raw.request("POST", "/api/join", body: #"{"nick":"spoof"}"#))
            #expect(try await spoof.answer()?.status == 400)
            #expect(server.room.member(nick: "spoof") == nil)
            let direct = try Raw(port: port, source: "127.0.0.2")
            try direct.write(Raw.request("POST", "/api/join", body: #"{"nick":"direct"}"#))
            #expect(try await direct.answer()?.status == 201)
            #expect(server.room.member(nick: "direct")?.host == "127.0.0.2")
        }
    }
}

extension ProxyProtocolTests {
    @Test("any bytes at all are read without a crash, and a header never claims more than was sent")
    func arbitraryBytes() {
        var generator = SystemRandomNumberGenerator()
        let starts: [[UInt8]] = [[], Array("PROXY ".utf8), Array("PROXY TCP4 ".utf8), ProxyHeader.v2Signature, ProxyHeader.v2Signature + [0x21]]
        for round in 0..<20_000 {
            let tail = (0..<Int.random(in: 0...120, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let bytes = starts[round % starts.count] + tail
            if case .header(_, let length) = ProxyHeader.parse(bytes) {
                #expect(length <= bytes.count)
            }
        }
    }
}
