import AdminAPI
import Foundation
import NIOConcurrencyHelpers

/// The reports in memory, as the store holds them, with the open one of each message found by its number,
/// and how fast each session may report.
final class ReportDesk: Sendable {
    private struct State {
        var reports: [String: Report] = [:]
        var openBySeq: [UInt64: String] = [:]
        /// Reports being resolved now: a second moderator is refused rather than acting twice.
        var claimed: Set<String> = []
        var arrivals: [SessionID: Double] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// Five reports a minute per session, five at once.
    static let rate = RateSpec(count: 5, seconds: 60, burst: 5)

    /// Puts stored reports in place, at start.
    func load(_ reports: [Report]) {
        for report in reports { stored(report) }
    }

    /// Admits one report from a session, or says how long to wait.
    func admit(_ session: SessionID, at now: Date) throws(RoomError) {
        let wait: Double? = state.withLockedValue { state in
            var arrival = state.arrivals[session] ?? 0
            let wait = GCRA.take(&arrival, now: now.timeIntervalSince1970, rate: Self.rate)
            state.arrivals[session] = arrival
            return wait
        }
        if let wait {
            let seconds = max(1, Int(wait.rounded(.up)))
            throw RoomError(.rateLimited, "you are reporting too fast; you can report again in \(seconds) s", retryAfter: Double(seconds))
        }
    }

    /// Forgets a session's rate when it ends.
    func sessionEnded(_ session: SessionID) {
        _ = state.withLockedValue { $0.arrivals.removeValue(forKey: session) }
    }

    /// The open report on a message, if any.
    func openReport(seq: UInt64) -> Report? {
        state.withLockedValue { state in state.openBySeq[seq].flatMap { state.reports[$0] } }
    }

    /// Keeps a report as it was just stored.
    func stored(_ report: Report) {
        state.withLockedValue { state in
            state.reports[report.id] = report
            if report.state == .open {
                state.openBySeq[report.seq] = report.id
            } else if state.openBySeq[report.seq] == report.id {
                state.openBySeq[report.seq] = nil
            }
        }
    }

    /// Takes an open report for resolving; it stays claimed until ``release(_:)``.
    func claim(_ id: String) throws(ModerationError) -> Report {
        let outcome: Result<Report, ModerationError> = state.withLockedValue { state in
            guard let report = state.reports[id] else {
                return .failure(ModerationError(.reportNotFound, "no report '\(id)'; see chatctl reports"))
            }
            guard report.state == .open, !state.claimed.contains(id) else {
                let how = report.resolution.map { ": \($0) by \(report.resolvedBy ?? "?")" } ?? " (another moderator is resolving it)"
                return .failure(ModerationError(.reportClosed, "report \(id) is closed already\(how)"))
            }
            state.claimed.insert(id)
            return .success(report)
        }
        return try outcome.get()
    }

    func release(_ id: String) {
        _ = state.withLockedValue { $0.claimed.remove(id) }
    }

    /// Open reports, or closed ones, or all; newest first.
    func reports(in wanted: Report.State?) -> [Report] {
        state.withLockedValue { state in
            state.reports.values.filter { wanted == nil || $0.state == wanted }.sorted { $0.createdAt > $1.createdAt }
        }
    }
}
