import ArgumentParser

/// The root command: it only lists the subcommands.
struct ChatctlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chatctl",
        abstract: "Run a chat-server: people, kicks, bans, mutes, limits, accounts, tokens and the audit log.",
        discussion: """
            Without a command, chatctl opens its interactive shell. It talks to the server's control socket by default (as the server's user or root), or to the
            admin API with --server URL and a token from 'chatctl login'. Exit codes: 0 ok, 1 refused or
            failed, 2 not found, 3 not authorized, 4 server unreachable, 64 usage.
            """,
        subcommands: [
            Login.self, Logout.self, WhoAmICommand.self,
            Users.self, User.self, Kick.self, Announce.self,
            Ban.self, Unban.self, Bans.self, Mute.self, Unmute.self, Mutes.self, Remove.self, Purge.self, Reports.self, Rules.self,
            LimitsCommand.self, Overrides.self, Hosts.self, Explain.self,
            StatsCommand.self, Nodes.self, Audit.self, Watch.self,
            Accounts.self, Tokens.self, ShellCommand.self,
        ]
    )
}

extension ChatctlCommand {
    /// Parses a command line with the same parser the program uses and runs what it names: one-shot
    /// invocations and each line of the shell go through here.
    static func execute(_ arguments: [String]) async throws {
        var command = try parseAsRoot(arguments)
        if var command = command as? any AsyncParsableCommand {
            try await command.run()
        } else {
            try command.run()
        }
    }
}
