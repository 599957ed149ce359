import AdminAPI
import Foundation
import Logging

/// Lifting what has run out: sanctions, overrides and temporary limits, recorded and audited as `system`.
extension ModerationService {
    /// An expiry's audit reason: what expired, and when, if that was longer ago than the running server's
    /// sweep (every second) would let it be: while the server was down.
    static func expiryReason(_ what: String, expiredAt: Date, now: Date) -> String {
        now.timeIntervalSince(expiredAt) > 1.5 ? "\(what), expired at \(AdminJSON.formatTimestamp(expiredAt)) while the server was down" : what
    }

    /// Lifts what has run out, records it in the store and the audit log (actor `system`).
    func expireDue() async {
        await changes.run { await applyExpiries() }
    }

    private func applyExpiries() async {
        let expired = moderation.expire()
        guard !expired.isEmpty else { return }
        let now = clock.now()
        for sanction in expired.sanctions {
            // Lifted when it expired, which is some time ago if that was while the server was down.
            let expiredAt = min(now, sanction.expiresAt ?? now)
            do {
                _ = try await store.liftSanction(id: sanction.id, at: expiredAt, by: "system")
            } catch {
                logger.error("could not record an expiry", metadata: ["chat.sanction": "\(sanction.id)", "chat.error": "\(error)"])
            }
            if sanction.kind == .mute { announceUnmute(sanction, actor: "system") }
            await audit.record(
                actor: "system",
                source: "local",
                action: "\(sanction.kind.rawValue).expire",
                target: sanction.target,
                reason: Self.expiryReason(sanction.id, expiredAt: expiredAt, now: now),
                outcome: "ok"
            )
        }
        for override in expired.overrides {
            _ = try? await store.removeOverride(id: override.id)
            let reason = Self.expiryReason(override.id, expiredAt: min(now, override.expiresAt ?? now), now: now)
            await audit.record(actor: "system", source: "local", action: "override.expire", target: override.target, reason: reason, outcome: "ok")
        }
        if let limits = expired.revertedTo {
            do {
                try await store.saveLimits(StoredLimits(limits: limits, previous: nil, revertAt: nil))
            } catch {
                logger.error("could not record reverted limits", metadata: ["chat.error": "\(error)"])
            }
            let reason = Self.expiryReason(Self.describe(limits), expiredAt: min(now, expired.revertedAt ?? now), now: now)
            await audit.record(actor: "system", source: "local", action: "limits.revert", target: nil, reason: reason, outcome: "ok")
        }
    }

    static func describe(_ limits: Limits) -> String {
        "message rate \(limits.messageRate), \(limits.joinsPerMinute) joins/min, host cap \(limits.hostCap), "
            + "\(limits.connectionCap) connections per host, IPv6 hosts /\(limits.ipv6HostPrefix)"
    }

}
