import Foundation

/// An automod rule: what it looks for in each message, what it does on a match, and whom it spares.
public struct AutomodRule: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Any of `words`, as whole words, in any case.
        case words
        /// `pattern`, a regular expression (bounded: see the docs), in any case.
        case regex
        /// The same text from one person more than `limit` times within `window`.
        case repeats
        /// More than `limit` http(s) links in one message.
        case links
        /// More than `limit` people present named in one message (with or without @).
        case mentions
        /// More than `limit` joins from one range (an IPv4 /`prefix`, 24 by default, or an IPv6 /48) within
        /// `window`. Its actions are refuse (the join), mute or ban (the range).
        case joins
    }

    public enum Action: String, Codable, Sendable, CaseIterable {
        /// The message is refused, with the rule's note.
        case refuse
        /// The message goes out and is taken back at once.
        case remove
        /// The message is refused and its sender muted for `duration`.
        case mute
        /// The message is refused and its sender banned for `duration`.
        case ban
        /// The message goes out and is reported to the moderators.
        case report
    }

    /// A stronger action once a person has matched the rule `after` times within `within`.
    public struct Escalation: Codable, Sendable, Equatable {
        public var after: Int
        public var within: String
        public var action: Action
        public var duration: String?

        public init(after: Int, within: String, action: Action, duration: String? = nil) {
            self.after = after
            self.within = within
            self.action = action
            self.duration = duration
        }
    }

    /// `rule_…`
    public var id: String
    public var kind: Kind
    public var words: [String]?
    public var pattern: String?
    public var limit: Int?
    public var window: String?
    /// For joins: the IPv4 prefix length that makes a range (16 to 32; IPv6 ranges are /48).
    public var prefix: Int?
    public var action: Action
    /// For mute and ban: how long (absent: permanent).
    public var duration: String?
    public var escalation: Escalation?
    /// Nicks, addresses and ranges the rule spares.
    public var exempt: [String]
    /// Whether moderators signed in on the page are held to it too (by default they are spared).
    public var includeModerators: Bool
    /// Records what it would have done (counted, audited) and does nothing.
    public var dryRun: Bool
    /// Shown to the person whose message it refuses; for moderators otherwise.
    public var note: String?
    public var actor: String
    public var createdAt: Date
    /// Matches since the server started: acted on, and (in dry run) would have been. Not stored.
    public var hits: Int?
    public var dryRunHits: Int?

    public init(
        id: String,
        kind: Kind,
        words: [String]? = nil,
        pattern: String? = nil,
        limit: Int? = nil,
        window: String? = nil,
        prefix: Int? = nil,
        action: Action,
        duration: String? = nil,
        escalation: Escalation? = nil,
        exempt: [String] = [],
        includeModerators: Bool = false,
        dryRun: Bool = false,
        note: String? = nil,
        actor: String,
        createdAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.words = words
        self.pattern = pattern
        self.limit = limit
        self.window = window
        self.prefix = prefix
        self.action = action
        self.duration = duration
        self.escalation = escalation
        self.exempt = exempt
        self.includeModerators = includeModerators
        self.dryRun = dryRun
        self.note = note
        self.actor = actor
        self.createdAt = createdAt
    }
}

/// `POST /admin/v1/rules`: a rule's fields, without what the server gives it.
public struct CreateRuleRequest: Codable, Sendable {
    public var kind: AutomodRule.Kind
    public var words: [String]?
    public var pattern: String?
    public var limit: Int?
    public var window: String?
    public var prefix: Int?
    public var action: AutomodRule.Action
    public var duration: String?
    public var escalation: AutomodRule.Escalation?
    public var exempt: [String]?
    public var includeModerators: Bool?
    public var dryRun: Bool?
    public var note: String?

    public init(
        kind: AutomodRule.Kind,
        words: [String]? = nil,
        pattern: String? = nil,
        limit: Int? = nil,
        window: String? = nil,
        prefix: Int? = nil,
        action: AutomodRule.Action,
        duration: String? = nil,
        escalation: AutomodRule.Escalation? = nil,
        exempt: [String]? = nil,
        includeModerators: Bool? = nil,
        dryRun: Bool? = nil,
        note: String? = nil
    ) {
        self.kind = kind
        self.words = words
        self.pattern = pattern
        self.limit = limit
        self.window = window
        self.prefix = prefix
        self.action = action
        self.duration = duration
        self.escalation = escalation
        self.exempt = exempt
        self.includeModerators = includeModerators
        self.dryRun = dryRun
        self.note = note
    }
}

/// `PATCH /admin/v1/rules/{id}`: into dry run or out of it, and its exemptions.
public struct UpdateRuleRequest: Codable, Sendable {
    public var dryRun: Bool?
    public var exempt: [String]?

    public init(dryRun: Bool? = nil, exempt: [String]? = nil) {
        self.dryRun = dryRun
        self.exempt = exempt
    }
}

/// `GET /admin/v1/rules`
public struct RuleList: Codable, Sendable {
    public var rules: [AutomodRule]
    public init(rules: [AutomodRule]) { self.rules = rules }
}

/// In an explanation: a rule that applies to the person, and how often they matched it lately.
public struct RuleStanding: Codable, Sendable, Equatable {
    public var id: String
    public var kind: AutomodRule.Kind
    public var action: AutomodRule.Action
    public var dryRun: Bool
    /// Matches counted toward its escalation (within its escalation's window).
    public var strikes: Int

    public init(id: String, kind: AutomodRule.Kind, action: AutomodRule.Action, dryRun: Bool, strikes: Int) {
        self.id = id
        self.kind = kind
        self.action = action
        self.dryRun = dryRun
        self.strikes = strikes
    }
}
