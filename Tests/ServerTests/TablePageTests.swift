import Mustache
import Testing

@testable import Server

/// A table's page written in Swift (`TablePage`) is the markup the Mustache template it replaced
/// wrote, byte for byte, for every kind of table page and values that need escaping.
@Suite struct TablePageTests {
    /// The Mustache template `TablePage` replaced, as it was.
    private static let template = """
        <h2>{{heading}}</h2>
        {{#first(tabs)}}<p>{{#tabs}}<a href="{{link}}">{{text}}</a> · {{/tabs}}</p>{{/first(tabs)}}
        {{#address}}<form method="post" action="/notices/address" class="box"><input type="hidden" name="_csrf" value="{{csrf}}">
        <label>我的通知邮箱 <input name="email" type="email" maxlength="254" value="{{email}}" placeholder="name@example.cn"></label><button>保存</button>
        <small>服务器配置了邮件中继时，有转接等待本组织办理，系统发邮件到这里；留空则不发。</small></form>{{/address}}
        {{#filters.any}}<form method="get" class="box">{{#hidden}}<input type="hidden" name="{{name}}" value="{{value}}">{{/hidden}}
        {{{filters.html}}}<button>查询</button>
        {{#export}} <span style="white-space:nowrap">导出：<a href="{{export}}xlsx">Excel（.xlsx）</a> · <a href="{{export}}csv">CSV</a></span>{{/export}}</form>{{/filters.any}}
        {{#create}}<form method="post" action="{{action}}" class="box"><input type="hidden" name="_csrf" value="{{csrf}}">
        {{#fields}}<label>{{label}} <input name="{{name}}" required></label>{{/fields}}
        <label>组织 <select name="organization">{{#orgs}}<option value="{{id}}">{{name}}</option>{{/orgs}}</select></label>
        <label>角色 <select name="role"><option value="administrator">管理员</option><option value="auditor">审计员</option><option value="security-officer">安全员</option></select></label>
        <button>创建账号</button></form>{{/create}}
        <table><tr>{{#headers}}<th>{{.}}</th>{{/headers}}</tr>
        {{{rows.html}}}
        {{#rows.empty}}<tr><td colspan="{{columns}}">没有记录</td></tr>{{/rows.empty}}</table>
        {{#more}}<p><a href="{{link}}">{{text}} →</a></p>{{/more}}
        """

    private func mustache(_ values: [String: Any]) throws -> String {
        PageHTMLEscaping.register()
        var library = MustacheLibrary()
        try library.register(PageHTMLEscaping.directive + Self.template, named: "table")
        return library.render(values, withTemplate: "table") ?? ""
    }

    private let rows = TableRows([[.init(text: "张<三>", link: "/transfers/a&b"), .init(text: "\"引\"'号'")], [.init(text: "—")]])
    private let filters = FilterFields([
        .init(label: "姓名", name: "name", kind: .text(value: "李\"四", size: 8)),
        .init(label: "单位", name: "source", kind: .select([.init(value: "B1", text: "中共<B1>", selected: true)])),
    ])

    @Test func eachKindOfTablePageIsTheTemplatesMarkup() throws {
        let headers = ["党员", "<身份证>"]
        // A history: filters, a hidden field, export links.
        #expect(
            TablePage(
                heading: "转出历史", filters: filters, hidden: [.init(name: "direction", value: "o\"ut")], export: "/history?a=1&format=",
                headers: headers, rows: rows
            ).html
                == (try mustache([
                    "heading": "转出历史", "filters": ["html": filters.html, "any": true], "export": "/history?a=1&format=",
                    "hidden": [["name": "direction", "value": "o\"ut"]], "headers": headers, "columns": 2, "rows": rows,
                ])))
        // Tabs, and no rows.
        let empty = TableRows([])
        #expect(
            TablePage(
                heading: "查看 · <已办>", tabs: [.init(text: "本组织", link: "/views/mine"), .init(text: "下级&", link: "/views/s")], headers: headers, rows: empty
            ).html
                == (try mustache([
                    "heading": "查看 · <已办>", "tabs": [["link": "/views/mine", "text": "本组织"], ["link": "/views/s", "text": "下级&"]],
                    "headers": headers, "columns": 2, "rows": empty,
                ])))
        // The notice address.
        #expect(
            TablePage(heading: "通知", address: .init(csrf: "c<1>", email: "a\"b@c.cn"), headers: headers, rows: rows).html
                == (try mustache(["heading": "通知", "address": ["csrf": "c<1>", "email": "a\"b@c.cn"], "headers": headers, "columns": 2, "rows": rows])))
        // The audit log's filters without a hidden field, and its next page.
        #expect(
            TablePage(
                heading: "审计日志", filters: filters, export: "/audit?format=", headers: headers, rows: rows, more: .init(text: "更早", link: "/audit?before=3&x=<")
            ).html
                == (try mustache([
                    "heading": "审计日志", "filters": ["html": filters.html, "any": true], "export": "/audit?format=", "headers": headers,
                    "columns": 2, "rows": rows, "more": ["text": "更早", "link": "/audit?before=3&x=<"],
                ])))
        // The accounts' creation form.
        #expect(
            TablePage(
                heading: "账号管理",
                create: .init(
                    action: "/accounts", csrf: "t", fields: [(label: "登录名", name: "name")],
                    organizations: [(id: "B1", name: "　中共<B1>"), (id: "B2", name: "B2")]),
                headers: headers, rows: rows
            ).html
                == (try mustache([
                    "heading": "账号管理",
                    "create": [
                        "action": "/accounts", "csrf": "t", "orgs": [["id": "B1", "name": "　中共<B1>"], ["id": "B2", "name": "B2"]],
                        "fields": [["label": "登录名", "name": "name"]],
                    ],
                    "headers": headers, "columns": 2, "rows": rows,
                ])))
        // A filter form with no fields is no form.
        #expect(!TablePage(heading: "h", filters: FilterFields([]), headers: headers, rows: rows).html.contains("<form"))
    }
}
