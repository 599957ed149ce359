import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The chat API's busiest exchanges (join, send, poll) apart from how the request arrived: a head and a
/// body read in full go in, a status and JSON come out. ``ChatFastLane`` answers them in the connection's
/// pipeline and ``ChatController``'s routes call the same functions, so both give the same answers.
struct ChatEndpoints: Sendable {
    /// A finished answer: the status, the headers of this answer (JSON type, no caching, any error's own),
    /// and the body.
    struct Answer {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: ByteBuffer

        init(status: HTTPResponse.Status = .ok, json body: ByteBuffer) {
            self.status = status
            self.headers = .jsonAnswer
            self.body = body
        }

        init(_ error: APIError) {
            self.status = error.status
            self.headers = error.responseHeaders
            self.body = ByteBuffer(bytes: error.envelope)
        }
    }

    let room: Room
    let maxBodyBytes: Int
    let addresses: ClientAddressResolver

    struct JoinRequest: Decodable {
        let nick: String
    }

    struct SendRequest: Decodable {
        let text: String
    }

    /// The client's address: the connection's client, or what a trusted proxy says.
    func clientAddress(channel: any Channel, forwardedFor: String?) -> String {
        addresses.resolve(channel: channel, forwardedFor: forwardedFor)
    }

    /// `POST /api/join`. A `body` of nil was over the limit.
    func join(body: ByteBuffer?, host: String, logger: Logger) throws -> Answer {
        guard let body else { throw Request.tooLarge(limit: maxBodyBytes) }
        let nick = try SingleStringField.value(named: "nick", in: body) ?? Request.decodeJSONBody(JoinRequest.self, from: body).nick
        let ticket = try room.join(nick: nick, host: host)
        logger.info("joined", metadata: ["chat.nick": "\(ticket.member.nick)", "chat.session": "\(ticket.member.id)"])
        var writer = JSONWriter(capacity: 512 + ticket.usersJSON.count)
        writer.beginObject()
        writer.field("session", ticket.token.value)
        writer.field("nick", ticket.member.nick.display)
        writer.field("cursor", ticket.cursor)
        writer.key("users")
        writer.raw(ticket.usersJSON)
        writer.field("users_total", ticket.usersTotal)
        writer.key("history")
        writer.raw(CollectionOfOne(UInt8(ascii: "[")))
        for (index, event) in ticket.history.enumerated() {
            if index > 0 { writer.raw(CollectionOfOne(UInt8(ascii: ","))) }
            writer.raw(event.json)
        }
        writer.raw(CollectionOfOne(UInt8(ascii: "]")))
        writer.endObject()
        return Answer(status: .created, json: ByteBuffer(bytes: writer.bytes))
    }

    /// `POST /api/send`. A `body` of nil was over the limit: refused after a missing token is.
    func send(authorization: String?, body: ByteBuffer?) throws -> Answer {
        let token = try Self.sessionToken(authorization)
        guard let body else { throw Request.tooLarge(limit: maxBodyBytes) }
        let text = try SingleStringField.value(named: "text", in: body) ?? Request.decodeJSONBody(SendRequest.self, from: body).text
        let event = try room.send(token: token, text: text)
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("seq", event.seq)
        writer.endObject()
        return Answer(status: .accepted, json: ByteBuffer(bytes: writer.bytes))
    }

    /// `GET /api/poll`, before it waits: the session and the cursor it polls from.
    func pollRequest(authorization: String?, since: String?) throws -> (session: SessionID, since: UInt64?) {
        let token = try Self.sessionToken(authorization)
        let id = try room.pollingSession(for: token)
        guard let since else { return (id, nil) }
        guard let value = UInt64(since) else {
            throw APIError(.badRequest, "invalid_since", "'since' must be a whole number of 0 or more: the last cursor you received")
        }
        return (id, value)
    }

    /// `GET /api/poll`, once it has ended.
    func pollAnswer(_ outcome: PollOutcome) throws -> Answer {
        switch outcome {
        case .batch(let batch):
            return Answer(json: batch.body)
        case .ended:
            throw RoomError(.unknownSession, "the session has ended: join again").apiError
        case .shuttingDown:
            throw RoomError(.shuttingDown, "the server is restarting: try again in a moment").apiError
        }
    }

    /// The session token of an `Authorization: Bearer` header, or the error that says it is missing.
    static func sessionToken(_ authorization: String?) throws(APIError) -> SessionToken {
        guard let token = Request.bearerToken(in: authorization) else {
            throw APIError(
                .unauthorized,
                "missing_session",
                "send the session token from join as 'Authorization: Bearer TOKEN'",
                headers: [.wwwAuthenticate: "Bearer"]
            )
        }
        return SessionToken(value: token)
    }

    /// The answer for any error: the envelope of a known one, a logged 500 for anything else.
    static func answer(for error: any Error, path: String, logger: Logger) -> Answer {
        if let apiError = APIError.from(error) { return Answer(apiError) }
        logger.error("unexpected error", metadata: ["chat.error": "\(String(reflecting: error))", "chat.path": "\(path)"])
        return Answer(APIError(.internalServerError, "internal_error", "the server failed; the error is logged"))
    }
}
