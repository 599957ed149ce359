import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error a client is meant to see, written as our envelope `{"error": {"code", "message"}}` with a status.
/// Anything that is not an `APIError` (or mapped to one by ``ErrorEnvelopeMiddleware``) becomes a logged 500.
struct APIError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("error")
        writer.beginObject()
        writer.field("code", code)
        writer.field("message", message)
        writer.endObject()
        writer.endObject()
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: writer.bytes)))
    }

    static func notFound(_ path: String) -> APIError {
        APIError(.notFound, "not_found", "no such path: \(path)")
    }
}

extension RoomError {
    /// The one place a room refusal gets its HTTP status.
    var apiError: APIError {
        switch code {
        case .invalidNick, .invalidMessage: APIError(.badRequest, code.rawValue, message)
        case .nickTaken: APIError(.conflict, code.rawValue, message)
        case .unknownSession: APIError(.unauthorized, code.rawValue, message, headers: [.wwwAuthenticate: "Bearer"])
        case .shuttingDown: APIError(.serviceUnavailable, code.rawValue, message, headers: [.retryAfter: "2"])
        }
    }
}
