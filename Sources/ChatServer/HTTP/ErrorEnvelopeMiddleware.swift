import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Turns every error into our envelope. Domain and API errors keep their code; Hummingbird's own errors
/// (no route, body too large) get a fitting one; a path that exists under other methods gets 405 with
/// `Allow`; anything unexpected is logged and answered with a bare 500 that reveals nothing.
struct ErrorEnvelopeMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The router's routes, for telling 405 from 404.
    let routes: RouteTable

    /// The longest URL (path and query) answered; longer ones get `414 uri_too_long`.
    static var maxURLBytes: Int { 8192 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.string.utf8.count <= Self.maxURLBytes else {
            return try APIError(.uriTooLong, "uri_too_long", "the URL is longer than \(Self.maxURLBytes) bytes").response(
                from: request,
                context: context
            )
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            return try map(error, request: request).response(from: request, context: context)
        } catch {
            if let apiError = APIError.from(error) {
                return try apiError.response(from: request, context: context)
            }
            context.logger.error("unexpected error", metadata: ["chat.error": "\(String(reflecting: error))", "chat.path": "\(request.uri.path)"])
            return try APIError(.internalServerError, "internal_error", "the server failed; the error is logged")
                .response(from: request, context: context)
        }
    }

    static var tooLarge: APIError { APIError(.contentTooLarge, "body_too_large", "the request body is too large") }

    private func map(_ error: HTTPError, request: Request) -> APIError {
        switch error.status {
        case .notFound:
            let methods = routes.methods(for: request.uri.path)
            if !methods.isEmpty {
                let allow = methods.map(\.rawValue).joined(separator: ", ")
                return APIError(
                    .methodNotAllowed,
                    "method_not_allowed",
                    "\(request.method.rawValue) is not allowed on \(request.uri.path); use \(allow)",
                    headers: [.allow: allow]
                )
            }
            return .notFound(request.uri.path)
        case .contentTooLarge:
            return Self.tooLarge
        default:
            return APIError(error.status, "http_\(error.status.code)", error.body ?? error.status.reasonPhrase)
        }
    }
}
