import AdminAPI
@main struct Chatctl { static func main() {} }
