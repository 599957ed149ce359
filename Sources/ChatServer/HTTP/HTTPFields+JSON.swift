import HTTPTypes

extension HTTPFields {
    /// The headers of every JSON answer, chat and admin alike: its type, and no caching.
    static let jsonAnswer: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
}
