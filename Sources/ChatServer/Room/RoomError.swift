/// Why the room refused something. The code is stable and machine-readable; the message is for people.
///
/// The domain knows nothing of HTTP: the HTTP layer maps each code to a status in one place.
public struct RoomError: Error, Sendable, Equatable {
    public enum Code: String, Sendable {
        case invalidNick = "invalid_nick"
        case nickTaken = "nick_taken"
        case invalidMessage = "invalid_message"
        case unknownSession = "unknown_session"
        case shuttingDown = "shutting_down"
        case noSuchNick = "user_not_found"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
