/// The page around the sections: the document head with its stylesheet, a title block, and the sections in
/// order. Self-contained: no script, no external file, no network.
struct HTMLPage {
    var title: String
    var subtitle: String
    /// Short facts under the title (command, contract, trials, …).
    var facts: [(String, String)] = []
    /// Lines in a highlighted box (partial run, warnings).
    var notices: [String] = []
    var sections: [String] = []

    func render() -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"generator\" content=\"apmrisk\">\n"
        out += "<title>\(HTMLText.escape(title))</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n<main>\n"
        out += "<header><h1>\(HTMLText.escape(title))</h1><p class=\"subtitle\">\(HTMLText.escape(subtitle))</p>"
        if !facts.isEmpty {
            out += "<dl class=\"facts\">" + facts.map { "<div><dt>\(HTMLText.escape($0.0))</dt><dd>\(HTMLText.escape($0.1))</dd></div>" }.joined() + "</dl>"
        }
        out += "</header>\n"
        if !notices.isEmpty {
            out += "<div class=\"notice\">" + notices.map { "<p>\(HTMLText.escape($0))</p>" }.joined() + "</div>\n"
        }
        out += sections.joined(separator: "\n")
        out += "\n<footer>Written by apmrisk. Margin M &gt; 0 is a gain for the provider; loss L = −M. Money in US dollars per "
            + "performance period. Bands and error bars are ±1.96 Monte Carlo standard errors (nominal 95%).</footer>\n"
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    /// A section: a heading, a short explanation, then its body.
    static func section(id: String, title: String, intro: String?, _ body: String) -> String {
        "<section id=\"\(id)\"><h2>\(HTMLText.escape(title))</h2>"
            + (intro.map { "<p class=\"intro\">\(HTMLText.escape($0))</p>" } ?? "") + body + "</section>"
    }

    /// A chart with its caption, and its data table beside it.
    static func chartWithTable(_ svg: String, caption: String, table: String) -> String {
        "<div class=\"pair\"><figure>\(svg)<figcaption>\(HTMLText.escape(caption))</figcaption></figure>"
            + "<div class=\"data\">\(table)</div></div>"
    }

    static let css = """
        :root { --ink: #1d2733; --muted: #5b6776; --rule: #d8dee6; --blue: #1f5fa8; --blue-light: rgba(31, 95, 168, 0.18);
                --orange: #d9731a; --orange-light: rgba(217, 115, 26, 0.18); --red: #b8322a; --green: #2e7d4f; --grey: #8a96a3; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f4f6f9; color: var(--ink); font: 14px/1.45 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1260px; margin: 0 auto; padding: 24px 28px 40px; background: #fff; }
        header h1 { margin: 0 0 2px; font-size: 24px; }
        .subtitle { margin: 0 0 12px; color: var(--muted); }
        .facts { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 0 0 8px; padding: 10px 14px; background: #f0f3f7; border-radius: 6px; }
        .facts div { display: flex; gap: 6px; } .facts dt { color: var(--muted); } .facts dd { margin: 0; font-weight: 600; }
        .notice { border-left: 4px solid var(--orange); background: #fff6ec; padding: 6px 12px; margin: 10px 0; }
        .notice p { margin: 4px 0; }
        section { margin-top: 26px; padding-top: 8px; border-top: 1px solid var(--rule); }
        h2 { font-size: 18px; margin: 6px 0 4px; }
        .intro { margin: 0 0 10px; color: var(--muted); max-width: 1100px; }
        .pair { display: grid; grid-template-columns: 692px minmax(0, 1fr); gap: 18px; align-items: start; }
        figure { margin: 0; }
        figcaption { color: var(--muted); font-size: 12.5px; margin-top: 4px; max-width: 680px; }
        .data { max-height: 380px; overflow: auto; border: 1px solid var(--rule); border-radius: 4px; }
        table { border-collapse: collapse; width: 100%; font-size: 12.5px; font-variant-numeric: tabular-nums; }
        th, td { padding: 3px 7px; text-align: right; border-bottom: 1px solid #edf0f4; white-space: nowrap; }
        th { position: sticky; top: 0; background: #eef2f6; font-weight: 600; }
        td:first-child, th:first-child { text-align: left; }
        table.figures { width: 100%; font-size: 13.5px; }
        table.narrow { max-width: 760px; }
        table.figures td, table.figures th { padding: 4px 12px; }
        .grid-2 { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 18px; }
        .grid-2 > div { min-width: 0; overflow-x: auto; }
        h3 { font-size: 14.5px; margin: 10px 0 6px; }
        pre.model { background: #f6f8fa; border: 1px solid var(--rule); padding: 10px 12px; font-size: 12px; max-height: 420px; overflow: auto; }
        .hash { font-family: "DejaVu Sans Mono", monospace; font-size: 12.5px; word-break: break-all; }
        .ok { color: var(--green); font-weight: 600; } .bad { color: var(--red); font-weight: 600; }
        footer { margin-top: 30px; color: var(--muted); font-size: 12px; }
        svg.chart { display: block; background: #fff; font-family: "DejaVu Sans", Arial, sans-serif; }
        svg .grid { stroke: #e6eaef; stroke-width: 1; }
        svg .frame { fill: none; stroke: #9aa5b1; stroke-width: 1; }
        svg .tick { font-size: 11px; fill: #4a5563; }
        svg .axis-title { font-size: 12.5px; fill: var(--ink); font-weight: 600; }
        svg .legend-text { font-size: 11.5px; fill: var(--ink); }
        svg .note { font-size: 11px; fill: var(--muted); }
        svg .marker-label { font-size: 11px; font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
        svg .bar { fill: #6f9fd8; stroke: #fff; stroke-width: 0.5; }
        svg .bar-loss { fill: #e08f86; stroke: #fff; stroke-width: 0.5; }
        svg .loss-zone { fill: rgba(184, 50, 42, 0.05); }
        svg .series-a { fill: none; stroke: var(--blue); stroke-width: 2; }
        svg .series-b { fill: none; stroke: var(--orange); stroke-width: 2; }
        svg .series-c { fill: none; stroke: var(--green); stroke-width: 2; }
        svg .series-d { fill: none; stroke: #7b4fa0; stroke-width: 2; }
        svg .band { fill: var(--blue-light); stroke: none; }
        svg .band-b { fill: var(--orange-light); stroke: none; }
        svg .band-c { fill: rgba(46, 125, 79, 0.16); stroke: none; }
        svg .band-d { fill: rgba(123, 79, 160, 0.16); stroke: none; }
        svg .var-line { stroke: var(--red); stroke-width: 1.6; stroke-dasharray: 6 4; }
        svg .var-line-label { fill: var(--red); }
        svg .tvar-line { stroke: #6d1a14; stroke-width: 1.8; }
        svg .tvar-line-label { fill: #6d1a14; }
        svg .zero-line { stroke: #39424e; stroke-width: 1.2; }
        svg .zero-line-label { fill: #39424e; }
        svg .final-line { stroke: var(--grey); stroke-width: 1.2; stroke-dasharray: 4 3; }
        svg .final-line-label { fill: var(--muted); }
        svg .target-line { stroke: var(--green); stroke-width: 1.6; stroke-dasharray: 7 4; }
        svg .target-line-label { fill: var(--green); }
        svg .solution-line { stroke: var(--ink); stroke-width: 1.6; }
        svg .solution-line-label { fill: var(--ink); }
        svg .solution-band { fill: rgba(29, 39, 51, 0.10); }
        svg .base-line { stroke: var(--ink); stroke-width: 1.4; }
        svg .base-line-label { fill: var(--ink); }
        svg .dot-a { fill: var(--blue); } svg .dot-b { fill: var(--orange); } svg .dot-c { fill: var(--green); } svg .dot-d { fill: #7b4fa0; }
        svg .dot-open { fill: #fff; stroke: var(--blue); stroke-width: 1.5; }
        svg .dot-solution { fill: var(--ink); stroke: #fff; stroke-width: 1.5; }
        svg .errorbar { fill: none; stroke: #222b35; stroke-width: 1.3; }
        svg .up-bar { fill: #6f9fd8; } svg .down-bar { fill: #e08f86; }
        svg .gain-bar { fill: #5fa67c; } svg .cost-bar { fill: #d9776d; } svg .total-bar { fill: #3c6ea8; }
        svg .connector { stroke: #9aa5b1; stroke-width: 1; stroke-dasharray: 3 3; }
        svg .row-label { font-size: 11.5px; fill: var(--ink); }

        """
}

/// An HTML table: a header row and body rows, every cell escaped.
struct DataTable {
    var columns: [String]
    var rows: [[String]]
    var cssClass: String = ""

    func render() -> String {
        var out = "<table\(cssClass.isEmpty ? "" : " class=\"\(cssClass)\"")>"
        if columns.contains(where: { !$0.isEmpty }) {
            out += "<thead><tr>" + columns.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead>"
        }
        out += "<tbody>"
        for row in rows { out += "<tr>" + row.map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>" }
        return out + "</tbody></table>"
    }
}
