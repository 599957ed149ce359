import Foundation
import PostgresNIO

/// The room's log (``RoomLogStore``): `room_entry`, numbered from the one-row `room_head`. Each append takes
/// its numbers by updating that row, so a second writer waits on the row's lock until the first commits:
/// numbers are given in commit order, and a transaction rolled back gives its numbers back with it, so the
/// log has no gaps and a reader that has read up to `n` has missed nothing below it. A notification on
/// `chat_room` goes with each commit, as a wake-up for readers, which read by number anyway. Not part of a
/// snapshot: `store migrate` copies what is kept, not the room's passing traffic.
extension PostgresStore: RoomLogStore {
    var roomLog: (any RoomLogStore)? { self }

    /// The channel of the log's wake-ups; the payload is the newest number.
    static let roomChannel = "chat_room"

    func appendRoomEntries(_ bodies: [String], node: String) async throws -> ClosedRange<UInt64> {
        precondition(!bodies.isEmpty, "an append holds at least one entry")
        let logger = logger
        let count = Int64(bodies.count)
        let last: Int64 = try await write { connection in
            var last: Int64 = 0
            let rows = try await connection.query(
                """
                WITH head AS (UPDATE room_head SET seq = seq + \(count) WHERE id = 1 RETURNING seq)
                INSERT INTO room_entry (seq, at, node, body)
                SELECT head.seq - \(count) + entry.ordinality, extract(epoch FROM clock_timestamp()), \(node), entry.body
                FROM head, unnest(\(bodies)::text[]) WITH ORDINALITY AS entry (body, ordinality)
                RETURNING seq
                """,
                logger: logger
            )
            for try await seq in rows.decode(Int64.self) { last = max(last, seq) }
            _ = try await connection.query("SELECT pg_notify(\(Self.roomChannel), \(String(last)))", logger: logger).collect()
            return last
        }
        return UInt64(last - count + 1)...UInt64(last)
    }

    func roomEntries(after seq: UInt64, limit: Int) async throws -> [RoomLogEntry] {
        let logger = logger
        let (after, limit) = (Int64(clamping: seq), Int64(max(1, limit)))
        return try await read { connection in
            var entries: [RoomLogEntry] = []
            let rows = try await connection.query(
                "SELECT seq, at, node, body FROM room_entry WHERE seq > \(after) ORDER BY seq LIMIT \(limit)",
                logger: logger
            )
            for try await (seq, at, node, body) in rows.decode((Int64, Double, String, String).self) {
                entries.append(RoomLogEntry(seq: UInt64(seq), at: Date(timeIntervalSince1970: at), node: node, body: body))
            }
            return entries
        }
    }

    func roomHead() async throws -> UInt64 {
        let logger = logger
        return try await read { connection in
            var head: Int64 = 0
            for try await seq in try await connection.query("SELECT seq FROM room_head WHERE id = 1", logger: logger).decode(Int64.self) {
                head = seq
            }
            return UInt64(head)
        }
    }

    func pruneRoomEntries(through seq: UInt64) async throws {
        let logger = logger
        let through = Int64(clamping: seq)
        try await write { connection in
            _ = try await connection.query("DELETE FROM room_entry WHERE seq <= \(through)", logger: logger)
        }
    }

    func watchRoom(_ onWake: @escaping @Sendable () -> Void) async {
        await listen(on: Self.roomChannel, what: "the room's log (it is read regularly meanwhile)") { _ in onWake() }
    }
}
