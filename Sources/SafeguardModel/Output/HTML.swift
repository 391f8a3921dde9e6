/// Small helpers shared by every self-contained HTML report (no CDN, no network, no scripts from elsewhere).
public enum HTML {
    /// Escapes text for use in element content and attribute values.
    /// An address, escaped like any other text (an eId read from a document is untrusted input).
    public static func escape(_ eId: EId) -> String { escape(eId.rawValue) }

    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// A complete, self-contained HTML document with Safeguard's base stylesheet and an optional extra one.
    public static func page(title: String, extraCSS: String = "", body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="Safeguard">
        <title>\(escape(title))</title>
        <style>
        \(baseCSS)
        \(extraCSS)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// The shared stylesheet: readable offline, printable, high-contrast verdict colours.
    public static let baseCSS = """
        :root { --fg:#1b1b1b; --muted:#5a5a5a; --bg:#ffffff; --line:#d8d8d8; --met:#1a7f37; --partly:#9a6700; --notmet:#cf222e; \
        --na:#6e7781; --mark:#fff3b0; }
        body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); \
        margin: 0 auto; max-width: 1200px; padding: 1.5rem; }
        h1, h2, h3 { line-height: 1.25; }
        table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
        th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
        th { background: #f6f8fa; }
        code, .eid { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
        mark { background: var(--mark); padding: 0 .1em; }
        .muted { color: var(--muted); }
        .verdict-met { color: var(--met); font-weight: 600; }
        .verdict-partly-met { color: var(--partly); font-weight: 600; }
        .verdict-not-met { color: var(--notmet); font-weight: 600; }
        .verdict-not-applicable { color: var(--na); font-weight: 600; }
        @media print { body { max-width: none; } a { color: inherit; text-decoration: none; } }
        """
}
