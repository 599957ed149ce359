import AdminAPI
import Foundation
import Logging

/// Nodes sharing one database: what another node put in the store (a ban, a mute, a lift, limits, an
/// override, an automod rule) is taken up here by reading the store again when that node tells of it and
/// at regular looks besides (``NodeHeartbeat``), with the same effects as if it had been made here.
extension ModerationService {
    /// Puts in force here the bans, mutes, overrides and limits the store holds that this node does not,
    /// and lifts those lifted elsewhere. A new ban removes the people it covers here, ending their held
    /// polls; a new mute and a lifted one are told to the room. When the store cannot be read, nothing
    /// changes until the next look.
    ///
    /// The store is read outside the change sequencer, so that a database that does not answer holds up no
    /// change made here (those answer 503 in their own time); what was read is then applied as a change of
    /// its own, unless what is in force here changed since the look began (``Moderation/version``): what
    /// was read may be older than that change, and is read again at the next look instead. A change made
    /// here is never undone.
    func takeUpStoredChanges() async {
        let version = moderation.version
        let now = clock.now()
        let (stored, overrides, limits): ([Sanction], [LimitOverride], StoredLimits?)
        do {
            (stored, overrides, limits) = (
                try await store.sanctions(includingInactive: false, at: now), try await store.overrides(), try await store.loadLimits()
            )
        } catch {
            return
        }
        await changes.run {
            guard moderation.version == version else { return }
            apply(stored: stored, overrides: overrides, limits: limits, at: now)
        }
    }

    /// Puts in force here the automod rules another node added or changed (dry run, exemptions), and takes
    /// away those it removed; a rule unchanged keeps its counts. Read and applied as
    /// ``takeUpStoredChanges()`` is, with the same guard against a change made here meanwhile.
    func takeUpStoredRules() async {
        let version = moderation.automod.version
        guard let stored = try? await store.rules() else { return }
        await changes.run {
            guard moderation.automod.version == version else { return }
            let storedIDs = Set(stored.map(\.id))
            for rule in moderation.automod.rules where !storedIDs.contains(rule.id) {
                moderation.automod.remove(id: rule.id)
            }
            for rule in stored {
                let inForce = moderation.automod.rule(id: rule.id)?.rule
                guard inForce?.stored != rule.stored else { continue }
                guard let compiled = try? CompiledRule(validating: rule) else {
                    logger.error("automod rule stored by another node not put in force", metadata: ["chat.rule": "\(rule.id)"])
                    continue
                }
                if inForce == nil { moderation.automod.add(compiled) } else { moderation.automod.update(compiled) }
            }
        }
    }

    private func apply(
        stored: [Sanction],
        overrides: [LimitOverride],
        limits: StoredLimits?,
        at now: Date
    ) {
        let inForce = Dictionary((moderation.sanctions(.ban) + moderation.sanctions(.mute)).map { ($0.id, $0) }) { first, _ in first }
        for sanction in stored where inForce[sanction.id] == nil {
            guard let target = try? ModerationTarget(parsing: sanction.target) else { continue }
            putInForce(sanction, target: target, muting: sanction.kind == .mute ? room.members(matching: target) : [])
        }
        let storedIDs = Set(stored.map(\.id))
        // In force here, no longer in the store's list: lifted elsewhere. (One that ran out is the expiry's.)
        for sanction in inForce.values where !storedIDs.contains(sanction.id) && sanction.isActive(at: now) {
            moderation.lift(sanction.kind, id: sanction.id)
            if sanction.kind == .mute { announceUnmute(sanction, actor: "system") }
        }

        let known = Set(moderation.overrides.map(\.id))
        for override in overrides where !known.contains(override.id) {
            guard let target = try? ModerationTarget(parsing: override.target), Self.outOfBounds(override) == nil else { continue }
            moderation.addOverride(override, target: target)
        }
        let kept = Set(overrides.map(\.id))
        for id in known where !kept.contains(id) { moderation.removeOverride(id: id) }

        guard let limits, Self.outOfBounds(limits.limits) == nil else { return }
        var current = moderation.limits
        current.revertsAt = nil
        if current != limits.limits || moderation.revert?.at != limits.revertAt {
            moderation.setLimits(limits.limits, revert: limits.revertAt.flatMap { at in limits.previous.map { (at, $0) } })
        }
    }
}
