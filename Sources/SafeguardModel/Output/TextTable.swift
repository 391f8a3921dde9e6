/// A plain-text table for terminals: columns padded to their widest cell, optional colour.
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[String]]

    public init(headers: [String], rows: [[String]] = []) {
        self.headers = headers
        self.rows = rows
    }

    /// Renders the table; the last column is never padded so long text wraps naturally.
    public func render() -> String {
        let columnCount = headers.count
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < columnCount {
                widths[i] = max(widths[i], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for i in 0..<columnCount {
                let cell = i < cells.count ? cells[i] : ""
                if i == columnCount - 1 {
                    parts.append(cell)
                } else {
                    parts.append(cell + String(repeating: " ", count: widths[i] - cell.count))
                }
            }
            var result = parts.joined(separator: "  ")
            while result.hasSuffix(" ") { result.removeLast() }
            return result
        }
        var out = line(headers) + "\n"
        out += line(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }
}

/// ANSI styling that honours `NO_COLOR` and non-terminal output (decided by the caller).
public struct Terminal: Sendable {
    public var colorEnabled: Bool

    public init(colorEnabled: Bool) { self.colorEnabled = colorEnabled }

    public func bold(_ text: String) -> String { style(text, "1") }
    public func green(_ text: String) -> String { style(text, "32") }
    public func yellow(_ text: String) -> String { style(text, "33") }
    public func red(_ text: String) -> String { style(text, "31") }
    public func dim(_ text: String) -> String { style(text, "2") }

    private func style(_ text: String, _ code: String) -> String {
        colorEnabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
