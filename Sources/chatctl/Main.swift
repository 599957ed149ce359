import ArgumentParser
import Foundation

/// Entry point: global options may come before the command name, so they are moved behind it first.
@main
enum Main {
    static func main() async {
        let arguments = GlobalOptions.hoist(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try ChatctlCommand.parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            ChatctlCommand.exit(withError: error)
        }
    }
}
