import DequeModule
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers the chat API's busiest requests (`POST /api/join`, `POST /api/send`, `GET /api/poll`) in the
/// connection's channel pipeline, on its event loop: no task, router or middleware per request, and a held
/// poll is a callback in the post office rather than a suspended task.
///
/// It ends the pipeline that ``ChatChildChannel`` sets up. Every other request passes on to the router,
/// whose ``RouterLane`` opens on the connection the first time, and so does one of these that arrives while
/// the router is still answering an earlier request on the same connection (so that answers keep the order
/// of the requests); the router's routes call the same ``ChatEndpoints``, so the answer is the same either
/// way. While this handler answers a request, whatever the client sends after it waits here, in order, and
/// reading stops if a client piles up more.
///
/// It also decides when the connection ends, for both lanes: after an answer to `Connection: close`, and
/// once nothing is left to answer after the server starts shutting down or the client ends its input.
final class ChatFastLane: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How long a connection closed after a refusal keeps reading (and dropping) what the client still
    /// sends, so that the refusal is not lost to a reset: the client reads it and the end, then closes.
    static let lingerTime = TimeAmount.seconds(2)

    /// Parts held back behind an exchange before reading stops.
    private static let heldBackLimit = 16

    private let endpoints: ChatEndpoints
    private let logger: Logger
    private let serverName: String
    private let pumps: DeliveryPumps
    private let routerLane: RouterLane
    /// Where the connection is in its life; every decision to read on or to close asks this.
    private var life = Life.serving
    /// How far the router lane is involved with this connection.
    private var router = RouterUse()
    /// This connection's loop's pump, for the answers of held polls.
    private var pump: DeliveryPump?
    /// The connection's deadlines, told where each request and answer begins and ends.
    private var connectionGuard: ConnectionGuard?
    private var exchange: Exchange?
    /// What the client sent behind the exchange, in order, and whether a read waits for it to drain.
    private var heldBack: Deque<HTTPRequestPart> = []
    private var readPending = false

    init(endpoints: ChatEndpoints, logger: Logger, serverName: String, pumps: DeliveryPumps, routerLane: RouterLane) {
        self.endpoints = endpoints
        self.logger = logger
        self.serverName = serverName
        self.pumps = pumps
        self.routerLane = routerLane
    }

    func handlerAdded(context: ChannelHandlerContext) {
        pump = pumps.pump(for: context.eventLoop)
        connectionGuard = try? context.pipeline.syncOperations.handler(type: ConnectionGuard.self)
        // A chat connection mostly sends small requests and then waits. NIO keeps each connection's receive
        // buffer between reads, 2 KiB to begin with; start at 512 bytes instead (it still grows when reads
        // fill it), which is most of what a held poll's connection keeps.
        context.channel.setOption(ChannelOptions.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65536))
            .whenFailure { _ in }
    }

    // MARK: Requests in

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A kick's answer to another connection (or this one) goes out before this read is handled.
        pump?.runUrgent()
        guard !life.isDiscarding else { return }
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let head):
            connectionGuard?.headRead(hasBody: head.headerFields.declaresBody)
        case .body:
            break
        case .end:
            connectionGuard?.requestRead()
        }
        // Behind an answer owed, behind parts already waiting, or while the client leaves answers unread.
        if exchange?.isRead == true || !heldBack.isEmpty || !context.channel.isWritable {
            heldBack.append(part)
            return
        }
        route(part, context: context)
    }

    private func route(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch part {
        case .head(var head):
            // One form of "close" for both lanes: the router lane looks for exactly this.
            if let connection = head.headerFields[.connection], connection != "close", head.headerFields.asksToClose {
                head.headerFields[.connection] = "close"
            }
            if head.headerFields.declaresBody(over: endpoints.maxBodyBytes) {
                return refuse(head, Request.tooLarge(limit: endpoints.maxBodyBytes), context: context)
            }
            if router.busy == 0, let route = Self.route(of: head) {
                exchange = Exchange(route: route, head: head)
            } else {
                router.busy += 1
                router.reading = true
                passOn(.head(head), context: context)
            }
        case .body(let buffer):
            guard exchange != nil else { return passOn(part, context: context) }
            collect(buffer)
        case .end:
            guard exchange != nil else {
                router.reading = false
                return passOn(part, context: context)
            }
            exchange?.isRead = true
            answer(context: context)
        }
    }

    /// Refuses a request from its head: at once, or once the router has answered what came before; the
    /// body is never read, and the connection closes after the answer. A join or send this lane answers is
    /// answered by its endpoint with a body of nil, which decides what to say first (a missing token).
    private func refuse(_ head: HTTPRequest, _ error: APIError, context: ChannelHandlerContext) {
        if life.isActive { life = .discarding }
        heldBack.removeAll()
        var route = Route.refused(error)
        // Join and send say what their endpoint says of a body over the limit (send: a missing token first),
        // whether answered now or behind the router's answers, as the router would.
        switch Self.route(of: head) {
        case .join: route = .join
        case .send: route = .send
        default: break  // a poll reads no body: it would be answered, not refused
        }
        exchange = Exchange(route: route, head: head, tooLarge: true, isRead: true, closesConnection: true)
        if router.busy == 0 { answer(context: context) }
    }

    private func passOn(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        guard openRouter(context: context) else { return }
        router.passedOnSinceReadComplete = true
        context.fireChannelRead(wrapInboundOut(part))
    }

    /// Opens the router lane if it is not open yet; false (and the connection closed) if it cannot be.
    private func openRouter(context: ChannelHandlerContext) -> Bool {
        if router.isOpen { return true }
        do {
            try routerLane.open(on: context.channel, logger: logger)
            router.isOpen = true
            return true
        } catch {
            logger.error("Could not open the router on a chat connection: \(error)")
            context.close(promise: nil)
            return false
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        router.passedOnSinceReadComplete = false
        context.fireChannelReadComplete()
    }

    private static func route(of head: HTTPRequest) -> Route? {
        guard let target = head.path else { return nil }
        let path = target.utf8.firstIndex(of: UInt8(ascii: "?")).map { target[..<$0] } ?? target[...]
        switch FastLanePath(method: head.method, path: path) {
        case .poll: return .poll
        case .send: return .send
        case .join: return .join
        case nil: return nil
        }
    }

    /// Keeps the body, up to the limit; past it, only that it was too large.
    private func collect(_ buffer: ByteBuffer) {
        guard var exchange, !exchange.tooLarge else { return }
        if case .poll = exchange.route { return }
        self.exchange = nil  // so that the body below is uniquely referenced and grows in place
        if exchange.body.readableBytes + buffer.readableBytes > endpoints.maxBodyBytes {
            exchange.tooLarge = true
            exchange.body = ByteBuffer()
        } else if exchange.body.readableBytes == 0 {
            exchange.body = buffer
        } else {
            var buffer = buffer
            exchange.body.writeBuffer(&buffer)
        }
        self.exchange = exchange
    }

    // MARK: Answers

    private func answer(context: ChannelHandlerContext) {
        guard let exchange else { return }
        let fields = exchange.head.headerFields
        switch exchange.route {
        case .refused(let error):
            finish(context: context) { throw error }
        case .join:
            finish(context: context) {
                let host = endpoints.clientAddress(channel: context.channel, forwardedFor: fields[.xForwardedFor])
                return try endpoints.join(body: exchange.tooLarge ? nil : exchange.body, host: host, logger: logger)
            }
        case .send:
            finish(context: context) {
                try endpoints.send(authorization: fields[.authorization], body: exchange.tooLarge ? nil : exchange.body)
            }
        case .poll:
            let request: (session: SessionID, since: UInt64?)
            do {
                let since = URI(exchange.head.path ?? "").queryParameters["since"].map(String.init)
                request = try endpoints.pollRequest(authorization: fields[.authorization], since: since)
            } catch {
                return finish(context: context) { throw error }
            }
            let room = endpoints.room
            let waiterID = room.makeWaiterID()
            self.exchange?.poll = (request.session, waiterID)
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let pump = self.pump ?? pumps.pump(for: context.eventLoop)
            // Called once, at once or later from whichever thread publishes, expires or abandons: so the
            // answer is always written from a fresh turn of this loop, never from inside the call. The end of
            // the session (a kick, a ban) goes first.
            let session = request.session
            room.poll(session, since: request.since, waiterID: waiterID) { outcome in
                pump.enqueue(urgent: outcome.endsSession, session: session) { promoted in
                    // Promoted: the session ended while this answer waited; answer with what it has now.
                    bound.value.0.pollEnded(promoted ? nil : outcome, waiterID: waiterID, context: bound.value.1)
                }
            }
        }
    }

    /// A held poll's answer, on this connection's loop: `outcome`, or, if nil, the session's mailbox as it
    /// is now (a poll from where this one began that does not wait: the events it was answered with and
    /// whatever came after, the session's end included). A connection already gone takes nothing from the
    /// mailbox: the end stays for the client's next poll.
    private func pollEnded(_ outcome: PollOutcome?, waiterID: UInt64, context: ChannelHandlerContext) {
        guard let poll = exchange?.poll, poll.waiterID == waiterID else { return }
        let outcome = outcome ?? (life.isActive ? endpoints.room.peek(poll.session) : .ended)
        finish(context: context) { try endpoints.pollAnswer(outcome) }
    }

    /// Writes the answer (or the error's envelope), then goes on with what the client sent meanwhile.
    private func finish(context: ChannelHandlerContext, _ make: () throws -> ChatEndpoints.Answer) {
        guard let exchange else { return }
        let answer: ChatEndpoints.Answer
        do {
            answer = try make()
        } catch {
            answer = ChatEndpoints.answer(for: error, path: exchange.head.path ?? "", logger: logger)
        }
        self.exchange = nil
        let closing =
            exchange.closesConnection || exchange.head.headerFields[.connection] == "close" || (life.isDraining && heldBack.isEmpty)
        if life.isActive {
            var fields = answer.headers
            fields[.contentLength] = String(answer.body.readableBytes)
            fields[.date] = HTTPDate.now()
            fields[.server] = serverName
            if closing { fields[.connection] = "close" }
            context.write(wrapOutboundOut(.head(HTTPResponse(status: answer.status, headerFields: fields))), promise: nil)
            context.write(wrapOutboundOut(.body(answer.body)), promise: nil)
            connectionGuard?.answerEnded()
            if closing {
                return writeLast(wrapOutboundOut(.end(nil)), promise: nil, linger: exchange.closesConnection, context: context)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        continueWithHeldBack(context: context)
    }

    /// Goes on with what the client sent while an answer was owed, as long as the connection takes more
    /// answers (a client that does not read them is not answered further: its requests wait, and so does
    /// reading from it), then reads on and closes if done.
    private func continueWithHeldBack(context: ChannelHandlerContext) {
        while context.channel.isWritable, !life.isDiscarding, self.exchange?.isRead != true, let part = heldBack.popFirst() {
            route(part, context: context)
        }
        if router.passedOnSinceReadComplete {
            router.passedOnSinceReadComplete = false
            context.fireChannelReadComplete()
        }
        if readPending, heldBack.count < Self.heldBackLimit {
            readPending = false
            context.read()
        }
        closeIfDone(context: context)
    }

    /// After a quiesce or the client's end of input: closes the connection if nothing is left to answer
    /// (a request cut short by the end of input never will be).
    private func closeIfDone(context: ChannelHandlerContext) {
        guard life.isDraining, router.busy == 0, heldBack.isEmpty else { return }
        if let exchange, exchange.isRead || !life.inputClosed { return }
        context.close(promise: nil)
    }

    // MARK: The router's answers, reading, and the client going away

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else { return context.write(data, promise: promise) }
        connectionGuard?.answerEnded()
        // Never below zero: the router also answers what never passed through here as a request (a request
        // it could not parse), and closes the connection after it.
        router.busy = max(0, router.busy - 1)
        if router.busy == 0, exchange?.tooLarge == true {
            // The refusal waited for this answer.
            context.write(data, promise: promise)
            return answer(context: context)
        }
        guard life.quiescing, router.busy == 0, exchange == nil, heldBack.isEmpty else { return context.write(data, promise: promise) }
        writeLast(data, promise: promise, context: context)  // the router's last answer before shutdown
    }

    /// Writes and flushes the end of the connection's last answer, and closes the connection once it is
    /// written (closing at once would drop what the socket has not taken yet). With `linger`, the output
    /// closes first and the rest a moment later (or when the client closes), so that a client still
    /// sending reads the answer rather than a reset.
    private func writeLast(_ end: NIOAny, promise: EventLoopPromise<Void>?, linger: Bool = false, context: ChannelHandlerContext) {
        let written = context.eventLoop.makePromise(of: Void.self)
        if let promise { written.futureResult.cascade(to: promise) }
        context.writeAndFlush(end, promise: written)
        guard linger else {
            return written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
        if life.isActive { life = .discarding }
        written.futureResult.assumeIsolated().whenComplete { _ in
            context.close(mode: .output, promise: nil)
            context.eventLoop.assumeIsolated().scheduleTask(in: Self.lingerTime) { context.close(promise: nil) }
        }
    }

    func read(context: ChannelHandlerContext) {
        if heldBack.count >= Self.heldBackLimit {
            readPending = true
            return
        }
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, !life.isDiscarding { continueWithHeldBack(context: context) }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if life.isDiscarding, let event = event as? ChannelEvent, event == .inputClosed {
            return context.close(promise: nil)  // a lingering close: the client has read the refusal
        }
        if event is ChannelShouldQuiesceEvent {
            // Not passed on: this handler closes the connection for both lanes.
            life.drain(quiescing: true)
            return closeIfDone(context: context)
        }
        if let event = event as? ChannelEvent, event == .inputClosed {
            life.drain(inputClosed: true)
            abandonPoll()
            // The router lane (if open) ends its loop on this too.
            context.fireUserInboundEventTriggered(event)
            return closeIfDone(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        life = .gone
        abandonPoll()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        abandonPoll()
        if case .invalidEOFState = error as? HTTPParserError {
            // A request cut short by the end of input. The router, if it is reading one, is told in words (its
            // route answers 400, or, if it has answered already, it stops); else there is nothing to answer,
            // and the connection closes once what came before is answered.
            guard router.reading else { return closeIfDone(context: context) }
            router.reading = false
            return context.fireErrorCaught(APIError(.badRequest, "incomplete_request", "the request ended before its body did"))
        }
        if case .headerOverflow = error as? HTTPParserError, router.busy == 0, exchange == nil {
            let error = APIError(
                .init(code: 431, reasonPhrase: "Request Header Fields Too Large"),
                "headers_too_large",
                "the request's header is larger than \(ChatChildChannel.maxHeaderBytes) bytes"
            )
            return refuse(HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/"), error, context: context)
        }
        if router.isOpen {
            return context.fireErrorCaught(error)
        }
        if error is HTTPParserError {
            // The router lane answers 400 and closes, as for any connection Hummingbird serves.
            if openRouter(context: context) { context.fireErrorCaught(error) }
            return
        }
        context.close(promise: nil)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        life = .gone
        abandonPoll()
    }

    /// Ends a held poll whose client went away; the post office answers it (empty), which this handler
    /// writes if the connection can still take it.
    private func abandonPoll() {
        guard let poll = exchange?.poll else { return }
        endpoints.room.abandonPoll(poll.session, waiterID: poll.waiterID)
    }
}
