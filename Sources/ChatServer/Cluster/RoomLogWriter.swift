import Foundation

/// Appends entries to the room's log for one node, several in one transaction under load: while one
/// transaction is on its way, what comes meanwhile waits and goes in the next, up to ``batchLimit``
/// entries each. Each caller is answered with its entry's number once that transaction is committed, or
/// with the error that refused it.
actor RoomLogWriter {
    let store: any RoomLogStore
    let node: String
    /// The most entries one transaction takes.
    let batchLimit: Int
    private var waiting: [(body: String, answer: CheckedContinuation<UInt64, any Error>)] = []
    private var writing = false

    init(store: any RoomLogStore, node: String, batchLimit: Int = 500) {
        self.store = store
        self.node = node
        self.batchLimit = batchLimit
    }

    /// Appends one entry; returns its number once committed.
    func append(_ body: String) async throws -> UInt64 {
        try await withCheckedThrowingContinuation { answer in
            waiting.append((body, answer))
            if !writing {
                writing = true
                Task { await writeWhileWaiting() }
            }
        }
    }

    /// Writes what waits, a transaction at a time, until nothing does.
    private func writeWhileWaiting() async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(batchLimit))
            waiting.removeFirst(batch.count)
            do {
                let numbers = try await store.appendRoomEntries(batch.map(\.body), node: node)
                for (offset, entry) in batch.enumerated() { entry.answer.resume(returning: numbers.lowerBound + UInt64(offset)) }
            } catch {
                for entry in batch { entry.answer.resume(throwing: error) }
            }
        }
        writing = false
    }
}
