import Foundation
import NIOConcurrencyHelpers

@testable import ChatServer

/// A clock the test moves by hand.
final class ManualClock: ChatClock {
    private let current = NIOLockedValueBox(Date(timeIntervalSince1970: 1_800_000_000))

    func now() -> Date { current.withLockedValue { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLockedValue { $0.addTimeInterval(seconds) }
    }
}
