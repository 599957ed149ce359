/// A validated nick: 1 to 16 ASCII letters, digits, `_` or `-`. Two nicks that differ only in case are the same
/// person for uniqueness (``key``), while the nick is shown as typed.
public struct Nick: Hashable, Sendable, CustomStringConvertible {
    /// The nick as the person typed it.
    public let display: String
    /// Case-folded form used for uniqueness, computed once (nicks are ASCII).
    public let key: String

    /// The longest nick allowed.
    public static let maxLength = 16

    /// Validates a nick, or says in words what is wrong with it.
    public init(validating raw: String) throws(RoomError) {
        guard !raw.isEmpty else {
            throw RoomError(.invalidNick, "a nick is required: 1 to 16 letters, digits, '_' or '-'")
        }
        guard raw.utf8.count <= Self.maxLength else {
            throw RoomError(.invalidNick, "a nick has at most 16 characters")
        }
        let allowed = raw.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard allowed else {
            throw RoomError(.invalidNick, "a nick may contain only ASCII letters, digits, '_' and '-'")
        }
        self.display = raw
        self.key = raw.lowercased()
    }

    public var description: String { display }

    public static func == (lhs: Nick, rhs: Nick) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
}
