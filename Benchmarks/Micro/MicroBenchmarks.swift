import AdminAPI
import ChatServer
import Foundation

/// In-process micro-benchmarks of the checks on the hot path (run them in release mode:
/// `swift run -c release chat-microbench`). They print figures; nothing here asserts a time.
struct MicroBenchmarks {
    /// One measured figure.
    struct Figure {
        let name: String
        let nanoseconds: [Double]

        var median: Double { nanoseconds.sorted()[nanoseconds.count / 2] }
        var spread: (Double, Double) { (nanoseconds.min() ?? 0, nanoseconds.max() ?? 0) }
    }

    let bans: Int
    let rounds: Int
    let iterations: Int

    /// Runs `body` `iterations` times per round and returns nanoseconds per call, one value per round.
    func measure(_ name: String, _ body: (Int) -> Void) -> Figure {
        var results: [Double] = []
        let clock = ContinuousClock()
        body(0)
        for _ in 0..<rounds {
            let start = clock.now
            for index in 0..<iterations { body(index) }
            let elapsed = clock.now - start
            let (seconds, attoseconds) = elapsed.components
            results.append((Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(iterations))
        }
        return Figure(name: name, nanoseconds: results)
    }

    func run() -> [Figure] {
        let clock = SystemClock()
        let moderation = Moderation(clock: clock)
        let now = clock.now()
        var generator = SystemRandomNumberGenerator()
        // 100,000 bans of the shapes moderators make: single IPv4 addresses, IPv4 /24s, IPv6 /64s and
        // /128s, and nicks.
        for index in 0..<bans {
            let target: ModerationTarget
            switch index % 5 {
            case 0, 1:
                target = .range(CIDR(address: IPAddress(high: 0, low: 0xFFFF_0000_0000 | UInt64(generator.next() as UInt32)), prefixLength: 32))
            case 2: target = .range(CIDR(address: IPAddress(high: 0, low: 0xFFFF_0000_0000 | UInt64(generator.next() as UInt32)), prefixLength: 24))
            case 3:
                target = .range(
                    CIDR(
                        address: IPAddress(high: 0x2001_0db8_0000_0000 | UInt64(generator.next() as UInt32), low: generator.next()),
                        prefixLength: index % 2 == 0 ? 64 : 128
                    )
                )
            default: target = .nick(try! Nick(validating: "banned\(index)"))
            }
            moderation.add(
                Sanction(
                    id: "ban_\(index)",
                    kind: .ban,
                    target: target.description,
                    address: nil,
                    publicReason: nil,
                    privateReason: nil,
                    actor: "bench",
                    createdAt: now,
                    expiresAt: nil
                ),
                target: target
            )
        }
        let probes = (0..<4096).map { index -> (Nick, IPAddress) in
            let address =
                index % 2 == 0
                ? IPAddress(high: 0, low: 0xFFFF_0000_0000 | UInt64(generator.next() as UInt32))
                : IPAddress(high: 0x2001_0db8_0000_0000 | UInt64(generator.next() as UInt32), low: generator.next())
            return (try! Nick(validating: "probe\(index)"), address)
        }
        var figures: [Figure] = []
        var sink = 0
        figures.append(
            measure("ban check, \(bans) bans (nick + address)") { index in
                let (nick, address) = probes[index & 4095]
                if moderation.activeBan(nick: nick, address: address) != nil { sink &+= 1 }
            }
        )
        let session = SessionID(1)
        let nick = try! Nick(validating: "speaker")
        _ = try? moderation.admitJoin(session, nick: nick, address: IPAddress("192.0.2.1"))
        var limits = Limits.defaults
        limits.messageRate = RateSpec(count: 1_000_000_000, seconds: 1)
        moderation.setLimits(limits, revert: nil)
        figures.append(
            measure("message check (mute lookup + GCRA), \(bans) bans in force") { _ in
                do { try moderation.admitMessage(session, nick: nick, address: IPAddress(high: 0, low: 0xFFFF_C000_0201)) } catch { sink &+= 1 }
            }
        )
        var arrival = 0.0
        let rate = RateSpec(count: 1_000_000_000, seconds: 1)
        figures.append(
            measure("GCRA arithmetic alone") { index in
                if GCRA.take(&arrival, now: Double(index) * 1e-9, rate: rate) != nil { sink &+= 1 }
            }
        )
        limits.joinsPerMinute = 1_000_000_000
        limits.hostCap = 1_000_000
        moderation.setLimits(limits, revert: nil)
        figures.append(
            measure("host cap check alone (lock, overrides, count against the cap)") { index in
                let (nick, address) = probes[index & 4095]
                if moderation.hostCapRefusal(nick: nick, address: address) != nil { sink &+= 1 }
            }
        )
        figures.append(
            measure("host cap + join rate check (join and leave)") { index in
                let id = SessionID(UInt64(10 + index))
                let (nick, address) = probes[index & 4095]
                if (try? moderation.admitJoin(id, nick: nick, address: address)) != nil { moderation.sessionEnded(id) } else { sink &+= 1 }
            }
        )
        figures += automodFigures(sink: &sink)
        let connections = HostConnections(moderation: moderation, exempt: [], budget: 1_000_000)
        figures.append(
            measure("connection cap check, as an accept makes it (admit and release)") { index in
                let (_, address) = probes[index & 4095]
                if case .admitted(let host) = connections.admit(address) { connections.release(host) } else { sink &+= 1 }
            }
        )
        // The lean codec against NIO's, round by round in turn (an answer is about a microsecond, so a
        // fiftieth of the checks' iterations).
        let codecs = ChatCodec.allCases.map(CodecRound.init)
        var codecTimes = [[Double]](repeating: [], count: codecs.count)
        let codecMeasure = MicroBenchmarks(bans: bans, rounds: 1, iterations: max(1, iterations / 50))
        for _ in 0..<rounds {
            for (index, round) in codecs.enumerated() {
                codecTimes[index] += codecMeasure.measure("") { _ in sink &+= round.run() }.nanoseconds
            }
        }
        for (index, round) in codecs.enumerated() {
            figures.append(Figure(name: "codec round (poll in, answer out), \(round.codec.rawValue) codec", nanoseconds: codecTimes[index]))
        }
        if sink == Int.min { print(sink) }
        return figures
    }

    /// The automod check on a 120-character message of 20 words: with no rules, and with 100 rules as a
    /// busy room has them (88 word rules of three words each, five patterns, two repeats rules, links,
    /// mentions, and escalations on some), none of which matches, so every rule is looked at.
    func automodFigures(sink: inout Int) -> [Figure] {
        let nick = try! Nick(validating: "speaker")
        let address = IPAddress("192.0.2.1")
        let text = "well I think the release is fine but we should look again at the tests before friday maybe with coffee"
        let empty = Automod()
        let busy = Automod()
        var rules: [CompiledRule] = []
        func rule(
            _ index: Int,
            _ kind: AutomodRule.Kind,
            words: [String]? = nil,
            pattern: String? = nil,
            limit: Int? = nil,
            window: String? = nil
        )
            -> CompiledRule
        {
            let escalation = index % 4 == 0 ? AutomodRule.Escalation(after: 3, within: "10m", action: .mute, duration: "10m") : nil
            let made = AutomodRule(
                id: "rule_\(index)",
                kind: kind,
                words: words,
                pattern: pattern,
                limit: limit,
                window: window,
                action: .refuse,
                escalation: escalation,
                exempt: ["helperbot", "10.0.0.0/8"],
                actor: "bench",
                createdAt: Date()
            )
            return try! CompiledRule(validating: made)
        }
        for index in 0..<88 { rules.append(rule(index, .words, words: ["spamword\(index)", "casino\(index)", "pills\(index)"])) }
        for index in 0..<5 { rules.append(rule(88 + index, .regex, pattern: "free\\s+money\(index)|win\\s+big\(index)")) }
        rules.append(rule(93, .repeats, limit: 3, window: "1m"))
        rules.append(rule(94, .repeats, limit: 10, window: "10m"))
        rules.append(rule(95, .links, limit: 3))
        rules.append(rule(96, .mentions, limit: 5))
        for index in 97..<100 { rules.append(rule(index, .words, words: ["other\(index)"])) }
        busy.replaceAll(rules)
        let wordsOnly = Automod()
        wordsOnly.replaceAll(rules.filter { $0.rule.kind == .words })
        let patternsOnly = Automod()
        patternsOnly.replaceAll(rules.filter { $0.rule.kind == .regex })
        let counting = Automod()
        counting.replaceAll(rules.filter { [.repeats, .links, .mentions].contains($0.rule.kind) })
        var figures: [Figure] = []
        let start = Date()
        figures.append(
            measure("automod check, no rules") { index in
                if empty.check(text: text, nick: nick, address: address, isModerator: false, isPresent: { _ in false }, at: start).refusal != nil {
                    sink &+= 1
                }
            }
        )
        figures.append(
            measure("automod check, 100 rules (88 word lists, 5 patterns, repeats, links, mentions), none matching") { index in
                // A new second each time: the repeats rules see a fresh text window, as a real room would.
                let at = start.addingTimeInterval(Double(index) * 0.001)
                if busy.check(text: text + String(index & 7), nick: nick, address: address, isModerator: false, isPresent: { _ in false }, at: at)
                    .refusal
                    != nil
                {
                    sink &+= 1
                }
            }
        )
        for (name, automod) in [
            ("91 word rules alone", wordsOnly), ("5 pattern rules alone", patternsOnly), ("repeats, links, mentions alone", counting),
        ] {
            figures.append(
                measure("automod check, \(name)") { index in
                    let at = start.addingTimeInterval(Double(index) * 0.001)
                    if automod.check(
                        text: text + String(index & 7),
                        nick: nick,
                        address: address,
                        isModerator: false,
                        isPresent: { _ in false },
                        at: at
                    )
                    .refusal != nil {
                        sink &+= 1
                    }
                }
            )
        }
        return figures
    }
}
