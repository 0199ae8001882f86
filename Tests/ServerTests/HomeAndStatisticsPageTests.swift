import Mustache
import Testing

@testable import Server

/// The home and statistics pages written in Swift (`HomePage`, `StatisticsPage`) are the markup
/// the Mustache templates they replaced wrote, byte for byte.
@Suite struct HomeAndStatisticsPageTests {
    /// The Mustache templates they replaced, as they were.
    private static let home = """
        <div class="box counts"><span>待办业务 <b>{{counts.own}}</b> 件</span><span>下级党组织待办 <b>{{counts.subordinates}}</b> 件</span>
        <span>本年转出 <b>{{overview.outgoingThisYear}}</b></span><span>本年转入 <b>{{overview.incomingThisYear}}</b></span></div>
        <h3>待办（最早到期的在前）</h3>
        <table><tr><th>党员</th><th>类型</th><th>状态</th><th>到期</th><th></th></tr>
        {{{items.html}}}
        {{#items.empty}}<tr><td colspan="5">没有待办业务</td></tr>{{/items.empty}}</table>
        """
    private static let statistics = """
        <h2>{{heading}}</h2>
        <div class="box"><form method="get" action="/statistics"><label>自 <input type="date" name="from" value="{{from}}"></label>
        <label>至 <input type="date" name="until" value="{{until}}"></label><button>统计</button>
        导出：<a href="{{xlsx}}">Excel（.xlsx）</a> · <a href="{{csv}}">CSV</a></form></div>
        <div style="display:flex;flex-wrap:wrap;gap:12px">{{{charts.html}}}</div>
        """

    private func mustache(_ template: String, _ values: [String: Any]) throws -> String {
        PageHTMLEscaping.register()
        var library = MustacheLibrary()
        try library.register(PageHTMLEscaping.directive + template, named: "page")
        return library.render(values, withTemplate: "page") ?? ""
    }

    @Test func theHomePageIsTheTemplatesMarkupWithAndWithoutWork() throws {
        let queue = TableRows([
            [
                .init(text: "张<三>"), .init(text: "转往本市其他县(市、区)党组织"), .init(text: "待审批"), .init(text: "2017-07-01（已逾期）", cssClass: "overdue"),
                .init(text: "办理", link: "/transfers/a&b"),
            ],
            [.init(text: "李四"), .init(text: "\"引\"'号'"), .init(text: "—"), .init(text: "—"), .init(text: "办理", link: "/transfers/c")],
        ])
        for (items, counts) in [(queue, (3, 12, 40, 7)), (TableRows([]), (0, 0, 0, 0)), (queue, (-1, Int.max, 1_000_000, 5))] {
            let page = HomePage(own: counts.0, subordinates: counts.1, outgoingThisYear: counts.2, incomingThisYear: counts.3, items: items)
            let values: [String: Any] = [
                "items": items, "counts": ["own": counts.0, "subordinates": counts.1],
                "overview": ["outgoingThisYear": counts.2, "incomingThisYear": counts.3],
            ]
            #expect(page.html == (try mustache(Self.home, values)))
        }
        #expect(HomePage(own: 0, subordinates: 0, outgoingThisYear: 0, incomingThisYear: 0, items: TableRows([])).html.contains("没有待办业务"))
    }

    @Test func theStatisticsPageIsTheTemplatesMarkupWithValuesThatNeedEscaping() throws {
        for charts in [StatisticsCharts([("性别", [("男", 4), ("<女>", 2)]), ("职业", [])]), StatisticsCharts([])] {
            let page = StatisticsPage(
                heading: "分组统计：2017-01-01 至 2017-12-31，共 6 人 <&>", from: "2017-01-01\"", until: "2017-12-31'",
                xlsx: "/statistics?from=a&until=b&format=xlsx", csv: "/statistics?from=a&until=b&format=csv", charts: charts)
            let values: [String: Any] = [
                "heading": page.heading, "from": page.from, "until": page.until, "charts": charts, "xlsx": page.xlsx, "csv": page.csv,
            ]
            #expect(page.html == (try mustache(Self.statistics, values)))
        }
    }
}
