import Workflow

/// The frame of every page: head, styles, the role's menu, the error or message, the page's
/// body. Built here rather than by Mustache: it is rendered for every page, and its handful of
/// sections, looked up through Mustache's context stack with dynamic casts, were a tenth of
/// the home page's time (BENCHMARKS.md, issue 17). The markup is the one the template had.
enum PageLayout {
    /// Who is signed in, as the header shows them.
    struct User {
        let name: String
        let organization: String
        let role: Role
    }

    /// The whole page around `body` (markup already escaped), titled `title`.
    static func html(title: String, body: String, user: User?, error: String?, message: String?) -> String {
        let e = PageHTMLEscaping().escapeText
        var out = head
        out.reserveCapacity(head.count + body.utf8.count + 2_048)
        out += "<title>\(e(title)) · 党员组织关系转接</title>\n"
        out += style
        out += "<header><strong>党员组织关系转接</strong><nav>"
        if let user {
            out += "<span>\(e(user.name))（\(e(user.organization))）</span>\n"
            switch user.role {
            case .administrator: out += administratorMenu
            case .securityOfficer: out += officerMenu
            case .auditor, .member: break
            }
            out += "\n"
            switch user.role {
            case .member: out += memberMenu
            case .auditor: out += auditorMenu
            case .administrator, .securityOfficer: break
            }
            out += "<a href=\"/password\">修改密码</a><a href=\"/logout\">退出</a>"
        }
        out += "</nav></header>\n<main>"
        if let error { out += "<p class=\"error\">\(e(error))</p>" }
        if let message { out += "<p class=\"msg\">\(e(message))</p>" }
        out += body
        out += "</main></body></html>"
        return out
    }

    private static let head = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"

    private static let style = """
        <style>
        body{font-family:"Noto Sans CJK SC","Noto Serif CJK SC",sans-serif;margin:0;background:#f5f5f2;color:#222}
        header{background:#b71c1c;color:#fff;padding:10px 24px;display:flex;justify-content:space-between;align-items:center}
        header a{color:#fff;margin-left:16px;text-decoration:none}
        main{max-width:1280px;margin:16px auto;padding:0 24px}
        table{border-collapse:collapse;width:100%;background:#fff}td,th{border:1px solid #ddd;padding:6px 8px;text-align:left}
        th{background:#eee}.overdue{color:#b71c1c;font-weight:bold}.box{background:#fff;border:1px solid #ddd;padding:12px 16px;margin:12px 0}
        .error{background:#fdecea;border:1px solid #b71c1c;padding:8px 12px;color:#b71c1c}.msg{background:#e8f5e9;border:1px solid #2e7d32;padding:8px 12px}
        form.inline{display:inline-block;margin:4px 8px 4px 0}label{margin-right:8px}input,select,button{font-size:14px;padding:4px 6px}
        .counts span{display:inline-block;margin-right:24px;font-size:18px}
        </style></head><body>

        """

    private static let administratorMenu =
        #"<a href="/">待办</a><a href="/apply">发起转出</a><a href="/incoming">省外转入</a><a href="/history?direction=out">转出历史</a><a href="/history?direction=in">接收历史</a>"#
        + "\n"
        + #"<a href="/views/mine">已办</a><a href="/not-reported">未报到</a><a href="/notices">通知</a><a href="/statistics">统计</a><a href="/seal">印章</a><a href="/printers">打印机</a><a href="/layouts">版式核对</a><a href="/archive">存档导出</a><a href="/members">党员</a><a href="/organizations">党组织</a><a href="/import">导入名册</a>"#

    private static let officerMenu = #"<a href="/accounts">账号管理</a><a href="/import">导入账号</a>"#

    private static let memberMenu = #"<a href="/mine">我的转接</a>"#

    private static let auditorMenu = #"<a href="/audit">审计日志</a><a href="/archive">存档导出</a>"#
}
