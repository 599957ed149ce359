import Foundation
import Logging

@testable import ChatServer

extension Room {
    /// A room on a manual clock with its own moderation rules, as the moderation suites use it: mailboxes
    /// of 100 events, 30 s polls.
    static func forModeration(clock: ManualClock, idleTimeout: TimeInterval = 90) -> Room {
        Room(
            postOffice: PostOffice(clock: clock, pollTimeout: 30, mailboxCapacity: 100),
            moderation: Moderation(clock: clock),
            clock: clock,
            idleTimeout: idleTimeout
        )
    }
}

extension ModerationService {
    /// The moderation service of `room`, writing to `store` and auditing there too.
    static func forTests(_ room: Room, store: any ControlStore = MemoryStore(), clock: ManualClock) -> ModerationService {
        let logger = Logger(label: "test")
        return ModerationService(room: room, store: store, audit: AuditLog(store: store, clock: clock, logger: logger), clock: clock, logger: logger)
    }
}

/// The error code `body` was refused with, as a client would see it; nil if it was not refused.
func refusalCode(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch {
        return APIError.from(error)?.code
    }
}
