import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// The chat connection's HTTP/1 codec while it only joins, sends and polls: reads those three requests
/// straight from the socket's bytes (``FastRequestHead``) and writes their answers straight to it.
///
/// NIO's codec costs every request and answer a parser callback per token, an `HTTPHeaders` and its
/// conversion to and from `HTTPFields`, and three handlers on the way in and out; on a burst to ten thousand
/// held polls that was about a quarter of the server's work. This reads the common case in one pass.
///
/// The first request it does not read (the page, sign-in, moderation, anything malformed) hands the
/// connection over for good: NIO's codec takes this handler's place with the bytes not yet read, and
/// parses, limits and answers from then on exactly as on any other connection. It hands over only once
/// every request read here has been answered, so that NIO's encoder pairs each answer with its own
/// request; until then it keeps the bytes and stops reading.
///
/// Answers are written as NIO's encoder writes them, byte for byte: the same status line, the fields in
/// their order, `Content-Length` framing (chunked when there is none).
final class LeanHTTP1Codec: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = ByteBuffer

    private enum State {
        /// Reading requests here.
        case reading
        /// A request not read here came; handing over once every request read here is answered.
        case handingOver
        /// NIO's codec has taken over: everything passes through until this handler leaves the pipeline.
        case handedOver
    }

    /// Requests read ahead of their answers, at most: past it, the bytes wait unread (and so does the
    /// socket), so one connection's pipelined requests cost a bounded amount of memory.
    static let maxUnanswered = 8

    private let decoderLimits: NIOHTTPDecoderLimitConfiguration
    private var state = State.reading
    /// Bytes received and not yet read: part of a head, or what waits for NIO's codec. Nil when none, so
    /// that an idle connection keeps no buffer.
    private var pending: ByteBuffer?
    /// Body bytes of the current request still to come.
    private var bodyRemaining = 0
    /// Requests read here whose answer has not ended yet.
    private var unanswered = 0
    /// The answer being written is chunked (it had no `Content-Length`).
    private var isChunked = false
    /// A read was asked for while handing over; asked for again once NIO's codec is in place.
    private var readPending = false
    /// Events that came while handing over, passed on after the bytes before them.
    private var heldEvents: [Any] = []
    /// The connection is open: nothing is handed over once it has closed.
    private var isActive = true

    /// - Parameter decoderLimits: the limits of NIO's parser, once it takes over.
    init(decoderLimits: NIOHTTPDecoderLimitConfiguration) {
        self.decoderLimits = decoderLimits
    }

    // MARK: Requests in

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state != .handedOver else { return context.fireChannelRead(data) }
        let buffer = unwrapInboundIn(data)
        if pending == nil {
            pending = buffer
        } else {
            var buffer = buffer
            pending!.writeBuffer(&buffer)
        }
        guard state == .reading else { return }
        readRequests(context: context)
    }

    private func readRequests(context: ChannelHandlerContext) {
        while state == .reading, var buffer = pending, buffer.readableBytes > 0 {
            if bodyRemaining == 0, unanswered >= Self.maxUnanswered { return }
            if bodyRemaining > 0 {
                let length = min(bodyRemaining, buffer.readableBytes)
                let body = buffer.readSlice(length: length)!
                bodyRemaining -= length
                pending = buffer
                context.fireChannelRead(wrapInboundOut(.body(body)))
                if bodyRemaining == 0 { context.fireChannelRead(wrapInboundOut(.end(nil))) }
                continue
            }
            switch buffer.withUnsafeReadableBytes(FastRequestHead.parse) {
            case .incomplete:
                return
            case .other:
                state = .handingOver
                return handOverIfAnswered(context: context)
            case .request(let head, let headLength, let contentLength):
                buffer.moveReaderIndex(forwardBy: headLength)
                pending = buffer
                bodyRemaining = contentLength
                unanswered += 1
                context.fireChannelRead(wrapInboundOut(.head(head)))
                if contentLength == 0 { context.fireChannelRead(wrapInboundOut(.end(nil))) }
            }
        }
        if pending?.readableBytes == 0 { pending = nil }
    }

    func read(context: ChannelHandlerContext) {
        let full = state == .reading && unanswered >= Self.maxUnanswered && bodyRemaining == 0
        guard state != .handingOver, !full else {
            readPending = true
            return
        }
        context.read()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        guard state != .handingOver else { return }  // one goes out with the handed-over bytes
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if state == .handingOver || (state == .reading && pending != nil && unanswered >= Self.maxUnanswered) {
            // After the bytes before it: once handed over, or once the requests kept back are read.
            return heldEvents.append(event)
        }
        if state == .reading, let event = event as? ChannelEvent, event == .inputClosed, bodyRemaining > 0 || pending != nil {
            // A request cut short by the end of input: what NIO's parser says of it.
            context.fireErrorCaught(HTTPParserError.invalidEOFState)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        isActive = false
        pending = nil
        heldEvents = []
        context.fireChannelInactive()
    }

    /// Goes on after the pipelining bound stopped reading.
    private func resumeReading(context: ChannelHandlerContext) {
        guard isActive, state == .reading else { return }
        readRequests(context: context)
        if unanswered < Self.maxUnanswered, !heldEvents.isEmpty {
            let events = heldEvents
            heldEvents = []
            for event in events { userInboundEventTriggered(context: context, event: event) }
        }
        if readPending, state == .reading, unanswered < Self.maxUnanswered {
            readPending = false
            context.read()
        }
    }

    /// Hands the connection to NIO's codec if no request read here waits for its answer; otherwise the
    /// last answer's end does, on a fresh turn of the loop.
    private func handOverIfAnswered(context: ChannelHandlerContext) {
        guard unanswered == 0, state == .handingOver, isActive else { return }
        state = .handedOver
        do {
            let pipeline = context.pipeline.syncOperations
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false), position: .after(self))
            // Between NIO's decoder and the conversion, where the version and every Host field are still seen.
            try pipeline.addHandler(HTTP1RequestCheck(), position: .after(self))
            // NIO's own encoder and decoder, paired (the encoder learns each request's method), as
            // Hummingbird's HTTP1Channel sets them up, between this handler and the converter above.
            try pipeline.configureHTTPServerPipeline(
                position: .after(self),
                withPipeliningAssistance: false,  // the fast lane keeps answers in order itself
                withErrorHandling: false,  // parse errors are answered by the router lane, as Hummingbird does
                withOutboundHeaderValidation: false,  // HTTPTypes validates already
                withEncoderConfiguration: .init(),
                withDecoderLimitConfiguration: decoderLimits
            )
        } catch {
            context.fireErrorCaught(error)
            return context.close(promise: nil)
        }
        // From here on this handler passes everything through as it is, answers to what NIO's codec
        // reads included, until it leaves the pipeline below.
        if let bytes = pending {
            pending = nil
            context.fireChannelRead(NIOAny(bytes))
        }
        context.fireChannelReadComplete()
        for event in heldEvents { context.fireUserInboundEventTriggered(event) }
        heldEvents = []
        if readPending {
            readPending = false
            context.read()
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    // MARK: Answers out

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard state != .handedOver else { return context.write(data, promise: promise) }
        switch unwrapOutboundIn(data) {
        case .head(let response):
            var buffer = context.channel.allocator.buffer(capacity: 256)
            isChunked = Self.writeHead(response, to: &buffer)
            context.write(wrapOutboundOut(buffer), promise: promise)
        case .body(let body):
            guard isChunked, body.readableBytes > 0 else { return context.write(wrapOutboundOut(body), promise: promise) }
            var buffer = context.channel.allocator.buffer(capacity: body.readableBytes + 16)
            buffer.writeString(String(body.readableBytes, radix: 16))
            buffer.writeStaticString("\r\n")
            buffer.writeImmutableBuffer(body)
            buffer.writeStaticString("\r\n")
            context.write(wrapOutboundOut(buffer), promise: promise)
        case .end(let trailers):
            if isChunked {
                var buffer = context.channel.allocator.buffer(capacity: 64)
                buffer.writeStaticString("0\r\n")
                for field in trailers ?? [:] { Self.write(field, to: &buffer) }
                buffer.writeStaticString("\r\n")
                context.write(wrapOutboundOut(buffer), promise: promise)
            } else if let promise {
                // Nothing to write, but the promise completes in order.
                context.write(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: promise)
            }
            isChunked = false
            let wasFull = unanswered >= Self.maxUnanswered
            unanswered = max(0, unanswered - 1)
            if unanswered == 0, state == .handingOver {
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.execute { bound.value.0.handOverIfAnswered(context: bound.value.1) }
            } else if wasFull, state == .reading {
                // Room for one more: read on from the bytes kept, then from the socket.
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.execute { bound.value.0.resumeReading(context: bound.value.1) }
            }
        }
    }

    /// NIO's status line for the status (its own reason phrase for the codes it knows), each field as
    /// `name: value`, the framing made right, the empty line. Whether the body is to be chunked.
    static func writeHead(_ response: HTTPResponse, to buffer: inout ByteBuffer) -> Bool {
        let status = HTTPResponseStatus(statusCode: response.status.code, reasonPhrase: response.status.reasonPhrase)
        buffer.writeStaticString("HTTP/1.1 ")
        buffer.writeString(String(status.code))
        buffer.writeStaticString(" ")
        buffer.writeString(status.reasonPhrase)
        buffer.writeStaticString("\r\n")
        var fields = response.headerFields
        let chunked = status.mayHaveResponseBody && fields[.contentLength] == nil
        // Changed only when they must be: a change copies the fields.
        if fields[.transferEncoding] != nil { fields[.transferEncoding] = nil }
        if !status.mayHaveResponseBody, fields[.contentLength] != nil { fields[.contentLength] = nil }
        for field in fields { write(field, to: &buffer) }
        if chunked { buffer.writeStaticString("transfer-encoding: chunked\r\n") }
        buffer.writeStaticString("\r\n")
        return chunked
    }

    private static func write(_ field: HTTPField, to buffer: inout ByteBuffer) {
        buffer.writeString(field.name.rawName)
        buffer.writeStaticString(": ")
        buffer.writeString(field.value)
        buffer.writeStaticString("\r\n")
    }
}
