import AdminAPI
import ArgumentParser
import Foundation
import Testing

@testable import chatctl

@Suite("Shell grammar, history and completion")
struct ShellTests {
    @Test(
        "lines split into words as a shell would",
        arguments: [
            ("kick alice", ["kick", "alice"]),
            ("  kick   alice  ", ["kick", "alice"]),
            (#"kick alice --reason "too loud""#, ["kick", "alice", "--reason", "too loud"]),
            ("announce 'it''s'", ["announce", "its"]),
            (#"announce "say \"hi\"""#, ["announce", #"say "hi""#]),
            (#"announce a\ b"#, ["announce", "a b"]),
            ("users # who is here", ["users"]),
            ("# a comment", []),
            ("kick a#b", ["kick", "a#b"]),
            (#"ban x --reason """#, ["ban", "x", "--reason", ""]),
        ]
    )
    func tokenizer(_ line: String, _ words: [String]) throws {
        #expect(try ShellTokenizer.split(line) == words)
    }

    @Test("an unterminated quote is an error, not a guess")
    func unterminated() {
        #expect(throws: ShellTokenizer.UnterminatedQuote.self) { try ShellTokenizer.split(#"kick "alice"#) }
    }

    @Test("history keeps ordinary lines, not ones with a leading space or a secret")
    func history() {
        #expect(ShellHistory.shouldKeep("kick alice --reason spam"))
        #expect(!ShellHistory.shouldKeep(" kick alice"))
        #expect(!ShellHistory.shouldKeep("users --token chat_abc"))
        #expect(!ShellHistory.shouldKeep("accounts passwd bob"))
        #expect(!ShellHistory.shouldKeep("login --password-stdin"))
        #expect(!ShellHistory.shouldKeep("   "))
    }

    @Test("history lives under XDG_STATE_HOME")
    func historyPath() {
        #expect(ShellHistory(environment: ["XDG_STATE_HOME": "/tmp/state"]).path.path == "/tmp/state/chatctl/history")
        #expect(ShellHistory(environment: ["HOME": "/home/mod"]).path.path == "/home/mod/.local/state/chatctl/history")
    }

    static func completer() throws -> ShellCompleter {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(
            "chatctl"
        )
        process.arguments = ["--experimental-dump-help"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let tree = try #require(ShellCompleter.tree(fromToolInfo: data))
        return ShellCompleter(root: tree, live: LiveValues(client: .init(target: .socket(path: "/nonexistent"))))
    }

    @Test("TAB completes commands, subcommands, flags and option values from the parser")
    func completion() throws {
        let completer = try Self.completer()
        #expect(completer.candidates(before: [], word: "ki") == ["kick"])
        #expect(completer.candidates(before: [], word: "ex").contains("exit"))
        #expect(completer.candidates(before: [], word: "ex").contains("explain"))
        #expect(completer.candidates(before: ["accounts"], word: "") == ["add", "list", "passwd", "remove", "role"])
        #expect(completer.candidates(before: ["kick", "alice"], word: "--re") == ["--reason"])
        #expect(completer.candidates(before: ["ban", "alice"], word: "--f").contains("--for"))
        #expect(completer.candidates(before: ["ban", "alice", "--for"], word: "").contains("30m"))
        #expect(completer.candidates(before: ["users", "--output"], word: "j") == ["json"])
        #expect(completer.candidates(before: ["accounts", "add", "bob", "--role"], word: "") == ["admin", "moderator"])
        #expect(completer.candidates(before: ["help"], word: "mu").sorted() == ["mute", "mutes"])
        #expect(completer.candidates(before: ["events"], word: "o") == ["off", "on"])
        #expect(completer.candidates(before: ["help"], word: "e") == ["events", "exit", "explain"])
        #expect(completer.candidates(before: ["help"], word: "cl") == ["clear"])
        #expect(completer.candidates(before: ["help", "accounts"], word: "r") == ["remove", "role"])
        #expect(completer.candidates(before: ["help", "kick"], word: "").isEmpty)
    }

    @Test("help answers for the shell's own commands as for the others", arguments: ["events", "clear", "exit", "quit", "help", "?"])
    func builtinHelp(_ name: String) throws {
        let session = ShellSession(connection: [], globals: try GlobalOptions.parse([]))
        let text = session.help([name])
        #expect(text.hasPrefix("OVERVIEW: "), "\(text)")
        #expect(text.contains("USAGE: "))
        #expect(!text.contains("no command"))
    }

    @Test("help for something that is no command says so, and for a real one gives its usage")
    func otherHelp() throws {
        let session = ShellSession(connection: [], globals: try GlobalOptions.parse([]))
        #expect(session.help(["frobnicate"]).hasPrefix("chatctl: no command 'frobnicate'"))
        #expect(session.help(["kick"]).contains("USAGE: chatctl kick"))
        #expect(session.help(["events", "on"]).hasPrefix("chatctl: no command"))
    }
}
