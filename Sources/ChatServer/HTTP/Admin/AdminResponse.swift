import AdminAPI
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Admin answers: the shared models encoded with the admin API's JSON conventions.
enum AdminResponse {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try AdminJSON.encoder().encode(value)
        return Response(
            status: status,
            headers: .jsonAnswer,
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    static var noContent: Response { Response(status: .noContent, headers: [.cacheControl: "no-store"]) }
}

extension Request {
    /// Decodes an admin request body (snake_case keys, RFC 3339 times).
    /// - Parameter empty: the value an empty body stands for, if one may be empty.
    mutating func decodeAdmin<T: Decodable>(_ type: T.Type, emptyAs empty: T? = nil) async throws -> T {
        try await decodeJSON(type, limit: 64 * 1024, decoder: AdminJSON.decoder(), emptyAs: empty)
    }
}
