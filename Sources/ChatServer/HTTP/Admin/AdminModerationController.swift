import AdminAPI
import Foundation
import Hummingbird

/// `bans`, `mutes`, `limits`, `overrides`, `hosts`, `explain`.
struct AdminModerationController {
    let service: ModerationService

    func addRoutes(to group: RouterGroup<AdminRequestContext>) {
        group.get("bans") { request, context in try await list(.ban, request, context) }
        group.post("bans") { request, context in try await create(.ban, request, context) }
        group.delete("bans/{id}") { request, context in try await lift(.ban, request, context) }
        group.get("mutes") { request, context in try await list(.mute, request, context) }
        group.post("mutes") { request, context in try await create(.mute, request, context) }
        group.delete("mutes/{id}") { request, context in try await lift(.mute, request, context) }
        group.get("limits", use: limits)
        group.patch("limits", use: setLimits)
        group.get("overrides", use: overrides)
        group.post("overrides", use: addOverride)
        group.delete("overrides/{id}", use: removeOverride)
        group.get("hosts", use: hosts)
        group.get("explain/{subject}", use: explain)
    }

    @Sendable func list(_ kind: Sanction.Kind, _ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try context.require(.moderator)
        let all = request.uri.queryParameters["all"].map { $0 == "true" || $0 == "1" } ?? false
        return try AdminResponse.json(SanctionList(sanctions: try await service.list(kind, all: all)))
    }

    @Sendable func create(_ kind: Sanction.Kind, _ request: Request, _ context: AdminRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeAdmin(CreateSanctionRequest.self)
        context.call.target = body.target
        context.call.reason = [
            body.dryRun == true ? "dry run" : nil, body.duration.map { "for \($0)" }, body.purge.map { "purging the last \($0)" }, body.publicReason,
            body.privateReason.map { "private: \($0)" },
        ]
        .compactMap { $0 }.joined(separator: "; ")
        let identity = try context.require(.moderator)
        let caller = context.isControlSocket ? nil : IPAddress(context.source)
        let result = try await service.sanction(kind, body, actor: identity.actor, callerAddress: caller, source: context.source)
        if let sanction = result.sanction { context.call.target = "\(sanction.target) (\(sanction.id))" }
        return try AdminResponse.json(result, status: result.dryRun ? .ok : .created)
    }

    @Sendable func lift(_ kind: Sanction.Kind, _ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let identity = try context.require(.moderator)
        let idOrTarget = try Self.pathValue(context, "id")
        context.call.target = idOrTarget
        let lifted = try await service.lift(kind, idOrTarget: idOrTarget, actor: identity.actor)
        return try AdminResponse.json(SanctionList(sanctions: lifted))
    }

    @Sendable func limits(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try context.require(.moderator)
        return try AdminResponse.json(service.moderation.limits)
    }

    @Sendable func setLimits(_ request: Request, context: AdminRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeAdmin(UpdateLimitsRequest.self)
        // What was asked, so that a refusal is audited with it; replaced by what is in force on success.
        context.call.reason =
            "asked: "
            + [
                body.messageRate.map { "message rate \($0)" }, body.joinsPerMinute.map { "\($0) joins/min" }, body.hostCap.map { "host cap \($0)" },
                body.connectionCap.map { "connection cap \($0)" }, body.ipv6HostPrefix.map { "IPv6 hosts /\($0)" },
                body.ttl.map { "reverting after \($0)" },
            ].compactMap { $0 }.joined(separator: ", ")
        try context.require(.admin)
        let limits = try await service.setLimits(body)
        context.call.reason = ModerationService.describe(limits) + (body.ttl.map { ", reverting after \($0)" } ?? "")
        return try AdminResponse.json(limits)
    }

    @Sendable func overrides(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try context.require(.moderator)
        return try AdminResponse.json(OverrideList(overrides: service.moderation.overrides))
    }

    @Sendable func addOverride(_ request: Request, context: AdminRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeAdmin(CreateOverrideRequest.self)
        context.call.target = body.target
        context.call.reason =
            "asked: "
            + [
                body.messageRate.map { "rate \($0)" }, body.hostCap.map { "host cap \($0)" }, body.connectionCap.map { "connection cap \($0)" },
                body.exempt == true ? "exempt" : nil, body.ttl.map { "for \($0)" },
            ].compactMap { $0 }.joined(separator: ", ")
        let identity = try context.require(.admin)
        let override = try await service.addOverride(body, actor: identity.actor)
        context.call.reason = [
            override.messageRate.map { "rate \($0)" }, override.hostCap.map { "host cap \($0)" },
            override.connectionCap.map { "connection cap \($0)" }, override.exempt ? "exempt" : nil,
            override.expiresAt.map { "until \(AdminJSON.formatTimestamp($0))" },
        ].compactMap { $0 }.joined(separator: ", ")
        return try AdminResponse.json(override, status: .created)
    }

    @Sendable func removeOverride(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try Self.pathValue(context, "id")
        context.call.target = id
        try context.require(.admin)
        try await service.removeOverride(id: id)
        return AdminResponse.noContent
    }

    @Sendable func hosts(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try context.require(.moderator)
        return try AdminResponse.json(HostList(hosts: service.hosts()))
    }

    @Sendable func explain(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try context.require(.moderator)
        return try AdminResponse.json(try service.explain(try Self.pathValue(context, "subject")))
    }

    /// A path parameter with its percent-encoding undone (`2001%3Adb8%3A%3A%2F48`).
    static func pathValue(_ context: AdminRequestContext, _ name: String) throws -> String {
        let raw = try context.parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }
}
