import AdminAPI
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import ChatServer

/// Admin input that once crashed the server (issue 13, point 1) is refused with a 400 naming the problem,
/// changes nothing, and a stored value no request could make is never put in force.
@Suite("Admin input never traps")
struct AdminInputTests {
    @Test(
        "rates that crashed the server are refused with 400 on limits and overrides, and change nothing",
        arguments: [
            "", ":", "1/9223372036854775807", "10/99999999999", "10/3s:99999999999999999999",
        ]
    )
    func badRates(rate: String) async throws {
        let server = try TestServer()
        try await server.makeAccount("root", role: .admin)
        try await server.testAdmin(.live) { admin in
            let token = try await admin.login("root")
            let json = #"{"message_rate":"\#(rate)"}"#
            let limits = try await admin.admin(.patch, "/admin/v1/limits", json: json, token: token)
            #expect(limits.status == .badRequest, "\(rate.debugDescription)")
            #expect(String(buffer: limits.body).contains("invalid_limit"))
            let override = try await admin.admin(.post, "/admin/v1/overrides", json: #"{"target":"bob","message_rate":"\#(rate)"}"#, token: token)
            #expect(override.status == .badRequest)
            #expect(try await admin.admin(.get, "/admin/v1/limits", token: token).status == .ok)
        }
        #expect(server.app.moderation.moderation.limits.messageRate == Limits.defaults.messageRate)
        #expect(server.app.moderation.moderation.overrides.isEmpty)
    }

    @Test("stored limits or overrides no request could make are not put in force at start; the server goes on")
    func oldDatabase() async throws {
        let store = MemoryStore()
        var odd = Limits.defaults
        odd.messageRate = RateSpec(count: 1, seconds: 9.223372036854775807e18)
        try await store.saveLimits(StoredLimits(limits: odd, previous: nil, revertAt: nil))
        try await store.saveOverride(
            LimitOverride(
                id: "ovr_odd",
                target: "bob",
                messageRate: RateSpec(count: 1, seconds: 1e300),
                hostCap: nil,
                exempt: false,
                actor: "old",
                createdAt: Date(),
                expiresAt: nil,
                reason: nil
            )
        )
        let server = try TestServer(store: store)
        try await server.app.prepare()
        #expect(server.app.moderation.moderation.limits.messageRate == Limits.defaults.messageRate)
        #expect(server.app.moderation.moderation.overrides.isEmpty)
        // A person present can send, twice, and the rate can be explained.
        let ticket = try server.room.join(nick: "bob", host: "192.0.2.1")
        _ = try server.room.send(token: ticket.token, text: "one")
        _ = try server.room.send(token: ticket.token, text: "two")
        #expect(try server.app.moderation.explain("bob").messageRate == Limits.defaults.messageRate)
    }
}
