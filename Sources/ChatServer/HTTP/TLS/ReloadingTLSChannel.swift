import HummingbirdCore
import Logging
import NIOCore
import NIOSSL

/// A listener's connections with TLS in front of `Base`'s pipeline, each set up with the
/// ``ServerCertificate``'s context of the moment: a certificate reloaded on SIGHUP serves the next
/// connection. (Hummingbird's own `TLSChannel` holds one context for the listener's life.)
struct ReloadingTLSChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let certificate: ServerCertificate

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: certificate.context))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// A server whose connections are set up by what `make` builds, with TLS from `certificate` in front
    /// when there is one.
    static func serving<Base: ServerChildChannel>(
        tls certificate: ServerCertificate?,
        _ make: @escaping @Sendable (@escaping HTTPChannelHandler.Responder) -> Base
    ) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            guard let certificate else { return make(responder) }
            return ReloadingTLSChannel(base: make(responder), certificate: certificate)
        }
    }
}
