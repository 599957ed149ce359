import HTTPTypes
import Testing

@testable import ChatServer

@Suite("The Connection field's close option")
struct ConnectionOptionTests {
    @Test(
        "close is found in any case, among other options, with blanks around it; nowhere else",
        arguments: [
            ("close", true), ("Close", true), ("CLOSE", true), ("keep-alive, close", true), (" close ", true), ("close,keep-alive", true),
            ("x ,\tClose\t, y", true), ("keep-alive", false), ("closed", false), ("enclose", false), ("cl ose", false), ("close x", false),
            ("", false), (",", false),
        ]
    )
    func option(value: String, closes: Bool) {
        var fields = HTTPFields()
        fields[.connection] = value
        #expect(fields.asksToClose == closes, "\(value.debugDescription)")
    }

    @Test("any of several Connection fields may carry it")
    func severalFields() {
        var fields = HTTPFields()
        fields.append(HTTPField(name: .connection, value: "keep-alive"))
        #expect(!fields.asksToClose)
        fields.append(HTTPField(name: .connection, value: "close"))
        #expect(fields.asksToClose)
        #expect(!HTTPFields().asksToClose)
    }
}
