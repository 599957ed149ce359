import AdminAPI
import Foundation

/// A person in the room: one joined session.
public struct Member: Sendable {
    public let id: SessionID
    public let token: SessionToken
    public let nick: Nick
    /// The address the person joined from, as the server saw it.
    public let host: String
    /// The same, parsed; nil when the peer had no IP address (a test channel, say).
    public let address: IPAddress?
    /// Set when a moderator signed in from the page in this session: the account and its role.
    public var moderator: (account: String, role: Role)?
    public let joinedAt: Date
    /// The last poll or send; a session quiet for longer than the idle timeout leaves.
    public var lastSeen: Date
    public var messagesSent = 0
}

extension Member {
    /// What everyone may see of a person, as one JSON object: `{"nick":…,"joined_at":…}`, with
    /// `"moderator":true` once they signed in as one, and `"muted":true` (and `"muted_until"` when it ends)
    /// while `mute` is in force on them.
    func writePublicListing(to writer: inout JSONWriter, mute: Sanction?) {
        writer.beginObject()
        writer.field("nick", nick.display)
        writer.field("joined_at", joinedAt)
        if moderator != nil { writer.field("moderator", true) }
        if let mute {
            writer.field("muted", true)
            writer.field("muted_until", mute.expiresAt)
        }
        writer.endObject()
    }

    /// A JSON array of people's public listings; `mutes` holds the mute that ends last on each, if any, in
    /// the same order.
    static func publicListing(_ members: [Member], mutes: [Sanction?]) -> [UInt8] {
        var writer = JSONWriter(capacity: 256)
        writer.raw(CollectionOfOne(UInt8(ascii: "[")))
        for (index, member) in members.enumerated() {
            if index > 0 { writer.raw(CollectionOfOne(UInt8(ascii: ","))) }
            member.writePublicListing(to: &writer, mute: mutes[index])
        }
        writer.raw(CollectionOfOne(UInt8(ascii: "]")))
        return writer.bytes
    }
}
