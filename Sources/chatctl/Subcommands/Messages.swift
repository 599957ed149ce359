import AdminAPI
import ArgumentParser
import Foundation

/// Says what a removal or a purge took back.
private func showRemoved(_ result: RemovalResult, output: Output) {
    output.show(result) { result in
        guard !result.removed.isEmpty else { return "Nothing to take back: no such messages." }
        var lines = [Format.removedCount(result.removed.count, dryRun: false)]
        for message in result.removed {
            lines.append("  #\(message.seq) \(Format.time(message.at)) <\(message.nick)> \(Format.printable(message.text))")
        }
        return lines.joined(separator: "\n")
    }
}

/// `chatctl remove SEQ [--reason R]`
struct Remove: AdminCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take back one message: every page shows it as removed, and newcomers' history no longer holds it.",
        discussion: """
            SEQ is the message's number, as 'watch' and the shell's live events show it (#42). The reason is for \
            moderators (events, audit); the room sees only that a moderator removed it. Examples: chatctl remove 42; \
            chatctl remove 42 -r "doxxing"
            """
    )
    @OptionGroup var globals: GlobalOptions

    @Argument(help: "The message's sequence number (#42 or 42).")
    var seq: String

    @Option(name: [.short, .long], help: "Why, for moderators.")
    var reason: String?

    var number: UInt64? { UInt64(seq.hasPrefix("#") ? String(seq.dropFirst()) : seq) }

    func validate() throws {
        if number == nil { throw ValidationError("SEQ is a message's number, such as 42 or #42") }
    }

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        let result: RemovalResult = try await client.delete(AdminPaths.message(number ?? 0), RemoveMessageRequest(reason: reason))
        showRemoved(result, output: output)
    }
}

/// `chatctl purge TARGET [--last D] [--reason R]`
struct Purge: AdminCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take back a person's recent messages: by nick, or by the address or range they were sent from.",
        discussion:
            "Examples: chatctl purge spammer; chatctl purge spammer --last 1h -r spam; chatctl purge 203.0.113.0/24 --last 30m. See also ban --purge."
    )
    @OptionGroup var globals: GlobalOptions

    @Argument(
        help: "A nick, an IP address or a CIDR range.",
        completion: .custom(LiveCompletion.targets)
    )
    var target: String

    @Option(help: ArgumentHelp("How far back: 90s, 10m, 2h, up to 7d.", valueName: "duration"), completion: LiveCompletion.durations)
    var last = "10m"

    @Option(name: [.short, .long], help: "Why, for moderators.")
    var reason: String?

    func validate() throws {
        if DurationText.parse(last) == nil { throw ValidationError("--last takes a duration such as 10m or 1h") }
    }

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        let result: RemovalResult = try await client.post(AdminPaths.purge, PurgeRequest(target: target, last: last, reason: reason))
        showRemoved(result, output: output)
    }
}
