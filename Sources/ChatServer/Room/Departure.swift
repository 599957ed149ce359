/// Why a session leaves the room. It decides the event the room sees and the last event the person gets.
public enum Departure: Sendable, Equatable {
    /// The person pressed leave.
    case left
    /// Neither polled nor sent for the idle timeout.
    case idle
    /// A moderator removed the person.
    case kicked(reason: String?, actor: String)

    var kind: EventKind {
        switch self {
        case .left, .idle: .leave
        case .kicked: .kick
        }
    }

    /// The `reason` the events carry.
    var reason: String? {
        switch self {
        case .left: "left"
        case .idle: "idle"
        case .kicked(let reason, _): reason
        }
    }

    var actor: String? {
        if case .kicked(_, let actor) = self { return actor }
        return nil
    }
}
