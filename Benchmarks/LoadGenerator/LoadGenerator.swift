import ArgumentParser
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// `chat-loadgen`: the benchmark's load generator (SwiftNIO, one event loop, callbacks not tasks). Run by
/// `Benchmarks/run.py`, which starts the servers, pins everything to cores and compares.
@main
struct LoadGenerator: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat-loadgen",
        abstract: "Load generator for chat-server and nginx/nchan: held polls, fan-out, request rates.",
        subcommands: [Hold.self, Fanout.self, Probe.self, Requests.self]
    )
}

struct Common: ParsableArguments {
    @Option(help: "chat or nchan (fixed for nginx's return 200).") var target: String = "chat"
    @Option(help: "The server's port.") var port: Int
    @Option(help: "Seconds to measure.") var seconds: Double = 10
}

/// Sets up chat sessions (join) or nchan subscribers, spread over loopback addresses.
/// `first` offsets nicks and source addresses, so that several generator processes do not collide.
func makeSubscribers(
    group: any EventLoopGroup,
    common: Common,
    count: Int,
    expected: Int,
    collector: Collector,
    first: Int = 0,
    nickPrefix: String = "s"
) throws -> [Subscriber] {
    let addresses = SourceAddresses(perAddress: 3)
    let loop = group.next()
    return try Bench.inBatches(count) { offset -> EventLoopFuture<Subscriber> in
        let index = first + offset
        return HTTPConnection.connect(group: group, to: common.port, from: addresses.address(for: index)).flatMap { connection in
            if common.target == "nchan" {
                return loop.makeSucceededFuture(
                    Subscriber(connection: connection, target: .nchan, cursor: 0, expected: expected, collector: collector)
                )
            }
            let promise = loop.makePromise(of: Subscriber.self)
            connection.send(.POST, "/api/join", body: Bench.json(["nick": "\(nickPrefix)\(index)"])) { response in
                guard response.status == 201, let (token, cursor) = Bench.session(in: response.body) else {
                    promise.fail(BenchError(text: "join \(index) failed: \(response.status) \(String(buffer: response.body))"))
                    return
                }
                promise.succeed(
                    Subscriber(connection: connection, target: .chat(token: token), cursor: cursor, expected: expected, collector: collector)
                )
            }
            return promise.futureResult
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let text: String
    var description: String { text }
}

func emit(_ report: Report) {
    var report = report
    // A figure that could not be measured (no kicks, no samples) is left out rather than written as NaN.
    report.figures = report.figures.filter { $0.value.isFinite }
    let data = try! JSONEncoder().encode(report)
    print("RESULT " + String(decoding: data, as: UTF8.self))
    for (key, value) in report.figures.sorted(by: { $0.key < $1.key }) {
        FileHandle.standardError.write(Data("  \(report.scenario)/\(report.target) \(key): \(String(format: "%.2f", value))\n".utf8))
    }
}

/// N held polls; the server's memory before and after.
struct Hold: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Hold N polls and report the server's memory per poll.")
    @OptionGroup var common: Common
    @Option var connections: Int = 15000
    @Option(help: "The server's pid, for its memory.") var serverPid: Int32

    func run() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let before = Bench.rssKiB(pid: serverPid) ?? .nan
        let collector = Collector()
        let subscribers = try makeSubscribers(group: group, common: common, count: connections, expected: 1, collector: collector)
        // Connected (and, for chat, joined) but not yet polling: what a session costs, apart from its poll.
        Thread.sleep(forTimeInterval: 2)
        let connected = Bench.rssKiB(pid: serverPid) ?? .nan
        for subscriber in subscribers { subscriber.poll() }
        Thread.sleep(forTimeInterval: 3)
        let after = Bench.rssKiB(pid: serverPid) ?? .nan
        let cpu = Bench.cpuSeconds()
        let count = Double(subscribers.count)
        emit(
            Report(
                scenario: "hold",
                target: common.target,
                figures: [
                    "held": count, "rss_before_kib": before, "rss_connected_kib": connected, "rss_after_kib": after,
                    "kib_per_connection_or_session": (connected - before) / count, "kib_per_poll": (after - connected) / count,
                    "kib_total_per_held_poll": (after - before) / count, "generator_cpu_s": cpu,
                ]
            )
        )
        for subscriber in subscribers {
            subscriber.running = false
            subscriber.connection.close()
        }
        try group.syncShutdownGracefully()
    }
}

/// N subscribers, a publisher at a fixed rate (open loop), delivery rate, loss and latency as this busy
/// process sees it (``Probe`` measures latency from a quiet one).
struct Fanout: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Fan a fixed rate of messages out to N held polls.")
    @OptionGroup var common: Common
    @Option var subscribers: Int = 10000
    @Option(help: "Messages per second, offered whatever happens.") var rate: Double = 10

    func run() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let total = Int(rate * common.seconds) + 1
        let collector = Collector()
        let subs = try makeSubscribers(group: group, common: common, count: subscribers, expected: total, collector: collector)
        for subscriber in subs { subscriber.poll() }

        // Publishers: a few connections, round robin, so one slow answer does not delay the next message.
        let publishers = try (0..<4).map { index in
            try HTTPConnection.connect(group: group, to: common.port, from: "127.255.254.\(index + 1)").wait()
        }
        var publisherToken: String?
        if common.target == "chat" {
            let promise = loop.makePromise(of: String.self)
            publishers[0].send(.POST, "/api/join", body: Bench.json(["nick": "publisher"])) { response in
                if let (token, _) = Bench.session(in: response.body) {
                    promise.succeed(token)
                } else {
                    promise.fail(BenchError(text: "publisher join: \(String(buffer: response.body))"))
                }
            }
            publisherToken = try promise.futureResult.wait()
        }
        // Let the joins settle before the first message: every join (the publisher's too) is an event for
        // every subscriber, ten thousand answers and re-polls. Publishing at once timed the first message
        // behind the publisher's own join.
        Thread.sleep(forTimeInterval: 3)

        // The driver samples the server's CPU time between these two lines: the cost of the deliveries alone.
        print("PUBLISHING")
        fflush(stdout)
        let cpuStart = Bench.cpuSeconds()
        let start = Bench.now()
        let interval = 1e9 / rate
        var published = 0
        var refused = 0
        let done = loop.makePromise(of: Void.self)
        func tick() {
            let elapsed = Double(Bench.now() - start)
            // Open loop: send every message whose time has come, however the earlier ones fared.
            while published < total, Double(published) * interval <= elapsed {
                let k = published
                published += 1
                let text = "k=\(k) t=\(Bench.now())"
                let publisher = publishers[k % publishers.count]
                if let token = publisherToken {
                    publisher.send(.POST, "/api/send", headers: [("Authorization", "Bearer \(token)")], body: Bench.json(["text": text])) {
                        response in
                        if response.status != 202 { refused += 1 }
                    }
                } else {
                    publisher.send(.POST, "/pub", body: ByteBuffer(string: text)) { response in
                        if response.status >= 300 { refused += 1 }
                    }
                }
            }
            if published < total {
                loop.scheduleTask(in: .microseconds(200)) { tick() }
            } else {
                done.succeed()
            }
        }
        loop.execute { tick() }
        try done.futureResult.wait()
        let publishEnd = Bench.now()
        Thread.sleep(forTimeInterval: 2)
        let cpu = Bench.cpuSeconds() - cpuStart
        print("PUBLISHED")
        fflush(stdout)
        let figures: [String: Double] = try loop.submit {
            let active = subs.filter { $0.kickedAt == nil }
            let delivered = active.reduce(0) { $0 + $1.received }
            let lost = active.reduce(0) { $0 + $1.missing(of: published) }
            let duplicates = subs.reduce(0) { $0 + $1.duplicates }
            let gaps = subs.reduce(0) { $0 + $1.gaps }
            let wall = Double(publishEnd - start) / 1e9
            return [
                "offered_msgs_per_s": rate, "subscribers": Double(active.count), "published": Double(published), "publish_refused": Double(refused),
                "deliveries": Double(delivered), "deliveries_per_s": Double(delivered) / wall, "lost": Double(lost), "duplicates": Double(duplicates),
                "gap_markers": Double(gaps), "p50_ms": collector.latencies.milliseconds(at: 0.5),
                "p99_ms": collector.latencies.milliseconds(at: 0.99),
                "p999_ms": collector.latencies.milliseconds(at: 0.999), "generator_cpu_share": cpu / (wall + 2),
            ]
        }.wait()
        emit(Report(scenario: "fanout", target: common.target, figures: figures))
        for subscriber in subs {
            subscriber.running = false
            subscriber.connection.close()
        }
        try group.syncShutdownGracefully()
    }
}

/// A few subscribers in a process of their own, run beside ``Fanout`` at a higher priority, timing each
/// message from publication to receipt (and kicks of some of its own sessions from request to the end of
/// their held poll). The fan-out process handles ten thousand answers per message, so its own clock says
/// as much about its queue as about the server; this one is idle between messages and reads at once.
struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Time deliveries and kicks from a quiet process beside a fan-out.")
    @OptionGroup var common: Common
    @Option var subscribers: Int = 100
    @Option(help: "Messages the fan-out will publish (for the loss check).") var expected: Int
    @Option(help: "Admin port for kicks (chat only).") var adminPort: Int?
    @Option(help: "Admin token for the kicks.") var adminToken: String?
    @Option(help: "Kicks to make once messages flow, spread over --seconds.") var kicks: Int = 0

    func run() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let collector = Collector()
        let total = subscribers + (common.target == "chat" ? kicks : 0)
        let subs = try makeSubscribers(
            group: group,
            common: common,
            count: total,
            expected: expected,
            collector: collector,
            first: 300_000,
            nickPrefix: "probe"
        )
        for subscriber in subs { subscriber.poll() }
        var admin: HTTPConnection?
        if kicks > 0, let adminPort, common.target == "chat" {
            admin = try HTTPConnection.connect(group: group, to: adminPort, from: "127.0.0.1").wait()
        }
        print("READY")
        fflush(stdout)
        // The kicks start with the first message, so that they happen while the fan-out runs.
        if let admin, let token = adminToken {
            collector.onFirstLatency = {
                for index in 0..<kicks {
                    let victim = subs[subscribers + index]
                    let delay = TimeAmount.nanoseconds(Int64(common.seconds * 1e9 * Double(index + 1) / Double(kicks + 1)))
                    loop.scheduleTask(in: delay) {
                        let sent = Bench.now()
                        collector.kickSent[ObjectIdentifier(victim)] = sent
                        admin.send(
                            .POST,
                            "/admin/v1/users/probe\(300_000 + subscribers + index)/kick",
                            headers: [("Authorization", "Bearer \(token)")],
                            body: ByteBuffer(string: #"{"reason":"bench"}"#)
                        ) { _ in
                            collector.kickAnswers.append(UInt32((Bench.now() &- sent) / 1000))
                        }
                    }
                }
            }
        }
        // Runs until the driver closes standard input, after the fan-out has finished.
        _ = FileHandle.standardInput.readDataToEndOfFile()
        let figures: [String: Double] = try loop.submit {
            let timed = Array(subs.prefix(subscribers))
            return [
                "probe_subscribers": Double(timed.count), "received": Double(timed.reduce(0) { $0 + $1.received }),
                "lost": Double(timed.reduce(0) { $0 + $1.missing(of: expected) }), "duplicates": Double(subs.reduce(0) { $0 + $1.duplicates }),
                "p50_ms": collector.latencies.milliseconds(at: 0.5), "p99_ms": collector.latencies.milliseconds(at: 0.99),
                "p999_ms": collector.latencies.milliseconds(at: 0.999),
                "max_ms": collector.latencies.milliseconds(at: 1), "kick_p50_ms": collector.kickLatencies.milliseconds(at: 0.5),
                "kick_p99_ms": collector.kickLatencies.milliseconds(at: 0.99),
                "kick_max_ms": collector.kickLatencies.milliseconds(at: 1), "kicks_timed": Double(collector.kickLatencies.count),
                "kicks_in_first_answer": Double(collector.kickLatenciesFirstAnswer.count),
                "kick_first_answer_max_ms": collector.kickLatenciesFirstAnswer.milliseconds(at: 1),
                "kick_later_answer_max_ms": collector.kickLatenciesLaterAnswer.milliseconds(at: 1),
                "kick_request_p50_ms": collector.kickAnswers.milliseconds(at: 0.5),
                "kick_request_p99_ms": collector.kickAnswers.milliseconds(at: 0.99),
            ]
        }.wait()
        emit(Report(scenario: "probe", target: common.target, figures: figures))
        for subscriber in subs {
            subscriber.running = false
            subscriber.connection.close()
        }
        try group.syncShutdownGracefully()
    }
}

/// Closed-loop request rate over C keep-alive connections: chat send, chat join, or nginx's fixed answer.
struct Requests: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Requests per second: send, join, or a fixed answer.")
    @OptionGroup var common: Common
    @Option(help: "send, join or fixed.") var kind: String = "send"
    @Option var connections: Int = 64
    @Option(help: "The path of a fixed answer (kind fixed).") var path: String = "/fixed"

    func run() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let addresses = SourceAddresses(perAddress: 1)
        let conns = try Bench.inBatches(connections) { index in
            HTTPConnection.connect(group: group, to: common.port, from: addresses.address(for: 100_000 + index))
        }
        var tokens: [String] = []
        if kind == "send" {
            for (index, connection) in conns.enumerated() {
                let promise = loop.makePromise(of: String.self)
                connection.send(.POST, "/api/join", body: Bench.json(["nick": "w\(index)"])) { response in
                    if let (token, _) = Bench.session(in: response.body) {
                        promise.succeed(token)
                    } else {
                        promise.fail(BenchError(text: "join: \(String(buffer: response.body))"))
                    }
                }
                tokens.append(try promise.futureResult.wait())
            }
        }
        var completed = 0
        var failed = 0
        var running = true
        var serial = 0
        let cpuStart = Bench.cpuSeconds()
        let start = Bench.now()
        func issue(_ index: Int) {
            guard running else { return }
            let connection = conns[index]
            let done: (HTTPConnection.Response) -> Void = { response in
                if response.status < 300 { completed += 1 } else { failed += 1 }
                issue(index)
            }
            switch kind {
            case "send":
                connection.send(
                    .POST,
                    "/api/send",
                    headers: [("Authorization", "Bearer \(tokens[index])")],
                    body: Bench.json(["text": "hello"]),
                    done: done
                )
            case "join":
                serial += 1
                connection.send(.POST, "/api/join", body: Bench.json(["nick": "j" + String(serial, radix: 36)]), done: done)
            default:
                connection.send(.GET, path, done: done)
            }
        }
        loop.execute { for index in conns.indices { issue(index) } }
        Thread.sleep(forTimeInterval: common.seconds)
        let (count, failures) = try loop.submit { () -> (Int, Int) in
            running = false
            return (completed, failed)
        }.wait()
        let wall = Double(Bench.now() - start) / 1e9
        let cpu = Bench.cpuSeconds() - cpuStart
        emit(
            Report(
                scenario: "requests-\(kind)",
                target: common.target,
                figures: [
                    "requests_per_s": Double(count) / wall, "failed": Double(failures), "generator_cpu_share": cpu / wall,
                ]
            )
        )
        for connection in conns { connection.close() }
        try group.syncShutdownGracefully()
    }
}
