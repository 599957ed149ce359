import Testing

@testable import ChatServer

@Suite("Nick and message validation")
struct ValidationTests {
    @Test("nicks of 1 to 16 letters, digits, _ and - are accepted", arguments: ["a", "Alice", "bob_2", "x-y", "ABCDEFGHIJKLMNOP", "0", "_-_"])
    func validNicks(_ nick: String) throws {
        #expect(try Nick(validating: nick).display == nick)
    }

    @Test(
        "other nicks are refused with invalid_nick",
        arguments: ["", "ABCDEFGHIJKLMNOPQ", "a b", "émile", "a.b", "<img>", "a\u{0}", "ａ", "tab\t", "😀", " alice"]
    )
    func invalidNicks(_ nick: String) {
        #expect(throws: RoomError.self) { try Nick(validating: nick) }
        do {
            _ = try Nick(validating: nick)
        } catch {
            #expect(error.code == .invalidNick)
        }
    }

    @Test("nicks are the same without regard to case")
    func nickCase() throws {
        #expect(try Nick(validating: "Alice") == Nick(validating: "aLICE"))
        #expect(try Nick(validating: "Alice").display == "Alice")
    }

    @Test(
        "messages of one line up to 500 characters are accepted",
        arguments: ["hi", "<img src=x onerror=alert(1)>", "ünïcödé 😀 漢字", String(repeating: "x", count: 500), "  padded  "]
    )
    func validMessages(_ text: String) throws {
        #expect(try MessageText(validating: text).value == text)
    }

    @Test("500 characters are counted as people count them, not as bytes")
    func graphemes() throws {
        let flags = String(repeating: "🇫🇷", count: 500)
        #expect(try MessageText(validating: flags).value == flags)
    }

    @Test(
        "empty, blank, long, multi-line and control-character messages are refused",
        arguments: [
            "", "   ", String(repeating: "x", count: 501), "two\nlines", "cr\rhere", "bell\u{7}", "nul\u{0}", "del\u{7F}", "ls\u{2028}x", "c1\u{85}",
        ]
    )
    func invalidMessages(_ text: String) {
        do {
            _ = try MessageText(validating: text)
            Issue.record("accepted \(text.debugDescription)")
        } catch {
            #expect(error.code == .invalidMessage)
        }
    }

    @Test("a message is never cut: 501 characters are refused, not shortened")
    func neverCut() {
        #expect(throws: RoomError.self) { try MessageText(validating: String(repeating: "é", count: 501)) }
    }
}
