import Foundation
import Hummingbird
import NIOCore

extension Request {
    /// Reads the body (up to `limit` bytes, else 413) and decodes it as a JSON object of type `T`, explaining a
    /// malformed body in words: which field is missing or of the wrong type.
    mutating func decodeJSON<T: Decodable>(
        _ type: T.Type,
        limit: Int,
        decoder: JSONDecoder = JSONDecoder(),
        emptyAs empty: T? = nil
    ) async throws -> T {
        guard let buffer = try await body(upTo: limit) else { throw Self.tooLarge(limit: limit) }
        return try Self.decodeJSONBody(type, from: buffer, decoder: decoder, emptyAs: empty)
    }

    /// The whole body, or nil when it is over `limit`: at once, unread, when its declared length already is
    /// (the plain lane then gives the router no more of it and closes after the answer), else once it grows past.
    mutating func body(upTo limit: Int) async throws -> ByteBuffer? {
        if headers.declaresBody(over: limit) { return nil }
        do {
            return try await collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            return nil
        }
    }

    /// Decodes a whole body already read, with the same errors as ``decodeJSON(_:limit:decoder:emptyAs:)``.
    static func decodeJSONBody<T: Decodable>(
        _ type: T.Type,
        from buffer: ByteBuffer,
        decoder: JSONDecoder = JSONDecoder(),
        emptyAs empty: T? = nil
    ) throws(APIError) -> T {
        guard buffer.readableBytes > 0 else {
            if let empty { return empty }
            throw APIError(.badRequest, "invalid_json", "the request needs a JSON object as its body")
        }
        do {
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw APIError(.badRequest, "invalid_json", Self.explain(error))
        } catch {
            throw APIError(.badRequest, "invalid_json", "the body is not valid JSON (or not valid UTF-8)")
        }
    }

    /// The error for a body over the limit.
    static func tooLarge(limit: Int) -> APIError {
        APIError(.contentTooLarge, "body_too_large", "the request body is larger than \(limit) bytes")
    }

    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _):
            return "the field '\(snakeCase(key.stringValue))' is missing"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = snakeCase(path(context))
            if field.isEmpty { return "the body must be a JSON object" }
            return "the field '\(field)' must be \(type == String.self ? "a string" : "of type \(type)")"
        case .dataCorrupted(let context):
            let field = path(context)
            return field.isEmpty
                ? "the body is not valid JSON (or not valid UTF-8)" : "the field '\(snakeCase(field))' has a value that is not allowed"
        @unknown default:
            return "the body is not the JSON object expected"
        }
    }

    /// Field names as clients write them (`expires_in`), whichever key strategy decoded them.
    private static func snakeCase(_ name: String) -> String {
        name.reduce(into: "") { result, character in
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
    }

    /// The bearer token of `Authorization: Bearer TOKEN`, if present.
    var bearerToken: String? {
        Self.bearerToken(in: headers[.authorization])
    }

    /// The token of an `Authorization` header's value of the form `Bearer TOKEN` (the scheme in any case).
    static func bearerToken(in value: String?) -> String? {
        guard let value else { return nil }
        // By hand rather than with Foundation's trimming, which bridges through NSString on every request.
        let parts = value.utf8.split(separator: UInt8(ascii: " "), maxSplits: 1)
        guard parts.count == 2, parts[0].count == 6, String(Substring(parts[0])).lowercased() == "bearer" else { return nil }
        let isBlank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = parts[1].firstIndex(where: { !isBlank($0) }), let last = parts[1].lastIndex(where: { !isBlank($0) }) else { return nil }
        return String(Substring(parts[1][first...last]))
    }
}
