import AdminAPI
import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import ChatServer

/// Changes of moderation run one at a time: one held at its store write does not let another read the old
/// state and write over the first (issue 13, point 7).
@Suite("Moderation changes are serialized")
struct SerializedChangesTests {
    let clock = ManualClock()

    func makeService(store: MemoryStore) -> ModerationService {
        .forTests(.forModeration(clock: clock), store: store, clock: clock)
    }

    @Test("two concurrent changes of limits both hold, in memory and in the store")
    func concurrentLimitChanges() async throws {
        let gate = Gate()
        let store = MemoryStore(beforeSavingLimits: { _ in await gate.pass() })
        let service = makeService(store: store)
        let first = Task { try await service.setLimits(UpdateLimitsRequest(messageRate: "3/10s")) }
        #expect(await eventually { await gate.isHolding }, "the first change is held at its store write")
        let second = Task { try await service.setLimits(UpdateLimitsRequest(joinsPerMinute: 7)) }
        try await Task.sleep(for: .milliseconds(50))
        await gate.open()
        _ = try await first.value
        let final = try await second.value
        #expect(final.messageRate.description == "3/10s" && final.joinsPerMinute == 7)
        let stored = try #require(try await store.loadLimits())
        #expect(stored.limits.messageRate.description == "3/10s", "the first change was not lost")
        #expect(stored.limits.joinsPerMinute == 7)
    }

    @Test("an expiry held at its store write does not write reverted limits over a newer change")
    func expiryRacingAChange() async throws {
        let gate = Gate()
        let armed = ArmedFlag()
        let store = MemoryStore(beforeSavingLimits: { _ in if armed.isSet { await gate.pass() } })
        let service = makeService(store: store)
        _ = try await service.setLimits(UpdateLimitsRequest(messageRate: "50/10s", ttl: "1m"))
        clock.advance(by: 61)
        armed.set()
        let expiry = Task { await service.expireDue() }
        #expect(await eventually { await gate.isHolding }, "the revert is held at its store write")
        let change = Task { try await service.setLimits(UpdateLimitsRequest(hostCap: 9)) }
        try await Task.sleep(for: .milliseconds(50))
        await gate.open()
        await expiry.value
        let final = try await change.value
        #expect(final.hostCap == 9 && final.messageRate == Limits.defaults.messageRate)
        let stored = try #require(try await store.loadLimits())
        #expect(stored.limits.hostCap == 9, "the newer change is what the store keeps")
        #expect(stored.revertAt == nil)
        let reverts = try await store.audit(AuditQuery(action: "limits.revert"))
        #expect(reverts.count == 1)
    }
}

/// A flag set once, read from any task.
private final class ArmedFlag: Sendable {
    private let value = NIOLockedValueBox(false)
    var isSet: Bool { value.withLockedValue { $0 } }
    func set() { value.withLockedValue { $0 = true } }
}
