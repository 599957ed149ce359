import Foundation

/// Folds repeated refusals into one audit line with a count, so that a flood of refused requests writes a
/// small, fixed amount per source per minute. A pure state machine: the caller passes the time, writes what
/// it is told to, and reports the id each new line got.
///
/// Within a window (a minute from a line's first refusal) the same refusal from the same source (actor,
/// action, target, reason and outcome alike) adds to the count of its line. A source that has
/// ``distinctPerSource`` lines open gets one more line for everything else it is refused that minute; when
/// ``capacity`` lines are open, refusals from sources without one share a single line. A source is an IPv4
/// address or an IPv6 /64.
struct AuditCoalescer: Sendable {
    struct Key: Hashable, Sendable {
        let source: String
        let actor: String
        let action: String
        let target: String?
        let reason: String?
        let outcome: String
    }

    /// What to do with a refusal.
    enum Decision: Equatable, Sendable {
        /// Write it as a new line (as given, or as the overflow line), then report its id with ``written(_:id:)``.
        case write(Key, AuditRecord)
        /// Counted into a line already written or being written; ``flush(at:)`` writes the count.
        case counted
    }

    /// An update of a line's count to write.
    struct CountUpdate: Equatable, Sendable {
        let id: Int64
        let count: Int
        let lastAt: Date
    }

    private struct Line {
        var id: Int64?
        let openedAt: Date
        var count = 1
        var lastAt: Date
        var countWritten = 1
    }

    let window: TimeInterval
    let distinctPerSource: Int
    let capacity: Int
    private var lines: [Key: Line] = [:]
    private var openPerSource: [String: Int] = [:]

    init(window: TimeInterval = 60, distinctPerSource: Int = 8, capacity: Int = 50_000) {
        self.window = window
        self.distinctPerSource = distinctPerSource
        self.capacity = capacity
    }

    mutating func note(_ record: AuditRecord, at now: Date) -> Decision {
        let source = SourceKey.of(record.source)
        var key = Key(
            source: source,
            actor: record.actor,
            action: record.action,
            target: record.target,
            reason: record.reason,
            outcome: record.outcome
        )
        var written = record
        if lines[key] == nil, openPerSource[source, default: 0] >= distinctPerSource {
            key = Key(source: source, actor: "*", action: "*", target: nil, reason: nil, outcome: "*")
            written = Self.overflow(record, "further refusals from this source within the minute, of any kind")
        }
        if lines[key] == nil, lines.count >= capacity {
            key = Key(source: "*", actor: "*", action: "*", target: nil, reason: nil, outcome: "*")
            written = Self.overflow(record, "refusals from many sources within the minute, of any kind")
            written.source = "*"
        }
        if var line = lines[key] {
            line.count += 1
            line.lastAt = now
            lines[key] = line
            return .counted
        }
        lines[key] = Line(openedAt: now, lastAt: now)
        openPerSource[key.source, default: 0] += 1
        return .write(key, written)
    }

    private static func overflow(_ record: AuditRecord, _ reason: String) -> AuditRecord {
        var line = record
        line.action = "refusals"
        line.target = nil
        line.outcome = "various"
        line.reason = reason
        return line
    }

    /// The line for `key` was written with this id (or could not be, with nil: it is forgotten).
    mutating func written(_ key: Key, id: Int64?) {
        guard let id else {
            forget(key)
            return
        }
        lines[key]?.id = id
    }

    /// The counts to write now, for lines whose count grew since last written; lines whose window is over
    /// are closed after their last count is handed out.
    mutating func flush(at now: Date) -> [CountUpdate] {
        var updates: [CountUpdate] = []
        for (key, line) in lines {
            guard let id = line.id else { continue }
            if line.count > line.countWritten {
                updates.append(CountUpdate(id: id, count: line.count, lastAt: line.lastAt))
                lines[key]?.countWritten = line.count
            }
            if now.timeIntervalSince(line.openedAt) >= window { forget(key) }
        }
        return updates.sorted { $0.id < $1.id }
    }

    private mutating func forget(_ key: Key) {
        guard lines.removeValue(forKey: key) != nil else { return }
        let open = openPerSource[key.source, default: 1] - 1
        openPerSource[key.source] = open > 0 ? open : nil
    }

    /// How many lines are open (bounded by ``capacity`` + 1).
    var openLines: Int { lines.count }
}
