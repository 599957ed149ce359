import Foundation
import NIOCore
import Testing

@testable import ChatServer

@Suite("Request bodies read without the JSON decoder")
struct SingleStringFieldTests {
    struct Nick: Decodable, Equatable { let nick: String }

    /// What Foundation's decoder makes of it, or nil if it refuses.
    private func decoded(_ bytes: [UInt8]) -> String? {
        try? JSONDecoder().decode(Nick.self, from: Data(bytes)).nick
    }

    private func fast(_ bytes: [UInt8]) -> String? {
        SingleStringField.value(named: "nick", in: ByteBuffer(bytes: bytes))
    }

    @Test(
        "the plain shapes are read, and read as the decoder reads them",
        arguments: [
            #"{"nick":"alice"}"#, #" { "nick" : "alice" } "#, "{\n\t\"nick\":\r\n\"bob\"\n}", #"{"nick":""}"#,
            #"{"nick":"Zoë 🦊 日本"}"#, #"{"nick":"a b/c<d>&'"}"#, "{\"nick\":\"\u{7F}\"}",
        ]
    )
    func plain(text: String) {
        let bytes = Array(text.utf8)
        #expect(fast(bytes) != nil)
        #expect(fast(bytes) == decoded(bytes))
    }

    @Test(
        "anything else is left to the decoder",
        arguments: [
            #"{"nick":"a\"b"}"#, #"{"nick":"\u00e9"}"#, #"{"nick":5}"#, #"{"nick":"a","extra":1}"#, #"{"extra":"a"}"#,
            #"{"nick":"a""#, #"{"nick":"a"}x"#, #"["nick"]"#, #"{"ni\u0063k":"a"}"#, "", "{\"nick\":\"a\u{01}\"}",
            #"{"NICK":"a"}"#, #"{"nick":null}"#, "\u{FEFF}{\"nick\":\"a\"}",
        ]
    )
    func other(text: String) {
        #expect(fast(Array(text.utf8)) == nil)
    }

    @Test("invalid UTF-8 is left to the decoder, which refuses it")
    func invalidUTF8() {
        let bytes = Array(#"{"nick":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        #expect(fast(bytes) == nil)
        #expect(decoded(bytes) == nil)
    }
}
