import ArgumentParser
import CReadline
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What TAB offers: commands, subcommands and flags straight from the parser's own description of itself
/// (`--experimental-dump-help`), and live values (nicks, ids, hosts, accounts) for the arguments that take
/// them.
final class ShellCompleter: Sendable {
    /// One command of the tree, as the parser describes it.
    struct Node: Sendable {
        var name: String
        var subcommands: [Node]
        /// `--long` and `-s` names of every option and flag.
        var flags: [String]
        /// Flags and options that take a value, by every name.
        var takesValue: Set<String>
    }

    static let builtins = ["help", "exit", "quit", "events", "clear"]
    static let durations = ["30s", "5m", "30m", "1h", "2h", "12h", "1d", "7d", "30d"]
    static let eventTypes = [
        "message", "join", "leave", "kick", "ban", "mute", "unmute", "moderator", "removed", "report", "notice", "announcement", "rate_limited",
    ]

    let root: Node
    let live: LiveValues

    init(root: Node, live: LiveValues) {
        self.root = root
        self.live = live
    }

    /// The command tree of chatctl, from the parser's JSON description.
    static func tree(fromToolInfo json: Data) -> Node? {
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any], let command = object["command"] as? [String: Any] else {
            return nil
        }
        return node(command)
    }

    private static func node(_ command: [String: Any]) -> Node {
        var flags: [String] = []
        var takesValue: Set<String> = []
        for argument in command["arguments"] as? [[String: Any]] ?? [] {
            guard (argument["shouldDisplay"] as? Bool) != false, let kind = argument["kind"] as? String, kind != "positional" else { continue }
            for name in argument["names"] as? [[String: Any]] ?? [] {
                guard let text = name["name"] as? String else { continue }
                let spelled = (name["kind"] as? String) == "short" ? "-" + text : "--" + text
                flags.append(spelled)
                if kind == "option" { takesValue.insert(spelled) }
            }
        }
        let subcommands = (command["subcommands"] as? [[String: Any]] ?? []).map(node).filter { $0.name != "help" }
        return Node(name: command["commandName"] as? String ?? "", subcommands: subcommands, flags: flags, takesValue: takesValue)
    }

    /// Candidates for the word being completed.
    /// - Parameters:
    ///   - before: the words before it, as typed.
    ///   - word: what is typed of it so far.
    func candidates(before: [String], word: String) -> [String] {
        let all = options(before: before, word: word)
        return Array(Set(all.filter { $0.hasPrefix(word) })).sorted()
    }

    private func options(before: [String], word: String) -> [String] {
        guard let first = before.first else { return root.subcommands.map(\.name) + Self.builtins }
        if first == "help" {
            if before.count == 1 { return root.subcommands.map(\.name) + Self.builtins }
            guard before.count == 2, let command = root.subcommands.first(where: { $0.name == before[1] }) else { return [] }
            return command.subcommands.map(\.name)
        }
        if first == "events" { return ["on", "off", "all"] + Self.eventTypes }
        guard var node = root.subcommands.first(where: { $0.name == first }) else { return [] }
        var path = [first]
        var rest = Array(before.dropFirst())
        if let next = rest.first, let sub = node.subcommands.first(where: { $0.name == next }) {
            node = sub
            path.append(next)
            rest.removeFirst()
        }
        if let previous = rest.last, node.takesValue.contains(previous) {
            return values(forOption: previous, command: path.joined(separator: " "))
        }
        if word.hasPrefix("-") { return node.flags }
        if !node.subcommands.isEmpty, rest.isEmpty, path.count == 1 {
            return node.subcommands.map(\.name)
        }
        let positionals = rest.enumerated().filter { index, item in
            !item.hasPrefix("-") && !(index > 0 && node.takesValue.contains(rest[index - 1]))
        }.count
        return values(forCommand: path.joined(separator: " "), position: positionals)
    }

    private func values(forOption option: String, command: String) -> [String] {
        let snapshot = live.current
        switch option {
        case "--for", "--ttl", "--purge", "--last": return Self.durations
        case "--role": return ["admin", "moderator"]
        case "--action" where command == "reports resolve": return ["remove", "mute", "ban", "dismiss"]
        case "--state": return ["open", "closed", "all"]
        case "--output", "-o": return ["table", "json"]
        case "--account": return snapshot.accounts
        case "--action":
            return [
                "login", "logout", "kick", "ban", "unban", "mute", "unmute", "announce", "limits.set", "account.create", "token.create",
                "message.remove", "message.purge", "message.removed", "report.resolve",
            ]
        case "--actor": return snapshot.accounts
        case "--message-rate": return ["10/3s", "5/10s", "2/10s", "30/1m"]
        default: return []
        }
    }

    private func values(forCommand command: String, position: Int) -> [String] {
        let snapshot = live.current
        switch (command, position) {
        case ("kick", 0), ("user", 0): return snapshot.nicks
        case ("ban", 0), ("mute", 0), ("purge", 0), ("explain", 0), ("overrides add", 0): return snapshot.nicks + snapshot.hosts
        case ("unban", 0): return snapshot.bans.map(\.id) + snapshot.bans.map(\.target)
        case ("unmute", 0): return snapshot.mutes.map(\.id) + snapshot.mutes.map(\.target)
        case ("tokens revoke", 0): return snapshot.tokens
        case ("overrides remove", 0): return snapshot.overrides
        case ("reports resolve", 0): return snapshot.reports
        case ("accounts remove", 0), ("accounts passwd", 0), ("accounts role", 0): return snapshot.accounts
        case ("accounts role", 1), ("accounts add", 1): return ["admin", "moderator"]
        default: return []
        }
    }

    // MARK: Readline's side

    /// The completer readline calls; set before the editor starts.
    nonisolated(unsafe) static var current: ShellCompleter?
    /// Matches of the completion in progress, on the editor thread only.
    nonisolated(unsafe) private static var matches: [String] = []
    nonisolated(unsafe) private static var next = 0

    /// readline's `rl_attempted_completion_function`.
    static let callback: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = {
        text,
        start,
        _ in
        chat_rl_completion_over()
        guard let text, let completer = ShellCompleter.current, let buffer = chat_rl_line_buffer() else { return nil }
        let bytes = Array(String(cString: buffer).utf8.prefix(Int(start)))
        let prefix = String(decoding: bytes, as: UTF8.self)
        let before = (try? ShellTokenizer.split(prefix)) ?? prefix.split(separator: " ").map(String.init)
        ShellCompleter.matches = completer.candidates(before: before, word: String(cString: text))
        ShellCompleter.next = 0
        guard !ShellCompleter.matches.isEmpty else { return nil }
        return rl_completion_matches(text) { _, _ in
            guard ShellCompleter.next < ShellCompleter.matches.count else { return nil }
            defer { ShellCompleter.next += 1 }
            return strdup(ShellCompleter.matches[ShellCompleter.next])
        }
    }
}
