import AdminAPI
import Foundation
import Hummingbird

/// `reports` and `reports/{id}/resolve`: the moderators' queue of reported messages.
struct AdminReportsController {
    let service: ModerationService

    func addRoutes(to group: RouterGroup<AdminRequestContext>) {
        group.get("reports", use: list)
        group.post("reports/{id}/resolve", use: resolve)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try context.require(.moderator)
        let wanted: Report.State?
        switch request.uri.queryParameters["state"].map(String.init) ?? "open" {
        case "open": wanted = .open
        case "closed": wanted = .closed
        case "all": wanted = nil
        case let other:
            throw APIError(.badRequest, "invalid_state", "state is open, closed or all, not '\(other)'")
        }
        return try AdminResponse.json(ReportList(reports: service.reports(in: wanted)))
    }

    @Sendable func resolve(_ request: Request, context: AdminRequestContext) async throws -> Response {
        var request = request
        let id = try AdminModerationController.pathValue(context, "id")
        context.call.target = id
        let body = try await request.decodeAdmin(ResolveReportRequest.self)
        context.call.reason = [body.action, body.duration.map { "for \($0)" }, body.reason].compactMap { $0 }.joined(separator: "; ")
        let identity = try context.require(.moderator)
        let caller = context.isControlSocket ? nil : IPAddress(context.source)
        let report = try await service.resolveReport(id, body, actor: identity.actor, callerAddress: caller, source: context.source)
        context.call.target = "\(id) (\(report.nick) #\(report.seq))"
        return try AdminResponse.json(report)
    }
}
