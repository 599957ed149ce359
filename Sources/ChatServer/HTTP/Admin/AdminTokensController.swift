import AdminAPI
import Foundation
import Hummingbird

/// `tokens`: everyone manages their own; admins manage anyone's.
struct AdminTokensController {
    let accounts: AccountService

    func addRoutes(to group: RouterGroup<AdminRequestContext>) {
        group.get("tokens", use: list)
        group.post("tokens", use: create)
        group.delete("tokens/{id}", use: revoke)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let identity = try context.require(.moderator)
        var owner = identity.role == .admin ? nil : identity.account
        if let asked = request.uri.queryParameters["account"].map(String.init) {
            // Someone else's tokens are for admins: a moderator asking for them is refused (and audited), not
            // quietly shown their own.
            context.call.target = asked
            if asked.lowercased() != identity.account?.lowercased() { try context.require(.admin) }
            owner = asked
        }
        return try AdminResponse.json(TokenList(tokens: try await accounts.tokens(account: owner).map(\.info)))
    }

    @Sendable func create(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let identity = try context.require(.moderator)
        var request = request
        let body = try await request.decodeAdmin(CreateTokenRequest.self)
        guard let owner = body.account ?? identity.account else {
            throw APIError(.badRequest, "account_required", "on the control socket, say which account the token is for ('account')")
        }
        context.call.target = owner
        context.call.reason = body.name
        if owner.lowercased() != identity.account?.lowercased() {
            try context.require(.admin)
        }
        let (secret, token) = try await accounts.createToken(name: body.name, account: owner, lifetime: body.expiresIn.map(TimeInterval.init))
        return try AdminResponse.json(CreatedToken(token: secret, info: token.info), status: .created)
    }

    @Sendable func revoke(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let identity = try context.require(.moderator)
        let id = try context.parameters.require("id")
        context.call.target = id
        let token = try await accounts.token(id: id)
        if token.account.lowercased() != identity.account?.lowercased() {
            try context.require(.admin)
        }
        _ = try await accounts.revokeToken(id: id)
        return AdminResponse.noContent
    }
}
