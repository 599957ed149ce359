import AdminAPI
import Foundation
import Testing

/// The audit log against an unauthenticated flood and forged names, with the real binaries (issue 13,
/// point 4): a bounded amount per source, fields cut, and chatctl never printing what a caller sent raw.
@Suite("Audit log under abuse, end to end")
struct AuditAbuseEndToEndTests {
    static let forged = "root\n2026-12-01 09:00:00  root@local  limits.set  → ok\u{1B}[2J\u{1B}[31m"

    @Test("300 logins with 60 KB names write a few short lines, counted; chatctl shows them escaped")
    func floodAndForgery() async throws {
        let server = try await ServerProcess()
        let chatctl = try Chatctl()
        defer {
            server.stop()
            chatctl.cleanUp()
        }
        let padding = String(repeating: "x", count: 60_000)
        let name = try #require(String(data: try JSONEncoder().encode(Self.forged + padding), encoding: .utf8))
        let body = #"{"username":\#(name),"password":"not the password"}"#
        let sizeBefore = Self.size(of: server.dataDirectory)
        for _ in 0..<300 {
            let status = try await LoopbackHTTP.request("POST", port: server.adminPort, path: AdminPaths.login, from: "127.0.0.41", json: body).status
            #expect(status == 401 || status == 429)
        }
        var flood: [[String: Any]] = []
        let counted = await eventually {
            let audit = try? await chatctl.run(["audit", "-o", "json", "--limit", "1000", "--socket", server.socketPath])
            flood = ((try? audit?.json()["entries"] as? [[String: Any]]) ?? nil)?.filter { $0["source"] as? String == "127.0.0.41" } ?? []
            return flood.compactMap { $0["count"] as? Int }.reduce(0, +) == 300
        }
        #expect(counted, "every refusal is counted: \(flood.map { $0["count"] ?? 0 })")
        #expect(flood.count <= 9, "at most nine lines for one source in a minute, not \(flood.count)")
        for line in flood {
            for field in ["actor", "target", "reason", "action", "outcome"] {
                #expect(((line[field] as? String) ?? "").utf8.count <= 256, "\(field) is cut")
            }
            #expect(line["actor"] as? String == "anonymous", "a failed login is not the account it named")
        }
        let grown = Self.size(of: server.dataDirectory) - sizeBefore
        #expect(grown < 1_000_000, "the flood grew the data directory by \(grown) bytes")

        let table = try await chatctl.run(["audit", "--socket", server.socketPath])
        #expect(table.status == 0)
        #expect(!table.stdout.contains("\u{1B}"), "no raw escape sequence reaches the terminal")
        #expect(!table.stdout.contains("\n2026-12-01 09:00:00"), "no forged line")
        #expect(table.stdout.contains(#"root\n2026-12-01"#))
        #expect(table.stdout.contains(#"\u{1B}[2J"#))
        #expect(table.stdout.contains("×"), "a coalesced line shows its count")
        let json = try await chatctl.run(["audit", "-o", "json", "--socket", server.socketPath])
        #expect(json.stdout.contains(#"\n2026-12-01"#) && json.stdout.contains(#"\u001b[2J"#), "JSON keeps them as escapes")
    }

    /// Bytes in a directory's files (the database, its WAL and journal).
    static func size(of directory: URL) -> Int {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.fileSizeKey])) ?? []
        return files.compactMap { try? $0.resourceValues(forKeys: [.fileSizeKey]).fileSize }.reduce(0, +)
    }
}
