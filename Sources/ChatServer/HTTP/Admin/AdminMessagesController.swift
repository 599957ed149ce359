import AdminAPI
import Foundation
import Hummingbird

/// `messages/{seq}` (DELETE) and `messages/purge`: moderators take messages back.
struct AdminMessagesController {
    let service: ModerationService

    func addRoutes(to group: RouterGroup<AdminRequestContext>) {
        group.delete("messages/{seq}", use: remove)
        group.post("messages/purge", use: purge)
    }

    @Sendable func remove(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let identity = try context.require(.moderator)
        var request = request
        let text = try context.parameters.require("seq")
        context.call.target = "#\(text)"
        guard let seq = UInt64(text) else {
            throw APIError(.badRequest, "invalid_seq", "'\(text)' is not a message's sequence number: a whole number, as events and history show")
        }
        let body = try await request.decodeAdmin(RemoveMessageRequest.self, emptyAs: RemoveMessageRequest())
        context.call.reason = body.reason
        let result = try await service.removeMessage(seq: seq, reason: body.reason, actor: identity.actor, source: context.source)
        return try AdminResponse.json(result)
    }

    @Sendable func purge(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let identity = try context.require(.moderator)
        var request = request
        let body = try await request.decodeAdmin(PurgeRequest.self)
        context.call.target = body.target
        context.call.reason = ["the last \(body.last)", body.reason].compactMap { $0 }.joined(separator: "; ")
        let result = try await service.purge(body, actor: identity.actor, source: context.source)
        return try AdminResponse.json(result)
    }
}
