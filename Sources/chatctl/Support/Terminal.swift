import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The few things chatctl asks of the terminal.
enum Terminal {
    /// Columns of the terminal on standard output, or nil when it is not one (then tables are not cut).
    static var width: Int? {
        var size = winsize()
        if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return nil
    }

    static var isInteractive: Bool { isatty(STDIN_FILENO) != 0 }

    /// Writes to standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Asks for a secret on the terminal without echoing it. The line is read in the line discipline's
    /// own mode whatever mode the terminal was in (the shell keeps it in readline's), then that mode is put back.
    static func readSecret(prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        var original = termios()
        let isTTY = tcgetattr(STDIN_FILENO, &original) == 0
        if isTTY {
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            silent.c_lflag |= tcflag_t(ICANON | ISIG)
            silent.c_iflag |= tcflag_t(ICRNL)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if isTTY {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
        return readLine(strippingNewline: true)
    }

    /// The first line of standard input, for `--password-stdin`.
    static func readStdinLine() -> String? {
        readLine(strippingNewline: true)
    }
}
