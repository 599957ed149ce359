import AdminAPI
import ArgumentParser
import Foundation

/// `chatctl overrides list|add|remove`
struct Overrides: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exceptions to the limits for a nick or an address range.",
        subcommands: [List.self, Add.self, Remove.self],
        defaultSubcommand: List.self
    )

    struct List: AdminCommand {
        static let configuration = CommandConfiguration(abstract: "List the overrides in force.")
        @OptionGroup var globals: GlobalOptions

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            let list: OverrideList = try await client.get(AdminPaths.overrides)
            output.show(list) { list in
                var table = Table("id", "target", "message rate", "host cap", "conn cap", "exempt", "until", "by", "reason")
                for item in list.overrides {
                    table.add(
                        item.id,
                        item.target,
                        item.messageRate?.description ?? "-",
                        item.hostCap.map(String.init) ?? "-",
                        item.connectionCap.map(String.init) ?? "-",
                        item.exempt ? "yes" : "no",
                        item.expiresAt.map { Format.time($0) } ?? "-",
                        item.actor,
                        item.reason ?? ""
                    )
                }
                return table
            }
        }
    }

    struct Add: AdminCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a nick or a range its own limits, or exempt it (admin).",
            discussion: "Examples: chatctl overrides add 10.1.0.0/16 --host-cap 50 --ttl 2h; chatctl overrides add bot --exempt"
        )
        @OptionGroup var globals: GlobalOptions

        @Argument(help: "A nick, an address or a CIDR range.", completion: .custom(LiveCompletion.targets)) var target: String

        @Option(name: .customLong("message-rate"), help: ArgumentHelp("Its own message rate, e.g. 30/10s.", valueName: "rate"))
        var messageRate: String?

        @Option(name: .customLong("host-cap"), help: ArgumentHelp("Its own sessions per host.", valueName: "count"))
        var hostCap: Int?

        @Option(
            name: .customLong("connection-cap"),
            help: ArgumentHelp("Its own TCP connections per host (an address or a range only).", valueName: "count")
        )
        var connectionCap: Int?

        @Flag(help: "Exempt from message rates, join rates, host caps and connection caps.") var exempt = false

        @Option(help: ArgumentHelp("Remove it by itself after this long, e.g. 2h.", valueName: "duration"), completion: LiveCompletion.durations)
        var ttl: String?

        @Option(name: [.short, .long], help: "Why, for the record.") var reason: String?

        @Flag(help: "Allow a range wider than /16 (IPv4) or /48 (IPv6), or one that holds every IPv4 address.")
        var force = false

        func validate() throws {
            guard messageRate != nil || hostCap != nil || connectionCap != nil || exempt else {
                throw ValidationError("give --message-rate, --host-cap, --connection-cap or --exempt")
            }
            if let messageRate, RateSpec(parsing: messageRate) == nil {
                throw ValidationError("--message-rate takes COUNT/PERIOD[:BURST], e.g. 30/10s (at most 1000000, over at most ten years)")
            }
            if let ttl, DurationText.parse(ttl) == nil { throw ValidationError("--ttl takes a duration such as 2h") }
        }

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            let created: LimitOverride = try await client.post(
                AdminPaths.overrides,
                CreateOverrideRequest(
                    target: target,
                    messageRate: messageRate,
                    hostCap: hostCap,
                    connectionCap: connectionCap,
                    exempt: exempt ? true : nil,
                    ttl: ttl,
                    reason: reason,
                    force: force ? true : nil
                )
            )
            output.show(created) { "Override \($0.id) on \($0.target)" + ($0.expiresAt.map { " until \(Format.time($0))" } ?? "") + "." }
        }
    }

    struct Remove: AdminCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an override by id (admin).")
        @OptionGroup var globals: GlobalOptions
        @Argument(help: "The override's id (ovr_…).", completion: .custom(LiveCompletion.overrides)) var id: String

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            try await client.delete(AdminPaths.override(id))
            output.done("Removed \(id).", ["id": id])
        }
    }
}

/// `chatctl hosts`
struct Hosts: AdminCommand {
    static let configuration = CommandConfiguration(
        abstract: "Each host (an address, or an IPv6 /64): its sessions and its connections against their caps."
    )
    @OptionGroup var globals: GlobalOptions

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        let list: HostList = try await client.get(AdminPaths.hosts)
        output.show(list) { list in
            var table = Table("host", "sessions", "cap", "connections", "conn cap", "nicks")
            for host in list.hosts {
                table.add(
                    host.host,
                    String(host.sessions),
                    host.cap.map(String.init) ?? "exempt",
                    String(host.connections),
                    host.connectionCap.map(String.init) ?? "exempt",
                    host.nicks.joined(separator: ", ")
                )
            }
            return table
        }
    }
}

/// `chatctl explain NICK|IP`
struct Explain: AdminCommand {
    static let configuration = CommandConfiguration(
        abstract: "Why a nick or an address is refused or limited: bans, mutes, overrides, limits, counters."
    )
    @OptionGroup var globals: GlobalOptions
    @Argument(help: "A nick or a single address.", completion: .custom(LiveCompletion.targets)) var subject: String

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        let explanation: Explanation = try await client.get(AdminPaths.explain(subject))
        output.show(explanation) { item in
            var lines = ["\(item.subject)"]
            if let user = item.user {
                lines.append("  present        since \(Format.time(user.joinedAt)) from \(user.host), \(user.messages) messages")
            }
            if let address = item.address { lines.append("  address        \(address)") }
            if let host = item.host {
                lines.append(
                    "  host           \(host.host): \(host.sessions) of \(host.cap.map(String.init) ?? "unlimited") sessions (\(host.nicks.joined(separator: ", ")))"
                )
                lines.append("  connections    \(host.connections) of \(host.connectionCap.map(String.init) ?? "unlimited") open")
            }
            lines.append("  join           \(item.joinVerdict)")
            lines.append("  message        \(item.messageVerdict)")
            lines.append("  message rate   \(item.exempt ? "exempt" : item.messageRate?.description ?? "-")")
            if let available = item.messagesAvailable { lines.append("  burst left     \(available) messages") }
            for ban in item.bans {
                lines.append(
                    "  ban            \(ban.id) on \(ban.target) by \(ban.actor), \(ban.expiresAt.map { "until \(Format.time($0))" } ?? "permanent")\(ban.publicReason.map { ": \($0)" } ?? "")\(ban.privateReason.map { " [\($0)]" } ?? "")"
                )
            }
            for mute in item.mutes {
                lines.append(
                    "  mute           \(mute.id) on \(mute.target) by \(mute.actor), \(mute.expiresAt.map { "until \(Format.time($0))" } ?? "permanent")\(mute.publicReason.map { ": \($0)" } ?? "")"
                )
            }
            for override in item.overrides {
                lines.append(
                    "  override       \(override.id) on \(override.target): \([override.messageRate.map { "rate \($0)" }, override.hostCap.map { "host cap \($0)" }, override.connectionCap.map { "connection cap \($0)" }, override.exempt ? "exempt" : nil].compactMap { $0 }.joined(separator: ", "))"
                )
            }
            for rule in item.rules ?? [] {
                let strikes = rule.strikes > 0 ? ", \(rule.strikes) strike\(rule.strikes == 1 ? "" : "s") toward its escalation" : ""
                lines.append(
                    "  rule           \(rule.id): \(rule.kind.rawValue), \(rule.action.rawValue)\(rule.dryRun ? " (dry run)" : "")\(strikes)"
                )
            }
            return lines.joined(separator: "\n")
        }
    }
}
