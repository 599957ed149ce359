import Hummingbird

/// Refuses a chat request whose declared body is over the limit with `413` before any route reads it, as
/// the fast lane does for every path but join and send, whose endpoints decide themselves (send says a
/// missing token first). On the fast lane such a request never reaches the router; on the plain lane this
/// is what answers it.
struct DeclaredBodyLimit<Context: RequestContext>: RouterMiddleware {
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBodyBytes,
            FastLanePath(method: request.method, path: Substring(request.uri.path)).map({ $0 == .poll }) ?? true
        {
            throw Request.tooLarge(limit: maxBodyBytes)
        }
        return try await next(request, context)
    }
}
