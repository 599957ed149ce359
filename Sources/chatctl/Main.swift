import ArgumentParser
import Foundation

/// Entry point: global options may come before the command name, so they are moved behind it first.
@main
enum Main {
    static func main() async {
        var arguments = GlobalOptions.hoist(Array(CommandLine.arguments.dropFirst()))
        // No command at all (global options aside): the shell.
        if !arguments.contains(where: { !$0.hasPrefix("-") && !GlobalOptions.isValue(of: $0, in: arguments) }),
            !arguments.contains(where: {
                ["-h", "--help", "--version", "--experimental-dump-help"].contains($0) || $0.hasPrefix("--generate-completion")
            })
        {
            arguments.insert("shell", at: 0)
        }
        // A completion script asking for live values: ArgumentParser's async entry point answers it.
        if CommandLine.arguments.contains("---completion") {
            await ChatctlCommand.main()
            return
        }
        do {
            try await ChatctlCommand.execute(arguments)
        } catch {
            ChatctlCommand.exit(withError: error)
        }
    }
}
