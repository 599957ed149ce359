import AdminAPI
import Foundation
import Hummingbird

/// `rules` and `rules/{id}`: the automod rules, changed live (moderators and admins).
struct AdminRulesController {
    let service: ModerationService

    func addRoutes(to group: RouterGroup<AdminRequestContext>) {
        group.get("rules", use: list)
        group.post("rules", use: add)
        group.patch("rules/{id}", use: update)
        group.delete("rules/{id}", use: remove)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try context.require(.moderator)
        return try AdminResponse.json(RuleList(rules: service.moderation.automod.rules))
    }

    @Sendable func add(_ request: Request, context: AdminRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeAdmin(CreateRuleRequest.self)
        context.call.reason = Self.describe(body)
        let identity = try context.require(.moderator)
        let rule = try await service.addRule(body, actor: identity.actor)
        context.call.target = rule.id
        return try AdminResponse.json(rule, status: .created)
    }

    @Sendable func update(_ request: Request, context: AdminRequestContext) async throws -> Response {
        var request = request
        let id = try AdminModerationController.pathValue(context, "id")
        context.call.target = id
        let body = try await request.decodeAdmin(UpdateRuleRequest.self)
        context.call.reason = [body.dryRun.map { $0 ? "dry run" : "live" }, body.exempt.map { "exempt: \($0.joined(separator: ", "))" }]
            .compactMap { $0 }.joined(separator: "; ")
        try context.require(.moderator)
        return try AdminResponse.json(try await service.updateRule(id, body))
    }

    @Sendable func remove(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try context.require(.moderator)
        let id = try AdminModerationController.pathValue(context, "id")
        context.call.target = id
        return try AdminResponse.json(try await service.removeRule(id))
    }

    /// A rule as its audit line says it.
    static func describe(_ rule: CreateRuleRequest) -> String {
        var parts = [rule.kind.rawValue]
        if let words = rule.words { parts.append(words.joined(separator: " ")) }
        if let pattern = rule.pattern { parts.append("/\(pattern)/") }
        if let limit = rule.limit { parts.append("limit \(limit)" + (rule.window.map { " in \($0)" } ?? "")) }
        parts.append("→ \(rule.action.rawValue)" + (rule.duration.map { " \($0)" } ?? ""))
        if let escalation = rule.escalation {
            parts.append(
                "then \(escalation.action.rawValue)\(escalation.duration.map { " \($0)" } ?? "") after \(escalation.after) in \(escalation.within)"
            )
        }
        if rule.dryRun == true { parts.append("dry run") }
        return parts.joined(separator: "; ")
    }
}
