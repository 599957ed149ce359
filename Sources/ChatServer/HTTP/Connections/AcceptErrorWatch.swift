import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Sits first in the chat listener's own pipeline and counts what `accept` fails with for want of
/// descriptors (`EMFILE`, `ENFILE`), logging it at most every few seconds with a count; NIO's
/// `AcceptBackoffHandler`, further in, then waits a second before accepting again instead of spinning.
///
/// With the connection budget and the admin listeners' own caps the process should never meet `EMFILE`;
/// this is how an operator learns if something else (another process, for `ENFILE`) makes it happen.
final class AcceptErrorWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any

    private let counters: ConnectionCounters
    private let log: ThrottledLog

    init(counters: ConnectionCounters, log: ThrottledLog) {
        self.counters = counters
        self.log = log
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? IOError, error.errnoCode == EMFILE || error.errnoCode == ENFILE {
            counters.count(.acceptFailed)
            let name = error.errnoCode == EMFILE ? "EMFILE" : "ENFILE"
            log.warning("accept", "the chat listener cannot accept: out of file descriptors (\(name)); backing off 1 s")
        }
        context.fireErrorCaught(error)
    }
}
