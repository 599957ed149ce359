import Foundation
import Testing

/// The real binary under a real open-files limit: chat connections from many hosts use up what the chat
/// listener may have, and the admin API and the control socket still answer.
@Suite("Descriptor budget end to end")
struct DescriptorBudgetEndToEndTests {
    typealias Raw = RawHTTPConnection

    @Test("with the chat listener full, /healthz over TCP and chatctl stats over the socket answer, and new chat connections get 429")
    func controlPlaneKeepsAnswering() async throws {
        // 300 open files: a budget of 150 chat connections (half, as the limit is under twice the reserve).
        let server = try await ServerProcess(launcher: ["/usr/bin/prlimit", "--nofile=300:300", "--"])
        defer { server.stop() }
        #expect(server.log.contains("the chat listener keeps at most 150 connections"), "\(server.log)")
        // Twelve hosts of 16 connections each: more than the budget, none over its own cap.
        var held: [Raw] = []
        for host in 0..<12 {
            for _ in 0..<16 { held.append(try Raw(port: server.port, source: "127.0.1.\(host + 1)")) }
        }
        let refused = try Raw(port: server.port, source: "127.0.2.1")
        let answer = try #require(try await refused.answer())
        #expect(answer.status == 429)
        #expect(answer.body.contains("connection_limit"))

        let health = try Raw(port: server.adminPort)
        try health.write(Raw.request("GET", "/healthz"))
        #expect(try await health.answer()?.status == 200)
        let chatctl = try Chatctl()
        defer { chatctl.cleanUp() }
        let stats = try await chatctl.run(["--socket", server.socketPath, "stats", "--output", "json"])
        #expect(stats.status == 0, "\(stats)")
        let metrics = try Raw(port: server.adminPort)
        try metrics.write(Raw.request("GET", "/metrics"))
        let text = try #require(try await metrics.answer()).body
        #expect(text.contains(#"chat_connections_refused_total{reason="budget"}"#))
        #expect(server.log.contains("refused connections: the chat listener has 150 open"))
        _ = held
    }
}
