/// What an account may do. `admin` may do everything; `moderator` manages people (users, kicks, bans,
/// mutes, announcements) but not limits or accounts.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    case moderator
    case admin

    /// Whether this role includes everything `other` may do.
    public func includes(_ other: Role) -> Bool { self >= other }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .moderator: 0
        case .admin: 1
        }
    }
}
