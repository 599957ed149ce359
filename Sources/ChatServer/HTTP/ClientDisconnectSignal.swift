import NIOConcurrencyHelpers

/// Says when one connection's client has gone (it closed its side or the connection broke), so a held
/// request can let go at once instead of at its timeout.
final class ClientDisconnectSignal: Sendable {
    private struct State {
        var isDisconnected = false
        var handler: (@Sendable () -> Void)?
    }

    private let state = NIOLockedValueBox(State())

    /// Whether the client has gone.
    var isDisconnected: Bool { state.withLockedValue { $0.isDisconnected } }

    /// Calls `handler` once when the client goes, replacing any earlier handler.
    func onDisconnect(_ handler: @escaping @Sendable () -> Void) {
        state.withLockedValue { $0.handler = handler }
    }

    /// Forgets the handler: the request it served has finished.
    func clearHandler() {
        state.withLockedValue { $0.handler = nil }
    }

    /// Marks the client gone and runs the handler, outside the lock.
    func fire() {
        let handler: (@Sendable () -> Void)? = state.withLockedValue { state in
            guard !state.isDisconnected else { return nil }
            state.isDisconnected = true
            defer { state.handler = nil }
            return state.handler
        }
        handler?()
    }
}
