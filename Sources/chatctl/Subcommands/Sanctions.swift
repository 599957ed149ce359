import AdminAPI
import ArgumentParser
import Foundation

/// Options shared by `ban` and `mute`.
struct SanctionOptions: ParsableArguments {
    @Argument(
        help: "A nick, an IP address (203.0.113.7, 2001:db8::1) or a CIDR range (2001:db8::/48).",
        completion: .custom(LiveCompletion.targets)
    )
    var target: String

    @Option(
        name: .customLong("for"),
        help: ArgumentHelp("How long: 90s, 30m, 2h, 7d, 1w (default: permanent).", valueName: "duration"),
        completion: LiveCompletion.durations
    )
    var duration: String?

    @Option(name: [.short, .long], help: "Shown to the person.")
    var reason: String?

    @Option(name: .customLong("private-reason"), help: "For moderators only.")
    var privateReason: String?

    @Option(
        help: ArgumentHelp("Also take back their messages of this last while, e.g. 10m (as 'chatctl purge' does).", valueName: "duration"),
        completion: LiveCompletion.durations
    )
    var purge: String?

    @Flag(help: "List the sessions it would hit (and the messages --purge would take back) and change nothing.")
    var dryRun = false

    @Flag(help: "Allow a range wider than /16 (IPv4) or /48 (IPv6), one that holds every IPv4 address, or one that covers your own address.")
    var force = false

    func validate() throws {
        if let duration, DurationText.parse(duration) == nil {
            throw ValidationError("--for takes a duration such as 90s, 30m, 2h or 7d")
        }
        if let purge, DurationText.parse(purge) == nil {
            throw ValidationError("--purge takes a duration such as 10m or 1h")
        }
    }

    var request: CreateSanctionRequest {
        CreateSanctionRequest(
            target: target,
            duration: duration,
            publicReason: reason,
            privateReason: privateReason,
            dryRun: dryRun ? true : nil,
            force: force ? true : nil,
            purge: purge
        )
    }
}

/// Makes a ban or a mute and says what happened.
private func impose(_ kind: Sanction.Kind, _ options: SanctionOptions, client: AdminClient, output: Output) async throws(AdminClientError) {
    let path = kind == .ban ? AdminPaths.bans : AdminPaths.mutes
    let result: SanctionResult = try await client.post(path, options.request)
    output.show(result) { result in
        let nicks = result.affected.map(\.nick)
        let who = nicks.isEmpty ? "nobody present" : nicks.joined(separator: ", ")
        let purged = result.purged.map { " " + Format.removedCount($0.count, dryRun: result.dryRun) } ?? ""
        if result.dryRun {
            return "Dry run: a \(kind.rawValue) on \(options.target) would hit \(who).\(purged) Nothing was changed."
        }
        guard let sanction = result.sanction else { return "Done." }
        let until = sanction.expiresAt.map { "until \(Format.time($0))" } ?? "permanently"
        let verb = kind == .ban ? "Banned" : "Muted"
        return "\(verb) \(sanction.target) \(until) (\(sanction.id)); \(kind == .ban ? "removed" : "silenced"): \(who).\(purged)"
    }
}

private func listSanctions(_ kind: Sanction.Kind, all: Bool, client: AdminClient, output: Output) async throws(AdminClientError) {
    let list: SanctionList = try await client.get(kind == .ban ? AdminPaths.bans : AdminPaths.mutes, query: [("all", all ? "true" : nil)])
    output.show(list) { list in
        var table = Table("id", "target", "until", "by", "created", "reason", "private reason", "state")
        let now = Date()
        for sanction in list.sanctions {
            let state =
                sanction.liftedAt.map { "lifted by \(sanction.liftedBy ?? "?") \(Format.time($0))" }
                ?? (sanction.isActive(at: now) ? "in force" : "expired")
            table.add(
                sanction.id,
                sanction.target + (sanction.address.map { " (\($0))" } ?? ""),
                sanction.expiresAt.map { Format.time($0) } ?? "permanent",
                sanction.actor,
                Format.time(sanction.createdAt),
                sanction.publicReason ?? "",
                sanction.privateReason ?? "",
                state
            )
        }
        return table
    }
}

private func lift(_ kind: Sanction.Kind, _ idOrTarget: String, client: AdminClient, output: Output) async throws(AdminClientError) {
    let path = kind == .ban ? AdminPaths.ban(idOrTarget) : AdminPaths.mute(idOrTarget)
    let lifted = try await client.delete(path, as: SanctionList.self)
    output.show(lifted) { list in
        "Lifted " + list.sanctions.map { "\($0.kind.rawValue) \($0.id) on \($0.target)" }.joined(separator: ", ") + "."
    }
}

/// `chatctl ban TARGET [--for D] [--reason R] [--dry-run] [--force]`
struct Ban: AdminCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ban a nick, an address or a range: removes them now and refuses their joins.",
        discussion: "Examples: chatctl ban alice --for 2h -r spam; chatctl ban 203.0.113.7; chatctl ban 2001:db8::/48 --dry-run"
    )
    @OptionGroup var globals: GlobalOptions
    @OptionGroup var options: SanctionOptions

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        try await impose(.ban, options, client: client, output: output)
    }
}

/// `chatctl mute TARGET …`
struct Mute: AdminCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mute a nick, an address or a range: they stay but their messages are refused.",
        discussion: "Examples: chatctl mute bob --for 30m -r \"calm down\"; chatctl mute 198.51.100.0/24 --for 1h"
    )
    @OptionGroup var globals: GlobalOptions
    @OptionGroup var options: SanctionOptions

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        try await impose(.mute, options, client: client, output: output)
    }
}

/// `chatctl unban ID|TARGET`
struct Unban: AdminCommand {
    static let configuration = CommandConfiguration(abstract: "Lift a ban by its id, or every ban on a target.")
    @OptionGroup var globals: GlobalOptions
    @Argument(help: "A ban id (ban_…) or the banned nick, address or range.", completion: .custom(LiveCompletion.bans)) var target: String

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        try await lift(.ban, target, client: client, output: output)
    }
}

/// `chatctl unmute ID|TARGET`
struct Unmute: AdminCommand {
    static let configuration = CommandConfiguration(abstract: "Lift a mute by its id, or every mute on a target.")
    @OptionGroup var globals: GlobalOptions
    @Argument(help: "A mute id (mute_…) or the muted nick, address or range.", completion: .custom(LiveCompletion.mutes)) var target: String

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        try await lift(.mute, target, client: client, output: output)
    }
}

/// `chatctl bans [--all]`
struct Bans: AdminCommand {
    static let configuration = CommandConfiguration(abstract: "List bans in force (--all: with lifted and expired ones).")
    @OptionGroup var globals: GlobalOptions
    @Flag(help: "Include lifted and expired bans.") var all = false

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        try await listSanctions(.ban, all: all, client: client, output: output)
    }
}

/// `chatctl mutes [--all]`
struct Mutes: AdminCommand {
    static let configuration = CommandConfiguration(abstract: "List mutes in force (--all: with lifted and expired ones).")
    @OptionGroup var globals: GlobalOptions
    @Flag(help: "Include lifted and expired mutes.") var all = false

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        try await listSanctions(.mute, all: all, client: client, output: output)
    }
}
