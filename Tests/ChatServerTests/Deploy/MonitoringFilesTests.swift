import Foundation
import Testing

/// deploy/prometheus/ and deploy/grafana-dashboard.json: the alert rules pass promtool's own checks and
/// their unit tests, and every series they and the dashboard read is one a running server exports.
@Suite("The Prometheus rules and the Grafana dashboard")
struct MonitoringFilesTests {
    static let rules = Repository.file("deploy/prometheus/chat-server-rules.yml")
    static let dashboard = Repository.file("deploy/grafana-dashboard.json")
    static let promtool = "/usr/bin/promtool"

    /// Every `chat_…` series named in `text`.
    static func series(in text: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: #"\bchat_[a-z_]+\b"#)
        let range = NSRange(text.startIndex..., in: text)
        return Set(pattern.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } })
    }

    /// The dashboard's queries.
    static func dashboardQueries() throws -> [String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dashboard)) as? [String: Any])
        let panels = try #require(object["panels"] as? [[String: Any]])
        return panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
    }

    @Test("promtool checks the rules and runs their unit tests", .enabled(if: InstalledTools.present("/usr/bin/promtool")))
    func promtoolPasses() async throws {
        let directory = Self.rules.deletingLastPathComponent().path
        let (checked, checkOutput) = try await offThePool {
            try ChildProcess.run(Self.promtool, ["check", "rules", "chat-server-rules.yml"], in: directory)
        }
        #expect(checked == 0, "\(checkOutput)")
        #expect(checkOutput.contains("SUCCESS: 5 rules found"), "\(checkOutput)")
        let (tested, testOutput) = try await offThePool {
            try ChildProcess.run(Self.promtool, ["test", "rules", "chat-server-rules.test.yml"], in: directory)
        }
        #expect(tested == 0, "each alert fires where it should and nowhere else: \(testOutput)")
    }

    @Test("the dashboard is well formed: unique panel ids, a place, a title and queries for each")
    func dashboardShape() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.dashboard)) as? [String: Any])
        #expect(object["uid"] as? String == "chat-server")
        let panels = try #require(object["panels"] as? [[String: Any]])
        let ids = panels.compactMap { $0["id"] as? Int }
        #expect(ids.count == panels.count && Set(ids).count == ids.count)
        for panel in panels {
            #expect(!(panel["title"] as? String ?? "").isEmpty)
            #expect(panel["gridPos"] is [String: Any])
            let targets = panel["targets"] as? [[String: Any]] ?? []
            #expect(!targets.isEmpty, "\(panel["title"] ?? "")")
            #expect(Set(targets.compactMap { $0["refId"] as? String }).count == targets.count)
        }
        let variables = ((object["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(Set(variables) == ["datasource", "instance"])
        #expect(try Self.dashboardQueries().allSatisfy { $0.contains("$instance") }, "every query follows the server chosen")
    }

    @Test("every series the rules and the dashboard read is one the server exports")
    func seriesExist() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let metrics = try await LoopbackHTTP.request("GET", port: server.adminPort, path: "/metrics", from: "127.0.0.1")
        #expect(metrics.status == 200)
        let text = String(decoding: metrics.body, as: UTF8.self)
        // A counter's family is named without `_total` in `# TYPE`; its samples carry it.
        let exported = Set(
            text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap {
                $0.split(whereSeparator: { $0 == "{" || $0 == " " }).first.map(String.init)
            }
        )
        let wanted = Self.series(in: try String(contentsOf: Self.rules, encoding: .utf8)).union(
            Self.series(in: try Self.dashboardQueries().joined(separator: "\n"))
        )
        #expect(wanted.count >= 8, "\(wanted.sorted())")
        #expect(wanted.subtracting(exported).isEmpty, "not exported: \(wanted.subtracting(exported).sorted()); exported: \(exported.sorted())")
    }
}
