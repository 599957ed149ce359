import AdminAPI
import Foundation

/// The limits as stored: those in force and, for a temporary change, what to go back to and when.
struct StoredLimits: Codable, Sendable, Equatable {
    var limits: Limits
    var previous: Limits?
    var revertAt: Date?
}
