import ArgumentParser
import Foundation
import Testing

@testable import ChatServer

@Suite("Configuration")
struct ServerCommandTests {
    func resolve(_ arguments: [String], environment: [String: String] = [:]) throws -> ServerConfiguration {
        try ServerCommand.parse(arguments).resolve(environment: environment)
    }

    func writeConfig(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chat-config-\(UUID()).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("with nothing given, the defaults of DESIGN.md")
    func defaults() throws {
        let configuration = try resolve([])
        #expect(configuration == ServerConfiguration())
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 8000)
        #expect(configuration.pollTimeout == 30)
        #expect(configuration.idleTimeout == 90)
        #expect(configuration.dataDirectory == "./data")
    }

    @Test("a flag wins over the environment, which wins over the file")
    func precedence() throws {
        let file = try writeConfig(#"{"port": 7000, "poll-timeout": 20, "host": "127.0.0.1", "idle-timeout": "60"}"#)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let configuration = try resolve(
            ["--config", file, "--port", "9000"],
            environment: ["CHAT_PORT": "8500", "CHAT_POLL_TIMEOUT": "25"]
        )
        #expect(configuration.port == 9000)
        #expect(configuration.pollTimeout == 25)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.idleTimeout == 60)
    }

    @Test("the fast lane is on unless a flag, CHAT_FAST_LANE or the file turns it off")
    func fastLane() throws {
        #expect(try resolve([]).fastLane)
        #expect(try !resolve(["--fast-lane", "off"]).fastLane)
        #expect(try !resolve([], environment: ["CHAT_FAST_LANE": "OFF"]).fastLane)
        let file = try writeConfig(#"{"fast-lane": "off"}"#)
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(try !resolve(["--config", file]).fastLane)
        #expect(try resolve(["--config", file, "--fast-lane", "on"]).fastLane)
    }

    @Test("the shipped server offers no benchmark: the micro-benchmarks are a binary of their own")
    func noBenchmarkSubcommand() {
        #expect(ServerCommand.configuration.subcommands.map { $0._commandName } == ["store"])
        #expect(!ServerCommand.helpMessage().contains("benchmark"))
        #expect((try? ServerCommand.parseAsRoot(["benchmark"])) == nil)
    }

    @Test("every option is a setting of the one table, with its flag, file key and environment variable, and back")
    func oneTableOfSettings() throws {
        let keys = ServerCommand.settings.map(\.key)
        #expect(Set(keys).count == keys.count, "each setting once")
        #expect(ConfigFile.knownKeys == Set(keys))
        let options = Mirror(reflecting: try ServerCommand.parse([])).children.compactMap { $0.label?.dropFirst() }.map {
            ServerCommand.kebabCase(String($0))
        }
        #expect(Set(options) == Set(keys + ["config"]), "an option without a setting, or a setting without an option")
        let help = ServerCommand.helpMessage(columns: 1000)
        for key in keys {
            #expect(help.contains("--\(key) "), "the flag of \(key)")
            #expect(help.contains("env \(ServerCommand.environmentName(of: key))"), "the help of --\(key) names its variable")
        }
    }

    @Test("the config file can be named by CHAT_CONFIG")
    func configFromEnvironment() throws {
        let file = try writeConfig(#"{"data-dir": "/tmp/chat-data"}"#)
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(try resolve([], environment: ["CHAT_CONFIG": file]).dataDirectory == "/tmp/chat-data")
    }

    @Test(
        "bad values are refused in words",
        arguments: [
            (["--port", "http"], "port must be a whole number"),
            (["--port", "70000"], "port must be between"),
            (["--poll-timeout=-1"], "poll-timeout must be a positive"),
            (["--poll-timeout", "60", "--idle-timeout", "30"], "must be longer than poll-timeout"),
            (["--log-level", "loud"], "log-level must be one of"),
            (["--fast-lane", "maybe"], "fast-lane must be on or off"),
            (["--proxy-protocol", "on"], "proxy-protocol needs --trusted-proxy"),
            (["--proxy-protocol", "v2", "--trusted-proxy", "10.0.0.5"], "proxy-protocol must be on or off"),
        ]
    )
    func badValues(_ arguments: [String], _ message: String) throws {
        do {
            _ = try resolve(arguments)
            Issue.record("accepted \(arguments)")
        } catch let error as ConfigurationError {
            #expect(error.description.contains(message))
        }
    }

    @Test("a node is named by --node-name, else by its host and chat port (its process id with port 0)")
    func nodeNames() throws {
        let pid = ProcessInfo.processInfo.processIdentifier
        #expect(try resolve(["--node-name", "chat-1"]).resolvedNodeName == "chat-1")
        #expect(try resolve(["--port", "8123"]).resolvedNodeName.hasSuffix(":8123"))
        #expect(try resolve(["--port", "0"]).resolvedNodeName.hasSuffix("-\(pid)"))
        #expect(throws: ConfigurationError.self) { try resolve(["--node-name", "two words"]) }
        #expect(throws: ConfigurationError.self) { try resolve(["--node-name", String(repeating: "n", count: 65)]) }
    }

    @Test("a config file with an unknown key or bad JSON is refused")
    func badFile() throws {
        let typo = try writeConfig(#"{"prot": 1}"#)
        let broken = try writeConfig(#"{"port": "#)
        defer {
            try? FileManager.default.removeItem(atPath: typo)
            try? FileManager.default.removeItem(atPath: broken)
        }
        #expect(throws: ConfigurationError.self) { try resolve(["--config", typo]) }
        #expect(throws: ConfigurationError.self) { try resolve(["--config", broken]) }
        #expect(throws: ConfigurationError.self) { try resolve(["--config", "/nonexistent/file.json"]) }
    }
}
