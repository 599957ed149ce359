import Foundation
import Testing

@testable import AdminAPI

@Suite("Admin API contract")
struct AdminJSONTests {
    @Test("models use snake_case keys and RFC 3339 times with milliseconds, both ways")
    func roundTrip() throws {
        let date = Date(timeIntervalSince1970: 1_800_000_000.25)
        let token = TokenInfo(id: "tok_1", name: "ci", account: "root", kind: .api, createdAt: date, expiresAt: nil, lastUsedAt: date)
        let data = try AdminJSON.encoder().encode(token)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""created_at":"2027-01-15T08:00:00.250Z""#))
        #expect(text.contains(#""last_used_at""#))
        #expect(!text.contains("expires_at"), "absent values are left out")
        #expect(try AdminJSON.decoder().decode(TokenInfo.self, from: data) == token)
    }

    @Test("times without milliseconds are read too")
    func plainTimes() {
        #expect(AdminJSON.parseTimestamp("2026-11-27T10:00:00Z") != nil)
        #expect(AdminJSON.parseTimestamp("yesterday") == nil)
    }

    @Test("the error envelope decodes")
    func envelope() throws {
        let envelope = try JSONDecoder().decode(ErrorEnvelope.self, from: Data(#"{"error":{"code":"forbidden","message":"no"}}"#.utf8))
        #expect(envelope == ErrorEnvelope(code: "forbidden", message: "no"))
    }

    @Test("client errors carry status and code")
    func clientErrors() {
        let error = AdminClientError.refused(status: 404, code: "user_not_found", message: "nobody called 'x'")
        #expect(error.status == 404)
        #expect(error.code == "user_not_found")
        #expect(error.description == "nobody called 'x'")
        #expect(AdminClientError.unreachable(target: "t", detail: "d").status == nil)
    }

    @Test("an unreachable socket is reported as such, not as a hang")
    func unreachableSocket() async {
        let client = AdminClient(target: .socket(path: "/nonexistent/chat.sock"))
        do {
            let _: WhoAmI = try await client.get(AdminPaths.whoami)
            Issue.record("a missing socket answered")
        } catch {
            guard case .unreachable(_, let detail) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(detail == "no such socket")
        }
    }
}
