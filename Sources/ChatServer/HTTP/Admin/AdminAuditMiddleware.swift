import AdminAPI
import Foundation
import HTTPTypes
import Hummingbird

/// Writes the audit line of every admin request that changes something, and of every refused one
/// (401, 403, 429), whatever route it was for. Handlers only say what the target and reason were.
struct AdminAuditMiddleware: RouterMiddleware {
    typealias Context = AdminRequestContext

    let audit: AuditLog

    /// Action names of the routes that change something, by method and route.
    static let actions: [String: String] = [
        "POST \(AdminPaths.login)": "login",
        "POST \(AdminPaths.logout)": "logout",
        "POST \(AdminPaths.users)/{nick}/kick": "kick",
        "POST \(AdminPaths.announce)": "announce",
        "POST \(AdminPaths.accounts)": "account.create",
        "PATCH \(AdminPaths.accounts)/{name}": "account.update",
        "DELETE \(AdminPaths.accounts)/{name}": "account.delete",
        "POST \(AdminPaths.tokens)": "token.create",
        "DELETE \(AdminPaths.tokens)/{id}": "token.revoke",
        "POST \(AdminPaths.bans)": "ban",
        "DELETE \(AdminPaths.bans)/{id}": "unban",
        "POST \(AdminPaths.mutes)": "mute",
        "DELETE \(AdminPaths.mutes)/{id}": "unmute",
        "PATCH \(AdminPaths.limits)": "limits.set",
        "POST \(AdminPaths.overrides)": "override.add",
        "DELETE \(AdminPaths.overrides)/{id}": "override.remove",
        "DELETE \(AdminPaths.messages)/{seq}": "message.remove",
        "POST \(AdminPaths.purge)": "message.purge",
        "POST \(AdminPaths.reports)/{id}/resolve": "report.resolve",
        "POST \(AdminPaths.rules)": "rule.add",
        "PATCH \(AdminPaths.rules)/{id}": "rule.update",
        "DELETE \(AdminPaths.rules)/{id}": "rule.remove",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let route = "\(request.method.rawValue) \(context.endpointPath ?? request.uri.path)"
        let action = Self.actions[route]
        do {
            let response = try await next(request, context)
            if let action {
                await write(action: action, outcome: "ok", request: request, context: context)
            }
            return response
        } catch {
            let apiError = APIError.from(error)
            let refused = [.unauthorized, .forbidden, .tooManyRequests].contains(apiError?.status)
            if action != nil || refused {
                await write(action: action ?? route, outcome: AuditLog.outcome(of: error), request: request, context: context)
            }
            throw error
        }
    }

    private func write(action: String, outcome: String, request: Request, context: Context) async {
        let parameters = context.parameters
        let target =
            context.call.target ?? parameters.get("nick") ?? parameters.get("name") ?? parameters.get("id").map { $0.removingPercentEncoding ?? $0 }
        await audit.record(
            actor: context.call.identity?.actor ?? context.call.claimedActor ?? "anonymous",
            source: context.source,
            action: action,
            target: target,
            reason: context.call.reason,
            outcome: outcome
        )
    }
}
