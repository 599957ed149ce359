import AdminAPI
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The public chat API under `/api`: join, poll, send, leave, users. Translates HTTP to calls on the
/// ``Room`` and ``PostOffice`` and their answers back to JSON; holds no state of its own.
struct ChatController {
    /// The same functions the pipeline's ``ChatFastLane`` calls; these routes answer what it passes on.
    let endpoints: ChatEndpoints
    let connections: ConnectionRegistry
    let accounts: AccountService
    let moderation: ModerationService
    let audit: AuditLog

    private var room: Room { endpoints.room }
    private var maxBodyBytes: Int { endpoints.maxBodyBytes }

    func addRoutes(to group: RouterGroup<ChatRequestContext>) {
        // The fast lane's three, under the names it answers them by.
        for path in FastLanePath.allCases {
            let handler: @Sendable (Request, ChatRequestContext) async throws -> Response =
                switch path {
                case .join: join
                case .send: send
                case .poll: poll
                }
            group.on(RouterPath(path.name), method: path.method, use: handler)
        }
        group.post("leave", use: leave)
        group.get("users", use: users)
        group.post("signin", use: signIn)
        group.post("moderate", use: moderate)
        group.post("report", use: report)
    }

    /// The client's address: the peer, or what a trusted proxy says.
    private func clientAddress(_ request: Request, _ context: ChatRequestContext) -> String {
        endpoints.clientAddress(channel: context.channel, forwardedFor: request.headers[.xForwardedFor])
    }

    // MARK: Routes

    @Sendable func join(_ request: Request, context: ChatRequestContext) async throws -> Response {
        var request = request
        let body = try await request.body(upTo: maxBodyBytes)
        return Self.response(try endpoints.join(body: body, host: clientAddress(request, context), logger: context.logger))
    }

    @Sendable func poll(_ request: Request, context: ChatRequestContext) async throws -> Response {
        let (id, since) = try endpoints.pollRequest(
            authorization: request.headers[.authorization],
            since: request.uri.queryParameters["since"].map(String.init)
        )
        let room = room
        let waiterID = room.makeWaiterID()
        let signal = connections.signal(for: context.channel)
        signal?.onDisconnect { room.abandonPoll(id, waiterID: waiterID) }
        let outcome = await room.poll(id, since: since, waiterID: waiterID) { signal?.isDisconnected ?? false }
        signal?.clearHandler()
        return Self.response(try endpoints.pollAnswer(outcome))
    }

    @Sendable func send(_ request: Request, context: ChatRequestContext) async throws -> Response {
        var request = request
        let body = try await request.body(upTo: maxBodyBytes)
        return Self.response(try endpoints.send(authorization: request.headers[.authorization], body: body))
    }

    private static func response(_ answer: ChatEndpoints.Answer) -> Response {
        Response(status: answer.status, headers: answer.headers, body: .init(byteBuffer: answer.body))
    }

    @Sendable func leave(_ request: Request, context: ChatRequestContext) async throws -> Response {
        try room.leave(token: try Self.token(of: request))
        return Response(status: .noContent, headers: [.cacheControl: "no-store"])
    }

    @Sendable func users(_ request: Request, context: ChatRequestContext) async throws -> Response {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("users")
        writer.raw(room.publicListing())
        writer.endObject()
        return Self.json(writer.bytes)
    }

    // MARK: Moderators on the page

    struct SignInRequest: Decodable {
        let username: String
        let password: String
    }

    /// A moderator signs in from the chat page: the session gains the account's role and the room is told.
    @Sendable func signIn(_ request: Request, context: ChatRequestContext) async throws -> Response {
        var request = request
        let token = try Self.token(of: request)
        let id = try room.session(for: token)
        let body = try await request.decodeJSON(SignInRequest.self, limit: maxBodyBytes)
        let source = clientAddress(request, context)
        let nick = room.member(id)?.nick.display
        let account = try await audit.recordingSignIn(
            tried: body.username,
            source: source,
            action: "signin",
            target: nick,
            reason: "from the chat page" + (nick.map { " as \($0)" } ?? "")
        ) {
            let account = try await accounts.verify(username: body.username, password: body.password, address: source)
            try room.signIn(id, account: account.username, role: account.role)
            return (account.username, account)
        }
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("account", account.username)
        writer.field("role", account.role.rawValue)
        writer.endObject()
        return Self.json(writer.bytes)
    }

    struct ModerateRequest: Decodable {
        /// kick, ban, mute, unban, unmute, remove or purge.
        let action: String
        /// A nick, an address or a range; for remove, the message's sequence number.
        let target: String
        /// How long a ban or mute lasts; for purge, how far back it reaches (10m when left out).
        let duration: String?
        let reason: String?
    }

    /// A moderator's action from the page (buttons, or `/kick`, `/ban`, `/mute`, `/unban`, `/unmute`,
    /// `/remove`, `/purge`).
    /// Audited under the account's name.
    @Sendable func moderate(_ request: Request, context: ChatRequestContext) async throws -> Response {
        var request = request
        let token = try Self.token(of: request)
        let id = try room.session(for: token)
        let body = try await request.decodeJSON(ModerateRequest.self, limit: maxBodyBytes)
        let source = clientAddress(request, context)
        guard let member = room.member(id), let moderator = member.moderator else {
            throw RoomError(.notModerator, "only moderators can \(body.action); sign in as a moderator first")
        }
        let actor = moderator.account
        let action = body.action.lowercased()
        let summary: String
        do {
            summary = try await moderateRecorded(body, action: action, actor: actor, source: source)
        } catch let error as ModerationError {
            // A nick with no mute of its own may be muted by a range: say which, so it can be lifted.
            let covering =
                action == "unmute" ? room.member(nick: body.target).flatMap { room.moderation.longestMute(nick: $0.nick, address: $0.address) } : nil
            throw Self.inPageWords(error, action: action, target: body.target, coveredBy: covering?.target)
        }
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("done", summary)
        writer.endObject()
        return Self.json(writer.bytes)
    }

    /// Does one moderator's action from the page, audited under the account's name; returns what was done.
    private func moderateRecorded(_ body: ModerateRequest, action: String, actor: String, source: String) async throws -> String {
        try await audit.recording(actor: actor, source: source, action: action, target: body.target, reason: body.reason) {
            switch action {
            case "kick":
                let reason = try ModerationService.reason(body.reason)
                let kicked = try room.kick(nick: body.target, reason: reason, actor: actor)
                return "kicked \(kicked.nick)"
            case "ban", "mute":
                let kind: Sanction.Kind = action == "ban" ? .ban : .mute
                let result = try await moderation.sanction(
                    kind,
                    CreateSanctionRequest(target: body.target, duration: body.duration, publicReason: body.reason),
                    actor: actor,
                    callerAddress: IPAddress(source)
                )
                return "\(kind == .ban ? "banned" : "muted") \(result.sanction?.target ?? body.target)" + (body.duration.map { " for \($0)" } ?? "")
            case "unban", "unmute":
                let lifted = try await moderation.lift(action == "unban" ? .ban : .mute, idOrTarget: body.target, actor: actor)
                return "\(action == "unban" ? "unbanned" : "unmuted") \(lifted.map(\.target).joined(separator: ", "))"
            case "remove":
                guard let seq = UInt64(body.target.trimmingCharacters(in: CharacterSet(charactersIn: "#"))) else {
                    throw APIError(
                        .badRequest,
                        "invalid_seq",
                        "'\(body.target)' is not a message number (the Remove button beside a message knows it)"
                    )
                }
                let result = try await moderation.removeMessage(seq: seq, reason: body.reason, actor: actor, source: source)
                return "removed \(result.removed.map { "\($0.nick)'s message" }.joined())"
            case "purge":
                let last = body.duration ?? "10m"
                let result = try await moderation.purge(
                    PurgeRequest(target: body.target, last: last, reason: body.reason),
                    actor: actor,
                    source: source
                )
                let count = result.removed.count
                return "removed \(count) message\(count == 1 ? "" : "s") of \(body.target) from the last \(last)"
            default:
                throw APIError(.badRequest, "invalid_action", "the action is one of kick, ban, mute, unban, unmute, remove, purge")
            }
        }
    }

    /// A moderation refusal in the page's words: the domain's own point the way on from the admin API and
    /// chatctl, which a moderator on the page may not have at hand.
    /// - Parameter coveredBy: for an unmute of a nick with no mute of its own, the target of a mute that
    ///   covers that person all the same (a range).
    static func inPageWords(_ error: ModerationError, action: String, target: String, coveredBy: String? = nil) -> APIError {
        let refusal = error.apiError
        switch error.code {
        case .notFound:
            if let coveredBy {
                return APIError(
                    refusal.status,
                    refusal.code,
                    "the mute on \(coveredBy) covers \(target); lift that one with /unmute \(coveredBy)"
                )
            }
            let kind = action == "unban" ? "ban" : "mute"
            return APIError(refusal.status, refusal.code, "no \(kind) in force on '\(target)': nothing to lift")
        case .needsForce:
            return APIError(
                refusal.status,
                refusal.code,
                "'\(target)' reaches too far to \(action) from the page (a very wide range, or your own address); an admin can do it from the control plane with force"
            )
        default:
            return refusal
        }
    }

    // MARK: Reports

    struct ReportRequest: Decodable {
        let seq: UInt64
        let reason: String?
    }

    /// Anyone in the room reports a message for the moderators: `{"seq", "reason"?}`.
    @Sendable func report(_ request: Request, context: ChatRequestContext) async throws -> Response {
        var request = request
        let id = try room.session(for: try Self.token(of: request))
        let body = try await request.decodeJSON(ReportRequest.self, limit: maxBodyBytes)
        let report = try await moderation.fileReport(from: id, seq: body.seq, reason: body.reason)
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("report", report.id)
        writer.field("reporters", report.reporters.count)
        writer.endObject()
        return Self.json(writer.bytes, status: .created)
    }

    // MARK: Helpers

    private static func token(of request: Request) throws -> SessionToken {
        try ChatEndpoints.sessionToken(request.headers[.authorization])
    }

    private static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        json(ByteBuffer(bytes: bytes), status: status)
    }

    private static func json(_ buffer: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: .jsonAnswer,
            body: .init(byteBuffer: buffer)
        )
    }
}
