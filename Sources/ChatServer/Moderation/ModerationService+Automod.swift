import AdminAPI
import Foundation
import Logging

/// Automod: rules added, changed and removed live (stored first), and what their matches call for, done
/// after the check as `automod`: the message taken back, its sender muted or banned, a report filed, or,
/// in dry run, only recorded. Every action and every would-be action is audited with the rule's id.
extension ModerationService {
    static let automodActor = "automod"

    func addRule(_ request: CreateRuleRequest, actor: String) async throws -> AutomodRule {
        let rule = AutomodRule(
            id: "rule_" + Self.randomID(),
            kind: request.kind,
            words: request.words,
            pattern: request.pattern,
            limit: request.limit,
            window: request.window,
            prefix: request.prefix,
            action: request.action,
            duration: request.duration,
            escalation: request.escalation,
            exempt: request.exempt ?? [],
            includeModerators: request.includeModerators ?? false,
            dryRun: request.dryRun ?? false,
            note: request.note,
            actor: actor,
            createdAt: clock.now()
        )
        let compiled = try CompiledRule(validating: rule)
        try await changes.run {
            try await store.saveRule(rule)
            moderation.automod.add(compiled)
        }
        return rule
    }

    func updateRule(_ id: String, _ request: UpdateRuleRequest) async throws -> AutomodRule {
        try await changes.run {
            guard var rule = moderation.automod.rule(id: id)?.rule else {
                throw ModerationError(.ruleNotFound, "no rule '\(id)'; see chatctl rules")
            }
            if let dryRun = request.dryRun { rule.dryRun = dryRun }
            if let exempt = request.exempt { rule.exempt = exempt }
            let compiled = try CompiledRule(validating: rule)
            try await store.saveRule(rule)
            moderation.automod.update(compiled)
            return moderation.automod.rules.first { $0.id == id } ?? rule
        }
    }

    func removeRule(_ id: String) async throws -> AutomodRule {
        try await changes.run {
            guard moderation.automod.rule(id: id) != nil else { throw ModerationError(.ruleNotFound, "no rule '\(id)'; see chatctl rules") }
            _ = try await store.removeRule(id: id)
            guard let removed = moderation.automod.remove(id: id) else { throw ModerationError(.ruleNotFound, "no rule '\(id)'") }
            return removed
        }
    }

    /// Puts the stored rules in force and has their matches acted on; at start.
    func loadRules() async throws {
        var compiled: [CompiledRule] = []
        for rule in try await store.rules() {
            do {
                compiled.append(try CompiledRule(validating: rule))
            } catch {
                logger.error("stored automod rule not put in force: \(error)", metadata: ["chat.rule": "\(rule.id)"])
            }
        }
        moderation.automod.replaceAll(compiled)
        let service = self
        moderation.automod.setSink { followUps in
            Task { await service.act(on: followUps) }
        }
    }

    /// Does (or, in dry run, records) what rule matches call for, one after the other.
    func act(on followUps: [RuleFollowUp]) async {
        for followUp in followUps {
            let rule = followUp.rule
            let said = "said: <\(followUp.nick.display)> \(followUp.text)"
            let what = followUp.action.rawValue + (followUp.duration.map { " for \($0)" } ?? "") + (followUp.escalated ? " (escalated)" : "")
            if followUp.dryRun {
                await audit.record(
                    actor: Self.automodActor,
                    source: rule.id,
                    action: "automod.dry_run",
                    target: followUp.target ?? followUp.nick.display,
                    reason: "\(rule.id) would \(what); \(said)",
                    outcome: "ok",
                    reasonLimit: 3000
                )
                continue
            }
            var outcome = "ok"
            do {
                switch followUp.action {
                case .refuse:
                    break
                case .remove:
                    if let seq = followUp.seq {
                        _ = try await removeMessage(seq: seq, reason: "automod \(rule.id)", actor: Self.automodActor, source: rule.id)
                    }
                case .mute, .ban:
                    _ = try await sanction(
                        followUp.action == .ban ? .ban : .mute,
                        CreateSanctionRequest(
                            target: followUp.target ?? followUp.nick.display,
                            duration: followUp.duration,
                            publicReason: rule.note,
                            privateReason: "automod \(rule.id)"
                        ),
                        actor: Self.automodActor,
                        callerAddress: nil,
                        source: rule.id
                    )
                case .report:
                    if let seq = followUp.seq {
                        _ = try await addReporter("automod (\(rule.id))", key: rule.id, seq: seq, reason: rule.note)
                    }
                }
            } catch {
                outcome = (error as? ModerationError)?.code.rawValue ?? (error as? RoomError)?.code.rawValue ?? "failed"
                logger.error("automod could not act", metadata: ["chat.rule": "\(rule.id)", "chat.error": "\(error)"])
            }
            await audit.record(
                actor: Self.automodActor,
                source: rule.id,
                action: "automod.\(followUp.action.rawValue)",
                target: followUp.target ?? followUp.nick.display,
                reason: "\(rule.id): \(what)\(rule.note.map { " (\($0))" } ?? ""); \(said)",
                outcome: outcome,
                reasonLimit: 3000
            )
        }
    }
}
