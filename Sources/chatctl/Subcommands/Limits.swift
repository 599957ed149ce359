import AdminAPI
import ArgumentParser
import Foundation

/// `chatctl limits [show|set]`
struct LimitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limits",
        abstract: "Show or change message rates, join rates and per-host caps, live.",
        subcommands: [Show.self, Set.self],
        defaultSubcommand: Show.self
    )

    static func describe(_ limits: Limits) -> String {
        var text = """
            message rate     \(limits.messageRate) per session (\(limits.messageRate.count) per \(DurationText.format(Int(limits.messageRate.seconds))), bursts of \(limits.messageRate.burst))
            joins            \(limits.joinsPerMinute) per host per minute
            host cap         \(limits.hostCap) sessions per host
            connection cap   \(limits.connectionCap) connections per host
            IPv6 hosts       grouped by /\(limits.ipv6HostPrefix)
            """
        if let at = limits.revertsAt { text += "\nreverts at       \(Format.time(at))" }
        return text
    }

    struct Show: AdminCommand {
        static let configuration = CommandConfiguration(abstract: "Show the limits in force.")
        @OptionGroup var globals: GlobalOptions

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            let limits: Limits = try await client.get(AdminPaths.limits)
            output.show(limits, text: LimitsCommand.describe)
        }
    }

    struct Set: AdminCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change limits now, for people already present too (admin).",
            discussion: "Example: chatctl limits set --message-rate 5/10s --host-cap 4 --connection-cap 32 --ttl 10m"
        )
        @OptionGroup var globals: GlobalOptions

        @Option(name: .customLong("message-rate"), help: ArgumentHelp("COUNT/PERIOD[:BURST], e.g. 10/3s or 5/10s:8.", valueName: "rate"))
        var messageRate: String?

        @Option(name: .customLong("join-rate"), help: ArgumentHelp("Joins per host per minute.", valueName: "count"))
        var joinsPerMinute: Int?

        @Option(name: .customLong("host-cap"), help: ArgumentHelp("Concurrent sessions per host.", valueName: "count"))
        var hostCap: Int?

        @Option(
            name: .customLong("connection-cap"),
            help: ArgumentHelp("Concurrent TCP connections to the chat per host.", valueName: "count")
        )
        var connectionCap: Int?

        @Option(name: .customLong("ipv6-prefix"), help: ArgumentHelp("Group IPv6 addresses into hosts by this prefix length.", valueName: "bits"))
        var ipv6Prefix: Int?

        @Option(
            help: ArgumentHelp("Revert to the current values after this long, e.g. 10m.", valueName: "duration"),
            completion: LiveCompletion.durations
        )
        var ttl: String?

        func validate() throws {
            guard messageRate != nil || joinsPerMinute != nil || hostCap != nil || connectionCap != nil || ipv6Prefix != nil else {
                throw ValidationError("give at least one of --message-rate, --join-rate, --host-cap, --connection-cap, --ipv6-prefix")
            }
            if let messageRate, RateSpec(parsing: messageRate) == nil {
                throw ValidationError("--message-rate takes COUNT/PERIOD[:BURST], e.g. 10/3s")
            }
            if let ttl, DurationText.parse(ttl) == nil { throw ValidationError("--ttl takes a duration such as 10m") }
        }

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            let request = UpdateLimitsRequest(
                messageRate: messageRate,
                joinsPerMinute: joinsPerMinute,
                hostCap: hostCap,
                connectionCap: connectionCap,
                ipv6HostPrefix: ipv6Prefix,
                ttl: ttl
            )
            let limits: Limits = try await client.patch(AdminPaths.limits, request)
            output.show(limits) { "Limits changed.\n" + LimitsCommand.describe($0) }
        }
    }
}
