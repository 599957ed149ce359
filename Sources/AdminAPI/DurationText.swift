/// Durations as people type them: `90s`, `30m`, `2h`, `7d`, `1w`, or several together (`1h30m`).
public enum DurationText {
    private static let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]

    /// The longest duration anything takes: ten years, in seconds.
    public static let maxSeconds = 10 * 365 * 86400

    /// Seconds, or nil when the text is not a positive duration of at most ten years. Total on any input:
    /// no arithmetic here can overflow (each number has at most 9 digits, and the sum stops at the bound).
    public static func parse(_ text: String) -> Int? {
        var total = 0
        var number = ""
        var sawUnit = false
        for character in text.lowercased() where !character.isWhitespace {
            if character.isASCII, character.isNumber {
                guard number.count < 9 else { return nil }
                number.append(character)
            } else if let unit = units[character], let value = Int(number) {
                total += value * unit
                guard total <= maxSeconds else { return nil }
                number = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        guard number.isEmpty, sawUnit, total > 0 else { return nil }
        return total
    }

    /// The shortest exact way to write a number of seconds (`5400` → `1h30m`).
    public static func format(_ seconds: Int) -> String {
        guard seconds > 0 else { return "0s" }
        var rest = seconds
        var text = ""
        for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }
}
