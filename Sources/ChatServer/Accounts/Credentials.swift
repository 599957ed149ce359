/// The rules for account names and passwords.
enum Credentials {
    /// 1 to 32 ASCII letters, digits, `_`, `-` or `.`; unique without regard to case.
    static func validateUsername(_ name: String) throws(AccountError) {
        guard (1...32).contains(name.utf8.count),
            name.utf8.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            })
        else {
            throw AccountError(.invalidUsername, "an account name is 1 to 32 ASCII letters, digits, '_', '-' or '.'")
        }
    }

    /// The shortest password accepted.
    static let minimumPasswordLength = 10
    /// bcrypt reads at most 72 bytes; longer passwords are refused rather than silently cut.
    static let maximumPasswordBytes = 72

    static func validatePassword(_ password: String) throws(AccountError) {
        guard password.count >= minimumPasswordLength else {
            throw AccountError(.weakPassword, "a password has at least \(minimumPasswordLength) characters")
        }
        guard password.utf8.count <= maximumPasswordBytes else {
            throw AccountError(.weakPassword, "a password has at most \(maximumPasswordBytes) bytes")
        }
        guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw AccountError(.weakPassword, "a password cannot contain control characters")
        }
    }
}
