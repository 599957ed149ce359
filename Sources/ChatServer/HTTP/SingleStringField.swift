import NIOCore

/// Reads the usual shape of the chat's request bodies, `{"nick":"alice"}` or `{"text":"hi"}`, without
/// Foundation's JSON decoder (which costs more than the rest of a send).
///
/// Only the plainest case is read here: one object with one field of the given name whose value is a
/// string without escapes, in valid UTF-8, with whitespace wherever JSON allows it. Anything else is nil,
/// and the caller hands the body to the full decoder, whose answer and errors are the reference.
enum SingleStringField {
    static func value(named name: StaticString, in buffer: ByteBuffer) -> String? {
        buffer.withUnsafeReadableBytes { bytes -> String? in
            var index = 0
            func skipWhitespace() {
                while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
            }
            func consume(_ byte: UInt8) -> Bool {
                guard index < bytes.count, bytes[index] == byte else { return false }
                index += 1
                return true
            }
            /// The bytes of a string without escapes or control characters, the opening quote consumed.
            func plainString() -> Range<Int>? {
                let start = index
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\"") {
                        index += 1
                        return start..<(index - 1)
                    }
                    if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                    index += 1
                }
                return nil
            }
            skipWhitespace()
            guard consume(UInt8(ascii: "{")) else { return nil }
            skipWhitespace()
            guard consume(UInt8(ascii: "\"")), let key = plainString() else { return nil }
            let matches = name.withUTF8Buffer { expected in
                expected.count == key.count && zip(expected, bytes[key]).allSatisfy { $0 == $1 }
            }
            guard matches else { return nil }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { return nil }
            skipWhitespace()
            guard consume(UInt8(ascii: "\"")), let value = plainString() else { return nil }
            skipWhitespace()
            guard consume(UInt8(ascii: "}")) else { return nil }
            skipWhitespace()
            guard index == bytes.count else { return nil }
            return String(validating: UnsafeRawBufferPointer(rebasing: bytes[value]), as: UTF8.self)
        }
    }
}
