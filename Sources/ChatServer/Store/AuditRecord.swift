import AdminAPI
import Foundation

/// An audit line before the store gives it an id.
struct AuditRecord: Sendable, Equatable {
    var at: Date
    var actor: String
    var source: String
    var action: String
    var target: String?
    var reason: String?
    var outcome: String
    /// How many times it happened, for a coalesced refusal (``AuditCoalescer``).
    var count = 1
    var lastAt: Date? = nil
    /// The node that wrote it.
    var node: String? = nil
}

/// Which audit lines to read.
struct AuditQuery: Sendable, Equatable {
    var actor: String?
    var action: String?
    /// Only lines at or after this time.
    var since: Date?
    /// Only lines before this time.
    var until: Date?
    /// Paging backwards: only ids below this; results newest first.
    var before: Int64?
    /// Following: only ids above this; results oldest first.
    var after: Int64?
    var limit = 100

    static let maxLimit = 1000
}
