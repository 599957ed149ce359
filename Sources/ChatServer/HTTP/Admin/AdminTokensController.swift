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
        let owner = identity.role == .admin ? request.uri.queryParameters["account"].map(String.init) : identity.account
        return try AdminResponse.json(TokenList(tokens: try await accounts.tokens(account: owner).map(\.info)))
    }

    @Sendable func create(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let identity = try context.require(.moderator)
        var request = request
        let body = try await request.decodeAdmin(CreateTokenRequest.self)
        guard let owner = body.account ?? identity.account else {
            throw APIError(.badRequest, "account_required", "on the control socket, say which account the token is for ('account')")
        }
        if owner.lowercased() != identity.account?.lowercased() {
            try context.require(.admin)
        }
        context.call.target = owner
        context.call.reason = body.name
        let (secret, token) = try await accounts.createToken(name: body.name, account: owner, lifetime: body.expiresIn.map(TimeInterval.init))
        return try AdminResponse.json(CreatedToken(token: secret, info: token.info), status: .created)
    }

    @Sendable func revoke(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let identity = try context.require(.moderator)
        let id = try context.parameters.require("id")
        let token = try await accounts.token(id: id)
        if token.account.lowercased() != identity.account?.lowercased() {
            guard identity.role == .admin else { throw AccountError(.tokenNotFound, "no token with id '\(id)'") }
        }
        _ = try await accounts.revokeToken(id: id)
        return AdminResponse.noContent
    }
}
