import Foundation
import NIOCore
import NIOHTTP1

/// One long-polling subscriber of chat-server or nchan, re-polling as soon as an answer arrives, and
/// checking every message number arrives exactly once. Lives on the generator's one event loop.
final class Subscriber {
    enum Target {
        case chat(token: String)
        case nchan
    }

    let connection: HTTPConnection
    let target: Target
    var cursor: UInt64
    private var lastModified: String?
    private var etag: String?
    /// Message numbers seen, one bit each.
    private var seen: [UInt64]
    var received = 0
    var duplicates = 0
    var gaps = 0
    var kickedAt: UInt64?
    var running = true
    let collector: Collector

    init(connection: HTTPConnection, target: Target, cursor: UInt64, expected: Int, collector: Collector) {
        self.connection = connection
        self.target = target
        self.cursor = cursor
        self.seen = [UInt64](repeating: 0, count: expected / 64 + 1)
        self.collector = collector
    }

    func poll() {
        guard running else { return }
        switch target {
        case .chat(let token):
            connection.send(.GET, "/api/poll?since=\(cursor)", headers: [("Authorization", "Bearer \(token)")]) { self.answered($0) }
        case .nchan:
            var headers: [(String, String)] = []
            if let lastModified { headers.append(("If-Modified-Since", lastModified)) }
            if let etag { headers.append(("If-None-Match", etag)) }
            connection.send(.GET, "/sub", headers: headers) { self.answered($0) }
        }
    }

    private func answered(_ response: HTTPConnection.Response) {
        let now = Bench.now()
        switch target {
        case .chat:
            if response.status != 200 {
                running = false
                return
            }
            if let next = Bench.number(after: #""cursor":"#, in: response.body) { cursor = next }
            let view = response.body.readableBytesView
            if Bench.search(Array(#""type":"gap""#.utf8), in: view) != nil { gaps += 1 }
            // Its own kick ends the session (reconnect false); others' kicks are ordinary room events.
            if Bench.search(Array(#""reconnect":false"#.utf8), in: view) != nil {
                noteKick(now)
                running = false
                return
            }
            collector.answeredWithoutEnd(self)
        case .nchan:
            guard response.status == 200 else {
                if response.status == 304 || response.status == 408 { poll() } else { running = false }
                return
            }
            lastModified = response.headers.first(name: "Last-Modified")
            etag = response.headers.first(name: "Etag")
        }
        for (k, t) in Bench.markers(in: response.body) where k / 64 < seen.count {
            let bit: UInt64 = 1 << UInt64(k % 64)
            if seen[k / 64] & bit != 0 {
                duplicates += 1
            } else {
                seen[k / 64] |= bit
                received += 1
                collector.latency(now &- t)
            }
        }
        poll()
    }

    private func noteKick(_ now: UInt64) {
        kickedAt = now
        collector.kickReceived(self, at: now)
    }

    /// How many of the first `published` messages never arrived.
    func missing(of published: Int) -> Int { max(0, published - received) }
}

/// Latencies and kick timings, on the event loop.
final class Collector {
    var latencies = Latencies()
    var kickSent: [ObjectIdentifier: UInt64] = [:]
    var kickLatencies = Latencies()
    /// Of those, the kicks whose end came in the first answer the victim received after the kick was sent
    /// (its poll was held, or its waiting answer carried the end), and the rest: the victim first received
    /// an answer without it (already on its way) and the end came with the poll after.
    var kickLatenciesFirstAnswer = Latencies()
    var kickLatenciesLaterAnswer = Latencies()
    /// Answers without the end that a victim received after its kick was sent.
    private var answersAfterKick: [ObjectIdentifier: Int] = [:]
    /// From a kick's request to the admin API's answer, microseconds.
    var kickAnswers = Latencies()
    /// Runs once, when the first message arrives.
    var onFirstLatency: (() -> Void)?

    func latency(_ nanoseconds: UInt64) {
        if let first = onFirstLatency {
            onFirstLatency = nil
            first()
        }
        latencies.append(UInt32(min(nanoseconds / 1000, UInt64(UInt32.max))))
    }

    func kickReceived(_ subscriber: Subscriber, at now: UInt64) {
        let key = ObjectIdentifier(subscriber)
        if let sent = kickSent.removeValue(forKey: key) {
            let latency = UInt32((now &- sent) / 1000)
            kickLatencies.append(latency)
            if answersAfterKick.removeValue(forKey: key) == nil {
                kickLatenciesFirstAnswer.append(latency)
            } else {
                kickLatenciesLaterAnswer.append(latency)
            }
        }
    }

    /// A victim's answer that did not carry its end.
    func answeredWithoutEnd(_ subscriber: Subscriber) {
        let key = ObjectIdentifier(subscriber)
        if kickSent[key] != nil { answersAfterKick[key, default: 0] += 1 }
    }
}
