/// The transfer page's list of its letters, each with the downloads and the overprint form the
/// caller may use, rendered here rather than by Mustache for the reason `TableRows` gives: each
/// letter was some twenty lookups through the context stack, nested three sections deep, and
/// that list was most of Mustache's share of the page (BENCHMARKS.md, issue 17). The markup is
/// the one the template had.
struct LetterList {
    /// One letter as the list shows it.
    struct Item {
        let number: String
        /// Its place on the path, from 1, as the download's URL names it.
        let hop: Int
        let from: String
        let to: String
        let automatic: Bool
        /// Whether the caller may have all three parts (the original, and overprinting).
        let whole: Bool
        /// The parts the caller may download one by one, with their names.
        let parts: [(part: String, name: String)]
        /// Whether the returned receipt may be downloaded.
        let receipt: Bool

        /// The parts as the download's `parts` parameter lists them.
        var partList: String { parts.map(\.part).joined(separator: ",") }
    }

    let transferID: String
    let items: [Item]
    /// The printers and the print layouts the overprint form offers.
    let printers: [String]
    let layouts: [String]

    /// The letters as `<li>` elements.
    var html: String {
        let e = PageHTMLEscaping().escapeText
        let printerOptions = printers.map { "<option>\(e($0))</option>" }.joined()
        let layoutOptions = layouts.map { "<option>\(e($0))</option>" }.joined()
        var out = ""
        for item in items {
            let url = "/api/transfers/\(e(transferID))/letters/\(item.hop)"
            out += "<li>第 \(e(item.number)) 号 \(e(item.from)) → \(e(item.to))\(item.automatic ? "（系统）" : "")\n"
            if item.whole { out += "<a href=\"\(url)\">下载原件（三联）</a>" }
            out += "\n"
            for part in item.parts { out += " · <a href=\"\(url)?parts=\(e(part.part))\">\(e(part.name))</a>" }
            out += "\n"
            if item.receipt { out += " · <a href=\"\(url)?part=receipt\">退回的回执</a>" }
            out += "\n"
            if item.whole {
                out += "<form class=\"inline\" method=\"get\" action=\"\(url)\"><input type=\"hidden\" name=\"template\" value=\"two\">\n"
                out += "<select name=\"printer\" aria-label=\"打印机\"><option value=\"\">未校准</option>\(printerOptions)</select>\n"
                if !layouts.isEmpty {
                    out += "<select name=\"layout\" aria-label=\"版式\"><option value=\"\">本组织使用的版式</option>\(layoutOptions)</select>"
                }
                out += "<button>套打（模板二）</button></form>"
            }
            out += "</li>"
        }
        return out
    }
}
