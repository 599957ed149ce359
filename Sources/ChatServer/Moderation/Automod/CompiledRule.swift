import AdminAPI
import Foundation

/// A rule checked and made ready for the check on every message: its words as a set, its pattern
/// compiled, its exemptions parsed, its windows in seconds.
package struct CompiledRule: @unchecked Sendable {  // NSRegularExpression is immutable once built, and safe to share
    package let rule: AutomodRule
    let words: Set<String>
    let regex: NSRegularExpression?
    let exemptNicks: Set<String>
    let exemptRanges: [CIDR]
    /// For repeats: how far back the same text counts.
    let window: Double
    let escalationWithin: Double

    static let maxWords = 100
    static let maxPatternLength = 200

    /// Checks a rule as it is added (or read back at start): every field it needs, in bounds.
    package init(validating rule: AutomodRule) throws(ModerationError) {
        self.rule = rule
        var words: Set<String> = []
        var regex: NSRegularExpression?
        var window = 0.0
        switch rule.kind {
        case .words:
            // Lower-cased as messages are (ASCII letters), so that a word matches whatever its case.
            let given = (rule.words ?? []).map { String(decoding: MessageScan($0.trimmingCharacters(in: .whitespaces)).lowered, as: UTF8.self) }
            guard !given.isEmpty, given.count <= Self.maxWords,
                given.allSatisfy({ !$0.isEmpty && $0.count <= 40 && Automod.tokens(of: $0) == [Substring($0)] })
            else {
                throw ModerationError(.invalidRule, "a words rule takes 1 to \(Self.maxWords) words, each letters, digits, _ or - (at most 40)")
            }
            words = Set(given)
        case .regex:
            regex = try Self.compile(rule.pattern ?? "")
        case .repeats, .links, .mentions, .joins:
            let least = rule.kind == .repeats || rule.kind == .joins ? 1 : 0
            guard let limit = rule.limit, least...100 ~= limit else {
                throw ModerationError(.invalidRule, "a \(rule.kind.rawValue) rule takes a limit from \(least) to 100")
            }
            if rule.kind == .repeats || rule.kind == .joins {
                guard let text = rule.window, let seconds = DurationText.parse(text), seconds <= 86400 else {
                    throw ModerationError(.invalidRule, "a \(rule.kind.rawValue) rule takes a window such as 30s or 10m, up to 1d")
                }
                window = Double(seconds)
            }
        }
        if rule.kind == .joins {
            guard [.refuse, .mute, .ban].contains(rule.action), rule.escalation == nil else {
                throw ModerationError(.invalidRule, "a joins rule refuses the join, or mutes or bans the range, without escalation")
            }
            guard 16...32 ~= (rule.prefix ?? 24) else { throw ModerationError(.invalidRule, "a joins rule's prefix is 16 to 32") }
        } else if rule.prefix != nil {
            throw ModerationError(.invalidRule, "a prefix is for joins rules")
        }
        if let duration = rule.duration {
            guard rule.action == .mute || rule.action == .ban, DurationText.parse(duration) != nil else {
                throw ModerationError(.invalidRule, "a duration is for mute and ban: write 90s, 30m, 2h or 7d")
            }
        }
        var escalationWithin = 0.0
        if let escalation = rule.escalation {
            guard 2...100 ~= escalation.after, let within = DurationText.parse(escalation.within), within <= 86400,
                escalation.action == .mute || escalation.action == .ban,
                escalation.duration.map({ DurationText.parse($0) != nil }) ?? true
            else {
                throw ModerationError(.invalidRule, "an escalation is: after 2 to 100 matches within up to 1d, mute or ban, for an optional duration")
            }
            escalationWithin = Double(within)
        }
        var nicks: Set<String> = []
        var ranges: [CIDR] = []
        for text in rule.exempt {
            switch try ModerationTarget(parsing: text) {
            case .nick(let nick): nicks.insert(nick.key)
            case .range(let range): ranges.append(range)
            }
        }
        if let note = rule.note, note.count > 200 || note.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw ModerationError(.invalidRule, "a note is one line of at most 200 characters")
        }
        self.words = words
        self.regex = regex
        self.exemptNicks = nicks
        self.exemptRanges = ranges
        self.window = window
        self.escalationWithin = escalationWithin
    }

    /// A pattern whose cost is bounded: short, and without the constructs that make matching exponential
    /// (backreferences, lookaround, a quantified group that holds a quantifier). Messages are at most 500
    /// characters, so what remains matches in time linear in the message for each rule.
    static func compile(_ pattern: String) throws(ModerationError) -> NSRegularExpression {
        guard !pattern.isEmpty, pattern.count <= maxPatternLength else {
            throw ModerationError(.invalidRule, "a pattern is 1 to \(maxPatternLength) characters")
        }
        let forbidden = [#"\\[1-9]"#, #"\\k<"#, #"\(\?<?[=!]"#, #"\([^()]*[*+}?][^()]*\)[*+{?]"#]
        for construct in forbidden where pattern.contains(try! Regex(construct)) {
            throw ModerationError(
                .invalidRule,
                "'\(pattern)' uses what could make matching slow (a backreference, a lookaround, or a repeated group that repeats inside); write it without"
            )
        }
        do {
            return try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        } catch {
            throw ModerationError(.invalidRule, "'\(pattern)' is not a regular expression")
        }
    }

    /// Whether the rule's pattern is found in a text.
    func matches(_ text: String) -> Bool {
        regex.map { Self.finds($0, in: text) } ?? false
    }

    static func finds(_ regex: NSRegularExpression, in text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
    }

    /// Whether the rule leaves this person alone.
    func spares(nick: Nick, address: IPAddress?, isModerator: Bool) -> Bool {
        if isModerator && !rule.includeModerators { return true }
        if exemptNicks.contains(nick.key) { return true }
        if let address, exemptRanges.contains(where: { $0.contains(address) }) { return true }
        return false
    }
}
