import Foundation

/// The optional config file: a JSON object whose keys are the long flag names without dashes in front
/// (`"port": 8000`, `"poll-timeout": 30`). Unknown keys are refused so a typo does not pass unnoticed.
struct ConfigFile {
    /// Values by key, as strings, to be parsed like the same flag would be.
    let values: [String: String]

    /// The keys a file may hold: the settings' own (``ServerCommand/settings``).
    static let knownKeys = Set(ServerCommand.settings.map(\.key))

    init(contentsOf path: String) throws(ConfigurationError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("cannot read the config file \(path)")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ConfigurationError("the config file \(path) is not valid JSON")
        }
        guard let dictionary = object as? [String: Any] else {
            throw ConfigurationError("the config file \(path) must hold a JSON object")
        }
        var values: [String: String] = [:]
        for (key, value) in dictionary {
            guard Self.knownKeys.contains(key) else {
                throw ConfigurationError("unknown key '\(key)' in \(path); known keys: \(Self.knownKeys.sorted().joined(separator: ", "))")
            }
            switch value {
            case let string as String: values[key] = string
            case let number as NSNumber: values[key] = number.stringValue
            default: throw ConfigurationError("the value of '\(key)' in \(path) must be a string or a number")
            }
        }
        self.values = values
    }
}
