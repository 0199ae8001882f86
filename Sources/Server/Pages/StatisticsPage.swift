/// The statistics page: the period's form, the export links and a bar chart per group. Written
/// in Swift rather than by its Mustache template for the reason `TablePage` gives; the markup
/// is the one the template had, byte for byte (a test renders both).
struct StatisticsPage: PageBody {
    /// 分组统计 with the period and the total.
    var heading: String
    /// The period's first day (`YYYY-MM-DD`), as typed or the year's.
    var from: String
    /// Its last day.
    var until: String
    /// The link exporting the figures as a workbook.
    var xlsx: String
    /// The link exporting them as CSV.
    var csv: String
    /// A chart per group.
    var charts: StatisticsCharts

    /// The page's body.
    var html: String {
        let e = PageHTMLEscaping().escapeText
        var out = "<h2>\(e(heading))</h2>\n"
        out += "<div class=\"box\"><form method=\"get\" action=\"/statistics\"><label>自 <input type=\"date\" name=\"from\" value=\"\(e(from))\"></label>\n"
        out += "<label>至 <input type=\"date\" name=\"until\" value=\"\(e(until))\"></label><button>统计</button>\n"
        out += "导出：<a href=\"\(e(xlsx))\">Excel（.xlsx）</a> · <a href=\"\(e(csv))\">CSV</a></form></div>\n"
        out += "<div style=\"display:flex;flex-wrap:wrap;gap:12px\">\(charts.html)</div>"
        return out
    }
}
