import Foundation
import Logging
import NIOConcurrencyHelpers

/// A log line that repeats under attack, written at most once per interval with how many times it happened
/// since the last one: a flood of refusals shows in the log without filling it.
final class ThrottledLog: Sendable {
    private struct State {
        var lastWritten: [String: Date] = [:]
        var unwritten: [String: Int] = [:]
    }

    private let state = NIOLockedValueBox(State())
    private let logger: Logger
    private let interval: TimeInterval

    init(logger: Logger, interval: TimeInterval = 10) {
        self.logger = logger
        self.interval = interval
    }

    /// Counts one `key` event and writes `message` (with the count since the last line) if the interval has passed.
    func warning(_ key: String, _ message: @autoclosure () -> String, metadata: Logger.Metadata = [:]) {
        let now = Date()
        let count: Int? = state.withLockedValue { state in
            state.unwritten[key, default: 0] += 1
            if let last = state.lastWritten[key], now.timeIntervalSince(last) < interval { return nil }
            state.lastWritten[key] = now
            return state.unwritten.removeValue(forKey: key)
        }
        guard let count else { return }
        var metadata = metadata
        metadata["chat.count"] = "\(count)"
        logger.warning("\(message()) (\(count) since the last such line)", metadata: metadata)
    }
}
