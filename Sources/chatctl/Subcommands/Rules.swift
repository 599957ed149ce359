import AdminAPI
import ArgumentParser
import Foundation

/// `chatctl rules [list|add|set|remove]`
struct Rules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Automod rules: what they look for in messages, what they do, whom they spare; live, with a dry run.",
        subcommands: [List.self, Add.self, Set.self, Remove.self],
        defaultSubcommand: List.self
    )

    /// A rule in one line: kind and what it matches, action, escalation, exemptions.
    static func describe(_ rule: AutomodRule) -> String {
        var what: String
        switch rule.kind {
        case .words: what = "words " + (rule.words ?? []).joined(separator: " ")
        case .regex: what = "regex /\(rule.pattern ?? "")/"
        case .repeats: what = "the same text more than \(rule.limit ?? 0) times in \(rule.window ?? "?")"
        case .links: what = "more than \(rule.limit ?? 0) links"
        case .mentions: what = "more than \(rule.limit ?? 0) people named"
        case .joins: what = "more than \(rule.limit ?? 0) joins from one /\(rule.prefix ?? 24) in \(rule.window ?? "?")"
        }
        what += " → " + rule.action.rawValue + (rule.duration.map { " \($0)" } ?? "")
        if let escalation = rule.escalation {
            what += "; after \(escalation.after) in \(escalation.within): \(escalation.action.rawValue)\(escalation.duration.map { " \($0)" } ?? "")"
        }
        return what
    }

    struct List: AdminCommand {
        static let configuration = CommandConfiguration(abstract: "List the rules, with how often each matched since the server started.")
        @OptionGroup var globals: GlobalOptions

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            let list: RuleList = try await client.get(AdminPaths.rules)
            output.show(list) { list in
                var table = Table("id", "rule", "mode", "hits", "would have", "exempt", "by", "note")
                for rule in list.rules {
                    table.add(
                        rule.id,
                        Rules.describe(rule),
                        rule.dryRun ? "dry run" : "live",
                        String(rule.hits ?? 0),
                        String(rule.dryRunHits ?? 0),
                        (rule.exempt + (rule.includeModerators ? [] : ["moderators"])).joined(separator: ", "),
                        rule.actor,
                        rule.note ?? ""
                    )
                }
                return table
            }
        }
    }

    struct Add: AdminCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a rule; it applies to the next message.",
            discussion: """
                Examples: chatctl rules add words --word casino --word viagra --action refuse --dry-run; \
                chatctl rules add regex --pattern 'free\\s+money' --action report; \
                chatctl rules add repeats --limit 2 --window 1m --action refuse --escalate-after 3 --escalate-within 10m --escalate-action mute --escalate-for 10m; \
                chatctl rules add links --limit 3 --action remove --exempt helperbot; \
                chatctl rules add joins --limit 5 --window 1m --action ban --for 1h
                """
        )
        @OptionGroup var globals: GlobalOptions

        @Argument(help: "What it looks for: words, regex, repeats, links, mentions or joins.")
        var kind: AutomodRule.Kind

        @Option(name: .customLong("word"), help: "For words: a word to look for (repeat the option for more).")
        var words: [String] = []

        @Option(help: "For regex: the pattern (at most 200 characters; no backreferences, lookaround or nested repeats).")
        var pattern: String?

        @Option(help: "For repeats, links, mentions, joins: how many are allowed; more is a match.")
        var limit: Int?

        @Option(
            help: ArgumentHelp("For repeats and joins: how far back they count, e.g. 1m.", valueName: "duration"),
            completion: LiveCompletion.durations
        )
        var window: String?

        @Option(help: ArgumentHelp("For joins: the IPv4 prefix that makes a range (default 24; IPv6: 48).", valueName: "bits"))
        var prefix: Int?

        @Option(help: "What it does: refuse, remove, mute, ban or report.")
        var action: AutomodRule.Action

        @Option(
            name: .customLong("for"),
            help: ArgumentHelp("For mute and ban: how long (default: permanent).", valueName: "duration"),
            completion: LiveCompletion.durations
        )
        var duration: String?

        @Option(name: .customLong("escalate-after"), help: ArgumentHelp("Escalate at this many matches by one person…", valueName: "count"))
        var escalateAfter: Int?

        @Option(
            name: .customLong("escalate-within"),
            help: ArgumentHelp("…within this long…", valueName: "duration"),
            completion: LiveCompletion.durations
        )
        var escalateWithin: String?

        @Option(name: .customLong("escalate-action"), help: ArgumentHelp("…to mute or ban…", valueName: "action"))
        var escalateAction: AutomodRule.Action?

        @Option(
            name: .customLong("escalate-for"),
            help: ArgumentHelp("…for this long (default: permanent).", valueName: "duration"),
            completion: LiveCompletion.durations
        )
        var escalateFor: String?

        @Option(
            help: ArgumentHelp("A nick, address or range it spares (repeat for more).", valueName: "target"),
            completion: .custom(LiveCompletion.targets)
        )
        var exempt: [String] = []

        @Flag(name: .customLong("include-moderators"), help: "Hold moderators signed in on the page to it too (they are spared otherwise).")
        var includeModerators = false

        @Flag(name: .customLong("dry-run"), help: "Only record what it would have done (counted, audited as automod.dry_run).")
        var dryRun = false

        @Option(help: "Shown to the person whose message it refuses; for moderators otherwise.")
        var note: String?

        func validate() throws {
            let escalation = [escalateAfter.map(String.init), escalateWithin, escalateAction?.rawValue]
            if escalation.contains(where: { $0 != nil }) && escalation.contains(where: { $0 == nil }) {
                throw ValidationError("an escalation takes --escalate-after, --escalate-within and --escalate-action together")
            }
        }

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            var escalation: AutomodRule.Escalation?
            if let escalateAfter, let escalateWithin, let escalateAction {
                escalation = AutomodRule.Escalation(after: escalateAfter, within: escalateWithin, action: escalateAction, duration: escalateFor)
            }
            let request = CreateRuleRequest(
                kind: kind,
                words: words.isEmpty ? nil : words,
                pattern: pattern,
                limit: limit,
                window: window,
                prefix: prefix,
                action: action,
                duration: duration,
                escalation: escalation,
                exempt: exempt.isEmpty ? nil : exempt,
                includeModerators: includeModerators ? true : nil,
                dryRun: dryRun ? true : nil,
                note: note
            )
            let rule: AutomodRule = try await client.post(AdminPaths.rules, request)
            output.show(rule) { rule in "Added \(rule.id)\(rule.dryRun ? " in dry run" : ""): \(Rules.describe(rule))." }
        }
    }

    struct Set: AdminCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a rule into dry run or live, or change whom it spares.",
            discussion:
                "Examples: chatctl rules set rule_0a1b2c3d4e5f6a7b --live; chatctl rules set rule_0a1b2c3d4e5f6a7b --exempt helperbot --exempt 10.0.0.0/8"
        )
        @OptionGroup var globals: GlobalOptions

        @Argument(help: "The rule's id (rule_…).") var id: String
        @Flag(help: "Live: act on matches.") var live = false
        @Flag(name: .customLong("dry-run"), help: "Dry run: only record.") var dryRun = false
        @Option(help: ArgumentHelp("The nicks, addresses and ranges it spares, replacing the list (repeat for more).", valueName: "target"))
        var exempt: [String] = []
        @Flag(name: .customLong("no-exemptions"), help: "Spare nobody (but moderators, unless the rule includes them).") var noExemptions = false

        func validate() throws {
            if live && dryRun { throw ValidationError("--live or --dry-run, not both") }
            if !exempt.isEmpty && noExemptions { throw ValidationError("--exempt or --no-exemptions, not both") }
            if !live && !dryRun && exempt.isEmpty && !noExemptions {
                throw ValidationError("nothing to change: give --live, --dry-run, --exempt or --no-exemptions")
            }
        }

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            let request = UpdateRuleRequest(dryRun: live ? false : (dryRun ? true : nil), exempt: noExemptions ? [] : (exempt.isEmpty ? nil : exempt))
            let rule: AutomodRule = try await client.patch(AdminPaths.rule(id), request)
            output.show(rule) { rule in
                "\(rule.id) is \(rule.dryRun ? "in dry run" : "live"); it spares \((rule.exempt + (rule.includeModerators ? [] : ["moderators"])).joined(separator: ", ").nonEmpty ?? "nobody")."
            }
        }
    }

    struct Remove: AdminCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a rule.")
        @OptionGroup var globals: GlobalOptions
        @Argument(help: "The rule's id (rule_…).") var id: String

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            let rule = try await client.delete(AdminPaths.rule(id), as: AutomodRule.self)
            output.show(rule) { rule in "Removed \(rule.id): \(Rules.describe(rule))." }
        }
    }
}

extension AutomodRule.Kind: ExpressibleByArgument {}
extension AutomodRule.Action: ExpressibleByArgument {}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
