import AdminAPI
import DequeModule
import Foundation
import NIOConcurrencyHelpers

/// The automod rules in force and what they count: checks every message against them, under the room's
/// lock, so it must be cheap. With no rules it costs one lock and a comparison; word rules share one
/// dictionary, so the message is split into words once whatever the number of rules.
package final class Automod: Sendable {
    private struct State {
        var rules: [CompiledRule] = []
        /// A word's hash (``MessageScan/hash(_:)``) → the word and the indices of the rules that list it.
        var byWord: [UInt64: [(word: [UInt8], rules: [Int])]] = [:]
        var wantsTokens = false
        var repeatsWindow = 0.0
        /// Per person (nick key): their recent messages' texts (hashed) and times, for repeats rules.
        var recent: [String: Deque<(text: UInt64, at: Double)>] = [:]
        /// Per rule and person: the times of their recent matches, for escalation.
        var strikes: [String: Deque<Double>] = [:]
        var hits: [String: (live: Int, dry: Int)] = [:]
        /// Per joins rule and range: the times of recent joins.
        var joinTimes: [String: Deque<Double>] = [:]
        var hasJoinRules = false
        /// Every pattern rule's pattern as one alternation: one pass over a message that none matches (the
        /// common case) instead of one per rule. Nil without pattern rules, or if they cannot be combined.
        var anyPattern: NSRegularExpression?
        var sink: (@Sendable ([RuleFollowUp]) -> Void)?
        /// Counts the changes to the rules, for ``Automod/version``.
        var version = 0

        /// Recomputes what the rules share, after any change to them.
        mutating func rebuild() {
            version += 1
            byWord = [:]
            for (index, compiled) in rules.enumerated() where compiled.rule.kind == .words {
                for word in compiled.words {
                    let bytes = Array(word.utf8)
                    let hash = MessageScan.hash(bytes[...])
                    if let at = byWord[hash]?.firstIndex(where: { $0.word == bytes }) {
                        byWord[hash]![at].rules.append(index)
                    } else {
                        byWord[hash, default: []].append((bytes, [index]))
                    }
                }
            }
            wantsTokens = rules.contains { $0.rule.kind == .words || $0.rule.kind == .mentions }
            hasJoinRules = rules.contains { $0.rule.kind == .joins }
            let patterns = rules.filter { $0.rule.kind == .regex }.compactMap(\.rule.pattern)
            anyPattern =
                patterns.isEmpty
                ? nil : try? NSRegularExpression(pattern: patterns.map { "(?:\($0))" }.joined(separator: "|"), options: [.caseInsensitive])
            repeatsWindow = rules.filter { $0.rule.kind == .repeats }.map(\.window).max() ?? 0
        }
    }

    private let state = NIOLockedValueBox(State())

    package init() {}

    /// At most this many recent messages per person are kept for repeats rules.
    static let recentPerPerson = 50

    // MARK: The rules

    package func replaceAll(_ rules: [CompiledRule]) {
        state.withLockedValue { state in
            state.rules = rules
            state.rebuild()
        }
    }

    func add(_ rule: CompiledRule) {
        state.withLockedValue { state in
            state.rules.append(rule)
            state.rebuild()
        }
    }

    /// Replaces a rule kept under the same id; false if there is none.
    @discardableResult
    func update(_ rule: CompiledRule) -> Bool {
        state.withLockedValue { state in
            guard let index = state.rules.firstIndex(where: { $0.rule.id == rule.rule.id }) else { return false }
            state.rules[index] = rule
            state.rebuild()
            return true
        }
    }

    @discardableResult
    func remove(id: String) -> AutomodRule? {
        state.withLockedValue { state in
            guard let index = state.rules.firstIndex(where: { $0.rule.id == id }) else { return nil }
            let removed = state.rules.remove(at: index).rule
            state.rebuild()
            state.strikes = state.strikes.filter { !$0.key.hasPrefix(id + "\u{0}") }
            return removed
        }
    }

    /// A number that changes whenever the rules do: a reader can tell whether what it read of the store is
    /// still the latest word.
    var version: Int { state.withLockedValue { $0.version } }

    /// The rules in force, oldest first, with their counts since start.
    var rules: [AutomodRule] {
        state.withLockedValue { state in
            state.rules.map { compiled in
                var rule = compiled.rule
                rule.hits = state.hits[rule.id]?.live ?? 0
                rule.dryRunHits = state.hits[rule.id]?.dry ?? 0
                return rule
            }
        }
    }

    func rule(id: String) -> CompiledRule? {
        state.withLockedValue { state in state.rules.first { $0.rule.id == id } }
    }

    /// Where matches go to be acted on (``ModerationService`` sets it at start).
    func setSink(_ sink: @escaping @Sendable ([RuleFollowUp]) -> Void) {
        state.withLockedValue { $0.sink = sink }
    }

    /// Hands follow-ups to the sink; called once the room's lock is let go.
    func hand(_ followUps: [RuleFollowUp]) {
        guard !followUps.isEmpty, let sink = state.withLockedValue({ $0.sink }) else { return }
        sink(followUps)
    }

    // MARK: The check

    /// The lower-cased words of a text, as the check sees them: runs of letters, digits, `_` and `-`.
    static func tokens(of text: String) -> [Substring] {
        let scan = MessageScan(text)
        return scan.words.map { word in Substring(String(decoding: scan.lowered[word.range], as: UTF8.self)) }
    }

    /// Checks one message against every rule that does not spare its sender, and counts what matched.
    /// - Parameter isPresent: whether a lower-cased word is the nick of someone present (mentions rules).
    package func check(text: String, nick: Nick, address: IPAddress?, isModerator: Bool, isPresent: (String) -> Bool, at now: Date) -> RuleVerdict {
        state.withLockedValue { state in
            guard !state.rules.isEmpty else { return .none }
            let time = now.timeIntervalSince1970
            let scan = MessageScan(text)
            var matched = Set<Int>()
            if !state.byWord.isEmpty {
                for word in scan.words {
                    guard let candidates = state.byWord[word.hash] else { continue }
                    for candidate in candidates where scan.lowered[word.range].elementsEqual(candidate.word) {
                        matched.formUnion(candidate.rules)
                    }
                }
            }
            if state.repeatsWindow > 0 {
                let cutoff = time - state.repeatsWindow
                while let first = state.recent[nick.key]?.first, first.at < cutoff { state.recent[nick.key]!.removeFirst() }
            }
            // With the combined pattern, a message it does not match skips every pattern rule.
            let patternsMayMatch = state.anyPattern.map { CompiledRule.finds($0, in: text) } ?? true
            var verdict = RuleVerdict()
            for (index, compiled) in state.rules.enumerated() {
                let rule = compiled.rule
                let hit: Bool
                switch rule.kind {
                case .words: hit = matched.contains(index)
                case .regex: hit = patternsMayMatch && compiled.matches(text)
                case .links: hit = scan.links > (rule.limit ?? 0)
                case .mentions:
                    var named = Set<String>()
                    for word in scan.words {
                        let token = String(decoding: scan.lowered[word.range], as: UTF8.self)
                        if isPresent(token) { named.insert(token) }
                    }
                    hit = named.count > (rule.limit ?? 0)
                case .joins:
                    hit = false
                case .repeats:
                    let cutoff = time - compiled.window
                    let same = state.recent[nick.key]?.count { $0.text == scan.textHash && $0.at >= cutoff } ?? 0
                    hit = same >= (rule.limit ?? 1)
                }
                guard hit, !compiled.spares(nick: nick, address: address, isModerator: isModerator) else { continue }
                var action = rule.action
                var duration = rule.duration
                var escalated = false
                if rule.dryRun {
                    state.hits[rule.id, default: (0, 0)].dry += 1
                } else {
                    state.hits[rule.id, default: (0, 0)].live += 1
                    if let escalation = rule.escalation {
                        let key = rule.id + "\u{0}" + nick.key
                        var times = state.strikes.removeValue(forKey: key) ?? []
                        while let first = times.first, first < time - compiled.escalationWithin { times.removeFirst() }
                        times.append(time)
                        if times.count >= escalation.after {
                            (action, duration, escalated) = (escalation.action, escalation.duration, true)
                            times.removeAll()
                        }
                        state.strikes[key] = times
                    }
                    if [.refuse, .mute, .ban].contains(action), verdict.refusal == nil {
                        verdict.refusal = RoomError(
                            .refusedByRule,
                            rule.note.map { "your message was refused: \($0)" } ?? "your message was refused by a rule"
                        )
                    }
                }
                verdict.followUps.append(
                    RuleFollowUp(rule: rule, action: action, duration: duration, escalated: escalated, dryRun: rule.dryRun, nick: nick, text: text)
                )
            }
            if state.repeatsWindow > 0 {
                state.recent[nick.key, default: []].append((scan.textHash, time))
                if state.recent[nick.key]!.count > Self.recentPerPerson { state.recent[nick.key]!.removeFirst() }
            }
            return verdict
        }
    }

    /// Checks a join against the joins rules: counts it against its range in each, and says whether to
    /// refuse it and what to do about the range.
    package func checkJoin(nick: Nick, address: IPAddress?, at now: Date) -> RuleVerdict {
        state.withLockedValue { state in
            guard state.hasJoinRules, let address else { return .none }
            let time = now.timeIntervalSince1970
            if state.joinTimes.count > 10_000 {
                let longest = state.rules.filter { $0.rule.kind == .joins }.map(\.window).max() ?? 0
                state.joinTimes = state.joinTimes.filter { ($0.value.last ?? 0) >= time - longest }
            }
            var verdict = RuleVerdict()
            for compiled in state.rules where compiled.rule.kind == .joins {
                let rule = compiled.rule
                let range = CIDR(address: address, prefixLength: address.isIPv4 ? (rule.prefix ?? 24) : 48)
                let key = rule.id + "\u{0}" + range.description
                var times = state.joinTimes.removeValue(forKey: key) ?? []
                while let first = times.first, first < time - compiled.window { times.removeFirst() }
                times.append(time)
                state.joinTimes[key] = times
                guard times.count > (rule.limit ?? 1), !compiled.spares(nick: nick, address: address, isModerator: false) else { continue }
                if rule.dryRun {
                    state.hits[rule.id, default: (0, 0)].dry += 1
                } else {
                    state.hits[rule.id, default: (0, 0)].live += 1
                    if rule.action != .mute, verdict.refusal == nil {
                        verdict.refusal = RoomError(
                            .refusedByRule,
                            rule.note.map { "your join was refused: \($0)" } ?? "too many joins from your network just now; try again later"
                        )
                    }
                }
                var followUp = RuleFollowUp(
                    rule: rule,
                    action: rule.action,
                    duration: rule.duration,
                    escalated: false,
                    dryRun: rule.dryRun,
                    nick: nick,
                    text: "(joined from \(address), the \(times.count)th join from \(range) within \(rule.window ?? "?"))"
                )
                followUp.target = range.description
                verdict.followUps.append(followUp)
            }
            return verdict
        }
    }

    /// The rules that apply to a person, with their strikes toward escalation now.
    func standings(nick: Nick?, address: IPAddress?, isModerator: Bool, at now: Date) -> [RuleStanding] {
        let time = now.timeIntervalSince1970
        return state.withLockedValue { state in
            state.rules.compactMap { compiled in
                if let nick, compiled.spares(nick: nick, address: address, isModerator: isModerator) { return nil }
                if nick == nil, let address, compiled.exemptRanges.contains(where: { $0.contains(address) }) { return nil }
                let strikes =
                    nick.map { state.strikes[compiled.rule.id + "\u{0}" + $0.key]?.count { $0 >= time - compiled.escalationWithin } ?? 0 } ?? 0
                return RuleStanding(
                    id: compiled.rule.id,
                    kind: compiled.rule.kind,
                    action: compiled.rule.action,
                    dryRun: compiled.rule.dryRun,
                    strikes: strikes
                )
            }
        }
    }
}
