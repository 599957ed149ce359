import AdminAPI
import Foundation

/// Reports: people in the room report a message; moderators see it at once and resolve it from a queue
/// with one action (remove the message, mute or ban its sender, or dismiss), which closes the report.
extension ModerationService {
    /// Files a report of message `seq` from a session, or adds the session's nick to the open report on it.
    /// Limited per session (``ReportDesk/rate``); a second report from the same person changes nothing.
    func fileReport(from session: SessionID, seq: UInt64, reason rawReason: String?) async throws -> Report {
        guard let member = room.member(session) else { throw RoomError(.unknownSession, "unknown or expired session: join again") }
        let reason = try Self.reason(rawReason)
        try moderation.reports.admit(session, at: clock.now())
        return try await addReporter(member.nick.display, key: member.nick.key, seq: seq, reason: reason)
    }

    /// Adds a reporter to the open report on a message, or opens one; a reporter already on it changes
    /// nothing. `key` is the reporter as compared: a nick's key, or an automod rule's id.
    func addReporter(_ reporter: String, key: String, seq: UInt64, reason: String?) async throws -> Report {
        try await changes.run {
            guard let message = room.sentMessage(seq: seq) else {
                throw RoomError(.noSuchMessage, "no message #\(seq) to report: it was removed, or is older than the room keeps")
            }
            guard message.sender.key != key else {
                throw ModerationError(.invalidReport, "that message is your own")
            }
            let now = clock.now()
            var report =
                moderation.reports.openReport(seq: seq)
                ?? Report(
                    id: "rep_" + Self.randomID(),
                    seq: seq,
                    nick: message.sender.display,
                    text: message.event.event.text ?? "",
                    reporters: [],
                    createdAt: now
                )
            guard !report.reporters.contains(where: { $0.nick.lowercased() == key.lowercased() }) else { return report }
            report.reporters.append(Report.Reporter(nick: reporter, reason: reason, at: now))
            try await store.saveReport(report)
            moderation.reports.stored(report)
            room.publishReport(report, reporter: reporter, reason: reason)
            return report
        }
    }

    func reports(in state: Report.State?) -> [Report] {
        moderation.reports.reports(in: state)
    }

    /// Does the action a report asks for and closes it, in one step.
    /// - Returns: the closed report, its `resolution` saying what was done.
    func resolveReport(
        _ id: String,
        _ request: ResolveReportRequest,
        actor: String,
        callerAddress: IPAddress?,
        source: String
    ) async throws -> Report {
        let action = request.action.lowercased()
        guard ["remove", "mute", "ban", "dismiss"].contains(action) else {
            throw ModerationError(.invalidAction, "'\(request.action)' is not an action: remove, mute, ban or dismiss")
        }
        let reason = try Self.reason(request.reason)
        var report = try moderation.reports.claim(id)
        defer { moderation.reports.release(id) }
        let resolution: String
        switch action {
        case "remove":
            do {
                _ = try await removeMessage(seq: report.seq, reason: reason ?? "report \(id)", actor: actor, source: source)
                resolution = "removed"
            } catch let error as RoomError where error.code == .noSuchMessage {
                resolution = "removed (it was gone already)"
            }
        case "mute", "ban":
            let kind: Sanction.Kind = action == "ban" ? .ban : .mute
            let result = try await sanction(
                kind,
                CreateSanctionRequest(target: report.nick, duration: request.duration, publicReason: reason, privateReason: "report \(id)"),
                actor: actor,
                callerAddress: callerAddress,
                source: source
            )
            let verb = kind == .ban ? "banned" : "muted"
            resolution = "\(verb) \(report.nick)" + (request.duration.map { " for \($0)" } ?? "") + (result.sanction.map { " (\($0.id))" } ?? "")
        default:
            resolution = "dismissed"
        }
        report.state = .closed
        report.resolution = resolution + (reason.map { ": \($0)" } ?? "")
        report.resolvedBy = actor
        report.resolvedAt = clock.now()
        let closed = report
        try await changes.run { try await store.saveReport(closed) }
        moderation.reports.stored(closed)
        return closed
    }
}
