/// The statistics page's bar charts, one per group, rendered here rather than by Mustache for
/// the reason `TableRows` gives: every bar was nine lookups through the context stack
/// (BENCHMARKS.md, issue 17). The markup is the one the template had.
struct StatisticsCharts {
    /// One chart per group (`Statistics.groups`): its title and its values with their counts,
    /// the largest first.
    let charts: [(title: String, counts: [(value: String, count: Int)])]

    /// The charts of `groups`, in their order.
    init(_ groups: [(title: String, counts: [(value: String, count: Int)])]) {
        charts = groups
    }

    /// Each chart a box holding an SVG of horizontal bars, each bar under its label: transfer
    /// types are long, and must not be cut.
    var html: String {
        let e = PageHTMLEscaping().escapeText
        var out = ""
        for chart in charts {
            let title = e(chart.title)
            out += "<div class=\"box\" style=\"flex:1 1 540px;margin:0\"><h3>\(title)</h3>\n"
            if chart.counts.isEmpty {
                out += "<p>期间内没有已转出的党员</p>"
            } else {
                let height = 8 + 42 * chart.counts.count
                out += "<svg role=\"img\" aria-label=\"\(title)\" width=\"540\" height=\"\(height)\" viewBox=\"0 0 540 \(height)\">\n"
                let most = max(1, chart.counts[0].count)
                for (i, bar) in chart.counts.enumerated() {
                    let width = 440 * bar.count / most
                    let label = e(bar.value)
                    out += "<text x=\"0\" y=\"\(16 + 42 * i)\" font-size=\"13\">\(label)</text>\n"
                    out += "<rect x=\"0\" y=\"\(22 + 42 * i)\" width=\"\(max(1, width))\" height=\"16\" fill=\"#b71c1c\">"
                    out += "<title>\(label)：\(bar.count) 人</title></rect>\n"
                    out += "<text x=\"\(width + 6)\" y=\"\(35 + 42 * i)\" font-size=\"13\">\(bar.count)</text>"
                }
                out += "</svg>"
            }
            out += "</div>"
        }
        return out
    }
}
