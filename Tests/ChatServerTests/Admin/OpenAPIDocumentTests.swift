import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import ChatServer

/// docs/admin-api.yaml must describe exactly the routes the admin router serves.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static let document = Repository.file("docs/admin-api.yaml")

    /// "METHOD /path" for every operation under `paths:`, read from the YAML's layout (paths at two spaces,
    /// methods at four).
    static func documentedRoutes() throws -> Set<String> {
        let text = try String(contentsOf: document, encoding: .utf8)
        var routes: Set<String> = []
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            guard inPaths else { continue }
            if !line.hasPrefix(" "), !line.isEmpty { break }
            if line.hasPrefix("  /"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "patch", "delete"].contains(String(key)) {
                    routes.insert("\(key.uppercased()) \(path)")
                }
            }
        }
        return routes
    }

    @Test("every route the admin router serves is documented, and nothing else")
    func documentMatchesRouter() throws {
        let server = try TestServer()
        let served = Set(server.app.buildAdminRouter().routes.map { "\($0.method.rawValue) \($0.path)" })
        let documented = try Self.documentedRoutes()
        #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
        #expect(served.count >= 20)
    }
}
