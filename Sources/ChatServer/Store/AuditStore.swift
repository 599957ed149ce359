import AdminAPI
import Foundation

/// The audit log. Every method that changes something returns only once the change is durable, or throws
/// ``StoreError`` having changed nothing.
protocol AuditStore: Sendable {
    @discardableResult
    func appendAudit(_ record: AuditRecord) async throws -> Int64
    /// Sets how many times a coalesced line happened and when it last did.
    func updateAuditCount(id: Int64, count: Int, lastAt: Date) async throws
    func audit(_ query: AuditQuery) async throws -> [AuditEntry]
    /// Deletes lines older than `date`, then the oldest beyond the newest `keepingNewest`; returns how many.
    func pruneAudit(before date: Date, keepingNewest: Int) async throws -> Int
}
