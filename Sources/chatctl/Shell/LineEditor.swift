import CReadline
import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// GNU readline on a thread of its own, through its callback interface: the thread waits (poll) on the
/// terminal and on a wake-up pipe, so text from elsewhere (live events, a changed prompt) is drawn above the
/// line being typed without disturbing it, and Ctrl-C (a byte on the same pipe, from the signal handler)
/// clears the line or cancels the running command instead of ending the program.
///
/// The terminal stays in readline's mode while a command runs (see `chat_rl_keep_terminal`), so keys typed
/// meanwhile, Ctrl-D among them, wait as bytes for the next prompt; ``finish()`` gives it back on leaving.
///
/// Readline's state is only ever touched on the editor thread; other threads reach it through ``post(_:)``,
/// which queues under a lock and writes to the pipe. That is what makes the `@unchecked Sendable` below
/// sound.
final class LineEditor: @unchecked Sendable {
    enum Message {
        case print(String)
        case prompt(String)
        case commandFinished
        /// Restore the terminal and end the editor thread; ``lines`` then finishes.
        case finish
    }

    /// Lines typed (nil: end of input, Ctrl-D).
    let lines: AsyncStream<String?>
    private let lineSink: AsyncStream<String?>.Continuation
    private let queue = NIOLockedValueBox<[Message]>([])
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let history: ShellHistory
    /// Called on the editor thread when Ctrl-C arrives while a command runs.
    private let onInterrupt: @Sendable () -> Void

    // Editor-thread state.
    private var prompt: String
    private var reading = false
    private var running = true

    /// The editor whose thread is running, for readline's C callbacks.
    nonisolated(unsafe) static var current: LineEditor?
    /// The line readline handed to the callback, set and read on the editor thread only.
    nonisolated(unsafe) private static var received: (line: String?, ready: Bool) = (nil, false)
    /// The pipe the SIGINT handler writes to; set once before the handler is installed.
    nonisolated(unsafe) private static var interruptFD: Int32 = -1

    init(prompt: String, history: ShellHistory, onInterrupt: @escaping @Sendable () -> Void) {
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
        wakeRead = fds[0]
        wakeWrite = fds[1]
        self.prompt = prompt
        self.history = history
        self.onInterrupt = onInterrupt
        (lines, lineSink) = AsyncStream.makeStream()
    }

    /// Starts the editor thread.
    func start(completer: @escaping @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        LineEditor.current = self
        LineEditor.interruptFD = wakeWrite
        signal(SIGINT) { _ in
            var byte: UInt8 = UInt8(ascii: "i")
            _ = write(LineEditor.interruptFD, &byte, 1)
        }
        chat_rl_setup("chatctl", completer)
        chat_rl_set_getc(LineEditor.getc)
        history.load()
        let thread = Thread { [self] in loop() }
        thread.name = "chatctl-readline"
        thread.start()
    }

    /// Ends the editor: the terminal is restored on the editor thread, and this returns once it has been.
    func finish() async {
        post(.finish)
        for await _ in lines {}
    }

    /// Queues something for the editor thread and wakes it.
    func post(_ message: Message) {
        queue.withLockedValue { $0.append(message) }
        var byte = UInt8(ascii: "m")
        _ = write(wakeWrite, &byte, 1)
    }

    // MARK: The editor thread

    /// readline's `rl_getc_function`: waits on the terminal *and* the wake-up pipe, so events and Ctrl-C
    /// are handled even while readline waits for the next key, and reads only bytes that are there (a Ctrl-C
    /// can flush typed-ahead input between the wait and the read, and a blocking read would then hang).
    static let getc: @convention(c) (UnsafeMutablePointer<FILE>?) -> Int32 = { _ in
        guard let editor = LineEditor.current else { return EOF }
        while true {
            var fds = [pollfd(fd: editor.wakeRead, events: Int16(POLLIN), revents: 0), pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, -1) > 0 else { continue }
            if fds[0].revents & Int16(POLLIN) != 0 { editor.drainWakeups() }
            guard fds[1].revents & Int16(POLLIN | POLLHUP) != 0 else { continue }
            var available: Int32 = 0
            if ioctl(STDIN_FILENO, UInt(FIONREAD), &available) == 0, available == 0, fds[1].revents & Int16(POLLHUP) == 0 { continue }
            var byte: UInt8 = 0
            let count = read(STDIN_FILENO, &byte, 1)
            if count == 1 { return Int32(byte) }
            if count == 0 { return EOF }
            if errno == EINTR || errno == EAGAIN { continue }
            return EOF
        }
    }

    private func install() {
        reading = true
        rl_callback_handler_install(prompt) { line in
            LineEditor.received = (line.map { String(cString: $0) }, true)
            free(line)
            // Removed here, inside the handler, so readline does not draw a fresh prompt while the command runs.
            rl_callback_handler_remove()
        }
    }

    private func loop() {
        install()
        while running {
            var fds = [pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0), pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
            let count = poll(&fds, reading ? 2 : 1, -1)
            if count < 0 { continue }
            if fds[0].revents & Int16(POLLIN) != 0 { drainWakeups() }
            if reading, fds[1].revents & Int16(POLLIN | POLLHUP) != 0 {
                rl_callback_read_char()
                if LineEditor.received.ready {
                    let line = LineEditor.received.line
                    LineEditor.received = (nil, false)
                    reading = false
                    if let line {
                        history.add(line)
                        lineSink.yield(line)
                    } else {
                        print("")
                        lineSink.yield(nil)
                        running = false
                    }
                }
            }
        }
        chat_rl_restore_terminal()
        lineSink.finish()
    }

    private func drainWakeups() {
        var buffer = [UInt8](repeating: 0, count: 256)
        var interrupted = false
        var nudged = false
        while true {
            let count = read(wakeRead, &buffer, buffer.count)
            guard count > 0 else { break }
            for byte in buffer[0..<count] {
                if byte == UInt8(ascii: "i") { interrupted = true } else { nudged = true }
            }
        }
        if interrupted {
            if reading {
                chat_rl_abandon_line()
            } else {
                FileHandle.standardOutput.write(Data("\n".utf8))
                onInterrupt()
            }
        }
        guard nudged else { return }
        let messages = queue.withLockedValue { queue in
            defer { queue.removeAll() }
            return queue
        }
        for message in messages {
            switch message {
            case .print(let text):
                let line = text.hasSuffix("\n") ? text : text + "\n"
                if reading {
                    chat_rl_print_above(line)
                } else {
                    FileHandle.standardOutput.write(Data(line.utf8))
                }
            case .prompt(let text):
                prompt = text
                if reading { chat_rl_set_prompt(text) }
            case .commandFinished:
                if !reading { install() }
            case .finish:
                if reading { rl_callback_handler_remove() }
                reading = false
                running = false
            }
        }
    }
}
