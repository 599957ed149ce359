/// The `chat-server` executable: parse the command line, then run. Everything else is in the ChatServer
/// library (``ChatServerApp``), which the tests and the micro-benchmarks also build on.
import ArgumentParser
import ChatServer

@main
struct Main {
    static func main() async {
        await ServerCommand.main()
    }
}
