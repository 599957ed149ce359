/// The text of a chat message, validated: 1 to 500 characters of one line, no control characters,
/// not only white space. Too long is refused, never cut.
public struct MessageText: Sendable, Equatable {
    public let value: String

    /// The most characters (grapheme clusters, what a person counts) a message may have.
    public static let maxCharacters = 500
    /// A byte ceiling as well, so a few "characters" stacked with combining marks cannot grow without bound.
    public static let maxUTF8Bytes = 4000

    public init(validating raw: String) throws(RoomError) {
        guard !raw.isEmpty, raw.contains(where: { !$0.isWhitespace }) else {
            throw RoomError(.invalidMessage, "a message cannot be empty")
        }
        guard raw.count <= Self.maxCharacters, raw.utf8.count <= Self.maxUTF8Bytes else {
            throw RoomError(.invalidMessage, "a message has at most \(Self.maxCharacters) characters")
        }
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x0D, 0x85, 0x2028, 0x2029:
                throw RoomError(.invalidMessage, "a message is one line: line breaks are not allowed")
            default:
                if scalar.properties.generalCategory == .control {
                    throw RoomError(.invalidMessage, "a message cannot contain control characters")
                }
            }
        }
        self.value = raw
    }
}
