import AdminAPI
import Foundation

/// What a ban, mute or override applies to: a nick, or an address range (a bare address is a /32 or /128).
package enum ModerationTarget: Hashable, Sendable, CustomStringConvertible {
    case nick(Nick)
    case range(CIDR)

    /// Reads `alice`, `203.0.113.7`, `2001:db8::/48`.
    init(parsing text: String) throws(ModerationError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let range = CIDR(trimmed) {
            self = .range(range)
        } else if let nick = try? Nick(validating: trimmed) {
            self = .nick(nick)
        } else {
            throw ModerationError(.invalidTarget, "'\(text)' is neither a nick, nor an IP address, nor a CIDR range such as 203.0.113.0/24")
        }
    }

    /// Whether a person with this nick and address is covered.
    func matches(nick: Nick, address: IPAddress?) -> Bool {
        switch self {
        case .nick(let target): target == nick
        case .range(let range): address.map(range.contains) ?? false
        }
    }

    /// The canonical text: the nick as typed, or the range normalised (`203.0.113.0/24`).
    package var description: String {
        switch self {
        case .nick(let nick): nick.display
        case .range(let range): range.description
        }
    }
}
