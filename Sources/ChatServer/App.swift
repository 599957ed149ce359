/// The `chat-server` executable: parse the command line, then run. Everything else is in ``ChatServerApp``.
import ArgumentParser
import NIOCore
import NIOPosix

@main
struct App {
    static func main() async {
        // Run Swift concurrency's jobs on NIO's event loops: a request's handler then runs on the thread that
        // read it, rather than hopping to the cooperative pool and back for every request and every held
        // poll's answer. Nothing in the server blocks a thread (bcrypt runs on NIO's thread pool, SQLite
        // behind GRDB's own queue), which is what this needs.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await ServerCommand.main()
    }
}
