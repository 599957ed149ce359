/// The room's log shared by the nodes on one database: entries numbered in one order, without gaps, whose
/// order is the order their transactions committed. Only a store several nodes can share keeps one
/// (PostgreSQL); see ``ControlStore/roomLog``.
protocol RoomLogStore: Sendable {
    /// Appends entries in one transaction, numbered one after the other after every entry committed
    /// before; returns the first and last numbers. Durable when it returns; on an error none of them was
    /// appended (or, if the database did not confirm the commit, perhaps all: see ``StoreError``).
    func appendRoomEntries(_ bodies: [String], node: String) async throws -> ClosedRange<UInt64>
    /// The entries after `seq`, in order, at most `limit` of them.
    func roomEntries(after seq: UInt64, limit: Int) async throws -> [RoomLogEntry]
    /// The number of the newest entry (0 before the first).
    func roomHead() async throws -> UInt64
    /// Forgets the entries up to and including `seq`.
    func pruneRoomEntries(through seq: UInt64) async throws
    /// Calls `onWake` whenever entries were appended, and whenever it begins to listen (again), until the
    /// calling task is cancelled: a hint to read, never the entries themselves.
    func watchRoom(_ onWake: @escaping @Sendable () -> Void) async
}
