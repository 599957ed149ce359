import Foundation

/// Why a session leaves the room. It decides the event the room sees and the last event the person gets.
public enum Departure: Sendable, Equatable {
    /// The person pressed leave.
    case left
    /// Neither polled nor sent for the idle timeout.
    case idle
    /// A moderator removed the person.
    case kicked(reason: String?, actor: String)
    /// A ban (on the nick or the address) removed the person.
    case banned(reason: String?, expiresAt: Date?, actor: String)

    var kind: EventKind {
        switch self {
        case .left, .idle: .leave
        case .kicked: .kick
        case .banned: .ban
        }
    }

    /// The `reason` the events carry.
    var reason: String? {
        switch self {
        case .left: "left"
        case .idle: "idle"
        case .kicked(let reason, _): reason
        case .banned(let reason, _, _): reason
        }
    }

    var actor: String? {
        switch self {
        case .left, .idle: nil
        case .kicked(_, let actor), .banned(_, _, let actor): actor
        }
    }

    var expiresAt: Date? {
        if case .banned(_, let expiresAt, _) = self { return expiresAt }
        return nil
    }
}
