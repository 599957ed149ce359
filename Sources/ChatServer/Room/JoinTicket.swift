/// What a successful join hands the new session.
public struct JoinTicket: Sendable {
    public let token: SessionToken
    public let member: Member
    /// Poll from here: the first poll returns the session's own join event and all that follows.
    public let cursor: UInt64
    /// The first people present, in order of joining, at most ``Room/joinUsersLimit``: a JSON array of
    /// public listings, encoded once and shared by every join until those people change.
    public let usersJSON: [UInt8]
    /// How many people are present, the new member included.
    public let usersTotal: Int
    /// The most recent messages, oldest first.
    public let history: [EncodedEvent]
}
