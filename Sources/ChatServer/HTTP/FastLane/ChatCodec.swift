import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// The two HTTP/1 codecs a chat connection can start with, for the micro-benchmark that keeps the lean
/// codec honest (`chat-microbench`, "codec round"): the fast lane's ``LeanHTTP1Codec``, or NIO's decoder
/// and encoder with the request check and the conversion to HTTP types, as a handed-over connection and
/// Hummingbird's HTTP1Channel have them. Both turn bytes into `HTTPRequestPart`s and `HTTPResponsePart`s
/// into bytes.
package enum ChatCodec: String, CaseIterable, Sendable {
    case lean
    case nio

    /// Adds the codec's handlers at the end of `pipeline`.
    package func install(on pipeline: ChannelPipeline.SynchronousOperations) throws {
        switch self {
        case .lean:
            try pipeline.addHandler(LeanHTTP1Codec(decoderLimits: ChatChildChannel.decoderLimits))
        case .nio:
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false,
                withErrorHandling: false,
                withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(),
                withDecoderLimitConfiguration: ChatChildChannel.decoderLimits
            )
            try pipeline.addHandler(HTTP1RequestCheck())
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
        }
    }
}
