import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers

/// The routes a router ended up with, for telling "no such path" (404) from "not with this method" (405,
/// with `Allow`). Filled from the router itself once its routes are in, so it cannot drift from them.
final class RouteTable: Sendable {
    private let routes = NIOLockedValueBox<[(segments: [Substring], method: HTTPRequest.Method)]>([])

    /// Takes the routes of a router whose routes are all added.
    func fill<Context>(from router: Router<Context>) {
        let entries = router.routes.map { route in
            (segments: route.path.description.split(separator: "/"), method: route.method)
        }
        routes.withLockedValue { $0 = entries }
    }

    /// The methods a path answers to; empty when no route has that path.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        return routes.withLockedValue { routes in
            routes.filter { route in
                route.segments.count == segments.count
                    && zip(route.segments, segments).allSatisfy { template, actual in template.first == "{" || template == actual }
            }.map(\.method)
        }
    }
}
