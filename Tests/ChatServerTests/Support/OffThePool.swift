import Foundation

/// Runs blocking work (a child process, a socket read with a timeout) on a thread of its own and waits for
/// it without holding a cooperative thread: this machine has two, and a test blocking both would stall
/// every other test's tasks, the servers' connection pools among them.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
