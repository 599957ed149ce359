/// A plain text table for people: a header, aligned columns two spaces apart, and the widest column cut
/// with "…" so a row fits the terminal.
struct Table {
    let headers: [String]
    var rows: [[String]] = []

    init(_ headers: String...) {
        self.headers = headers
    }

    /// Adds a row; every cell is shown ``Format/printable(_:)``.
    mutating func add(_ cells: String...) {
        rows.append(cells.map(Format.printable))
    }

    func render(width: Int?) -> String {
        guard !rows.isEmpty else { return "" }
        var widths = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        if let width {
            let total = widths.reduce(0, +) + 2 * (widths.count - 1)
            if total > width, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }) {
                widths[widest] = max(8, widths[widest] - (total - width))
            }
        }
        func line(_ cells: [String]) -> String {
            cells.indices.map { column in
                var cell = cells[column]
                if cell.count > widths[column] { cell = String(cell.prefix(widths[column] - 1)) + "…" }
                return column == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }
        return ([line(headers.map { $0.uppercased() })] + rows.map(line)).joined(separator: "\n")
    }
}
