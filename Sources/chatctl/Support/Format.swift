import AdminAPI
import Foundation

/// How values read in tables and event lines.
enum Format {
    /// `text` safe to print on a terminal: control characters (newlines, escape sequences, C1 controls) and
    /// bidirectional overrides are shown as escapes (`\n`, `\t`, `\u{1B}`), and a backslash as `\\`, so that
    /// nothing a user typed can forge a line, move the cursor or reorder what is shown.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\\": result += "\\\\"
            case _ where needsEscape(scalar): result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        case 0x5C: true
        default: false
        }
    }

    static func time(_ date: Date?) -> String {
        guard let date else { return "-" }
        return date.formatted(Date.ISO8601FormatStyle().year().month().day().dateTimeSeparator(.space).time(includingFractionalSeconds: false))
    }

    static func clock(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle().time(includingFractionalSeconds: false))
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds)
        let (days, hours, minutes, rest) = (total / 86400, total % 86400 / 3600, total % 3600 / 60, total % 60)
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return "\(minutes)m \(rest)s" }
        return "\(rest)s"
    }

    /// "Removed 3 messages." (or, on a dry run, what would be).
    static func removedCount(_ count: Int, dryRun: Bool) -> String {
        let messages = "\(count) message\(count == 1 ? "" : "s")"
        return dryRun ? "It would take back \(messages)." : "Removed \(messages)."
    }

    /// One event as a line for `watch` and the shell, made ``printable(_:)``.
    static func event(_ event: RoomEvent) -> String {
        printable(eventLine(event))
    }

    private static func eventLine(_ event: RoomEvent) -> String {
        let nick = event.nick ?? "?"
        let by = event.actor.map { " by \($0)" } ?? ""
        let why = event.reason.map { " (\($0))" } ?? ""
        let body: String
        switch event.type {
        // A message's number is what `chatctl remove` takes.
        case "message": body = "#\(event.seq) <\(nick)> \(event.text ?? "")"
        case "join": body = "→ \(nick) joined"
        case "leave": body = "← \(nick) left\(why)"
        case "kick": body = "✖ \(nick) was kicked\(by)\(why)"
        case "ban": body = "✖ \(nick) was banned\(by)\(why)"
        case "mute": body = "∅ \(nick) was muted\(by)\(why)"
        case "unmute": body = "∅ \(nick) may speak again\(by)"
        case "moderator": body = "★ \(nick) signed in as a moderator\(by)"
        case "report":
            let count = event.reporters.map { $0 > 1 ? " (\($0) reporters)" : "" } ?? ""
            body = "⚑ \(event.reporter ?? "?") reported #\(event.message ?? 0) <\(nick)> \(event.text ?? "")\(why)\(count) — \(event.report ?? "")"
        case "removed":
            let numbers = (event.removed ?? []).map { "#\($0)" }.joined(separator: " ")
            let whose = event.nick.map { " of \($0)" } ?? ""
            body = "✂ \(numbers.isEmpty ? "messages" : numbers)\(whose) removed\(by)\(why)"
        case "announcement": body = "! announcement\(by): \(event.text ?? "")"
        case "gap": body = "… some events were missed"
        default: body = "\(event.type) \(nick)\(why) \(event.text ?? "")"
        }
        return "\(clock(event.at)) \(body)"
    }
}
