import AdminAPI
import ArgumentParser
import Foundation

/// `chatctl audit [--actor A] [--action X] [--since T] [--limit N] [--follow]`
struct Audit: AdminCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read the audit log: every change and every refused attempt.",
        discussion: """
            Newest first, or oldest first and then as they happen with --follow (until Ctrl-C). Refusals repeated \
            from one source within a minute share one line: TIMES says how many, until when. Control characters \
            in what callers sent are shown escaped (\\n, \\u{1B}); -o json keeps them as JSON escapes.
            """
    )

    @OptionGroup var globals: GlobalOptions

    @Option(help: "Only lines by this actor (an account, or local:<user>).")
    var actor: String?

    @Option(help: "Only this action (login, kick, account.create, …).")
    var action: String?

    @Option(help: ArgumentHelp("Only lines at or after this RFC 3339 time.", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Only lines before this RFC 3339 time.", valueName: "time"))
    var until: String?

    @Option(help: "How many lines (1 to 1000).")
    var limit: Int = 50

    @Flag(help: "Keep printing new lines as they are written.")
    var follow = false

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit takes 1 to 1000") }
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, AdminJSON.parseTimestamp(value) == nil {
                throw ValidationError("\(name) takes an RFC 3339 time such as 2026-11-27T10:00:00Z")
            }
        }
    }

    private var query: [(String, String?)] {
        [("actor", actor), ("action", action), ("since", since), ("until", until)]
    }

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        let page: AuditPage = try await client.get(AdminPaths.audit, query: query + [("limit", String(limit))])
        guard follow else {
            output.show(page) { Self.table($0.entries) }
            return
        }
        var last = page.entries.first?.id ?? 0
        Self.emit(page.entries.reversed(), output: output)
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            let next: AuditPage
            do {
                next = try await client.get(AdminPaths.audit, query: query + [("after", String(last)), ("limit", "1000")])
            } catch  where Task.isCancelled {
                return
            }
            Self.emit(next.entries, output: output)
            last = next.entries.last?.id ?? last
        }
    }

    /// Followed lines: one JSON object per line for scripts, a line of text for people.
    private static func emit(_ entries: some Sequence<AuditEntry>, output: Output) {
        for entry in entries {
            switch output.format {
            case .json:
                if let data = try? AdminJSON.encoder().encode(entry) { print(String(decoding: data, as: UTF8.self)) }
            case .table:
                print(line(entry))
            }
        }
        fflush(nil)
    }

    /// A followed line; what a caller sent (names, targets, reasons) is shown ``Format/printable(_:)``.
    static func line(_ entry: AuditEntry) -> String {
        let printable = Format.printable
        var text = "\(Format.time(entry.at))  \(printable(entry.actor))@\(printable(entry.source))"
        if let node = entry.node { text += " [\(printable(node))]" }
        text += "  \(printable(entry.action))"
        if let target = entry.target { text += " \(printable(target))" }
        if let reason = entry.reason { text += " (\(printable(reason)))" }
        return text + "  → \(printable(entry.outcome))" + (times(entry).map { "  \($0)" } ?? "")
    }

    /// "×37 until 12:03:04" for a coalesced line, nil for a single one.
    static func times(_ entry: AuditEntry) -> String? {
        guard entry.count > 1 else { return nil }
        return "×\(entry.count)" + (entry.lastAt.map { " until \(Format.clock($0))" } ?? "")
    }

    static func table(_ entries: [AuditEntry]) -> Table {
        var table = Table("id", "time", "node", "actor", "source", "action", "target", "outcome", "times", "reason")
        for entry in entries {
            table.add(
                String(entry.id),
                Format.time(entry.at),
                entry.node ?? "-",
                entry.actor,
                entry.source,
                entry.action,
                entry.target ?? "-",
                entry.outcome,
                times(entry) ?? "1",
                entry.reason ?? ""
            )
        }
        return table
    }
}
