import Foundation

/// The room's source of time. Production uses ``SystemClock``; tests inject a clock they move by hand,
/// so idle expiry and poll deadlines are checked without sleeping.
public protocol ChatClock: Sendable {
    /// The current wall-clock time.
    func now() -> Date
}

/// The real clock.
public struct SystemClock: ChatClock {
    public init() {}
    public func now() -> Date { Date() }
}
