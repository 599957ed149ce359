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
    /// More fields of the error object, for refusals that carry details (a ban's `reason` and `expires_at`).
    var details: [(key: StaticString, value: String)] = []

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: responseHeaders, body: .init(byteBuffer: ByteBuffer(bytes: envelope)))
    }

    /// `{"error":{"code":…,"message":…,…}}`
    var envelope: [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("error")
        writer.beginObject()
        writer.field("code", code)
        writer.field("message", message)
        for (key, value) in details { writer.field(key, value) }
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }

    /// The error's own headers (`Allow`, `Retry-After`, …) and those of every JSON answer.
    var responseHeaders: HTTPFields {
        var headers = self.headers
        for field in HTTPFields.jsonAnswer { headers[field.name] = field.value }
        return headers
    }

    static func notFound(_ path: String) -> APIError {
        APIError(.notFound, "not_found", "no such path: \(path)")
    }
}

extension APIError {
    /// The client-facing form of any error the code means to show, or nil for an unexpected one (a 500).
    /// The one place where domain, account and store errors get their status.
    static func from(_ error: any Error) -> APIError? {
        switch error {
        case let error as APIError: return error
        case let error as RoomError: return error.apiError
        case let error as AccountError: return error.apiError
        case let error as ModerationError: return error.apiError
        case let error as StoreError:
            switch error.kind {
            case .unavailable, .incompatible: return APIError(.serviceUnavailable, "store_unavailable", error.message, headers: [.retryAfter: "5"])
            case .conflict: return APIError(.conflict, "conflict", error.message)
            case .lastAdmin: return APIError(.conflict, "last_admin", error.message)
            }
        case is NIOTooManyBytesError: return APIError(.contentTooLarge, "body_too_large", "the request body is too large")
        default: return nil
        }
    }
}

extension AccountError {
    var apiError: APIError {
        switch code {
        case .invalidUsername, .weakPassword, .invalidRequest: APIError(.badRequest, code.rawValue, message)
        case .accountExists, .lastAdmin: APIError(.conflict, code.rawValue, message)
        case .accountNotFound, .tokenNotFound: APIError(.notFound, code.rawValue, message)
        case .invalidCredentials, .invalidToken: APIError(.unauthorized, code.rawValue, message, headers: [.wwwAuthenticate: "Bearer"])
        case .tooManyAttempts:
            APIError(.tooManyRequests, code.rawValue, message, headers: [.retryAfter: String(Int((retryAfter ?? 60).rounded(.up)))])
        }
    }
}

extension ModerationError {
    var apiError: APIError {
        switch code {
        case .invalidTarget, .invalidDuration, .invalidReason, .invalidLimit, .invalidReport, .invalidAction, .invalidRule:
            APIError(.badRequest, code.rawValue, message)
        case .needsForce, .reportClosed: APIError(.conflict, code.rawValue, message)
        case .notFound, .overrideNotFound, .reportNotFound, .ruleNotFound: APIError(.notFound, code.rawValue, message)
        }
    }
}

extension RoomError {
    /// The one place a room refusal gets its HTTP status.
    var apiError: APIError {
        var error = plainAPIError
        if let reason { error.details.append(("reason", reason)) }
        if let expiresAt { error.details.append(("expires_at", JSONWriter.timestamp(expiresAt))) }
        if let retryAfter { error.headers[.retryAfter] = String(Int(max(1, retryAfter.rounded(.up)))) }
        return error
    }

    private var plainAPIError: APIError {
        switch code {
        case .banned, .muted, .notModerator, .refusedByRule: APIError(.forbidden, code.rawValue, message)
        case .hostLimit, .joinRateLimited, .rateLimited: APIError(.tooManyRequests, code.rawValue, message)
        case .invalidNick, .invalidMessage: APIError(.badRequest, code.rawValue, message)
        case .nickTaken: APIError(.conflict, code.rawValue, message)
        case .unknownSession: APIError(.unauthorized, code.rawValue, message, headers: [.wwwAuthenticate: "Bearer"])
        case .shuttingDown: APIError(.serviceUnavailable, code.rawValue, message, headers: [.retryAfter: "2"])
        case .noSuchNick, .noSuchMessage: APIError(.notFound, code.rawValue, message)
        }
    }
}
