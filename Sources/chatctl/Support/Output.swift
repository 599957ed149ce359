import AdminAPI
import Foundation

/// Prints answers: a table (or sentence) for people, stable JSON for scripts.
struct Output {
    let format: GlobalOptions.OutputFormat

    func json(_ value: some Encodable) {
        let encoder = AdminJSON.encoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        if let data = try? encoder.encode(value) {
            print(String(decoding: data, as: UTF8.self))
        }
    }

    /// Prints `value` as JSON, or the table `render` makes of it.
    func show<Value: Encodable>(_ value: Value, table render: (Value) -> Table) {
        switch format {
        case .json: json(value)
        case .table:
            let table = render(value)
            if table.rows.isEmpty {
                print("(none)")
            } else {
                print(table.render(width: Terminal.width))
            }
        }
    }

    /// Prints `value` as JSON, or a sentence.
    func show<Value: Encodable>(_ value: Value, text: (Value) -> String) {
        switch format {
        case .json: json(value)
        case .table: print(text(value))
        }
    }

    /// A sentence for people; for JSON, `{"ok": true}` plus what was done.
    func done(_ sentence: String, _ fields: [String: String] = [:]) {
        switch format {
        case .json:
            var object: [String: String] = fields
            object["ok"] = "true"
            json(object.mapValues { $0 })
        case .table: print(sentence)
        }
    }
}
