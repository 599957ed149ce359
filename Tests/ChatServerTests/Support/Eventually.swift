import Foundation

/// Waits until `condition` holds, checking often, for at most `limit`. Returns whether it came true.
/// For waiting on another task or process to reach a state, never for measuring time.
func eventually(within limit: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}
