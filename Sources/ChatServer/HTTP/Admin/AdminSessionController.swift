import AdminAPI
import Foundation
import Hummingbird

/// `login`, `logout`, `whoami`.
struct AdminSessionController {
    let accounts: AccountService

    func addRoutes(to group: RouterGroup<AdminRequestContext>) {
        group.post("login", use: login)
        group.post("logout", use: logout)
        group.get("whoami", use: whoami)
    }

    @Sendable func login(_ request: Request, context: AdminRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeAdmin(LoginRequest.self)
        // Until the password is right the caller is anonymous: the name tried is the target, never the actor.
        context.call.target = body.username
        let (secret, token, account) = try await accounts.login(username: body.username, password: body.password, address: context.source)
        context.call.identity = .account(account, token: token, source: context.source)
        return try AdminResponse.json(LoginResponse(token: secret, role: account.role, expiresAt: token.expiresAt ?? .distantFuture))
    }

    /// Revokes the token the request was made with.
    @Sendable func logout(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let identity = try context.identity()
        guard let token = identity.token else {
            throw APIError(.badRequest, "no_token", "the control socket has no token to log out of")
        }
        context.call.target = token.id
        _ = try await accounts.revokeToken(id: token.id)
        return AdminResponse.noContent
    }

    @Sendable func whoami(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let identity = try context.identity()
        return try AdminResponse.json(
            WhoAmI(
                actor: identity.actor,
                role: identity.role,
                source: identity.source,
                tokenId: identity.token?.id,
                expiresAt: identity.token?.expiresAt
            )
        )
    }
}
