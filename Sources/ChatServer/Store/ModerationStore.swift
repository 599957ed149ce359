import AdminAPI
import Foundation

/// Bans and mutes, limit overrides, and the limits in force (with a pending revert). Every method that changes something returns only once the change is durable, or throws
/// ``StoreError`` having changed nothing.
protocol ModerationStore: Sendable {
    /// Stores a new ban or mute.
    func saveSanction(_ sanction: Sanction) async throws
    /// Marks a sanction lifted; returns it as stored, or nil if there is none.
    func liftSanction(id: String, at date: Date, by actor: String) async throws -> Sanction?
    /// Sanctions in force at `now` (not lifted, not expired), or all of them; newest first.
    func sanctions(includingInactive: Bool, at now: Date) async throws -> [Sanction]
    func saveOverride(_ override: LimitOverride) async throws
    /// Deletes an override; false if there was none.
    func removeOverride(id: String) async throws -> Bool
    func overrides() async throws -> [LimitOverride]
    func saveLimits(_ limits: StoredLimits) async throws
    /// The stored limits, or nil when they were never changed.
    func loadLimits() async throws -> StoredLimits?
}
