import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Turns every error into our envelope. Domain and API errors keep their code; Hummingbird's own errors
/// (no route, body too large) get a fitting one; a path that exists under other methods gets 405 with
/// `Allow`; anything unexpected is logged and answered with a bare 500 that reveals nothing.
struct ErrorEnvelopeMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Methods each fixed path answers to, for telling 405 from 404.
    let allowedMethods: [String: [HTTPRequest.Method]]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as RoomError {
            return try error.apiError.response(from: request, context: context)
        } catch let error as HTTPError {
            return try map(error, request: request).response(from: request, context: context)
        } catch is NIOTooManyBytesError {
            return try Self.tooLarge.response(from: request, context: context)
        } catch {
            context.logger.error("unexpected error", metadata: ["chat.error": "\(String(reflecting: error))", "chat.path": "\(request.uri.path)"])
            return try APIError(.internalServerError, "internal_error", "the server failed; the error is logged")
                .response(from: request, context: context)
        }
    }

    static var tooLarge: APIError { APIError(.contentTooLarge, "body_too_large", "the request body is too large") }

    private func map(_ error: HTTPError, request: Request) -> APIError {
        switch error.status {
        case .notFound:
            if let methods = allowedMethods[request.uri.path] {
                let allow = methods.map(\.rawValue).joined(separator: ", ")
                return APIError(
                    .methodNotAllowed, "method_not_allowed", "\(request.method.rawValue) is not allowed on \(request.uri.path); use \(allow)",
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
