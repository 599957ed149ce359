import AdminAPI
import Foundation
import Testing

@testable import ChatServer

/// Reports: filed by people in the room, one per message however many report it, told to moderators only,
/// limited per session, resolved with one action that closes them, and kept in the store.
@Suite("Reports of messages")
struct ReportTests {
    let clock = ManualClock()

    struct Room3 {
        let room: Room
        let service: ModerationService
        let store: MemoryStore
        let bob: JoinTicket
        let alice: JoinTicket
        let carol: JoinTicket
        let seq: UInt64
    }

    /// bob said something; alice and carol are there to report it.
    func makeRoom() throws -> Room3 {
        let store = MemoryStore()
        let room = Room.forModeration(clock: clock)
        let service = ModerationService.forTests(room, store: store, clock: clock)
        let bob = try room.join(nick: "bob", host: "203.0.113.1")
        let alice = try room.join(nick: "alice", host: "203.0.113.2")
        let carol = try room.join(nick: "carol", host: "203.0.113.3")
        let seq = try room.send(token: bob.token, text: "you are all idiots").seq
        return Room3(room: room, service: service, store: store, bob: bob, alice: alice, carol: carol, seq: seq)
    }

    func events(_ room: Room, _ ticket: JoinTicket) -> [ChatEvent] {
        guard case .batch(let batch) = room.peek(ticket.member.id) else { return [] }
        return batch.events.map(\.event)
    }

    @Test("reports of one message gather in one report; moderators alone hear of each, with who and why")
    func gather() async throws {
        let r = try makeRoom()
        try r.room.signIn(r.carol.member.id, account: "carol", role: .moderator)
        let first = try await r.service.fileReport(from: r.alice.member.id, seq: r.seq, reason: "insults")
        let again = try await r.service.fileReport(from: r.alice.member.id, seq: r.seq, reason: "insults!")
        #expect(again == first, "the same person twice changes nothing")
        let second = try await r.service.fileReport(from: r.carol.member.id, seq: r.seq, reason: nil)
        #expect(second.id == first.id)
        #expect(second.reporters.map(\.nick) == ["alice", "carol"])
        #expect(second.text == "you are all idiots" && second.nick == "bob" && second.state == .open)

        let heard = events(r.room, r.carol).filter { $0.kind == .report }
        #expect(heard.count == 2, "the moderator's page hears of each")
        #expect(heard.first?.reporter == "alice" && heard.first?.reason == "insults" && heard.first?.message == r.seq)
        #expect(heard.last?.reporters == 2 && heard.last?.report == first.id)
        #expect(!events(r.room, r.bob).contains { $0.kind == .report }, "the reported person does not")
        #expect(!events(r.room, r.alice).contains { $0.kind == .report }, "nor the one who reported")
        #expect(try await r.store.reports() == [second], "stored as it stands")
    }

    @Test("what cannot be reported is refused and files nothing: one's own message, no such message, a removed one")
    func refusals() async throws {
        let r = try makeRoom()
        #expect(await refusalCode { _ = try await r.service.fileReport(from: r.bob.member.id, seq: r.seq, reason: nil) } == "invalid_report")
        #expect(await refusalCode { _ = try await r.service.fileReport(from: r.alice.member.id, seq: 9999, reason: nil) } == "message_not_found")
        let join = r.bob.cursor
        #expect(await refusalCode { _ = try await r.service.fileReport(from: r.alice.member.id, seq: join, reason: nil) } == "message_not_found")
        let long = String(repeating: "x", count: 201)
        #expect(await refusalCode { _ = try await r.service.fileReport(from: r.alice.member.id, seq: r.seq, reason: long) } == "invalid_reason")
        _ = try r.room.removeMessage(seq: r.seq, reason: nil, actor: "mia")
        #expect(await refusalCode { _ = try await r.service.fileReport(from: r.alice.member.id, seq: r.seq, reason: nil) } == "message_not_found")
        #expect(try await r.store.reports().isEmpty)
    }

    @Test("reports are limited per session: five at once, then one every twelve seconds, with the wait")
    func rate() async throws {
        let r = try makeRoom()
        var seqs: [UInt64] = []
        for index in 0..<7 { seqs.append(try r.room.send(token: r.bob.token, text: "line \(index)").seq) }
        for seq in seqs.prefix(5) { _ = try await r.service.fileReport(from: r.alice.member.id, seq: seq, reason: nil) }
        do {
            _ = try await r.service.fileReport(from: r.alice.member.id, seq: seqs[5], reason: nil)
            Issue.record("a sixth report at once was accepted")
        } catch let error as RoomError {
            #expect(error.code == .rateLimited && error.retryAfter == 12)
        }
        _ = try await r.service.fileReport(from: r.carol.member.id, seq: seqs[5], reason: nil)
        clock.advance(by: 12)
        _ = try await r.service.fileReport(from: r.alice.member.id, seq: seqs[6], reason: nil)
    }

    @Test("resolving does the action and closes the report in one step; a closed report refuses a second")
    func resolve() async throws {
        let r = try makeRoom()
        let reported = try await r.service.fileReport(from: r.alice.member.id, seq: r.seq, reason: "insults")
        let closed = try await r.service.resolveReport(
            reported.id,
            ResolveReportRequest(action: "mute", duration: "10m", reason: "be civil"),
            actor: "mia",
            callerAddress: nil,
            source: "local"
        )
        #expect(closed.state == .closed && closed.resolvedBy == "mia")
        #expect(closed.resolution?.hasPrefix("muted bob for 10m (mute_") == true)
        #expect(closed.resolution?.hasSuffix(": be civil") == true)
        #expect(throws: RoomError.self) { try r.room.send(token: r.bob.token, text: "hello?") }
        #expect(r.service.reports(in: .open).isEmpty && r.service.reports(in: .closed) == [closed])
        #expect(try await r.store.reports() == [closed])
        let again = await refusalCode {
            _ = try await r.service.resolveReport(
                reported.id,
                ResolveReportRequest(action: "dismiss"),
                actor: "mia",
                callerAddress: nil,
                source: "local"
            )
        }
        #expect(again == "report_closed")
        #expect(
            await refusalCode {
                _ = try await r.service.resolveReport(
                    "rep_nope",
                    ResolveReportRequest(action: "dismiss"),
                    actor: "mia",
                    callerAddress: nil,
                    source: "local"
                )
            } == "report_not_found"
        )

        // A report filed after the first closed opens a new one.
        let anew = try await r.service.fileReport(from: r.carol.member.id, seq: r.seq, reason: nil)
        #expect(anew.id != reported.id)
        let removed = try await r.service.resolveReport(
            anew.id,
            ResolveReportRequest(action: "remove"),
            actor: "mia",
            callerAddress: nil,
            source: "local"
        )
        #expect(removed.resolution == "removed")
        #expect(r.room.sentMessage(seq: r.seq) == nil, "the message is taken back")
        #expect(
            await refusalCode {
                _ = try await r.service.resolveReport(
                    anew.id,
                    ResolveReportRequest(action: "shout"),
                    actor: "mia",
                    callerAddress: nil,
                    source: "local"
                )
            } == "invalid_action"
        )
    }

    @Test("reports come back after a restart, open ones still gathering reporters")
    func survivesRestart() async throws {
        let r = try makeRoom()
        let reported = try await r.service.fileReport(from: r.alice.member.id, seq: r.seq, reason: nil)
        let room = Room.forModeration(clock: clock)
        let service = ModerationService.forTests(room, store: r.store, clock: clock)
        try await service.load()
        #expect(service.reports(in: .open) == [reported])
        let closed = try await service.resolveReport(
            reported.id,
            ResolveReportRequest(action: "remove"),
            actor: "mia",
            callerAddress: nil,
            source: "local"
        )
        #expect(closed.resolution == "removed (it was gone already)", "the room's messages did not survive the restart")
    }
}
