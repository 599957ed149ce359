import AdminAPI
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import ChatServer

#if canImport(Glibc)
import Glibc
#endif

/// One host cannot hold more than its share of the chat listener's connections, whatever it sends on them.
@Suite("Connections per host")
struct ConnectionCapTests {
    typealias Raw = RawHTTPConnection

    /// Opens `count` silent connections from `source` and waits until the server has counted them.
    private func open(_ count: Int, from source: String, to server: TestServer, port: Int) async throws -> [Raw] {
        let host = try #require(CIDR(source))
        let before = server.app.hostConnections.count(onHost: host)
        var connections: [Raw] = []
        for _ in 0..<count { connections.append(try Raw(port: port, source: source)) }
        #expect(await eventually { server.app.hostConnections.count(onHost: host) == before + count })
        return connections
    }

    @Test("a host at its connection cap is refused at accept with 429 connection_limit; other hosts go on")
    func refusedAtCap() async throws {
        let server = try TestServer()
        _ = try await server.app.moderation.setLimits(UpdateLimitsRequest(connectionCap: 3))
        try await server.test(.live) { client in
            let port = try #require(client.port)
            var held = try await open(3, from: "127.0.0.5", to: server, port: port)
            let refused = try Raw(port: port, source: "127.0.0.5")
            let answer = try #require(try await refused.answer())
            #expect(answer.status == 429)
            #expect(answer.body.contains(#""code":"connection_limit""#))
            #expect(answer.headers["connection"] == "close")
            #expect(try await refused.isClosedByServer())
            #expect(server.app.connectionCounters[.refusedHostCap] == 1)
            #expect(String(decoding: server.app.metrics.render(), as: UTF8.self).contains(#"chat_connections_refused_total{reason="host_cap"} 1"#))

            // Another host is not affected, and neither is this one's count.
            let other = try Raw(port: port, source: "127.0.0.6")
            try other.write(Raw.request("POST", "/api/join", body: #"{"nick":"neighbour"}"#))
            #expect(try await other.answer()?.status == 201)
            #expect(server.app.hostConnections.count(onHost: try #require(CIDR("127.0.0.5"))) == 3)

            // What an operator sees.
            let host = try #require(server.app.moderation.hosts().first { $0.host == "127.0.0.5" })
            #expect(host.connections == 3 && host.connectionCap == 3 && host.sessions == 0)
            let explanation = try server.app.moderation.explain("127.0.0.5")
            #expect(explanation.joinVerdict.contains("3 of 3 connections"))

            // A connection that closes makes room for one more.
            held.removeLast()
            let key = try #require(CIDR("127.0.0.5"))
            #expect(await eventually { server.app.hostConnections.count(onHost: key) == 2 })
            let admitted = try Raw(port: port, source: "127.0.0.5")
            try admitted.write(Raw.request("GET", "/api/users"))
            #expect(try await admitted.answer()?.status == 200)
            _ = held
        }
    }

    @Test("the cap follows live changes: an exemption or an override for the range lets a host past it")
    func overridesAndExemptions() async throws {
        let server = try TestServer()
        _ = try await server.app.moderation.setLimits(UpdateLimitsRequest(connectionCap: 2))
        try await server.test(.live) { client in
            let port = try #require(client.port)
            let held = try await open(2, from: "127.0.0.7", to: server, port: port)
            _ = try await server.app.moderation.addOverride(CreateOverrideRequest(target: "127.0.0.0/29", connectionCap: 4), actor: "test")
            let more = try await open(2, from: "127.0.0.7", to: server, port: port)
            let fifth = try Raw(port: port, source: "127.0.0.7")
            #expect(try await fifth.answer()?.status == 429)
            _ = try await server.app.moderation.addOverride(CreateOverrideRequest(target: "127.0.0.7", exempt: true), actor: "test")
            let exempt = try await open(3, from: "127.0.0.7", to: server, port: port)
            #expect(server.app.moderation.hosts().first { $0.host == "127.0.0.7" }?.connectionCap == nil)
            _ = (held, more, exempt)
        }
    }

    @Test("a connection cap on a nick is refused in words: a connection has no nick")
    func noNickCap() async throws {
        let server = try TestServer()
        await #expect(throws: ModerationError.self) {
            _ = try await server.app.moderation.addOverride(CreateOverrideRequest(target: "alice", connectionCap: 4), actor: "test")
        }
        await #expect(throws: ModerationError.self) {
            _ = try await server.app.moderation.setLimits(UpdateLimitsRequest(connectionCap: 0))
        }
        #expect(server.app.moderation.moderation.limits.connectionCap == Limits.defaultConnectionCap)
    }

    @Test("past the listener's whole budget new connections are refused, and the admin API still answers")
    func budget() async throws {
        let server = try TestServer { $0.maxConnections = 4 }
        #expect(server.app.hostConnections.budget == 4)
        try await server.test(.live) { client in
            let port = try #require(client.port)
            #expect(try await client.get("/api/users").status == .ok)  // the test client's own connection
            let held = try await open(3, from: "127.0.0.8", to: server, port: port)
            let refused = try Raw(port: port, source: "127.0.0.9")
            let answer = try #require(try await refused.answer())
            #expect(answer.status == 429)
            #expect(answer.body.contains("too many connections"))
            #expect(server.app.connectionCounters[.refusedBudget] == 1)
            let health = try await server.testAdmin(.live) { admin in try await admin.get("/healthz").status }
            #expect(health == .ok)
            _ = held
        }
    }

    @Test("a trusted proxy's own address is never capped: every client behind it shares that address")
    func trustedProxyExempt() async throws {
        let server = try TestServer { $0.trustedProxies = ["127.0.0.10"] }
        _ = try await server.app.moderation.setLimits(UpdateLimitsRequest(connectionCap: 2))
        try await server.test(.live) { client in
            let port = try #require(client.port)
            let held = try await open(5, from: "127.0.0.10", to: server, port: port)
            #expect(server.app.moderation.hosts().first { $0.host == "127.0.0.10" }.map { ($0.connections, $0.connectionCap) }! == (5, nil))
            _ = held
        }
    }

    @Test("an accept that fails for want of descriptors is counted and passed on to NIO's backoff")
    func acceptErrors() throws {
        let counters = ConnectionCounters()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(AcceptErrorWatch(counters: counters, log: ThrottledLog(logger: Logger(label: "test"))))
        channel.pipeline.fireErrorCaught(IOError(errnoCode: EMFILE, reason: "accept"))
        #expect(throws: IOError.self) { try channel.throwIfErrorCaught() }
        channel.pipeline.fireErrorCaught(IOError(errnoCode: ECONNABORTED, reason: "accept"))
        #expect(throws: IOError.self) { try channel.throwIfErrorCaught() }
        #expect(counters[.acceptFailed] == 1)
        _ = try channel.finish()
    }

    @Test("the cap and its overrides survive a restart, and their changes are audited")
    func persisted() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("connection-cap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("chat.sqlite").path
        do {
            let server = try TestServer(store: try SQLiteStore(path: path))
            try await server.makeAccount("root", role: .admin)
            try await server.testAdmin(.live) { admin in
                let token = try await admin.login("root")
                #expect(try await admin.admin(.patch, "/admin/v1/limits", json: #"{"connection_cap":7}"#, token: token).status == .ok)
                let created = try await admin.admin(
                    .post,
                    "/admin/v1/overrides",
                    json: #"{"target":"192.0.2.0/24","connection_cap":40}"#,
                    token: token
                )
                #expect(created.status == .created)
                #expect(
                    try await admin.admin(.post, "/admin/v1/overrides", json: #"{"target":"bob","connection_cap":40}"#, token: token).status
                        == .badRequest
                )
                let audit = String(buffer: try await admin.admin(.get, "/admin/v1/audit", token: token).body)
                #expect(audit.contains("7 connections per host") && audit.contains("connection cap 40"))
            }
        }
        let restarted = try TestServer(store: try SQLiteStore(path: path))
        try await restarted.app.prepare()
        #expect(restarted.app.moderation.moderation.limits.connectionCap == 7)
        #expect(restarted.app.moderation.moderation.connectionCap(for: try #require(IPAddress("192.0.2.9"))).cap == 40)
        #expect(restarted.app.moderation.moderation.connectionCap(for: try #require(IPAddress("198.51.100.9"))).cap == 7)
    }

    @Test("limits stored before the connection cap existed read with its default")
    func oldStoredLimits() throws {
        let json = #"{"message_rate":{"count":10,"seconds":3,"burst":10},"joins_per_minute":30,"host_cap":3,"ipv6_host_prefix":64}"#
        let limits = try AdminJSON.decoder().decode(Limits.self, from: Data(json.utf8))
        #expect(limits.connectionCap == Limits.defaultConnectionCap)
        let again = try AdminJSON.decoder().decode(Limits.self, from: AdminJSON.encoder().encode(limits))
        #expect(again == limits)
    }
}
