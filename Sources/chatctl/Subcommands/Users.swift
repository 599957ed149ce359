import AdminAPI
import ArgumentParser
import Foundation

/// `chatctl users`
struct Users: AdminCommand {
    static let configuration = CommandConfiguration(abstract: "List the people in the room.")

    @OptionGroup var globals: GlobalOptions

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        let list: UserList = try await client.get(AdminPaths.users)
        output.show(list) { list in
            var table = Table("nick", "host", "joined", "last seen", "messages", "polling")
            for user in list.users {
                table.add(
                    user.nick,
                    user.host,
                    Format.time(user.joinedAt),
                    Format.time(user.lastSeen),
                    String(user.messages),
                    user.polling ? "yes" : "no"
                )
            }
            return table
        }
    }
}

/// `chatctl user NICK`
struct User: AdminCommand {
    static let configuration = CommandConfiguration(abstract: "Show one person in the room.")

    @OptionGroup var globals: GlobalOptions

    @Argument(help: "The person's nick.", completion: .custom(LiveCompletion.nicks))
    var nick: String

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        let user: UserInfo = try await client.get(AdminPaths.user(nick))
        output.show(user) { user in
            """
            nick       \(user.nick)
            host       \(user.host)
            joined     \(Format.time(user.joinedAt))
            last seen  \(Format.time(user.lastSeen))
            messages   \(user.messages)
            polling    \(user.polling ? "yes" : "no")
            """
        }
    }
}

/// `chatctl kick NICK --reason TEXT`
struct Kick: AdminCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove a person from the room now.",
        discussion: "Their page stops at once and shows the reason; they may join again (use ban to keep them out)."
    )

    @OptionGroup var globals: GlobalOptions

    @Argument(help: "The person's nick.", completion: .custom(LiveCompletion.nicks))
    var nick: String

    @Option(name: [.short, .long], help: "Shown to the person and the room.")
    var reason: String?

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        let kicked: KickResponse = try await client.post(AdminPaths.kick(nick), KickRequest(reason: reason))
        output.show(kicked) { "Kicked \($0.nick)" + ($0.reason.map { " (\($0))" } ?? "") + "." }
    }
}

/// `chatctl announce TEXT`
struct Announce: AdminCommand {
    static let configuration = CommandConfiguration(abstract: "Send an announcement to everyone in the room.")

    @OptionGroup var globals: GlobalOptions

    @Argument(help: "The announcement; quote it. One line, at most 500 characters.")
    var text: [String]

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        let answer: AnnounceResponse = try await client.post(AdminPaths.announce, AnnounceRequest(text: text.joined(separator: " ")))
        output.show(answer) { "Announced (event \($0.seq))." }
    }
}

/// `chatctl stats`
struct StatsCommand: AdminCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show people, held polls, messages and uptime.")

    @OptionGroup var globals: GlobalOptions

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        let stats: AdminAPI.Stats = try await client.get(AdminPaths.stats)
        output.show(stats) { stats in
            """
            people       \(stats.people)
            held polls   \(stats.heldPolls)
            connections  \(stats.connections)
            messages     \(stats.messages)
            last event   \(stats.lastSeq)
            uptime       \(Format.duration(stats.uptimeSeconds)) (since \(Format.time(stats.startedAt)))
            version      \(stats.version)
            """
        }
    }
}
