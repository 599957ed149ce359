import HTTPTypes
import Hummingbird
import NIOCore

/// Serves the chat page and its script and style sheet, which are compiled into the binary: no files to
/// deploy beside it, no CDN, no build step. A strict Content-Security-Policy forbids inline script and any
/// other origin, as a second line of defence behind rendering text as text.
struct WebPageController {
    private static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy:
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        .xContentTypeOptions: "nosniff",
        .referrerPolicy: "no-referrer",
    ]

    func addRoutes(to router: Router<ChatRequestContext>) {
        router.get("/") { _, _ in Self.asset(ChatPage.html, type: "text/html; charset=utf-8") }
        router.get("/chat.js") { _, _ in Self.asset(ChatPage.script, type: "text/javascript; charset=utf-8") }
        router.get("/chat.css") { _, _ in Self.asset(ChatPage.style, type: "text/css; charset=utf-8") }
    }

    private static func asset(_ text: String, type: String) -> Response {
        var headers = securityHeaders
        headers[.contentType] = type
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xForwardedFor = Self("X-Forwarded-For")!
}
