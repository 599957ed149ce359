import Foundation
import Testing

/// deploy/chat-server.service: systemd accepts it as it is, and the command it starts is one chat-server
/// runs, with the control socket where the unit says and chatctl reaching it there.
@Suite("The systemd unit", .enabled(if: InstalledTools.present("/usr/bin/systemd-analyze")))
struct SystemdUnitTests {
    static let unit = Repository.file("deploy/chat-server.service")
    static let analyzer = "/usr/bin/systemd-analyze"

    static let installedBinary = "/usr/local/bin/chat-server"

    /// The unit's `ExecStart=` words, after the binary.
    static func startArguments(_ text: String) throws -> [String] {
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        let words = line.dropFirst("ExecStart=".count).split(separator: " ").map(String.init)
        #expect(words.first == installedBinary)
        return Array(words.dropFirst())
    }

    @Test("systemd-analyze verify finds nothing to say, with the binary and manual pages in place")
    func verifies() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("chat-unit-\(UUID().uuidString)")
        let manuals = scratch.appendingPathComponent("man/man1")
        try FileManager.default.createDirectory(at: manuals, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        for page in ["chat-server.1", "chatctl.1"] {
            try FileManager.default.copyItem(
                at: Repository.file("docs/\(page)"),
                to: manuals.appendingPathComponent(page)
            )
        }
        // The unit as installed, but naming the binary this build made (verify checks that it exists).
        let text = try String(contentsOf: Self.unit, encoding: .utf8)
        let copy = scratch.appendingPathComponent("chat-server.service")
        try text.replacingOccurrences(of: Self.installedBinary, with: ServerProcess.binary.path).write(to: copy, atomically: true, encoding: .utf8)
        let (status, output) = try await offThePool {
            try ChildProcess.run(Self.analyzer, ["verify", copy.path], environment: ["MANPATH": scratch.appendingPathComponent("man").path])
        }
        #expect(status == 0, "\(output)")
        #expect(output.isEmpty, "no warnings either: \(output)")
    }

    @Test("the unit's command starts chat-server with its data and control socket where the unit keeps them")
    func commandRuns() async throws {
        let text = try String(contentsOf: Self.unit, encoding: .utf8)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("chat-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // %S and %t are systemd's state and runtime roots (/var/lib, /run); the unit's directories under them.
        let state = scratch.appendingPathComponent("lib")
        let runtime = scratch.appendingPathComponent("run")
        for directory in ["lib/chat-server", "run/chat-server"] {
            try FileManager.default.createDirectory(at: scratch.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        let arguments = try Self.startArguments(text).map {
            $0.replacingOccurrences(of: "%S", with: state.path).replacingOccurrences(of: "%t", with: runtime.path)
        }
        #expect(!arguments.contains { $0.contains("%") }, "every specifier is one this test knows: \(arguments)")
        let server = try await ServerProcess(arguments: arguments)
        let chatctl = try Chatctl()
        defer {
            server.stop()
            chatctl.cleanUp()
        }
        #expect(FileManager.default.fileExists(atPath: state.appendingPathComponent("chat-server/chat.sqlite").path))
        let socket = runtime.appendingPathComponent("chat-server/control.sock").path
        let whoami = try await chatctl.run(["--socket", socket, "whoami"])
        #expect(whoami.status == 0, "chatctl reaches the socket where the unit puts it: \(whoami)")
    }
}
