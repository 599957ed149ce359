/// Every error body of both APIs: `{"error": {"code": "...", "message": "..."}}`.
public struct ErrorEnvelope: Codable, Sendable, Equatable {
    public struct Body: Codable, Sendable, Equatable {
        /// Stable and machine-readable (`not_found`, `forbidden`, …).
        public var code: String
        /// For people: what went wrong and, where it helps, what to do.
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    public var error: Body

    public init(code: String, message: String) {
        self.error = Body(code: code, message: message)
    }
}
