/// Splits a shell line into words the way a POSIX shell would for our purposes: white space separates,
/// single quotes keep everything literally, double quotes keep spaces and honour `\"` and `\\`, a backslash
/// outside quotes escapes the next character, and an unquoted `#` at the start of a word begins a comment.
enum ShellTokenizer {
    struct UnterminatedQuote: Error, CustomStringConvertible {
        let quote: Character
        var description: String { "unterminated \(quote == "'" ? "single" : "double") quote" }
    }

    static func split(_ line: String) throws(UnterminatedQuote) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
                inWord = true
                continue
            }
            switch quote {
            case "'":
                if character == "'" { quote = nil } else { current.append(character) }
            case "\"":
                if character == "\"" {
                    quote = nil
                } else if character == "\\" {
                    escaped = true
                } else {
                    current.append(character)
                }
            default:
                if character == "\\" {
                    escaped = true
                } else if character == "'" || character == "\"" {
                    quote = character
                    inWord = true
                } else if character.isWhitespace {
                    if inWord { words.append(current) }
                    current = ""
                    inWord = false
                } else if character == "#", !inWord {
                    return words
                } else {
                    current.append(character)
                    inWord = true
                }
            }
        }
        if let quote { throw UnterminatedQuote(quote: quote) }
        if escaped { current.append("\\") }
        if inWord { words.append(current) }
        return words
    }
}
