/// The secret a client presents as `Authorization: Bearer TOKEN` for poll, send and leave.
///
/// 32 bytes from the system's cryptographic generator (`getrandom` on Linux), written as 64 hex digits.
public struct SessionToken: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public init(value: String) { self.value = value }

    /// A new random token.
    public static func random() -> SessionToken {
        var generator = SystemRandomNumberGenerator()
        var hex = ""
        hex.reserveCapacity(64)
        for _ in 0..<4 {
            let word = generator.next() as UInt64
            let digits = String(word, radix: 16)
            hex += String(repeating: "0", count: 16 - digits.count) + digits
        }
        return SessionToken(value: hex)
    }

    /// Tokens are secrets: they never appear in logs or descriptions.
    public var description: String { "SessionToken(…)" }
}
