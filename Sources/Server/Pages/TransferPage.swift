import Workflow

/// A transfer's page: its state and path, the forms of what the caller's organization may do
/// now (as the state machine answers), its letters and its log. Written here rather than by a
/// Mustache template for the reason `TablePage` gives: the template's lookups were a fifth of
/// this page's time, and it is the administrators' most visited page. The markup is the one the
/// template had (a test renders both), but for a returned receipt without a number, which the
/// template showed as "，编号 " followed by nothing.
struct TransferPage: PageBody {
    /// The buttons and forms the page offers, one per operation the machine allows.
    struct Actions {
        var approve = false
        var accept = false
        var confirm = false
        var complete = false
        var recall = false
        var changeDestination = false
        var returnLetter = false
        var object = false
        var void = false
        var recover = false
        var receipt = false

        /// The operations that take a reason share one form.
        var withReason: Bool { returnLetter || object || void || recover }
        /// Whether there is anything to do (the 办理 box).
        var any: Bool { approve || accept || confirm || complete || recall || changeDestination || withReason || receipt }
    }

    /// What the register says the approving organization's new letter will carry, for the
    /// approver to check and complete.
    struct LetterDefaults {
        let memberPhone: String
        let addressee: String
        let address: String
        let phone: String
        let fax: String
        let postcode: String
    }

    /// An organization to choose: a branch to accept into, a new destination.
    struct Choice {
        let id: String
        let name: String
        var selected = false
    }

    /// The newest letter the caller may see, shown inline: its hop (from 1), whether whole,
    /// and otherwise the parts.
    struct Latest {
        let hop: Int
        let whole: Bool
        let partList: String
    }

    let id: String
    let memberName: String
    let type: String
    let state: String
    let holder: String?
    let csrf: String
    let nodes: PathDiagram
    let actions: Actions
    let letter: LetterDefaults?
    let acceptBranches: [Choice]
    let destinations: [Choice]
    let returnedReceipt: (returnedOn: String, number: String)?
    let reviewedPhoto: Bool
    /// The organization outside the province a transfer came from, for its receipt.
    let incomingOrigin: String?
    let paper: PaperRecord?
    let letters: LetterList
    let archive: [String]
    let latest: Latest?
    let log: TableRows

    /// The page's body.
    var html: String {
        let e = PageHTMLEscaping().escapeText
        let id = e(self.id)
        let csrf = e(self.csrf)
        let form = "<form class=\"inline\" method=\"post\" action=\"/transfers/\(id)/do\"><input type=\"hidden\" name=\"_csrf\" value=\"\(csrf)\">"
        var out = "<h2>\(e(memberName)) · \(e(type))</h2>\n"
        out += "<div class=\"box\"><p>状态：<b>\(e(state))</b>" + (holder.map { "；当前办理：\(e($0))" } ?? "") + "</p>\n"
        out +=
            "<svg width=\"\(nodes.width)\" height=\"90\" role=\"img\" aria-label=\"转接路径\">\(nodes.html)<defs><marker id=\"a\" markerWidth=\"8\" markerHeight=\"8\" refX=\"8\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"></path></marker></defs></svg></div>\n"
        if actions.any {
            out += "<div class=\"box\"><h3>办理</h3>\n"
            if actions.approve {
                out += form + "<input type=\"hidden\" name=\"op\" value=\"approve\">\n"
                out +=
                    "<label>有效期 <select name=\"validity\"><option>7</option><option>10</option><option selected>15</option><option>30</option><option>90</option></select> 天</label>\n"
                if let l = letter {
                    out += "<details><summary>核对并完善介绍信（改动的内容印在新介绍信上并记入日志）</summary>\n"
                    out +=
                        "<p><label>党员联系电话 <input name=\"memberPhone\" value=\"\(e(l.memberPhone))\" size=\"14\"></label> <label>抬头 <input name=\"addressee\" value=\"\(e(l.addressee))\" size=\"30\"></label></p>\n"
                    out +=
                        "<p><label>基层党委通讯地址 <input name=\"address\" value=\"\(e(l.address))\" size=\"36\"></label> <label>联系电话 <input name=\"phone\" value=\"\(e(l.phone))\" size=\"14\"></label>\n"
                    out +=
                        "<label>传真 <input name=\"fax\" value=\"\(e(l.fax))\" size=\"14\"></label> <label>邮编 <input name=\"postcode\" value=\"\(e(l.postcode))\" size=\"6\"></label></p>\n"
                    out += "<p><label>转出原因 <input name=\"letterReason\" size=\"30\"></label>\n"
                    out +=
                        "<button formaction=\"/api/transfers/\(id)/preview\" formmethod=\"get\" formtarget=\"_blank\" formnovalidate>预览介绍信</button></p></details>"
                }
                out += "\n<label><input type=\"checkbox\" name=\"reviewed\" value=\"yes\" required> 已审核过党员基本信息</label> <button>同意并开新信</button></form>"
            }
            out += "\n"
            if actions.accept {
                out +=
                    "<form method=\"post\" action=\"/transfers/\(id)/do\"><input type=\"hidden\" name=\"_csrf\" value=\"\(csrf)\"><input type=\"hidden\" name=\"op\" value=\"accept\">\n"
                out += "<label>转入支部 <select name=\"to\">"
                for b in acceptBranches { out += "<option value=\"\(e(b.id))\"\(b.selected ? " selected" : "")>\(e(b.name))</option>" }
                out += "</select></label>\n"
                out +=
                    "<label>办理人联系电话 <input name=\"phone\" size=\"14\"></label> <label>备注 <input name=\"reason\" size=\"24\"></label> <button>接收</button></form>"
            }
            out += "\n"
            if actions.confirm { out += form + "<input type=\"hidden\" name=\"op\" value=\"confirm-report\"><button>确认报到</button></form>" }
            out += "\n"
            if actions.complete { out += form + "<input type=\"hidden\" name=\"op\" value=\"complete\"><button>办结</button></form>" }
            out += "\n"
            if actions.recall { out += form + "<input type=\"hidden\" name=\"op\" value=\"recall\"><button>撤回</button></form>" }
            out += "\n"
            if actions.changeDestination {
                out += form + "<input type=\"hidden\" name=\"op\" value=\"change-destination\">\n"
                out += "<label>调整接收党组织为 <select name=\"to\">"
                for d in destinations { out += "<option value=\"\(e(d.id))\">\(e(d.name))</option>" }
                out += "</select></label><button>调整</button></form>"
            }
            out += "\n"
            if actions.withReason {
                out += form + "\n<select name=\"op\">"
                if actions.returnLetter { out += "<option value=\"return\">退件</option>" }
                if actions.object { out += "<option value=\"object\">异议反馈</option>" }
                out += "\n"
                if actions.void { out += "<option value=\"void\">废件</option>" }
                if actions.recover { out += "<option value=\"recover\">找回</option>" }
                out += "</select>\n<label>原因/备注 <input name=\"reason\" size=\"30\" required></label><button>提交</button></form>"
            }
            out += "</div>"
        }
        out += "\n"
        if actions.receipt {
            out +=
                "<div class=\"box\"><h3>录入回执</h3><form method=\"post\" action=\"/transfers/\(id)/receipt?_csrf=\(csrf)\" enctype=\"multipart/form-data\">\n"
            out +=
                "<input type=\"hidden\" name=\"_csrf\" value=\"\(csrf)\"><label>回执日期 <input type=\"date\" name=\"returnedOn\" required></label> <label>回执编号 <input name=\"number\" size=\"20\"></label>\n"
            out +=
                "<label>备注 <input name=\"note\" size=\"24\"></label> <label>扫描件或照片（JPEG 或 PDF，不超过 5 MB） <input type=\"file\" name=\"scan\" accept=\"image/jpeg,application/pdf\" required></label>\n"
            out += "<button>录入回执</button></form></div>"
        }
        out += "\n"
        if let r = returnedReceipt {
            out += "<div class=\"box\"><h3>退回的回执</h3><p>回执日期 \(e(r.returnedOn))" + (r.number.isEmpty ? "" : "，编号 \(e(r.number))")
            out += "。<a href=\"/api/transfers/\(id)/receipt-scan\">查看扫描件</a></p></div>"
        }
        out += "\n"
        if reviewedPhoto {
            out += "<div class=\"box\"><h3>身份人工审核</h3><p>身份未能在线核验，登记时审核了身份证照片：<a href=\"/api/transfers/\(id)/id-card-photo\">查看照片</a></p></div>"
        }
        out += "\n"
        if let origin = incomingOrigin {
            out +=
                "<div class=\"box\"><h3>省外转入</h3><p>原所在党组织：\(e(origin))。<a href=\"/api/transfers/\(id)/incoming-receipt\">打印回执（第三联，盖本组织印章，寄回原所在党组织）</a></p></div>"
        }
        out += "\n"
        if let p = paper {
            out +=
                "<div class=\"box\"><h3>纸质介绍信（系统启用前办理，补录）</h3><p>编号 \(e(p.letterNumber))；开具 \(e(p.issuedOn))；办结 \(e(p.completedOn))。本系统未开具介绍信，不能打印。</p></div>"
        }
        out += "\n<div class=\"box\"><h3>介绍信</h3><ul>\(letters.html)</ul>\n"
        if !archive.isEmpty { out += "<p>本组织存档可见：" + archive.map { e($0) + "　" }.joined() + "</p>" }
        out += "\n"
        if let l = latest {
            out +=
                "<iframe title=\"介绍信\" src=\"/api/transfers/\(id)/letters/\(l.hop)\(l.whole ? "" : "?parts=\(e(l.partList))")\" width=\"100%\" height=\"520\"></iframe>"
        }
        out += "</div>\n"
        out += "<div class=\"box\"><h3>转接日志</h3><table><tr><th>时间</th><th>办理</th><th>操作人</th><th>操作</th><th>至</th><th>备注</th></tr>\n"
        out += log.html + "</table></div>"
        return out
    }
}
