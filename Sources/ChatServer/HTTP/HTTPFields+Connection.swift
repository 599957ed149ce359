import HTTPTypes

extension HTTPFields {
    /// Whether any `Connection` field carries the `close` option, in any case and among other options
    /// (`Connection: Close`, `keep-alive, close`), as RFC 9110 §7.6.1 reads it. One pass over the bytes
    /// with no allocation: every browser request carries `Connection: keep-alive`.
    var asksToClose: Bool {
        contains { field in
            guard field.name == .connection else { return false }
            let value = field.value
            var matched = 0  // bytes of "close" matched in the current option, or -1 once it cannot be it
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: ","):
                    if matched == closeOption.count { return true }
                    matched = 0
                case UInt8(ascii: " "), UInt8(ascii: "\t"):
                    if matched > 0, matched < closeOption.count { matched = -1 }
                default:
                    if matched >= 0, matched < closeOption.count, byte | 0x20 == closeOption[matched] { matched += 1 } else { matched = -1 }
                }
            }
            return matched == closeOption.count
        }
    }
}

/// The option `asksToClose` looks for, lowercase.
private let closeOption = Array("close".utf8)
