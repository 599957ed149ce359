/// The secret a client presents as `Authorization: Bearer TOKEN` for poll, send and leave.
///
/// 32 bytes from the kernel's cryptographic generator (by way of ``RandomBytePool``), written as 64 hex
/// digits.
public struct SessionToken: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public init(value: String) { self.value = value }

    /// A new random token.
    public static func random() -> SessionToken {
        withUnsafeTemporaryAllocation(byteCount: 32, alignment: 1) { bytes in
            RandomBytePool.shared.fill(bytes)
            let hex = String(unsafeUninitializedCapacity: bytes.count * 2) { text in
                for (index, byte) in bytes.enumerated() {
                    text[2 * index] = hexDigits[Int(byte >> 4)]
                    text[2 * index + 1] = hexDigits[Int(byte & 0x0F)]
                }
                return bytes.count * 2
            }
            bytes.initializeMemory(as: UInt8.self, repeating: 0)
            return SessionToken(value: hex)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Tokens are secrets: they never appear in logs or descriptions.
    public var description: String { "SessionToken(…)" }
}
