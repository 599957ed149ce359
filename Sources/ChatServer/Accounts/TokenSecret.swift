import Crypto
import Foundation

/// Token secrets: 32 random bytes, shown once as `chat_` + base64url, stored only as their SHA-256.
enum TokenSecret {
    static let prefix = "chat_"

    /// A new secret and its public id (`tok_` + 16 hex digits, for listing and revoking).
    static func make() -> (secret: String, id: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let secret =
            prefix
            + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let idBytes = (0..<8).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return (secret, "tok_" + idBytes.map { String($0, radix: 16).leftPadded }.joined())
    }

    /// The hash under which a secret is stored and looked up.
    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String($0, radix: 16).leftPadded }.joined()
    }
}

extension String {
    fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}
