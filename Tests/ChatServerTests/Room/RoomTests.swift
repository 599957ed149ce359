import Foundation
import Testing

@testable import ChatServer

@Suite("Room")
struct RoomTests {
    let clock = ManualClock()

    func makeRoom(idle: TimeInterval = 90, history: Int = 50) -> Room {
        Room(postOffice: PostOffice(clock: clock, pollTimeout: 30, mailboxCapacity: 100), clock: clock, idleTimeout: idle, historyLimit: history)
    }

    func kinds(_ outcome: PollOutcome) -> [EventKind] {
        guard case .batch(let batch) = outcome else { return [] }
        return batch.allEvents.map(\.event.kind)
    }

    @Test("a join gets a token, its cursor, the people present and the recent history")
    func join() throws {
        let room = makeRoom()
        let alice = try room.join(nick: "alice", host: "127.0.0.1")
        try room.send(token: alice.token, text: "first")
        let bob = try room.join(nick: "Bob", host: "127.0.0.2")
        #expect(try nicks(bob) == ["alice", "Bob"])
        #expect(bob.history.map(\.event.text) == ["first"])
        #expect(bob.token != alice.token)
        #expect(bob.token.value.count == 64)
    }

    @Test("a join lists at most 200 people and says how many there are")
    func joinListIsBounded() throws {
        let room = makeRoom()
        for index in 0..<205 { _ = try room.join(nick: "p\(index)", host: "h") }
        let ticket = try room.join(nick: "last", host: "h")
        #expect(try nicks(ticket).count == Room.joinUsersLimit)
        #expect(try nicks(ticket).first == "p0", "in order of joining")
        #expect(ticket.usersTotal == 206)
        #expect(room.members().count == 206)
    }

    @Test("the join list, encoded once, follows leaves among the first 200 and ignores the others")
    func joinListFollowsLeaves() throws {
        let room = makeRoom()
        var tickets: [JoinTicket] = []
        for index in 0..<203 { tickets.append(try room.join(nick: "p\(index)", host: "h")) }
        try room.leave(token: tickets[202].token)
        #expect(try nicks(try room.join(nick: "q1", host: "h")) == (0..<200).map { "p\($0)" })
        try room.leave(token: tickets[5].token)
        let after = try nicks(try room.join(nick: "q2", host: "h"))
        #expect(after.count == 200)
        #expect(!after.contains("p5"))
        #expect(after.last == "p200")
    }

    func nicks(_ ticket: JoinTicket) throws -> [String] {
        let list = try #require(try JSONSerialization.jsonObject(with: Data(ticket.usersJSON)) as? [[String: Any]])
        #expect(list.allSatisfy { $0["joined_at"] is String })
        return list.compactMap { $0["nick"] as? String }
    }

    @Test("the first poll after joining returns the person's own join event")
    func ownJoin() async throws {
        let room = makeRoom()
        let ticket = try room.join(nick: "alice", host: "h")
        let outcome = await room.postOffice.poll(ticket.member.id, since: ticket.cursor, waiterID: 1)
        #expect(kinds(outcome) == [.join])
    }

    @Test("a nick is taken without regard to case, and free again once its holder leaves")
    func nickTaken() throws {
        let room = makeRoom()
        let alice = try room.join(nick: "Alice", host: "h")
        #expect(throws: RoomError(.nickTaken, "the nick 'ALICE' is taken; choose another")) {
            try room.join(nick: "ALICE", host: "h")
        }
        try room.leave(token: alice.token)
        _ = try room.join(nick: "alice", host: "h")
    }

    @Test("a refused join changes nothing")
    func refusedJoinChangesNothing() throws {
        let room = makeRoom()
        _ = try room.join(nick: "alice", host: "h")
        let seq = room.postOffice.lastSeq
        _ = try? room.join(nick: "bad nick", host: "h")
        _ = try? room.join(nick: "ALICE", host: "h")
        #expect(room.memberCount == 1)
        #expect(room.postOffice.lastSeq == seq)
    }

    @Test("everyone, the sender included, receives a message in the same order")
    func sendOrder() async throws {
        let room = makeRoom()
        let alice = try room.join(nick: "alice", host: "h")
        let bob = try room.join(nick: "bob", host: "h")
        try room.send(token: alice.token, text: "1")
        try room.send(token: bob.token, text: "2")
        try room.send(token: alice.token, text: "3")
        for ticket in [alice, bob] {
            guard case .batch(let batch) = await room.postOffice.poll(ticket.member.id, since: 2, waiterID: 1) else {
                Issue.record("no batch")
                continue
            }
            #expect(batch.events.compactMap(\.event.text) == ["1", "2", "3"])
        }
    }

    @Test("sending with an unknown token or invalid text is refused and publishes nothing")
    func sendRefusals() throws {
        let room = makeRoom()
        let alice = try room.join(nick: "alice", host: "h")
        let seq = room.postOffice.lastSeq
        #expect(throws: RoomError.self) { try room.send(token: SessionToken(value: "nope"), text: "hi") }
        #expect(throws: RoomError.self) { try room.send(token: alice.token, text: "a\nb") }
        #expect(room.postOffice.lastSeq == seq)
    }

    @Test("history keeps only the most recent messages")
    func historyBound() throws {
        let room = makeRoom(history: 3)
        let alice = try room.join(nick: "alice", host: "h")
        for index in 1...5 { try room.send(token: alice.token, text: "m\(index)") }
        let bob = try room.join(nick: "bob", host: "h")
        #expect(bob.history.compactMap(\.event.text) == ["m3", "m4", "m5"])
    }

    @Test("a session that neither polls nor sends for the idle timeout leaves, and the room sees why")
    func idleExpiry() async throws {
        let room = makeRoom(idle: 90)
        let idle = try room.join(nick: "idle", host: "h")
        let active = try room.join(nick: "active", host: "h")
        clock.advance(by: 60)
        try room.send(token: active.token, text: "still here")
        clock.advance(by: 31)
        #expect(room.expireIdle().map(\.display) == ["idle"])
        #expect(room.members().map(\.nick.display) == ["active"])
        guard case .batch(let batch) = await room.postOffice.poll(active.member.id, since: 3, waiterID: 1) else {
            Issue.record("no batch")
            return
        }
        let leave = try #require(batch.events.last?.event)
        #expect(leave.kind == .leave)
        #expect(leave.nick == "idle")
        #expect(leave.reason == "idle")
        // The idle session's next poll collects its own last event, which says not to reconnect.
        let id = try room.pollingSession(for: idle.token)
        guard case .batch(let own) = await room.postOffice.poll(id, since: nil, waiterID: 2) else {
            Issue.record("no last event")
            return
        }
        #expect(own.events.last?.event.reconnect == false)
        #expect(own.events.last?.event.reason == "idle")
    }

    @Test("a session holding a poll is not idle")
    func heldPollIsActivity() async throws {
        let room = makeRoom(idle: 90)
        let ticket = try room.join(nick: "poller", host: "h")
        let id = ticket.member.id
        let task = Task { await room.postOffice.poll(id, since: 1, waiterID: 7) }
        #expect(await eventually { room.postOffice.isWaiting(id) })
        clock.advance(by: 200)
        #expect(room.expireIdle().isEmpty)
        room.postOffice.abandon(id, waiterID: 7)
        _ = await task.value
    }

    @Test("leaving ends the session's held poll with its own leave event and tells the others")
    func leave() async throws {
        let room = makeRoom()
        let alice = try room.join(nick: "alice", host: "h")
        let bob = try room.join(nick: "bob", host: "h")
        let held = Task { await room.postOffice.poll(alice.member.id, since: 2, waiterID: 1) }
        #expect(await eventually { room.postOffice.isWaiting(alice.member.id) })
        try room.leave(token: alice.token)
        guard case .batch(let batch) = await held.value else {
            Issue.record("no batch")
            return
        }
        #expect(batch.events.map(\.event.kind) == [.leave])
        #expect(batch.events[0].event.reconnect == false)
        #expect(kinds(await room.postOffice.poll(bob.member.id, since: 2, waiterID: 2)) == [.leave])
        #expect(throws: RoomError.self) { try room.send(token: alice.token, text: "gone") }
    }
}
