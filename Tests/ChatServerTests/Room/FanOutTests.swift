import AdminAPI
import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import ChatServer

/// Held polls are answered after the room's lock is released (issue 14, point 2): an answer's callback
/// may read the room, and a broadcast to many polls holds up no join or send while it is delivered.
@Suite("Fan-out outside the room's lock")
struct FanOutTests {
    let clock = ManualClock()

    func makeRoom() -> Room {
        Room(postOffice: PostOffice(clock: clock, pollTimeout: 30, mailboxCapacity: 100), clock: clock, idleTimeout: 90)
    }

    /// Runs `body` on a thread of its own (a deadlock there blocks no test) and says whether it finished.
    func finishes(_ body: @escaping @Sendable () -> Void) async -> Bool {
        let done = NIOLockedValueBox(false)
        Thread {
            body()
            done.withLockedValue { $0 = true }
        }.start()
        return await eventually { done.withLockedValue { $0 } }
    }

    @Test(
        "a poll's answer may call back into the room, for every kind of event that answers it",
        arguments: ["send", "join", "kick", "leave", "ban"]
    )
    func answerMayReadTheRoom(_ trigger: String) async throws {
        let room = makeRoom()
        let listener = try room.join(nick: "listener", host: "192.0.2.1")
        let speaker = try room.join(nick: "speaker", host: "192.0.2.2")
        let seen = NIOLockedValueBox<[Int]>([])
        room.postOffice.poll(listener.member.id, since: room.postOffice.lastSeq, waiterID: 1) { _ in
            // Under the old publish this ran inside the room's lock and deadlocked here.
            seen.withLockedValue { $0.append(room.memberCount) }
        }
        #expect(room.postOffice.isWaiting(listener.member.id))
        let finished = await finishes {
            switch trigger {
            case "send": _ = try? room.send(token: speaker.token, text: "hello")
            case "join": _ = try? room.join(nick: "newcomer", host: "192.0.2.3")
            case "kick": _ = try? room.kick(nick: "speaker", reason: nil, actor: "mod")
            case "leave": try? room.leave(token: speaker.token)
            default: room.removeMatching(.nick(try! Nick(validating: "speaker")), because: .banned(reason: nil, expiresAt: nil, actor: "mod"))
            }
        }
        #expect(finished, "the \(trigger) finished: the answer was delivered with no lock held")
        #expect(seen.withLockedValue { $0.count } == 1)
    }

    @Test("a kicked person's own held poll gets its kick, and may read the room as it does")
    func ownEndMayReadTheRoom() async throws {
        let room = makeRoom()
        let target = try room.join(nick: "target", host: "192.0.2.1")
        let kinds = NIOLockedValueBox<[EventKind]>([])
        room.postOffice.poll(target.member.id, since: room.postOffice.lastSeq, waiterID: 1) { outcome in
            _ = room.members()
            if case .batch(let batch) = outcome { kinds.withLockedValue { $0 = batch.allEvents.map(\.event.kind) } }
        }
        #expect(await finishes { _ = try? room.kick(nick: "target", reason: "spam", actor: "mod") })
        #expect(kinds.withLockedValue { $0 } == [.kick])
    }

    @Test("every one of many held polls gets the broadcast, once")
    func broadcastReachesEveryone() throws {
        let room = makeRoom()
        let answered = NIOLockedValueBox(0)
        var tickets: [JoinTicket] = []
        for index in 0..<500 { tickets.append(try room.join(nick: "p\(index)", host: "10.0.\(index / 250).\(index % 250)")) }
        _ = try room.join(nick: "speaker", host: "192.0.2.9")
        for (index, ticket) in tickets.enumerated() {
            room.postOffice.poll(ticket.member.id, since: room.postOffice.lastSeq, waiterID: UInt64(index + 1)) { _ in
                answered.withLockedValue { $0 += 1 }
            }
        }
        try room.send(token: room.member(nick: "speaker")!.token, text: "to all")
        #expect(answered.withLockedValue { $0 } == 500)
    }

    @Test("a poll's answer counts as activity for the idle timeout, noted by the domain, not by the HTTP layer")
    func answerIsActivity() throws {
        let room = makeRoom()
        let quiet = try room.join(nick: "quiet", host: "192.0.2.1")
        let speaker = try room.join(nick: "speaker", host: "192.0.2.2")
        clock.advance(by: 80)
        room.postOffice.poll(quiet.member.id, since: room.postOffice.lastSeq, waiterID: 1) { _ in }
        try room.send(token: speaker.token, text: "wake up")  // answers quiet's poll at t = 80
        clock.advance(by: 20)
        #expect(room.expireIdle().map(\.display) == [], "quiet's poll was answered 20 s ago; speaker sent 20 s ago")
        #expect(room.userInfo(room.member(nick: "quiet")!).lastSeen == clock.now().addingTimeInterval(-20))
        clock.advance(by: 71)
        #expect(Set(room.expireIdle().map(\.display)) == ["quiet", "speaker"])
    }
}
