import AdminAPI
import Foundation

/// The automod rules. Every method that changes something returns only once the change is durable, or
/// throws ``StoreError`` having changed nothing.
protocol RuleStore: Sendable {
    /// Stores a rule, new or changed, whole.
    func saveRule(_ rule: AutomodRule) async throws
    /// Deletes a rule; false if there was none.
    func removeRule(id: String) async throws -> Bool
    /// Every rule, oldest first.
    func rules() async throws -> [AutomodRule]
}

extension AutomodRule {
    /// Rules as both databases keep them (the admin API's JSON), oldest first; a body this build cannot
    /// read is left out.
    static func decodeAll(_ bodies: [String]) -> [AutomodRule] {
        let decoder = AdminJSON.decoder()
        return bodies.compactMap { try? decoder.decode(AutomodRule.self, from: Data($0.utf8)) }.sorted {
            ($0.createdAt, $0.id) < ($1.createdAt, $1.id)
        }
    }

    /// The rule without its counts, which are not stored.
    var withoutCounts: AutomodRule {
        var rule = self
        (rule.hits, rule.dryRunHits) = (nil, nil)
        return rule
    }

    /// As stored: the admin API's JSON of ``withoutCounts``.
    var stored: String {
        String(decoding: (try? AdminJSON.encoder().encode(withoutCounts)) ?? Data(), as: UTF8.self)
    }
}
