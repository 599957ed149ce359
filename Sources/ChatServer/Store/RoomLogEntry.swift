import Foundation

/// One entry of the room's log that the nodes sharing a database write and all read: its place in the one
/// order (``seq``, from 1, without gaps), when and by which node it was committed, and what it says (the
/// store does not read it).
struct RoomLogEntry: Sendable, Equatable {
    let seq: UInt64
    /// When it was written, by the database's clock: one clock for every node.
    let at: Date
    let node: String
    let body: String
}
