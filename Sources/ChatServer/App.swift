/// The `chat-server` executable: parse the command line, then run. Everything else is in ``ChatServerApp``.
import ArgumentParser

@main
struct App {
    static func main() async {
        await ServerCommand.main()
    }
}
