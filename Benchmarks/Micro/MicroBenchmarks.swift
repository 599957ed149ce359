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
}
