import AdminAPI
import ArgumentParser
import Foundation

/// Live values for the bash, zsh and fish completion scripts: the shell runs chatctl itself to ask, and
/// chatctl asks the server it would talk to (the `--socket`, `--server` and `--token` already typed, or the
/// environment), giving up after two seconds with nothing rather than hanging the user's shell.
enum LiveCompletion {
    /// Words that are global options and their values, from a command line being completed.
    private static func connection(_ words: [String]) -> [String] {
        var kept: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
            if ["--socket", "--server", "--token"].contains(name) {
                kept.append(word)
                if !word.contains("="), index + 1 < words.count {
                    kept.append(words[index + 1])
                    index += 1
                }
            }
            index += 1
        }
        return kept
    }

    private static func client(_ words: [String]) -> AdminClient? {
        guard let options = try? GlobalOptions.parse(connection(words)), var client = try? options.client() else { return nil }
        client.timeout = .seconds(2)
        return client
    }

    @Sendable static func nicks(_ words: [String], _ index: Int, _ prefix: String) async -> [String] {
        await values(words, prefix) { await LiveValues.nicks($0) }
    }

    @Sendable static func targets(_ words: [String], _ index: Int, _ prefix: String) async -> [String] {
        await values(words, prefix) { await LiveValues.nicks($0) + LiveValues.hosts($0) }
    }

    @Sendable static func bans(_ words: [String], _ index: Int, _ prefix: String) async -> [String] {
        await values(words, prefix) { client in
            let bans = await LiveValues.sanctions(AdminPaths.bans, client)
            return bans.map(\.id) + bans.map(\.target)
        }
    }

    @Sendable static func mutes(_ words: [String], _ index: Int, _ prefix: String) async -> [String] {
        await values(words, prefix) { client in
            let mutes = await LiveValues.sanctions(AdminPaths.mutes, client)
            return mutes.map(\.id) + mutes.map(\.target)
        }
    }

    @Sendable static func accounts(_ words: [String], _ index: Int, _ prefix: String) async -> [String] {
        await values(words, prefix) { await LiveValues.accounts($0) }
    }

    @Sendable static func tokens(_ words: [String], _ index: Int, _ prefix: String) async -> [String] {
        await values(words, prefix) { await LiveValues.tokens($0) }
    }

    @Sendable static func overrides(_ words: [String], _ index: Int, _ prefix: String) async -> [String] {
        await values(words, prefix) { await LiveValues.overrides($0) }
    }

    @Sendable static func reports(_ words: [String], _ index: Int, _ prefix: String) async -> [String] {
        await values(words, prefix) { await LiveValues.reports($0) }
    }

    /// The values `fetch` finds on the server the command line names, those starting with `prefix`.
    private static func values(_ words: [String], _ prefix: String, _ fetch: (AdminClient) async -> [String]) async -> [String] {
        guard let client = client(words) else { return [] }
        return await fetch(client).filter { $0.hasPrefix(prefix) }
    }

    static let durations = CompletionKind.list(["30s", "5m", "30m", "1h", "2h", "12h", "1d", "7d", "30d"])
}
