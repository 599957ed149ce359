import Hummingbird

/// Refuses a chat request whose declared body is over the limit with `413` before any route reads it, as
/// the fast lane does for every path but join and send, whose endpoints decide themselves (send says a
/// missing token first). On the fast lane such a request never reaches the router; on the plain lane this
/// is what answers it.
struct DeclaredBodyLimit<Context: RequestContext>: RouterMiddleware {
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Join and send read their body themselves and say what is wrong with the request in their order.
        let decidesItself = FastLanePath(method: request.method, path: Substring(request.uri.path)).map { $0 != .poll } ?? false
        if request.headers.declaresBody(over: maxBodyBytes), !decidesItself {
            throw Request.tooLarge(limit: maxBodyBytes)
        }
        return try await next(request, context)
    }
}
