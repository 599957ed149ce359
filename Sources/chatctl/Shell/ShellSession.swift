import AdminAPI
import ArgumentParser
import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// The shell's work: runs each line as the one-shot command it spells (same parser, same grammar), plus
/// a few built-ins (`help`, `events`, `exit`); on a terminal it also follows the server's events and the
/// connection, and shows both above the prompt.
struct ShellSession: Sendable {
    /// The connection options the shell was started with, added to every line that does not give its own.
    let connection: [String]
    let globals: GlobalOptions

    /// Which events are shown above the prompt.
    final class EventFilter: Sendable {
        private let state = NIOLockedValueBox<(enabled: Bool, types: Set<String>?)>((true, EventFilter.defaultTypes))
        static let defaultTypes: Set<String> = [
            "join", "leave", "kick", "ban", "mute", "unmute", "moderator", "removed", "report", "notice", "announcement", "rate_limited", "gap",
        ]

        func shows(_ type: String) -> Bool {
            state.withLockedValue { $0.enabled && ($0.types?.contains(type) ?? true) }
        }

        /// Applies `events on|off|all|TYPE,TYPE`; returns a sentence saying what is shown now.
        func apply(_ words: [String]) -> String {
            state.withLockedValue { state in
                switch words.first {
                case nil: break
                case "on": state = (true, Self.defaultTypes)
                case "off": state.enabled = false
                case "all": state = (true, nil)
                case let list?:
                    let types = Set(list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
                    state = (true, types)
                }
                guard state.enabled else { return "Events are off." }
                return "Showing " + (state.types.map { $0.sorted().joined(separator: ", ") } ?? "all events") + "."
            }
        }
    }

    // MARK: Running lines

    /// Runs one line; returns whether it succeeded.
    func execute(_ line: String, filter: EventFilter?, print emit: (String) -> Void) async -> Bool {
        let words: [String]
        do {
            words = try ShellTokenizer.split(line)
        } catch {
            emit("chatctl: \(error)")
            return false
        }
        guard let first = words.first else { return true }
        switch first {
        case "help", "?":
            emit(help(Array(words.dropFirst())))
            return true
        case "events":
            guard let filter else {
                emit("chatctl: events are shown in the interactive shell only")
                return false
            }
            emit(filter.apply(Array(words.dropFirst())))
            return true
        case "clear":
            emit("\u{1B}[H\u{1B}[2J")
            return true
        case "shell":
            emit("chatctl: already in the shell")
            return false
        default:
            break
        }
        var arguments = GlobalOptions.hoist(words)
        let known = ChatctlCommand.configuration.subcommands.map { $0._commandName }
        if let name = arguments.first, !name.hasPrefix("-"), !known.contains(name) {
            emit("chatctl: unknown command '\(name)'; type help for the list")
            return false
        }
        let given = Set(arguments.map { $0.split(separator: "=").first.map(String.init) ?? $0 })
        if given.isDisjoint(with: ["--socket", "--server", "--token"]) { arguments += connection }
        do {
            try await ChatctlCommand.execute(arguments)
            return true
        } catch let exit as ExitCode {
            return exit.rawValue == 0
        } catch is CancellationError {
            emit("cancelled")
            return false
        } catch {
            let message = ChatctlCommand.fullMessage(for: error)
            let code = ChatctlCommand.exitCode(for: error)
            if !message.isEmpty { emit(code == .success ? message : "chatctl: " + message) }
            return code == .success
        }
    }

    /// The shell's own commands, with the help each gives as `help NAME`.
    static let builtins: [(names: [String], usage: String, help: String)] = [
        (["help", "?"], "help [COMMAND [SUBCOMMAND]]", "Shows the list of commands, or one command's help, as chatctl COMMAND --help does."),
        (
            ["events"], "events [on|off|all|TYPE,TYPE...]",
            """
            Chooses which of the server's live events are shown above the prompt: on (the default: \
            \(EventFilter.defaultTypes.sorted().joined(separator: ", "))), off, all (messages too), or a list of \
            types separated by commas. Without an argument it says what is shown now. The choice lasts until \
            the shell ends; the events themselves are those of chatctl watch.
            """
        ),
        (["clear"], "clear", "Clears the screen; the prompt and what is typed stay. Ctrl-L does the same."),
        (
            ["exit", "quit"], "exit",
            "Leaves the shell, as Ctrl-D on an empty line does. Ctrl-C cancels a running command or clears the line instead."
        ),
    ]

    /// `help` or `help COMMAND [SUBCOMMAND]`.
    func help(_ path: [String]) -> String {
        if path.count == 1, let builtin = Self.builtins.first(where: { $0.names.contains(path[0]) }) {
            let aliases = builtin.names.count > 1 ? "\n\nALSO\n  \(builtin.names.dropFirst().joined(separator: ", "))" : ""
            return "OVERVIEW: \(builtin.help)\n\nUSAGE: \(builtin.usage)\(aliases)\n\nThe shell's own command: not a chatctl subcommand."
        }
        var command: any ParsableCommand.Type = ChatctlCommand.self
        for name in path {
            guard let sub = command.configuration.subcommands.first(where: { $0._commandName == name }) else {
                return "chatctl: no command '\(path.joined(separator: " "))'; type help for the list"
            }
            command = sub
        }
        var text = ChatctlCommand.helpMessage(for: command)
        if path.isEmpty {
            text += """


                SHELL
                  help [COMMAND]          this list, or one command's help
                  events on|off|all|T,T   which live events are shown above the prompt (default: all but messages)
                  clear                   clear the screen
                  exit, quit, Ctrl-D      leave; Ctrl-C cancels a running command or clears the line
                """
        }
        return text
    }

    // MARK: Scripted use

    /// Reads commands from a standard input that is not a terminal, one per line, printing only what the
    /// commands print. Returns 1 if any failed.
    func runScript() async -> Int32 {
        var failed = false
        while let line = readLine(strippingNewline: true) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "exit" || trimmed == "quit" { break }
            if !(await execute(line, filter: nil, print: { print($0) })) { failed = true }
            fflush(nil)
        }
        return failed ? 1 : 0
    }

    // MARK: Interactive use

    /// The interactive shell on a terminal. Leaving it is success: failed commands said so as they ran.
    func runInteractive() async -> Int32 {
        let client: AdminClient
        do {
            client = try globals.client()
        } catch {
            Terminal.error("chatctl: \(error)")
            return ExitStatus.usage
        }
        let place: String
        switch client.target {
        case .socket: place = "local"
        case .server(let url, _): place = URL(string: url).map { "\($0.host ?? "server")\($0.port.map { ":\($0)" } ?? "")" } ?? url
        }
        var role = "disconnected"
        if let me: AdminAPI.WhoAmI = try? await client.get(AdminPaths.whoami) { role = me.role.rawValue }
        let prompts = Prompts(place: place, role: role)
        // Live events start from the stream's head as the shell opens, not from the follower's first request,
        // which may come after the first prompt: nothing that happens once the shell is open is missed.
        let head = ((try? await client.get(AdminPaths.stats)) as Stats?)?.lastSeq

        let running = NIOLockedValueBox<Task<Bool, Never>?>(nil)
        let editor = LineEditor(prompt: prompts.current, history: ShellHistory()) {
            running.withLockedValue { $0?.cancel() }
        }
        let live = LiveValues(client: client)
        if let tree = ShellCompleter.tree(fromToolInfo: Self.toolInfo()) {
            ShellCompleter.current = ShellCompleter(root: tree, live: live)
        }
        editor.start(completer: ShellCompleter.callback)
        editor.post(.print("chatctl shell: connected to \(client.target) as \(role). Type help, or Ctrl-D to leave."))

        let filter = EventFilter()
        let background = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await Self.follow(client: client, from: head, editor: editor, filter: filter, prompts: prompts, live: live) }
                group.addTask {
                    while !Task.isCancelled {
                        await live.refresh()
                        try? await Task.sleep(for: .seconds(5))
                    }
                }
            }
        }
        for await line in editor.lines {
            guard let line else { break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "exit" || trimmed == "quit" { break }
            let task = Task { await execute(line, filter: filter) { text in print(text) } }
            running.withLockedValue { $0 = task }
            _ = await task.value
            running.withLockedValue { $0 = nil }
            fflush(nil)
            Task { await live.refresh() }
            editor.post(.commandFinished)
        }
        background.cancel()
        await editor.finish()
        return 0
    }

    /// The prompt, which says where the shell is connected and as whom, or that it is not.
    final class Prompts: Sendable {
        private let state: NIOLockedValueBox<(place: String, role: String, connected: Bool)>

        init(place: String, role: String) {
            state = NIOLockedValueBox((place, role, role != "disconnected"))
        }

        var current: String {
            state.withLockedValue { "chat@\($0.place)(\($0.connected ? $0.role : "disconnected"))> " }
        }

        /// Records the connection state; returns whether it changed.
        func set(connected: Bool, role: String? = nil) -> Bool {
            state.withLockedValue { state in
                let changed = state.connected != connected || (role != nil && role != state.role)
                state.connected = connected
                if let role { state.role = role }
                return changed
            }
        }
    }

    /// Follows the event stream from `head` (nil: from its first request): prints events the filter lets
    /// through above the prompt, and turns a lost connection into a changed prompt and retries with back-off.
    static func follow(client: AdminClient, from head: UInt64?, editor: LineEditor, filter: EventFilter, prompts: Prompts, live: LiveValues) async {
        var cursor = head
        var backoff = 1
        while !Task.isCancelled {
            do {
                let batch: EventBatch = try await client.get(AdminPaths.events, query: [("since", cursor.map(String.init))], timeout: .seconds(3600))
                if prompts.set(connected: true) {
                    if let me: AdminAPI.WhoAmI = try? await client.get(AdminPaths.whoami) { _ = prompts.set(connected: true, role: me.role.rawValue) }
                    editor.post(.prompt(prompts.current))
                    editor.post(.print("* reconnected to \(client.target)"))
                }
                backoff = 1
                for event in batch.events where filter.shows(event.type) {
                    editor.post(.print("* " + Format.event(event)))
                }
                // Who is here (or what is reported) changed: refresh what TAB offers now rather than at the next tick.
                if batch.events.contains(where: { ["join", "leave", "kick", "ban", "mute", "unmute", "report"].contains($0.type) }) {
                    Task { await live.refresh() }
                }
                cursor = batch.cursor
            } catch {
                if case .refused(let status, _, _) = error, status != 503 {
                    // Not allowed to read events (or another refusal): stop following, quietly.
                    return
                }
                if prompts.set(connected: false) {
                    editor.post(.prompt(prompts.current))
                    editor.post(.print("* lost the connection to \(client.target) (\(error)); retrying"))
                }
                try? await Task.sleep(for: .seconds(backoff))
                backoff = min(backoff * 2, 30)
            }
        }
    }

    /// The parser's description of chatctl, from the binary itself.
    static func toolInfo() -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["--experimental-dump-help"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return Data() }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }
}
