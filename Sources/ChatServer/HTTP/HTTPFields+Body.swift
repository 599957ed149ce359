import HTTPTypes

/// What a request's head says of its body, read the same way by both lanes of the chat and by the router.
extension HTTPFields {
    /// Whether a body follows the head.
    var declaresBody: Bool {
        self[.contentLength].map { $0 != "0" } ?? (self[.transferEncoding] != nil)
    }

    /// Whether the declared `Content-Length` is already over `limit` (the body can be refused unread).
    func declaresBody(over limit: Int) -> Bool {
        self[.contentLength].flatMap(Int.init).map { $0 > limit } ?? false
    }
}
