import ArgumentParser
import Foundation
import Testing

@testable import chatctl

/// The checked-in completion scripts and manual page must match the parser; `scripts/generate-docs` makes
/// them again.
@Suite("Generated completion scripts and manual")
struct CompletionScriptTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(
        "completions/ is what the parser generates (run scripts/generate-docs if not)",
        arguments: [(CompletionShell.bash, "chatctl.bash"), (.zsh, "_chatctl"), (.fish, "chatctl.fish")]
    )
    func scripts(_ shell: CompletionShell, _ file: String) throws {
        let checkedIn = try String(contentsOf: Self.root.appendingPathComponent("completions").appendingPathComponent(file), encoding: .utf8)
        let generated = ChatctlCommand.completionScript(for: shell)
        #expect(
            checkedIn.trimmingCharacters(in: .newlines) == generated.trimmingCharacters(in: .newlines),
            "completions/\(file) is stale: run scripts/generate-docs"
        )
    }

    @Test("the scripts ask chatctl itself for live nicks and ids")
    func liveValues() throws {
        let bash = ChatctlCommand.completionScript(for: .bash)
        #expect(bash.contains("---completion kick -- positional@0"))
        #expect(bash.contains("---completion unban -- positional@0"))
    }

    @Test("docs/chatctl.1 covers every command and long option the parser has")
    func manual() throws {
        let manual = try String(contentsOf: Self.root.appendingPathComponent("docs/chatctl.1"), encoding: .utf8)
        var missing: [String] = []
        func visit(_ command: any ParsableCommand.Type) {
            let name = command._commandName
            if name != "chatctl", !manual.contains(name) { missing.append(name) }
            for sub in command.configuration.subcommands { visit(sub) }
        }
        visit(ChatctlCommand.self)
        for option in [
            "socket", "server", "token", "output", "for", "private-reason", "dry-run", "force", "message-rate", "host-cap", "ttl", "password-stdin",
            "follow",
        ] {
            if !manual.contains("-\(option)") { missing.append("--" + option) }
        }
        #expect(missing.isEmpty, "docs/chatctl.1 lacks \(missing); run scripts/generate-docs")
    }
}
