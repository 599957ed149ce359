/// What a successful join hands the new session.
public struct JoinTicket: Sendable {
    public let token: SessionToken
    public let member: Member
    /// Poll from here: the first poll returns the session's own join event and all that follows.
    public let cursor: UInt64
    /// Everyone present, the new member included, in order of joining.
    public let users: [Member]
    /// The most recent messages, oldest first.
    public let history: [EncodedEvent]
}
