/// The rows of the `table` page (histories, notices, the audit log, accounts), of the home
/// page's queue and of a transfer's log, rendered here
/// rather than by Mustache: a history is 200 rows of six cells, and Mustache looks each
/// `{{name}}` up through its context stack with dynamic casts at every level — that page was
/// 16 % of the server's time under the mixed load (BENCHMARKS.md, issue 17). The markup is the
/// one the template had; values are escaped the pages' way (`PageHTMLEscaping`).
struct TableRows {
    /// A cell: text, a link around it, or buttons each posting a small form; `cssClass` marks
    /// it (an overdue date).
    struct Cell {
        var text = ""
        var link: String? = nil
        var actions: [Action] = []
        var cssClass: String? = nil
    }

    /// A button posting `name` (and the session's CSRF token) to `path`.
    struct Action {
        let path: String
        let label: String
        let name: String
        let csrf: String
    }

    let rows: [[Cell]]

    /// Rows of cells.
    init(_ rows: [[Cell]]) {
        self.rows = rows
    }

    /// The rows as `<tr>` elements.
    var html: String {
        let escaping = PageHTMLEscaping()
        let e = escaping.escapeText
        var out = ""
        out.reserveCapacity(rows.count * 400)
        for row in rows {
            out += "<tr>"
            for cell in row {
                out += cell.cssClass.map { "<td class=\"\(e($0))\">" } ?? "<td>"
                if let link = cell.link {
                    out += "<a href=\"\(e(link))\">\(e(cell.text))</a>"
                } else {
                    out += e(cell.text)
                }
                for a in cell.actions {
                    out +=
                        "<form method=\"post\" action=\"\(e(a.path))\" style=\"display:inline\"><input type=\"hidden\" name=\"_csrf\" value=\"\(e(a.csrf))\">"
                        + "<input type=\"hidden\" name=\"name\" value=\"\(e(a.name))\"><button>\(e(a.label))</button></form> "
                }
                out += "</td>"
            }
            out += "</tr>"
        }
        return out
    }
}
