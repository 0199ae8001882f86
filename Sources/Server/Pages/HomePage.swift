/// The administrator's home page: the counts, and the queue with what is due first. Written in
/// Swift rather than by its Mustache template for the reason `TablePage` gives: Mustache's
/// lookups were two thirds of this page's time, and it is a tenth of the mixed load
/// (BENCHMARKS.md, issue 17). The markup is the one the template had, byte for byte (a test
/// renders both).
struct HomePage: PageBody {
    /// Transfers waiting for the caller's organization.
    var own: Int
    /// Transfers waiting for its subordinates.
    var subordinates: Int
    /// Transfers out of the caller's subtree this year.
    var outgoingThisYear: Int
    /// Transfers into it this year.
    var incomingThisYear: Int
    /// The queue's rows.
    var items: TableRows

    /// The page's body.
    var html: String {
        var out = "<div class=\"box counts\"><span>待办业务 <b>\(own)</b> 件</span><span>下级党组织待办 <b>\(subordinates)</b> 件</span>\n"
        out += "<span>本年转出 <b>\(outgoingThisYear)</b></span><span>本年转入 <b>\(incomingThisYear)</b></span></div>\n"
        out += "<h3>待办（最早到期的在前）</h3>\n"
        out += "<table><tr><th>党员</th><th>类型</th><th>状态</th><th>到期</th><th></th></tr>\n"
        out += items.html + "\n"
        if items.rows.isEmpty { out += "<tr><td colspan=\"5\">没有待办业务</td></tr>" }
        out += "</table>"
        return out
    }
}
