import AdminAPI
import Foundation
import Hummingbird

/// Establishes who is calling. On the control socket the kernel says (`SO_PEERCRED`): the server's own user
/// or root is the local admin, anyone else is refused before any route runs. On TCP a bearer token names an
/// account; login, health and metrics need none.
struct AdminAuthMiddleware: RouterMiddleware {
    typealias Context = AdminRequestContext

    let accounts: AccountService
    /// The uid the server runs as.
    let serverUID: UInt32

    /// Paths open without a token on TCP.
    static let openPaths: Set<String> = [AdminPaths.login, AdminPaths.health, AdminPaths.metrics]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if context.isControlSocket {
            guard let peer = await PeerCredentials.of(context.channel) else {
                throw APIError(.forbidden, "forbidden_peer", "the control socket could not identify the connecting process")
            }
            guard peer.uid == serverUID || peer.uid == 0 else {
                context.call.claimedActor = "local:\(PeerCredentials.userName(of: peer.uid))"
                throw APIError(
                    .forbidden,
                    "forbidden_peer",
                    "the control socket accepts only \(PeerCredentials.userName(of: serverUID)) (uid \(serverUID)) and root; you are uid \(peer.uid)"
                )
            }
            context.call.identity = .local(user: PeerCredentials.userName(of: peer.uid))
            return try await next(request, context)
        }
        // Login, health and metrics need no token and ignore one: a stale token in a scraper's or a script's
        // header does not stop them.
        if Self.openPaths.contains(request.uri.path) {
            return try await next(request, context)
        }
        if let secret = request.bearerToken {
            let (token, account): (StoredToken, StoredAccount)
            do {
                (token, account) = try await accounts.authenticate(secret: secret)
            } catch let error as AccountError {
                context.call.reason = error.auditNote
                throw error
            }
            context.call.identity = .account(account, token: token, source: context.source)
        } else {
            throw APIError(
                .unauthorized,
                "unauthorized",
                "log in first (chatctl login), or send 'Authorization: Bearer TOKEN'",
                headers: [.wwwAuthenticate: "Bearer"]
            )
        }
        return try await next(request, context)
    }
}
