import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization

/// A client of the admin API, over TCP with a bearer token or over the control socket (`http+unix`).
/// Shared by chatctl and the tests; it knows the paths and models, nothing of the server's code.
public struct AdminClient: Sendable {
    public let target: AdminTarget
    private let http: HTTPClient
    /// How long an ordinary request may take.
    public var timeout: Duration = .seconds(30)

    public init(target: AdminTarget, http: HTTPClient = AdminClient.sharedHTTPClient) {
        self.target = target
        self.http = http
    }

    /// One HTTP client for the process that fails fast when nothing listens (no retrying the connection until
    /// the request's deadline): a command-line tool should say "unreachable" at once, and `watch` retries on
    /// its own terms. Never shut down; it lives as long as the process.
    public static let sharedHTTPClient = makeHTTPClient(tls: nil)

    /// A client that fails fast when nothing listens, with `tls` for https servers (the system's
    /// authorities when nil).
    private static func makeHTTPClient(tls: TLSConfiguration?) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        if let tls { configuration.tlsConfiguration = tls }
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// A client like ``sharedHTTPClient`` that trusts only the authorities in the PEM file at `path` (a
    /// server's own certificate will do); one per file for the process, never shut down.
    public static func httpClient(trusting path: String) throws -> HTTPClient {
        try trustingClients.withLock { clients in
            if let client = clients[path] { return client }
            let authorities: [NIOSSLCertificate]
            do {
                authorities = try NIOSSLCertificate.fromPEMFile(path)
            } catch {
                throw CertificateFileError(description: "cannot read PEM certificates from \(path) (\(error))")
            }
            guard !authorities.isEmpty else { throw CertificateFileError(description: "\(path) holds no certificate") }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(authorities)
            let client = makeHTTPClient(tls: tls)
            clients[path] = client
            return client
        }
    }

    private static let trustingClients = Mutex<[String: HTTPClient]>([:])

    /// A `--cacert` file that holds no certificate one can trust.
    public struct CertificateFileError: Error, CustomStringConvertible {
        public let description: String
    }

    // MARK: Typed requests

    public func get<Response: Decodable>(
        _ path: String,
        query: [(String, String?)] = [],
        as type: Response.Type = Response.self,
        timeout: Duration? = nil
    ) async throws(AdminClientError) -> Response {
        try decode(try await send(.GET, path, query: query, body: nil, timeout: timeout))
    }

    public func post<Body: Encodable, Response: Decodable>(
        _ path: String,
        _ body: Body,
        as type: Response.Type = Response.self
    ) async throws(AdminClientError) -> Response {
        try decode(try await send(.POST, path, body: try encode(body)))
    }

    public func patch<Body: Encodable, Response: Decodable>(
        _ path: String,
        _ body: Body,
        as type: Response.Type = Response.self
    ) async throws(AdminClientError) -> Response {
        try decode(try await send(.PATCH, path, body: try encode(body)))
    }

    /// `DELETE`, whose answer has no body (204).
    public func delete(_ path: String) async throws(AdminClientError) {
        _ = try await send(.DELETE, path, body: nil)
    }

    /// `DELETE` whose answer has a body.
    public func delete<Response: Decodable>(_ path: String, as type: Response.Type) async throws(AdminClientError) -> Response {
        try decode(try await send(.DELETE, path, body: nil))
    }

    /// `DELETE` with a body, whose answer has one.
    public func delete<Body: Encodable, Response: Decodable>(
        _ path: String,
        _ body: Body,
        as type: Response.Type = Response.self
    ) async throws(AdminClientError) -> Response {
        try decode(try await send(.DELETE, path, body: try encode(body)))
    }

    /// A `POST` without a body whose answer has none (204).
    public func post(_ path: String) async throws(AdminClientError) {
        _ = try await send(.POST, path, body: nil)
    }

    // MARK: Raw requests

    /// Sends a request and returns the body of a 2xx answer; any other answer becomes ``AdminClientError``.
    public func send(
        _ method: HTTPMethod,
        _ path: String,
        query: [(String, String?)] = [],
        body: Data?,
        timeout: Duration? = nil
    ) async throws(AdminClientError) -> Data {
        let uri = path + Self.queryString(query)
        var request: HTTPClientRequest
        switch target {
        case .socket(let socketPath):
            guard let url = URL(httpURLWithSocketPath: socketPath, uri: uri) else {
                throw .unreachable(target: target.description, detail: "the socket path cannot be used")
            }
            request = HTTPClientRequest(url: url.absoluteString)
        case .server(let base, let token):
            var base = base
            while base.hasSuffix("/") { base.removeLast() }
            request = HTTPClientRequest(url: base + uri)
            if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        }
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        let data: Data
        do {
            response = try await http.execute(request, timeout: Self.timeAmount(timeout ?? self.timeout))
            data = Data((try await response.body.collect(upTo: 16 << 20)).readableBytesView)
        } catch {
            throw .unreachable(target: target.description, detail: Self.explain(error))
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            if let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: data) {
                throw .refused(status: Int(response.status.code), code: envelope.error.code, message: envelope.error.message)
            }
            throw .refused(status: Int(response.status.code), code: "http_\(response.status.code)", message: "the server answered \(response.status)")
        }
        return data
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    private func encode(_ body: some Encodable) throws(AdminClientError) -> Data {
        do {
            return try AdminJSON.encoder().encode(body)
        } catch {
            throw .invalidResponse("could not encode the request: \(error)")
        }
    }

    private func decode<Response: Decodable>(_ data: Data) throws(AdminClientError) -> Response {
        if Response.self == Empty.self, data.isEmpty { return Empty() as! Response }
        do {
            return try AdminJSON.decoder().decode(Response.self, from: data)
        } catch {
            throw .invalidResponse(String(describing: error))
        }
    }

    private static func queryString(_ query: [(String, String?)]) -> String {
        let pairs = query.compactMap { key, value in value.map { (key, $0) } }
        guard !pairs.isEmpty else { return "" }
        return "?" + pairs.map { "\($0.0)=\(AdminPaths.escape($0.1))" }.joined(separator: "&")
    }

    /// A connection failure in words, without the library's type names.
    private static func explain(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("ENOENT") || text.contains("No such file") { return "no such socket" }
        if text.contains("EACCES") || text.contains("Permission denied") { return "permission denied" }
        if text.contains("ECONNREFUSED") || text.contains("Connection refused") || text.contains("connectionRefused") {
            return "connection refused"
        }
        if text.contains("deadlineExceeded") || text.contains("readTimeout") || text.contains("connectTimeout") { return "timed out" }
        return text
    }
}

/// The body of an answer that has none.
public struct Empty: Codable, Sendable {
    public init() {}
}
