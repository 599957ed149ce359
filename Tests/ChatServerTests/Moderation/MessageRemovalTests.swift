import AdminAPI
import Foundation
import Testing

@testable import ChatServer

/// Taking messages back: one by number, a person's recent ones, or with a ban; the room's `removed` event,
/// the history a newcomer gets, and the audit of what was said.
@Suite("Taking messages back")
struct MessageRemovalTests {
    let clock = ManualClock()

    func events(_ room: Room, _ ticket: JoinTicket) -> [ChatEvent] {
        guard case .batch(let batch) = room.peek(ticket.member.id) else { return [] }
        return batch.events.map(\.event)
    }

    func said(_ room: Room, _ token: SessionToken, _ texts: String...) throws -> [UInt64] {
        try texts.map { try room.send(token: token, text: $0).seq }
    }

    @Test("one message taken back: a removed event for everyone without the reason, gone from a newcomer's history, audited with its text")
    func removeOne() async throws {
        let store = MemoryStore()
        let room = Room.forModeration(clock: clock)
        let service = ModerationService.forTests(room, store: store, clock: clock)
        let watcher = try room.join(nick: "watcher", host: "198.51.100.1")
        let spammer = try room.join(nick: "spammer", host: "203.0.113.9")
        let seqs = try said(room, spammer.token, "hello", "buy cheap pills", "bye")

        let result = try await service.removeMessage(seq: seqs[1], reason: "spam", actor: "mia", source: "local")
        #expect(result.removed.map(\.text) == ["buy cheap pills"])
        let removed = try #require(events(room, watcher).last)
        #expect(removed.kind == .removed && removed.removed == [seqs[1]] && removed.nick == "spammer")
        guard case .batch(let batch) = room.peek(watcher.member.id), let encoded = batch.events.last else {
            Issue.record("no event")
            return
        }
        #expect(String(decoding: encoded.json, as: UTF8.self).hasSuffix(#""removed":[\#(seqs[1])]}"#))
        #expect(!String(decoding: encoded.json, as: UTF8.self).contains("reason"), "the public encoding leaves the reason out")
        #expect(removed.moderatorReason == "spam", "moderators have it")

        let newcomer = try room.join(nick: "newcomer", host: "198.51.100.2")
        #expect(newcomer.history.map { $0.event.text } == ["hello", "bye"])
        #expect(room.messagesRemoved == 1)

        let lines = try await store.audit(AuditQuery(action: "message.removed"))
        #expect(lines.count == 1)
        #expect(lines.first?.target == "spammer #\(seqs[1])")
        #expect(lines.first?.reason == "spam; said: <spammer> buy cheap pills")
        #expect(lines.first?.actor == "mia")

        do {
            _ = try await service.removeMessage(seq: seqs[1], reason: nil, actor: "mia", source: "local")
            Issue.record("removed twice")
        } catch let error as RoomError {
            #expect(error.code == .noSuchMessage)
        }
        do {
            _ = try await service.removeMessage(seq: watcher.cursor, reason: nil, actor: "mia", source: "local")
            Issue.record("a join is not a message")
        } catch let error as RoomError {
            #expect(error.code == .noSuchMessage)
        }
    }

    @Test("a purge takes back the target's messages of the stretch only, in one event; by address too")
    func purge() async throws {
        let room = Room.forModeration(clock: clock)
        let service = ModerationService.forTests(room, clock: clock)
        let watcher = try room.join(nick: "watcher", host: "198.51.100.1")
        let spammer = try room.join(nick: "spammer", host: "203.0.113.9")
        let old = try said(room, spammer.token, "an old one")
        clock.advance(by: 900)
        _ = try said(room, watcher.token, "someone else")
        let recent = try said(room, spammer.token, "spam 1", "spam 2")

        let result = try await service.purge(PurgeRequest(target: "SPAMMER", last: "10m"), actor: "mia", source: "local")
        #expect(result.removed.map(\.seq) == recent)
        #expect(events(room, watcher).last?.removed == recent)
        let history = try room.join(nick: "newcomer", host: "198.51.100.2").history.map { $0.event.text }
        #expect(history == ["an old one", "someone else"])

        let byAddress = try await service.purge(PurgeRequest(target: "203.0.113.0/24", last: "1h"), actor: "mia", source: "local")
        #expect(byAddress.removed.map(\.seq) == old)
        let nothing = try await service.purge(PurgeRequest(target: "spammer", last: "1h"), actor: "mia", source: "local")
        #expect(nothing.removed.isEmpty)
        #expect(events(room, watcher).last?.removed == old, "nothing taken back, nothing told")
    }

    @Test("a purge refuses what it cannot do, and changes nothing")
    func purgeRefusals() async throws {
        let room = Room.forModeration(clock: clock)
        let service = ModerationService.forTests(room, clock: clock)
        let spammer = try room.join(nick: "spammer", host: "203.0.113.9")
        _ = try said(room, spammer.token, "spam")
        for (request, code) in [
            (PurgeRequest(target: "spammer", last: "soon"), "invalid_duration"),
            (PurgeRequest(target: "spammer", last: "30d"), "invalid_duration"),
            (PurgeRequest(target: "no such!", last: "10m"), "invalid_target"),
            (PurgeRequest(target: "spammer", last: "10m", reason: String(repeating: "x", count: 201)), "invalid_reason"),
        ] {
            do {
                _ = try await service.purge(request, actor: "mia", source: "local")
                Issue.record("accepted \(request)")
            } catch let error as ModerationError {
                #expect(error.code.rawValue == code)
            }
        }
        #expect(room.messages(of: .nick(try Nick(validating: "spammer")), since: .distantPast).count == 1)
    }

    @Test("a ban with purge removes the person and their recent messages; its dry run lists them and changes nothing")
    func banWithPurge() async throws {
        let room = Room.forModeration(clock: clock)
        let service = ModerationService.forTests(room, clock: clock)
        let watcher = try room.join(nick: "watcher", host: "198.51.100.1")
        let spammer = try room.join(nick: "spammer", host: "203.0.113.9")
        let seqs = try said(room, spammer.token, "spam 1", "spam 2")

        let dry = try await service.sanction(
            .ban,
            CreateSanctionRequest(target: "spammer", dryRun: true, purge: "10m"),
            actor: "mia",
            callerAddress: nil
        )
        #expect(dry.purged?.map(\.seq) == seqs)
        #expect(room.messages(of: .nick(try Nick(validating: "spammer")), since: .distantPast).count == 2)

        let ban = try await service.sanction(.ban, CreateSanctionRequest(target: "spammer", purge: "10m"), actor: "mia", callerAddress: nil)
        #expect(ban.purged?.map(\.seq) == seqs)
        #expect(events(room, watcher).suffix(2).map(\.kind) == [.ban, .removed])
        #expect(try room.join(nick: "newcomer", host: "198.51.100.2").history.isEmpty)
    }

    @Test("the history keeps its length from what was not taken back")
    func historyRefills() throws {
        let room = Room(postOffice: PostOffice(clock: clock, pollTimeout: 30, mailboxCapacity: 100), clock: clock, idleTimeout: 90, historyLimit: 3)
        let alice = try room.join(nick: "alice", host: "198.51.100.1")
        let seqs = try said(room, alice.token, "1", "2", "3", "4", "5")
        _ = try room.removeMessage(seq: seqs[4], reason: nil, actor: "mia")
        _ = try room.removeMessage(seq: seqs[2], reason: nil, actor: "mia")
        #expect(try room.join(nick: "bob", host: "198.51.100.2").history.map { $0.event.text } == ["1", "2", "4"])
    }
}
