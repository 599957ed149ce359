import AdminAPI
import Foundation
import Logging
import Testing

@testable import ChatServer

@Suite("Audit log: caps, coalescing, retention")
struct AuditLogTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func refusal(_ source: String, action: String = "login", target: String? = "root", outcome: String = "invalid_credentials") -> AuditRecord {
        AuditRecord(at: start, actor: "anonymous", source: source, action: action, target: target, reason: nil, outcome: outcome)
    }

    @Test("a field over 256 bytes is cut on a character boundary and says how much was cut")
    func fieldsAreCut() {
        #expect(AuditLog.cut("short") == "short")
        let long = String(repeating: "é", count: 30_000)
        let cut = AuditLog.cut(long)
        #expect(cut.utf8.count <= AuditLog.fieldLimit)
        #expect(cut.hasSuffix("…[cut \(60_000 - (cut.utf8.count - "…[cut 59768 bytes]".utf8.count)) bytes]"))
        #expect(cut.hasPrefix("éé"))
    }

    @Test("repeats of one refusal from one source within the minute are one line with a count")
    func repeatsAreCounted() throws {
        var coalescer = AuditCoalescer()
        guard case .write(let key, let line) = coalescer.note(refusal("192.0.2.1"), at: start) else {
            Issue.record("the first refusal is written")
            return
        }
        #expect(line.target == "root")
        coalescer.written(key, id: 7)
        for second in 1...99 { #expect(coalescer.note(refusal("192.0.2.1"), at: start.addingTimeInterval(Double(second) / 10)) == .counted) }
        #expect(coalescer.flush(at: start.addingTimeInterval(10)) == [.init(id: 7, count: 100, lastAt: start.addingTimeInterval(9.9))])
        #expect(coalescer.flush(at: start.addingTimeInterval(11)).isEmpty, "nothing new to write")
        _ = coalescer.flush(at: start.addingTimeInterval(60))
        #expect(coalescer.openLines == 0, "the minute is over")
        if case .counted = coalescer.note(refusal("192.0.2.1"), at: start.addingTimeInterval(61)) { Issue.record("a new minute starts a new line") }
    }

    @Test("a source gets at most nine lines a minute, however varied its refusals; an IPv6 /64 is one source")
    func perSourceBound() {
        var coalescer = AuditCoalescer()
        var written: [AuditRecord] = []
        for index in 0..<1000 {
            let address = "2001:db8:1:2::\(String(index, radix: 16))"
            if case .write(let key, let line) = coalescer.note(refusal(address, target: "name-\(index)"), at: start) {
                written.append(line)
                coalescer.written(key, id: Int64(index))
            }
        }
        #expect(written.count == 9)
        #expect(written.last?.action == "refusals" && written.last?.outcome == "various")
        #expect(coalescer.flush(at: start).map(\.count) == [992])
    }

    @Test("lines open at once are bounded: past the capacity, refusals from new sources share one line")
    func capacityBound() {
        var coalescer = AuditCoalescer(capacity: 100)
        var lines = 0
        for index in 0..<5000 {
            if case .write(let key, _) = coalescer.note(refusal("10.0.\(index / 256).\(index % 256)"), at: start) {
                lines += 1
                coalescer.written(key, id: Int64(index))
            }
        }
        #expect(lines == 101)
        #expect(coalescer.openLines == 101)
    }

    @Test("the log writes a refusal flood as a few lines whose counts add up, and a change at once")
    func floodThroughTheLog() async throws {
        let store = MemoryStore()
        let clock = ManualClock()
        let log = AuditLog(store: store, clock: clock, logger: Logger(label: "test"))
        let name = "root\n2026-12-01 09:00:00  root@local  limits.set  → ok\u{1B}[2J" + String(repeating: "x", count: 60_000)
        for _ in 0..<500 {
            await log.record(actor: "anonymous", source: "198.51.100.7", action: "login", target: name, reason: nil, outcome: "too_many_attempts")
        }
        await log.record(actor: "root", source: "local", action: "kick", target: "spammer", reason: nil, outcome: "ok")
        await log.flush()
        let lines = try await store.audit(AuditQuery())
        #expect(lines.count == 2)
        let flood = try #require(lines.first { $0.action == "login" })
        #expect(flood.count == 500)
        #expect((flood.target ?? "").utf8.count <= AuditLog.fieldLimit)
        #expect(flood.actor == "anonymous")
    }

    @Test("pruning keeps the newest lines and audits what it removed")
    func pruneIsAudited() async throws {
        let store = MemoryStore()
        let clock = ManualClock()
        let log = AuditLog(store: store, clock: clock, logger: Logger(label: "test"))
        for index in 0..<1500 { await log.record(actor: "root", source: "local", action: "kick", target: "n\(index)", reason: nil, outcome: "ok") }
        await log.prune(AuditRetention(maxAge: 86400, maxLines: 1000))
        let lines = try await store.audit(AuditQuery(limit: 1000))
        #expect(lines.first?.action == "audit.prune")
        #expect(lines.first?.reason?.hasPrefix("removed 500 lines") == true)
        await log.prune(AuditRetention(maxAge: 86400, maxLines: 1000))
        #expect(try await store.audit(AuditQuery(action: "audit.prune")).count == 2, "the prune line itself pushed one out")
    }
}
