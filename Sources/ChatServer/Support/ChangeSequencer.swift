import DequeModule

/// Runs changes one at a time, in the order they were asked for: an async lock with a queue.
///
/// A change that reads in-memory state, awaits the store and then applies what it read must not
/// interleave with another such change (it would write over the other's result); an actor alone does
/// not prevent that, since it lets other calls in at every `await`.
actor ChangeSequencer {
    private var busy = false
    private var waiting: Deque<CheckedContinuation<Void, Never>> = []

    /// Runs `change` once every change asked for before it has finished.
    func run<Result: Sendable>(_ change: @Sendable () async throws -> Result) async throws -> Result {
        await acquire()
        defer { release() }
        return try await change()
    }

    /// The same, for a change that cannot fail.
    func run<Result: Sendable>(_ change: @Sendable () async -> Result) async -> Result {
        await acquire()
        defer { release() }
        return await change()
    }

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the turn to the next waiting change, or frees the sequencer.
    private func release() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
