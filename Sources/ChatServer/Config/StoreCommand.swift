import ArgumentParser

/// `chat-server store …`: work on a control store while no server uses it.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Work on a control store (stop the servers that use it first).",
        subcommands: [StoreMigrateCommand.self]
    )
}
