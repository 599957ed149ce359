import AdminAPI
import ArgumentParser
import Foundation

/// `chatctl reports [list|resolve]`
struct Reports: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The queue of messages people reported, and resolving them with one action.",
        subcommands: [List.self, Resolve.self],
        defaultSubcommand: List.self
    )

    enum Wanted: String, ExpressibleByArgument, CaseIterable {
        case open, closed, all
    }

    struct List: AdminCommand {
        static let configuration = CommandConfiguration(
            abstract: "List reports: the open ones, or --state closed|all.",
            discussion: "Examples: chatctl reports; chatctl reports --state all -o json"
        )
        @OptionGroup var globals: GlobalOptions

        @Option(help: "open (the default), closed or all.")
        var state: Wanted = .open

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            let list: ReportList = try await client.get(AdminPaths.reports, query: [("state", state.rawValue)])
            output.show(list) { list in
                var table = Table("id", "state", "message", "nick", "text", "reporters", "why", "reported", "resolution")
                for report in list.reports {
                    let who = report.reporters.map(\.nick)
                    table.add(
                        report.id,
                        report.state.rawValue,
                        "#\(report.seq)",
                        report.nick,
                        report.text,
                        "\(who.count): " + who.joined(separator: ", "),
                        report.reporters.compactMap(\.reason).joined(separator: "; "),
                        Format.time(report.createdAt),
                        report.resolution.map { "\($0) (\(report.resolvedBy ?? "?"))" } ?? ""
                    )
                }
                return table
            }
        }
    }

    struct Resolve: AdminCommand {
        static let configuration = CommandConfiguration(
            abstract: "Do what a report calls for and close it: remove the message, mute or ban its sender, or dismiss it.",
            discussion: """
                Examples: chatctl reports resolve rep_0a1b2c3d4e5f6a7b --action remove; \
                chatctl reports resolve rep_0a1b2c3d4e5f6a7b --action mute --for 10m -r "calm down"; \
                chatctl reports resolve rep_0a1b2c3d4e5f6a7b --action dismiss -r "not against the rules"
                """
        )
        @OptionGroup var globals: GlobalOptions

        enum Action: String, ExpressibleByArgument, CaseIterable {
            case remove, mute, ban, dismiss
        }

        @Argument(help: "The report's id (rep_…), as 'chatctl reports' lists it.", completion: .custom(LiveCompletion.reports))
        var id: String

        @Option(help: "remove, mute, ban or dismiss.")
        var action: Action

        @Option(
            name: .customLong("for"),
            help: ArgumentHelp("For mute and ban: how long (default: permanent).", valueName: "duration"),
            completion: LiveCompletion.durations
        )
        var duration: String?

        @Option(name: [.short, .long], help: "For mute and ban, shown to the person; otherwise for moderators.")
        var reason: String?

        func validate() throws {
            if let duration {
                guard DurationText.parse(duration) != nil else { throw ValidationError("--for takes a duration such as 90s, 30m, 2h or 7d") }
                guard action == .mute || action == .ban else { throw ValidationError("--for is for --action mute or ban") }
            }
        }

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            let request = ResolveReportRequest(action: action.rawValue, duration: duration, reason: reason)
            let report: Report = try await client.post(AdminPaths.resolve(id), request)
            output.show(report) { report in
                "Report \(report.id) on #\(report.seq) (\(report.nick)) closed: \(report.resolution ?? "done")."
            }
        }
    }
}
