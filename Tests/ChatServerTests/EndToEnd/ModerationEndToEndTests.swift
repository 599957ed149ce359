import Foundation
import NIOConcurrencyHelpers
import Testing

/// Moderation against the built binaries. Each client binds its own 127.0.0.x source address, so the server
/// sees different hosts: IP and CIDR bans, host caps and their live change, overrides, all real.
@Suite("Moderation end to end")
struct ModerationEndToEndTests {
    struct Setup {
        let server: ServerProcess
        let chatctl: Chatctl
        var socket: [String] { ["--socket", server.socketPath] }

        static func make(_ arguments: [String] = []) async throws -> Setup {
            Setup(server: try await ServerProcess(arguments: arguments), chatctl: try Chatctl())
        }

        func ctl(_ arguments: [String]) async throws -> Chatctl.Result {
            try await chatctl.run(socket + arguments)
        }

        func chatter(_ source: String) -> LoopbackChatter {
            LoopbackChatter(port: server.port, source: source)
        }

        func stop() {
            server.stop()
            chatctl.cleanUp()
        }
    }

    @Test("an IP ban ends the person's poll with the reason and refuses them; other hosts are untouched")
    func ipBan() async throws {
        let setup = try await Setup.make()
        defer { setup.stop() }
        var target = setup.chatter("127.0.0.2")
        #expect(try await target.join("target").status == 201)
        _ = try await target.poll()
        let held = target
        let poll = Task {
            var chatter = held
            return try await chatter.poll()
        }
        #expect(await eventually { await setup.server.heldPolls() == 1 }, "the poll is held before the ban")
        let ban = try await setup.ctl(["ban", "127.0.0.2", "--for", "1h", "--reason", "spam", "--private-reason", "bot", "-o", "json"])
        #expect(ban.status == 0, "\(ban)")
        let events = try await poll.value
        #expect(events.last?.type == "ban")
        #expect(events.last?.reason == "spam")
        #expect(events.last?.reconnect == false)

        var again = setup.chatter("127.0.0.2")
        let refused = try await again.join("newname")
        #expect(refused.status == 403)
        #expect(refused.errorCode == "banned")
        let error = refused.json?["error"] as? [String: Any]
        #expect(error?["reason"] as? String == "spam")
        #expect(error?["expires_at"] != nil)
        #expect(error?["message"] as? String != nil && !(error?["message"] as! String).contains("bot"), "the private reason stays private")
        var neighbour = setup.chatter("127.0.0.3")
        #expect(try await neighbour.join("neighbour").status == 201)
    }

    @Test("a CIDR ban covers its range only; wider than /16 needs --force")
    func cidrBan() async throws {
        let setup = try await Setup.make()
        defer { setup.stop() }
        let wide = try await setup.ctl(["ban", "127.0.0.0/8"])
        #expect(wide.status == 1)
        #expect(wide.stderr.contains("--force"))
        #expect(try await setup.ctl(["ban", "127.0.0.16/28", "-r", "range"]).status == 0)
        var inside = setup.chatter("127.0.0.20")
        #expect(try await inside.join("inside").errorCode == "banned")
        var outside = setup.chatter("127.0.0.40")
        #expect(try await outside.join("outside").status == 201)
        #expect(try await setup.ctl(["unban", "127.0.0.16/28"]).status == 0)
        #expect(try await inside.join("inside").status == 201)
    }

    @Test("the host cap refuses the fourth session from one address until it is raised live; overrides give a range its own cap")
    func hostCap() async throws {
        let setup = try await Setup.make()
        defer { setup.stop() }
        for index in 1...3 {
            var chatter = setup.chatter("127.0.0.4")
            #expect(try await chatter.join("four\(index)").status == 201)
        }
        var fourth = setup.chatter("127.0.0.4")
        let refused = try await fourth.join("four4")
        #expect(refused.status == 429)
        #expect(refused.errorCode == "host_limit")
        let hosts = try await setup.ctl(["hosts", "-o", "json"])
        let list = try #require(try hosts.json()["hosts"] as? [[String: Any]])
        #expect(list.contains { $0["host"] as? String == "127.0.0.4" && $0["sessions"] as? Int == 3 && $0["cap"] as? Int == 3 })

        #expect(try await setup.ctl(["limits", "set", "--host-cap", "4"]).status == 0)
        #expect(try await fourth.join("four4").status == 201)

        #expect(try await setup.ctl(["overrides", "add", "127.0.0.5", "--host-cap", "5", "-r", "office NAT"]).status == 0)
        for index in 1...5 {
            var chatter = setup.chatter("127.0.0.5")
            #expect(try await chatter.join("five\(index)").status == 201)
        }
        var sixth = setup.chatter("127.0.0.5")
        #expect(try await sixth.join("five6").errorCode == "host_limit")
    }

    @Test("the message rate refuses with 429 and Retry-After, and a live change applies at once")
    func messageRate() async throws {
        let setup = try await Setup.make()
        defer { setup.stop() }
        var chatter = setup.chatter("127.0.0.6")
        #expect(try await chatter.join("fast").status == 201)
        // A slow rate, so that how long the sends take cannot let one more through.
        #expect(try await setup.ctl(["limits", "set", "--message-rate", "3/1h"]).status == 0)
        for index in 0..<3 { #expect(try await chatter.send("m\(index)").status == 202) }
        let refused = try await chatter.send("too many")
        #expect(refused.status == 429)
        #expect(refused.errorCode == "rate_limited")
        #expect(Int(refused.headers["retry-after"] ?? "") ?? 0 >= 1)
        let explain = try await setup.ctl(["explain", "fast", "-o", "json"])
        #expect(try explain.json()["messages_available"] as? Int == 0)

        #expect(try await setup.ctl(["limits", "set", "--message-rate", "100/3s", "--ttl", "1h"]).status == 0)
        // The used-up share carries over: a full bucket of the new rate, which refills one message in 30 ms.
        let sender = chatter
        #expect(await eventually(within: .seconds(5)) { (try? await sender.send("now fine").status) == 202 })
        let limits = try await setup.ctl(["limits", "-o", "json"])
        #expect(try limits.json()["reverts_at"] != nil)
    }

    @Test("a mute refuses messages with the reason and expiry; unmute restores them; a dry run changes nothing")
    func muteAndDryRun() async throws {
        let setup = try await Setup.make()
        defer { setup.stop() }
        var loud = setup.chatter("127.0.0.7")
        #expect(try await loud.join("loud").status == 201)
        let dry = try await setup.ctl(["ban", "127.0.0.7", "--dry-run", "-o", "json"])
        #expect(dry.status == 0)
        let hit = try #require(try dry.json()["affected"] as? [[String: Any]])
        #expect(hit.compactMap { $0["nick"] as? String } == ["loud"])
        #expect(try await loud.send("still here").status == 202, "the dry run changed nothing")

        #expect(try await setup.ctl(["mute", "loud", "--for", "30m", "-r", "calm down"]).status == 0)
        let refused = try await loud.send("hello?")
        #expect(refused.status == 403)
        #expect(refused.errorCode == "muted")
        #expect((refused.json?["error"] as? [String: Any])?["reason"] as? String == "calm down")
        #expect((refused.json?["error"] as? [String: Any])?["expires_at"] != nil)
        let mutes = try await setup.ctl(["mutes", "-o", "json"])
        #expect((try mutes.json()["sanctions"] as? [Any])?.count == 1)
        #expect(try await setup.ctl(["unmute", "loud"]).status == 0)
        #expect(try await loud.send("thanks").status == 202)
    }

    @Test("ban --purge takes a spammer's messages from every page and a newcomer's history; remove takes one back; both audited with the text")
    func removeAndPurge() async throws {
        let setup = try await Setup.make()
        defer { setup.stop() }
        var spammer = setup.chatter("127.0.0.2")
        var watcher = setup.chatter("127.0.0.3")
        #expect(try await spammer.join("spammer").status == 201)
        #expect(try await watcher.join("watcher").status == 201)
        var spam: [UInt64] = []
        for text in ["cheap pills", "more pills"] {
            spam.append(UInt64(try #require((try await spammer.send(text)).json?["seq"] as? Int)))
        }
        _ = try await watcher.poll()
        let ban = try await setup.ctl(["ban", "spammer", "--for", "1h", "--purge", "10m", "-o", "json"])
        #expect(ban.status == 0, "\(ban)")
        #expect((try ban.json()["purged"] as? [[String: Any]])?.count == 2)
        let seen = try await watcher.poll()
        #expect(seen.map(\.type) == ["ban", "removed"])
        #expect(seen.last?.removed == spam)
        var newcomer = setup.chatter("127.0.0.4")
        let joined = try await newcomer.join("newcomer")
        #expect((joined.json?["history"] as? [Any])?.isEmpty == true, "the history no longer holds them")

        let kept = try #require((try await watcher.send("keep me")).json?["seq"] as? Int)
        let dropped = try #require((try await watcher.send("drop me")).json?["seq"] as? Int)
        let remove = try await setup.ctl(["remove", "#\(dropped)", "--reason", "oops"])
        #expect(remove.status == 0 && remove.stdout.contains("<watcher> drop me"), "\(remove)")
        #expect(try await setup.ctl(["remove", "\(dropped)"]).status == 2, "not there any more: not found")
        #expect(try await setup.ctl(["remove", "soon"]).status == 64)
        var late = setup.chatter("127.0.0.5")
        let history = try #require(try await late.join("late").json?["history"] as? [[String: Any]])
        #expect(history.compactMap { $0["seq"] as? Int } == [kept])

        let audit = try await setup.ctl(["audit", "--action", "message.removed", "-o", "json"])
        let reasons = (try audit.json()["entries"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
        #expect(reasons.count == 3)
        #expect(reasons.contains("oops; said: <watcher> drop me"))
        #expect(reasons.contains { $0.hasSuffix("said: <spammer> cheap pills") })
        #expect(await setup.server.metric("chat_messages_removed") == 3)
    }

    @Test("a word rule in dry run records and lets through, then live refuses, then spares an exempted nick; it survives a restart")
    func automodRule() async throws {
        var setup = try await Setup.make()
        defer { setup.stop() }
        var pat = setup.chatter("127.0.0.2")
        #expect(try await pat.join("pat").status == 201)
        let added = try await setup.ctl([
            "rules", "add", "words", "--word", "casino", "--action", "refuse", "--dry-run", "--note", "no gambling", "-o", "json",
        ])
        #expect(added.status == 0, "\(added)")
        let id = try #require(try added.json()["id"] as? String)
        #expect(try await pat.send("casino night").status == 202, "dry run: through")
        #expect(
            await eventually {
                (try? await setup.ctl(["audit", "--action", "automod.dry_run", "-o", "json"]).json()["entries"] as? [Any])?.count == 1
            }
        )

        #expect(try await setup.ctl(["rules", "set", id, "--live"]).status == 0)
        let refused = try await pat.send("casino night")
        #expect(refused.status == 403 && refused.errorCode == "refused_by_rule")
        #expect((refused.json?["error"] as? [String: Any])?["message"] as? String == "your message was refused: no gambling")
        let explained = try await setup.ctl(["explain", "pat"])
        #expect(explained.stdout.contains("rule           \(id): words, refuse"), "\(explained)")

        #expect(try await setup.ctl(["rules", "set", id, "--exempt", "pat"]).status == 0)
        #expect(try await pat.send("casino night").status == 202, "exempt")
        let listed = try await setup.ctl(["rules", "-o", "json"])
        let rule = try #require((try listed.json()["rules"] as? [[String: Any]])?.first)
        #expect(rule["hits"] as? Int == 1 && rule["dry_run_hits"] as? Int == 1)

        setup.server.crash()
        setup = Setup(server: try await setup.server.restart(), chatctl: setup.chatctl)
        var quinn = setup.chatter("127.0.0.3")
        #expect(try await quinn.join("quinn").status == 201)
        #expect(try await quinn.send("casino").errorCode == "refused_by_rule", "the rule came back, live")
        #expect(try await setup.ctl(["rules", "remove", id]).status == 0)
        #expect(try await quinn.send("casino").status == 202)
        #expect(try await setup.ctl(["rules", "remove", id]).status == 2)
        #expect(try await setup.ctl(["rules", "add", "regex", "--pattern", "(a+)+b", "--action", "refuse"]).status == 1)
    }

    @Test("a timed ban lifts itself while the server runs, and the lift is audited")
    func timedBan() async throws {
        let setup = try await Setup.make()
        defer { setup.stop() }
        #expect(try await setup.ctl(["ban", "brief", "--for", "2s"]).status == 0)
        var chatter = setup.chatter("127.0.0.8")
        #expect(try await chatter.join("brief").errorCode == "banned")
        let lifted = await eventually(within: .seconds(15)) { (try? await chatter.join("brief").status) == 201 }
        #expect(lifted)
        // The ban stops applying the moment it ends; the maintenance sweep records the lift within a second.
        var entries: [[String: Any]] = []
        let recorded = await eventually(within: .seconds(10)) {
            entries = (try? await setup.ctl(["audit", "--action", "ban.expire", "-o", "json"]).json()["entries"] as? [[String: Any]]) ?? []
            return !entries.isEmpty
        }
        #expect(recorded, "the expiry is audited")
        #expect(entries.first?["actor"] as? String == "system")
        #expect(entries.first?["target"] as? String == "brief")
    }

    @Test("bans, mutes, limits, overrides and reports survive kill -9")
    func survivesCrash() async throws {
        var setup = try await Setup.make()
        defer { setup.stop() }
        #expect(try await setup.ctl(["ban", "127.0.0.9", "-r", "persistent"]).status == 0)
        #expect(try await setup.ctl(["mute", "hushed"]).status == 0)
        #expect(try await setup.ctl(["limits", "set", "--host-cap", "2"]).status == 0)
        #expect(try await setup.ctl(["overrides", "add", "vip", "--exempt"]).status == 0)
        var rude = setup.chatter("127.0.0.12")
        var reporter = setup.chatter("127.0.0.13")
        #expect(try await rude.join("rude").status == 201)
        #expect(try await reporter.join("reporter").status == 201)
        let seq = try #require(try await rude.send("rude words").json?["seq"] as? Int)
        let reported = try await LoopbackHTTP.request(
            "POST",
            port: setup.server.port,
            path: "/api/report",
            from: "127.0.0.13",
            json: #"{"seq":\#(seq)}"#,
            headers: ["Authorization": "Bearer \(try #require(reporter.token))"]
        )
        #expect(reported.status == 201, "acknowledged: it must survive")
        setup.server.crash()
        setup = Setup(server: try await setup.server.restart(), chatctl: setup.chatctl)
        var banned = setup.chatter("127.0.0.9")
        #expect(try await banned.join("again").errorCode == "banned")
        var hushed = setup.chatter("127.0.0.10")
        #expect(try await hushed.join("hushed").status == 201)
        #expect(try await hushed.send("hi").errorCode == "muted")
        let limits = try await setup.ctl(["limits", "-o", "json"])
        #expect(try limits.json()["host_cap"] as? Int == 2)
        let overrides = try await setup.ctl(["overrides", "-o", "json"])
        #expect((try overrides.json()["overrides"] as? [[String: Any]])?.first?["target"] as? String == "vip")
        let reports = try await setup.ctl(["reports", "-o", "json"])
        let report = try #require((try reports.json()["reports"] as? [[String: Any]])?.first)
        #expect(report["text"] as? String == "rude words" && report["nick"] as? String == "rude")
        let id = try #require(report["id"] as? String)
        let resolved = try await setup.ctl(["reports", "resolve", id, "--action", "remove"])
        #expect(resolved.status == 0 && resolved.stdout.contains("removed (it was gone already)"), "\(resolved)")
    }

    @Test("X-Forwarded-For is believed from a trusted proxy only")
    func trustedProxy() async throws {
        let setup = try await Setup.make(["--trusted-proxy", "127.0.0.11"])
        defer { setup.stop() }
        var viaProxy = setup.chatter("127.0.0.11")
        #expect(try await viaProxy.join("proxied", headers: ["X-Forwarded-For": "198.51.100.77"]).status == 201)
        var spoofer = setup.chatter("127.0.0.12")
        #expect(try await spoofer.join("spoofer", headers: ["X-Forwarded-For": "198.51.100.78"]).status == 201)
        let users = try await setup.ctl(["users", "-o", "json"])
        let hosts = Dictionary(
            uniqueKeysWithValues: (try users.json()["users"] as? [[String: Any]] ?? []).map {
                ($0["nick"] as? String ?? "", $0["host"] as? String ?? "")
            }
        )
        #expect(hosts["proxied"] == "198.51.100.77")
        #expect(hosts["spoofer"] == "127.0.0.12")
    }
}
