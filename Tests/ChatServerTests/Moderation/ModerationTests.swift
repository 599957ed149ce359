import AdminAPI
import Foundation
import Logging
import Testing

@testable import ChatServer

@Suite("Moderation rules")
struct ModerationTests {
    let clock = ManualClock()

    func makeRoom() -> Room { .forModeration(clock: clock) }

    func makeService(_ room: Room, store: any ControlStore = MemoryStore()) -> ModerationService {
        .forTests(room, store: store, clock: clock)
    }

    func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as RoomError {
            return error.code.rawValue
        } catch {
            return "\(error)"
        }
    }

    @Test("a host may have three sessions, then host_limit; a live change applies at once")
    func hostCap() async throws {
        let room = makeRoom()
        for index in 1...3 { _ = try room.join(nick: "p\(index)", host: "198.51.100.7") }
        #expect(code { _ = try room.join(nick: "p4", host: "198.51.100.7") } == "host_limit")
        _ = try room.join(nick: "other", host: "198.51.100.8")
        _ = try await makeService(room).setLimits(UpdateLimitsRequest(hostCap: 4))
        _ = try room.join(nick: "p4", host: "198.51.100.7")
        #expect(code { _ = try room.join(nick: "p5", host: "198.51.100.7") } == "host_limit")
    }

    @Test("the host-cap check on its own refuses exactly when a join from that host would be")
    func hostCapAlone() throws {
        let room = makeRoom()
        let address = try #require(IPAddress("198.51.100.7"))
        let nick = try Nick(validating: "next")
        for index in 1...3 {
            #expect(room.moderation.hostCapRefusal(nick: nick, address: address) == nil)
            _ = try room.join(nick: "p\(index)", host: "198.51.100.7")
        }
        #expect(room.moderation.hostCapRefusal(nick: nick, address: address)?.code == .hostLimit)
        #expect(code { _ = try room.join(nick: "next", host: "198.51.100.7") } == "host_limit")
        #expect(room.moderation.hostCapRefusal(nick: nick, address: try #require(IPAddress("198.51.100.8"))) == nil)
    }

    @Test("the micro-benchmarks (their own binary, chat-microbench) run every check, automod too, and both codecs and report a time for each")
    func microBenchmarks() throws {
        let process = Process()
        process.executableURL = ServerProcess.sibling("chat-microbench", environment: "CHAT_MICROBENCH_BINARY")
        process.arguments = ["--bans", "100", "--rounds", "2", "--iterations", "10"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let figures = output.split(separator: "\n").filter { $0.hasSuffix(")") && $0.contains(" ns  (") }
        #expect(
            figures.count == 13,
            "five moderation checks, five automod checks, the connection cap and a codec round with each codec: \(output)"
        )
        #expect(figures.contains { $0.contains("lean codec") } && figures.contains { $0.contains("nio codec") }, "\(output)")
        #expect(figures.contains { $0.contains("automod check, 100 rules") }, "\(output)")
    }

    @Test("IPv6 addresses in one /64 are one host; the grouping is configurable live")
    func ipv6Grouping() async throws {
        let room = makeRoom()
        for index in 1...3 { _ = try room.join(nick: "v\(index)", host: "2001:db8:1:2::\(index)") }
        #expect(code { _ = try room.join(nick: "v4", host: "2001:db8:1:2:ffff::9") } == "host_limit")
        _ = try room.join(nick: "elsewhere", host: "2001:db8:1:3::1")
        _ = try await makeService(room).setLimits(UpdateLimitsRequest(ipv6HostPrefix: 128))
        _ = try room.join(nick: "v4", host: "2001:db8:1:2:ffff::9")
    }

    @Test("a leaving session frees its place under the cap")
    func capFreed() throws {
        let room = makeRoom()
        let tickets = try (1...3).map { try room.join(nick: "p\($0)", host: "198.51.100.7") }
        try room.leave(token: tickets[0].token)
        _ = try room.join(nick: "p4", host: "198.51.100.7")
    }

    @Test("joins per host per minute are limited, with the wait")
    func joinRate() async throws {
        let room = makeRoom()
        _ = try await makeService(room).setLimits(UpdateLimitsRequest(joinsPerMinute: 2, hostCap: 100))
        let first = try room.join(nick: "a1", host: "198.51.100.9")
        try room.leave(token: first.token)
        _ = try room.join(nick: "a2", host: "198.51.100.9")
        do {
            _ = try room.join(nick: "a3", host: "198.51.100.9")
            Issue.record("a third join in a minute went through")
        } catch {
            #expect(error.code == .joinRateLimited)
            #expect((error.retryAfter ?? 0) > 0)
        }
        clock.advance(by: 30)
        _ = try room.join(nick: "a3", host: "198.51.100.9")
    }

    @Test("messages are limited per session with Retry-After; other sessions are not affected")
    func messageRate() throws {
        let room = makeRoom()
        let fast = try room.join(nick: "fast", host: "198.51.100.1")
        let calm = try room.join(nick: "calm", host: "198.51.100.2")
        for _ in 0..<10 { try room.send(token: fast.token, text: "x") }
        do {
            try room.send(token: fast.token, text: "one too many")
            Issue.record("the 11th message went through")
        } catch {
            #expect(error.code == .rateLimited)
            #expect(abs((error.retryAfter ?? 0) - 0.3) < 0.01)
        }
        try room.send(token: calm.token, text: "fine")
        clock.advance(by: 0.3)
        try room.send(token: fast.token, text: "allowed again")
    }

    @Test("overrides: a nick's own rate, a range's own cap, an exemption, each reverting with its TTL")
    func overrides() async throws {
        let room = makeRoom()
        let service = makeService(room)
        _ = try await service.addOverride(CreateOverrideRequest(target: "198.51.100.0/24", hostCap: 5), actor: "root")
        for index in 1...5 { _ = try room.join(nick: "n\(index)", host: "198.51.100.50") }
        #expect(code { _ = try room.join(nick: "n6", host: "198.51.100.50") } == "host_limit")
        _ = try await service.addOverride(CreateOverrideRequest(target: "bot", exempt: true, ttl: "1m"), actor: "root")
        let bot = try room.join(nick: "bot", host: "198.51.100.50")
        for _ in 0..<50 { try room.send(token: bot.token, text: "beep") }
        clock.advance(by: 61)
        await service.expireDue()
        for _ in 0..<10 { try room.send(token: bot.token, text: "beep") }
        #expect(code { try room.send(token: bot.token, text: "beep") } == "rate_limited", "the exemption ran out")
        #expect(service.moderation.overrides.count == 1)
    }

    @Test("a ban on an address removes the people there and refuses their joins with the reason and expiry")
    func banAddress() async throws {
        let room = makeRoom()
        let service = makeService(room)
        let target = try room.join(nick: "target", host: "203.0.113.7")
        _ = try room.join(nick: "bystander", host: "203.0.113.8")
        let result = try await service.sanction(
            .ban,
            CreateSanctionRequest(target: "203.0.113.7", duration: "2h", publicReason: "spam", privateReason: "bot farm"),
            actor: "mod",
            callerAddress: nil
        )
        #expect(result.affected.map(\.nick) == ["target"])
        #expect(room.members().map(\.nick.display) == ["bystander"])
        guard case .batch(let batch) = await room.postOffice.poll(target.member.id, since: nil, waiterID: 1) else {
            Issue.record("no last event")
            return
        }
        let ban = try #require(batch.events.last?.event)
        #expect(ban.kind == .ban && ban.reason == "spam" && ban.reconnect == false)
        #expect(ban.expiresAt == clock.now().addingTimeInterval(7200))
        do {
            _ = try room.join(nick: "newnick", host: "203.0.113.7")
            Issue.record("banned address joined")
        } catch {
            #expect(error.code == .banned)
            #expect(error.reason == "spam")
            #expect(error.expiresAt == clock.now().addingTimeInterval(7200))
        }
    }

    @Test("a timed ban lifts itself; the lift is recorded and audited")
    func expiry() async throws {
        let store = MemoryStore()
        let room = makeRoom()
        let service = makeService(room, store: store)
        _ = try await service.sanction(.ban, CreateSanctionRequest(target: "troll", duration: "90s"), actor: "mod", callerAddress: nil)
        #expect(code { _ = try room.join(nick: "Troll", host: "203.0.113.9") } == "banned")
        clock.advance(by: 89)
        await service.expireDue()
        #expect(code { _ = try room.join(nick: "troll", host: "203.0.113.9") } == "banned")
        clock.advance(by: 1)
        await service.expireDue()
        _ = try room.join(nick: "troll", host: "203.0.113.9")
        let stored = try await store.sanctions(includingInactive: true, at: clock.now())
        #expect(stored.first?.liftedBy == "system")
        #expect(try await store.audit(AuditQuery(action: "ban.expire")).count == 1)
    }

    @Test("what expired while the server was down is lifted at start, recorded with its time and audited as system")
    func expiryDuringDowntime() async throws {
        let store = MemoryStore()
        let before = makeService(makeRoom(), store: store)
        let ban = try #require(
            try await before.sanction(.ban, CreateSanctionRequest(target: "troll", duration: "3s"), actor: "mod", callerAddress: nil).sanction
        )
        _ = try await before.sanction(.mute, CreateSanctionRequest(target: "loud", duration: "3s"), actor: "mod", callerAddress: nil)
        _ = try await before.addOverride(CreateOverrideRequest(target: "bot", exempt: true, ttl: "3s"), actor: "admin")
        _ = try await before.setLimits(UpdateLimitsRequest(messageRate: "2/10s", ttl: "3s"))
        // The server stops (nothing runs its expiry), and starts again 5 s later on the same store.
        clock.advance(by: 5)
        let room = makeRoom()
        let after = makeService(room, store: store)
        try await after.load()
        _ = try room.join(nick: "troll", host: "203.0.113.9")
        #expect(after.moderation.sanctions(.mute).isEmpty && after.moderation.overrides.isEmpty)
        #expect(after.moderation.limits.messageRate == Limits.defaults.messageRate)
        let lifted = try #require(try await store.sanctions(includingInactive: true, at: clock.now()).first { $0.id == ban.id })
        #expect(lifted.liftedBy == "system")
        #expect(lifted.liftedAt == ban.expiresAt, "lifted when it expired, not when the server came back")
        #expect(try await store.loadLimits()?.revertAt == nil)
        for action in ["ban.expire", "mute.expire", "override.expire", "limits.revert"] {
            let lines = try await store.audit(AuditQuery(action: action))
            #expect(lines.count == 1, "\(action)")
            #expect(lines.first?.actor == "system")
            #expect(lines.first?.reason?.contains("while the server was down") == true, "\(action): \(lines.first?.reason ?? "")")
        }
    }

    @Test("a mute keeps the person in but refuses messages with the reason; unmute lets them speak")
    func mute() async throws {
        let room = makeRoom()
        let service = makeService(room)
        let loud = try room.join(nick: "loud", host: "203.0.113.10")
        _ = try await service.sanction(
            .mute,
            CreateSanctionRequest(target: "loud", duration: "30m", publicReason: "calm down"),
            actor: "mod",
            callerAddress: nil
        )
        do {
            try room.send(token: loud.token, text: "hello?")
            Issue.record("muted person spoke")
        } catch {
            #expect(error.code == .muted)
            #expect(error.reason == "calm down")
        }
        #expect(room.members().count == 1)
        let lifted = try await service.lift(.mute, idOrTarget: "loud", actor: "mod")
        #expect(lifted.count == 1)
        try room.send(token: loud.token, text: "thanks")
    }

    @Test("dry run lists who would be hit and changes nothing")
    func dryRun() async throws {
        let room = makeRoom()
        let service = makeService(room)
        _ = try room.join(nick: "a", host: "192.0.2.1")
        _ = try room.join(nick: "b", host: "192.0.2.200")
        let result = try await service.sanction(.ban, CreateSanctionRequest(target: "192.0.2.0/24", dryRun: true), actor: "mod", callerAddress: nil)
        #expect(result.dryRun && result.sanction == nil)
        #expect(result.affected.map(\.nick) == ["a", "b"])
        #expect(room.memberCount == 2)
        #expect(service.moderation.sanctions(.ban).isEmpty)
    }

    @Test(
        "over-broad ranges and self-bans need force",
        arguments: [
            ("10.0.0.0/8", nil), ("0.0.0.0/0", nil), ("2001:db8::/32", nil), ("::/0", nil), ("192.0.2.0/24", "192.0.2.77"),
            ("192.0.2.77", "192.0.2.77"),
            // IPv6 ranges narrower than /48 that hold every IPv4 address, and a mapped prefix wider than /16.
            ("::/80", nil), ("::fffe:0:0/95", nil), ("::ffff:0:0/96", nil), ("::ffff:1.2.3.4/24", nil), ("::ffff:10.0.0.0/104", nil),
        ]
    )
    func guardRail(_ target: String, _ caller: String?) async throws {
        let room = makeRoom()
        let service = makeService(room)
        _ = try room.join(nick: "me", host: "192.0.2.77")
        do {
            _ = try await service.sanction(.ban, CreateSanctionRequest(target: target), actor: "mod", callerAddress: caller.flatMap(IPAddress.init))
            Issue.record("\(target) went through without force")
        } catch let error as ModerationError {
            #expect(error.code == .needsForce)
        }
        #expect(room.memberCount == 1, "nothing happened")
        _ = try await service.sanction(
            .ban,
            CreateSanctionRequest(target: target, force: true),
            actor: "mod",
            callerAddress: caller.flatMap(IPAddress.init)
        )
    }

    @Test(
        "an override wider than /16 or /48, or holding every IPv4 address, needs force too",
        arguments: ["0.0.0.0/0", "10.0.0.0/8", "::/80", "2001:db8::/32"]
    )
    func overrideGuard(_ target: String) async throws {
        let service = makeService(makeRoom())
        do {
            _ = try await service.addOverride(CreateOverrideRequest(target: target, exempt: true), actor: "admin")
            Issue.record("\(target) went through without force")
        } catch let error as ModerationError {
            #expect(error.code == .needsForce)
        }
        #expect(service.moderation.overrides.isEmpty)
        _ = try await service.addOverride(CreateOverrideRequest(target: target, exempt: true, force: true), actor: "admin")
        #expect(service.moderation.overrides.count == 1)
    }

    @Test("a nick is not an address: banning one needs no force, even when its holder shares the caller's address")
    func nickNeedsNoForce() async throws {
        let room = makeRoom()
        let service = makeService(room)
        _ = try room.join(nick: "neighbour", host: "192.0.2.77")
        _ = try await service.sanction(.mute, CreateSanctionRequest(target: "neighbour"), actor: "mod", callerAddress: IPAddress("192.0.2.77"))
        _ = try await service.sanction(.ban, CreateSanctionRequest(target: "neighbour"), actor: "mod", callerAddress: IPAddress("192.0.2.77"))
        #expect(room.memberCount == 0)
    }

    @Test("/16 and /48 are allowed without force")
    func narrowEnough() async throws {
        let service = makeService(makeRoom())
        _ = try await service.sanction(.ban, CreateSanctionRequest(target: "10.1.0.0/16"), actor: "mod", callerAddress: nil)
        _ = try await service.sanction(.ban, CreateSanctionRequest(target: "2001:db8:1::/48"), actor: "mod", callerAddress: nil)
    }

    @Test("bans, mutes, overrides and limits come back after a restart; an expired temporary change does not")
    func persistence() async throws {
        let store = MemoryStore()
        let service = makeService(makeRoom(), store: store)
        _ = try await service.sanction(.ban, CreateSanctionRequest(target: "198.51.100.0/24"), actor: "mod", callerAddress: nil)
        _ = try await service.sanction(.mute, CreateSanctionRequest(target: "quiet", duration: "1h"), actor: "mod", callerAddress: nil)
        _ = try await service.addOverride(CreateOverrideRequest(target: "vip", exempt: true), actor: "root")
        _ = try await service.setLimits(UpdateLimitsRequest(hostCap: 7))
        _ = try await service.setLimits(UpdateLimitsRequest(messageRate: "1/10s", ttl: "10m"))

        let restarted = makeRoom()
        try await makeService(restarted, store: store).load()
        #expect(code { _ = try restarted.join(nick: "x", host: "198.51.100.3") } == "banned")
        #expect(restarted.moderation.limits.hostCap == 7)
        #expect(restarted.moderation.limits.messageRate == RateSpec(count: 1, seconds: 10))
        #expect(restarted.moderation.overrides.map(\.target) == ["vip"])
        let quiet = try restarted.join(nick: "quiet", host: "192.0.2.5")
        #expect(code { try restarted.send(token: quiet.token, text: "hi") } == "muted")

        clock.advance(by: 601)
        let later = makeRoom()
        try await makeService(later, store: store).load()
        #expect(later.moderation.limits.messageRate == Limits.defaults.messageRate, "the 10-minute change ran out while down")
        #expect(later.moderation.limits.hostCap == 7)
    }

    @Test("explain says why: the ban, the host and the message budget")
    func explain() async throws {
        let room = makeRoom()
        let service = makeService(room)
        let chatty = try room.join(nick: "chatty", host: "192.0.2.9")
        for _ in 0..<10 { try room.send(token: chatty.token, text: "x") }
        let person = try service.explain("chatty")
        #expect(person.user?.nick == "chatty")
        #expect(person.host?.sessions == 1 && person.host?.cap == 3)
        #expect(person.messagesAvailable == 0)
        #expect(person.messageVerdict.contains("over the message rate"))
        _ = try await service.sanction(.ban, CreateSanctionRequest(target: "192.0.2.0/24", publicReason: "raid"), actor: "mod", callerAddress: nil)
        let address = try service.explain("192.0.2.50")
        #expect(address.bans.first?.publicReason == "raid")
        #expect(address.joinVerdict.hasPrefix("refused: banned by mod"))
        #expect(throws: ModerationError.self) { try service.explain("192.0.2.0/24") }
    }

    @Test("lifting what is not there is a clear not-found")
    func liftMissing() async {
        let service = makeService(makeRoom())
        await #expect(throws: ModerationError.self) { try await service.lift(.ban, idOrTarget: "ban_nothing", actor: "mod") }
    }
}
