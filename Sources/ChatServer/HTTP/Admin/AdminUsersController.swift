import AdminAPI
import Foundation
import Hummingbird

/// `users`, `users/{nick}`, `users/{nick}/kick`, `announce`: moderators and admins.
struct AdminUsersController {
    let room: Room

    func addRoutes(to group: RouterGroup<AdminRequestContext>) {
        group.get("users", use: list)
        group.get("users/{nick}", use: show)
        group.post("users/{nick}/kick", use: kick)
        group.post("announce", use: announce)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try context.require(.moderator)
        return try AdminResponse.json(UserList(users: room.members().map(room.userInfo)))
    }

    @Sendable func show(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try context.require(.moderator)
        let nick = try context.parameters.require("nick")
        guard let member = room.member(nick: nick) else {
            throw RoomError(.noSuchNick, "nobody called '\(nick)' is in the room")
        }
        return try AdminResponse.json(room.userInfo(member))
    }

    @Sendable func kick(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let identity = try context.require(.moderator)
        var request = request
        let nick = try context.parameters.require("nick")
        let body = try await request.decodeAdmin(KickRequest.self, emptyAs: KickRequest())
        let reason = try ModerationService.reason(body.reason)
        context.call.reason = reason
        let member = try room.kick(nick: nick, reason: reason, actor: identity.actor)
        context.call.target = member.nick.display
        return try AdminResponse.json(KickResponse(nick: member.nick.display, reason: reason))
    }

    @Sendable func announce(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let identity = try context.require(.moderator)
        var request = request
        let body = try await request.decodeAdmin(AnnounceRequest.self)
        context.call.reason = body.text
        let event = try room.announce(body.text, actor: identity.actor)
        return try AdminResponse.json(AnnounceResponse(seq: event.seq), status: .accepted)
    }
}
