import AdminAPI
import Foundation
import Logging
import Testing

@testable import ChatServer

/// What the page's people list is drawn from: the listing (a join's answer, `GET /api/users`) and the
/// room's events say who is muted, until when, and who moderates, and follow every change.
@Suite("Who is muted and who moderates, in the listing and the events")
struct MuteListingTests {
    let clock = ManualClock()

    func makeRoom() -> Room { .forModeration(clock: clock, idleTimeout: 90_000) }

    func makeService(_ room: Room) -> ModerationService { .forTests(room, clock: clock) }

    /// A listing's people by nick.
    func people(_ json: [UInt8]) throws -> [String: [String: Any]] {
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: array.map { ($0["nick"] as? String ?? "?", $0) })
    }

    /// The events waiting in a session's mailbox.
    func events(_ room: Room, _ ticket: JoinTicket) -> [ChatEvent] {
        guard case .batch(let batch) = room.peek(ticket.member.id) else { return [] }
        return batch.events.map(\.event)
    }

    func mute(_ service: ModerationService, _ target: String, for duration: String?) async throws {
        _ = try await service.sanction(.mute, CreateSanctionRequest(target: target, duration: duration), actor: "mod", callerAddress: nil)
    }

    @Test("a join's listing says who moderates and who is muted until when, and is made afresh as that changes")
    func listingFollowsChanges() async throws {
        let room = makeRoom()
        let service = makeService(room)
        let pat = try room.join(nick: "pat", host: "203.0.113.10")
        let mia = try room.join(nick: "mia", host: "203.0.113.11")
        #expect(try people(mia.usersJSON)["pat"]?["muted"] == nil)

        try room.signIn(mia.member.id, account: "mia", role: .moderator)
        #expect(events(room, pat).last?.kind == .moderator)
        try await mute(service, "pat", for: "30m")
        let listed = try people(try room.join(nick: "quinn", host: "203.0.113.12").usersJSON)
        #expect(listed["mia"]?["moderator"] as? Bool == true)
        #expect(listed["pat"]?["moderator"] == nil)
        #expect(listed["pat"]?["muted"] as? Bool == true)
        #expect(listed["pat"]?["muted_until"] as? String == AdminJSON.formatTimestamp(clock.now().addingTimeInterval(1800)))
        #expect(try people(room.publicListing())["pat"]?["muted"] as? Bool == true, "GET /api/users says the same")

        _ = try await service.lift(.mute, idOrTarget: "pat", actor: "mod")
        #expect(events(room, pat).last?.kind == .unmute)
        #expect(try people(try room.join(nick: "rosa", host: "203.0.113.13").usersJSON)["pat"]?["muted"] == nil)
        #expect(try people(room.publicListing())["pat"]?["muted"] == nil)
    }

    @Test("a muted person's join says so with the later end; an unmute is told only when no other mute covers them")
    func unmuteOnlyWhenFree() async throws {
        let room = makeRoom()
        let service = makeService(room)
        let watcher = try room.join(nick: "watcher", host: "198.51.100.1")
        try await mute(service, "pat", for: "10m")
        try await mute(service, "203.0.113.0/24", for: "1h")
        _ = try room.join(nick: "pat", host: "203.0.113.10")
        let joined = try #require(events(room, watcher).last)
        #expect(joined.kind == .join && joined.muted == true)
        #expect(joined.expiresAt == clock.now().addingTimeInterval(3600), "the mute that ends later counts")

        _ = try await service.lift(.mute, idOrTarget: "pat", actor: "mod")
        #expect(events(room, watcher).last?.kind == .join, "still muted by the range: no unmute")
        #expect(try people(room.publicListing())["pat"]?["muted"] as? Bool == true)

        clock.advance(by: 3600)
        await service.expireDue()
        let ended = try #require(events(room, watcher).last)
        #expect(ended.kind == .unmute && ended.nick == "pat" && ended.actor == "system")
        #expect(try people(room.publicListing())["pat"]?["muted"] == nil)
        _ = try room.send(token: try #require(room.member(nick: "pat")).token, text: "free again")
    }

    @Test("a permanent mute outlasts any timed one: listed without an end")
    func permanentWins() async throws {
        let room = makeRoom()
        let service = makeService(room)
        _ = try room.join(nick: "pat", host: "203.0.113.10")
        try await mute(service, "pat", for: "1h")
        try await mute(service, "203.0.113.10", for: nil)
        try await mute(service, "203.0.113.0/24", for: "2h")
        let pat = try #require(try people(room.publicListing())["pat"])
        #expect(pat["muted"] as? Bool == true)
        #expect(pat["muted_until"] == nil)
    }
}
