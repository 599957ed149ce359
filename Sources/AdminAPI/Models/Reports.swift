import Foundation

/// A message reported by people in the room, one report per message however many report it: what it said,
/// who reported it and why, and how a moderator handled it.
public struct Report: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        case open
        case closed
    }

    /// One person's report of the message.
    public struct Reporter: Codable, Sendable, Equatable {
        public var nick: String
        public var reason: String?
        public var at: Date

        public init(nick: String, reason: String?, at: Date) {
            self.nick = nick
            self.reason = reason
            self.at = at
        }
    }

    /// `rep_…`
    public var id: String
    /// The reported message's sequence number.
    public var seq: UInt64
    /// Who sent it.
    public var nick: String
    /// What it said, kept even once it is removed.
    public var text: String
    public var reporters: [Reporter]
    public var createdAt: Date
    public var state: State
    /// What the moderator did: `removed`, `muted for 10m`, `banned`, `dismissed`…
    public var resolution: String?
    public var resolvedBy: String?
    public var resolvedAt: Date?

    public init(
        id: String,
        seq: UInt64,
        nick: String,
        text: String,
        reporters: [Reporter],
        createdAt: Date,
        state: State = .open,
        resolution: String? = nil,
        resolvedBy: String? = nil,
        resolvedAt: Date? = nil
    ) {
        self.id = id
        self.seq = seq
        self.nick = nick
        self.text = text
        self.reporters = reporters
        self.createdAt = createdAt
        self.state = state
        self.resolution = resolution
        self.resolvedBy = resolvedBy
        self.resolvedAt = resolvedAt
    }
}

/// `GET /admin/v1/reports`
public struct ReportList: Codable, Sendable {
    public var reports: [Report]
    public init(reports: [Report]) { self.reports = reports }
}

/// `POST /admin/v1/reports/{id}/resolve`: one action, and the report closes.
public struct ResolveReportRequest: Codable, Sendable {
    /// `remove` (the message), `mute` or `ban` (its sender, by nick), or `dismiss`.
    public var action: String
    /// For mute and ban: how long (absent: permanent).
    public var duration: String?
    /// Shown to the person for mute and ban; for remove and dismiss, for moderators.
    public var reason: String?

    public init(action: String, duration: String? = nil, reason: String? = nil) {
        self.action = action
        self.duration = duration
        self.reason = reason
    }
}
