/// The page of one table: the histories, the acted views, notices, the not-reported list, the
/// audit log and accounts. Written here rather than by a Mustache template: Mustache looks
/// every `{{name}}` up through its context stack with a dynamic cast at every level, and that
/// was a fifth of the outgoing history's time, itself a tenth of the mixed load
/// (BENCHMARKS.md, issue 17). The markup is the one the template had, byte for byte (a test
/// renders both); values are escaped the pages' way (`PageHTMLEscaping`).
struct TablePage: PageBody {
    /// A link: the acted views' tabs, the audit log's next page.
    struct Link {
        let text: String
        let link: String
    }

    /// A hidden field the filter form carries (the history's direction).
    struct Hidden {
        let name: String
        let value: String
    }

    /// The form for the organization's notice address (the notices page).
    struct NoticeAddress {
        let csrf: String
        let email: String
    }

    /// The form that creates an account (the accounts page): its text fields, the
    /// organizations it may be for.
    struct AccountForm {
        let action: String
        let csrf: String
        let fields: [(label: String, name: String)]
        let organizations: [(id: String, name: String)]
    }

    var heading: String
    var tabs: [Link] = []
    var address: NoticeAddress? = nil
    var filters: FilterFields? = nil
    var hidden: [Hidden] = []
    /// The filter form's export links' common start (`…format=`).
    var export: String? = nil
    var create: AccountForm? = nil
    var headers: [String]
    var rows: TableRows
    var more: Link? = nil

    /// The page's body.
    var html: String {
        let e = PageHTMLEscaping().escapeText
        var out = "<h2>\(e(heading))</h2>\n"
        if !tabs.isEmpty {
            out += "<p>"
            for tab in tabs { out += "<a href=\"\(e(tab.link))\">\(e(tab.text))</a> · " }
            out += "</p>"
        }
        out += "\n"
        if let address {
            out += "<form method=\"post\" action=\"/notices/address\" class=\"box\"><input type=\"hidden\" name=\"_csrf\" value=\"\(e(address.csrf))\">\n"
            out +=
                "<label>我的通知邮箱 <input name=\"email\" type=\"email\" maxlength=\"254\" value=\"\(e(address.email))\" placeholder=\"name@example.cn\"></label><button>保存</button>\n"
            out += "<small>服务器配置了邮件中继时，有转接等待本组织办理，系统发邮件到这里；留空则不发。</small></form>"
        }
        out += "\n"
        if let filters, !filters.fields.isEmpty {
            out += "<form method=\"get\" class=\"box\">"
            for h in hidden { out += "<input type=\"hidden\" name=\"\(e(h.name))\" value=\"\(e(h.value))\">" }
            out += "\n" + filters.html + "<button>查询</button>\n"
            if let export {
                out +=
                    " <span style=\"white-space:nowrap\">导出：<a href=\"\(e(export))xlsx\">Excel（.xlsx）</a> · <a href=\"\(e(export))csv\">CSV</a></span>"
            }
            out += "</form>"
        }
        out += "\n"
        if let create {
            out += "<form method=\"post\" action=\"\(e(create.action))\" class=\"box\"><input type=\"hidden\" name=\"_csrf\" value=\"\(e(create.csrf))\">\n"
            for field in create.fields { out += "<label>\(e(field.label)) <input name=\"\(e(field.name))\" required></label>" }
            out += "\n<label>组织 <select name=\"organization\">"
            for o in create.organizations { out += "<option value=\"\(e(o.id))\">\(e(o.name))</option>" }
            out += "</select></label>\n"
            out +=
                "<label>角色 <select name=\"role\"><option value=\"administrator\">管理员</option><option value=\"auditor\">审计员</option><option value=\"security-officer\">安全员</option></select></label>\n"
            out += "<button>创建账号</button></form>"
        }
        out += "\n<table><tr>"
        for header in headers { out += "<th>\(e(header))</th>" }
        out += "</tr>\n" + rows.html + "\n"
        if rows.rows.isEmpty { out += "<tr><td colspan=\"\(headers.count)\">没有记录</td></tr>" }
        out += "</table>\n"
        if let more { out += "<p><a href=\"\(e(more.link))\">\(e(more.text)) →</a></p>" }
        return out
    }
}
