/// One pass over a message's UTF-8 for the automod check: its bytes with ASCII letters lower-cased, its
/// words (runs of letters, digits, `_`, `-` and any non-ASCII byte) with their hashes, its http(s) links,
/// and the hash of the whole text trimmed (for repeats). Nothing here allocates per word.
struct MessageScan {
    struct Word {
        let range: Range<Int>
        let hash: UInt64
    }

    let lowered: [UInt8]
    private(set) var words: [Word] = []
    private(set) var links = 0
    private(set) var textHash: UInt64 = 0

    init(_ text: String) {
        var bytes = Array(text.utf8)
        for index in bytes.indices where bytes[index] >= 65 && bytes[index] <= 90 { bytes[index] += 32 }
        lowered = bytes
        var start: Int?
        for index in 0...bytes.count {
            let inWord = index < bytes.count && Self.isWordByte(bytes[index])
            if inWord, start == nil { start = index }
            if !inWord, let begun = start {
                words.append(Word(range: begun..<index, hash: Self.hash(bytes[begun..<index])))
                start = nil
            }
        }
        links = Self.count(Array("http://".utf8), in: bytes) + Self.count(Array("https://".utf8), in: bytes)
        var first = 0
        var last = bytes.count
        while first < last, bytes[first] == 32 { first += 1 }
        while last > first, bytes[last - 1] == 32 { last -= 1 }
        textHash = Self.hash(bytes[first..<last])
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 95 || byte == 45 || byte >= 128
    }

    /// FNV-1a, 64 bits.
    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    private static func count(_ needle: [UInt8], in haystack: [UInt8]) -> Int {
        guard haystack.count >= needle.count else { return 0 }
        var found = 0
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) {
                found += 1
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }
}
