import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `chatctl shell` (or `chatctl` alone): the interactive shell on a terminal, or commands read line by line
/// from standard input when it is not one.
struct ShellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "An interactive shell: the same commands, with line editing, history, TAB completion and live events.",
        discussion: """
            On a terminal: GNU readline editing, history in $XDG_STATE_HOME/chatctl/history, TAB completion of \
            commands, flags, nicks, ids and hosts, and live moderation events shown above the prompt. With \
            standard input not a terminal, runs one command per line and exits 1 if any failed.
            """
    )

    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        var connection: [String] = []
        if let server = globals.server { connection += ["--server", server] }
        if let token = globals.token { connection += ["--token", token] }
        if let socket = globals.socket { connection += ["--socket", socket] }
        if let cacert = globals.cacert { connection += ["--cacert", cacert] }
        if globals.output != .table { connection += ["--output", globals.output.rawValue] }
        _ = try globals.target()
        let session = ShellSession(connection: connection, globals: globals)
        let status = isatty(STDIN_FILENO) != 0 ? await session.runInteractive() : await session.runScript()
        throw ExitCode(status)
    }
}
