import Mustache
import Testing
import Workflow

@testable import Server

/// A transfer's page written in Swift (`TransferPage`) is the markup the Mustache template it
/// replaced wrote, byte for byte, whatever the caller may do and whatever the transfer carries.
@Suite struct TransferPageTests {
    /// The Mustache template `TransferPage` replaced, as it was.
    private static let template = """
        <h2>{{memberName}} · {{type}}</h2>
        <div class="box"><p>状态：<b>{{state}}</b>{{#holder}}；当前办理：{{holder}}{{/holder}}</p>
        <svg width="{{nodes.width}}" height="90" role="img" aria-label="转接路径">{{{nodes.html}}}<defs><marker id="a" markerWidth="8" markerHeight="8" refX="8" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#555"></path></marker></defs></svg></div>
        {{#actions.any}}<div class="box"><h3>办理</h3>
        {{#actions.approve}}<form class="inline" method="post" action="/transfers/{{id}}/do"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="op" value="approve">
        <label>有效期 <select name="validity"><option>7</option><option>10</option><option selected>15</option><option>30</option><option>90</option></select> 天</label>
        {{#letter}}<details><summary>核对并完善介绍信（改动的内容印在新介绍信上并记入日志）</summary>
        <p><label>党员联系电话 <input name="memberPhone" value="{{memberPhone}}" size="14"></label> <label>抬头 <input name="addressee" value="{{addressee}}" size="30"></label></p>
        <p><label>基层党委通讯地址 <input name="address" value="{{address}}" size="36"></label> <label>联系电话 <input name="phone" value="{{phone}}" size="14"></label>
        <label>传真 <input name="fax" value="{{fax}}" size="14"></label> <label>邮编 <input name="postcode" value="{{postcode}}" size="6"></label></p>
        <p><label>转出原因 <input name="letterReason" size="30"></label>
        <button formaction="/api/transfers/{{id}}/preview" formmethod="get" formtarget="_blank" formnovalidate>预览介绍信</button></p></details>{{/letter}}
        <label><input type="checkbox" name="reviewed" value="yes" required> 已审核过党员基本信息</label> <button>同意并开新信</button></form>{{/actions.approve}}
        {{#actions.accept}}<form method="post" action="/transfers/{{id}}/do"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="op" value="accept">
        <label>转入支部 <select name="to">{{#acceptBranches}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/acceptBranches}}</select></label>
        <label>办理人联系电话 <input name="phone" size="14"></label> <label>备注 <input name="reason" size="24"></label> <button>接收</button></form>{{/actions.accept}}
        {{#actions.confirm}}<form class="inline" method="post" action="/transfers/{{id}}/do"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="op" value="confirm-report"><button>确认报到</button></form>{{/actions.confirm}}
        {{#actions.complete}}<form class="inline" method="post" action="/transfers/{{id}}/do"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="op" value="complete"><button>办结</button></form>{{/actions.complete}}
        {{#actions.recall}}<form class="inline" method="post" action="/transfers/{{id}}/do"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="op" value="recall"><button>撤回</button></form>{{/actions.recall}}
        {{#actions.changeDestination}}<form class="inline" method="post" action="/transfers/{{id}}/do"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="op" value="change-destination">
        <label>调整接收党组织为 <select name="to">{{#destinations}}<option value="{{id}}">{{name}}</option>{{/destinations}}</select></label><button>调整</button></form>{{/actions.changeDestination}}
        {{#actions.withReason}}<form class="inline" method="post" action="/transfers/{{id}}/do"><input type="hidden" name="_csrf" value="{{csrf}}">
        <select name="op">{{#actions.returnLetter}}<option value="return">退件</option>{{/actions.returnLetter}}{{#actions.object}}<option value="object">异议反馈</option>{{/actions.object}}
        {{#actions.void}}<option value="void">废件</option>{{/actions.void}}{{#actions.recover}}<option value="recover">找回</option>{{/actions.recover}}</select>
        <label>原因/备注 <input name="reason" size="30" required></label><button>提交</button></form>{{/actions.withReason}}</div>{{/actions.any}}
        {{#actions.receipt}}<div class="box"><h3>录入回执</h3><form method="post" action="/transfers/{{id}}/receipt?_csrf={{csrf}}" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value="{{csrf}}"><label>回执日期 <input type="date" name="returnedOn" required></label> <label>回执编号 <input name="number" size="20"></label>
        <label>备注 <input name="note" size="24"></label> <label>扫描件或照片（JPEG 或 PDF，不超过 5 MB） <input type="file" name="scan" accept="image/jpeg,application/pdf" required></label>
        <button>录入回执</button></form></div>{{/actions.receipt}}
        {{#returnedReceipt}}<div class="box"><h3>退回的回执</h3><p>回执日期 {{returnedOn}}{{#number}}，编号 {{number}}{{/number}}。<a href="/api/transfers/{{id}}/receipt-scan">查看扫描件</a></p></div>{{/returnedReceipt}}
        {{#reviewedPhoto}}<div class="box"><h3>身份人工审核</h3><p>身份未能在线核验，登记时审核了身份证照片：<a href="/api/transfers/{{id}}/id-card-photo">查看照片</a></p></div>{{/reviewedPhoto}}
        {{#incomingReceipt}}<div class="box"><h3>省外转入</h3><p>原所在党组织：{{origin}}。<a href="/api/transfers/{{id}}/incoming-receipt">打印回执（第三联，盖本组织印章，寄回原所在党组织）</a></p></div>{{/incomingReceipt}}
        {{#paper}}<div class="box"><h3>纸质介绍信（系统启用前办理，补录）</h3><p>编号 {{letterNumber}}；开具 {{issuedOn}}；办结 {{completedOn}}。本系统未开具介绍信，不能打印。</p></div>{{/paper}}
        <div class="box"><h3>介绍信</h3><ul>{{{letters.html}}}</ul>
        {{#first(archive)}}<p>本组织存档可见：{{#archive}}{{.}}　{{/archive}}</p>{{/first(archive)}}
        {{#latest}}<iframe title="介绍信" src="/api/transfers/{{id}}/letters/{{hop}}{{^whole}}?parts={{partList}}{{/whole}}" width="100%" height="520"></iframe>{{/latest}}</div>
        <div class="box"><h3>转接日志</h3><table><tr><th>时间</th><th>办理</th><th>操作人</th><th>操作</th><th>至</th><th>备注</th></tr>
        {{{log.html}}}</table></div>
        """

    private func mustache(_ p: TransferPage) throws -> String {
        PageHTMLEscaping.register()
        var library = MustacheLibrary()
        try library.register(PageHTMLEscaping.directive + Self.template, named: "transfer")
        // The values as the page's routes gave them to the template.
        var actions: [String: Bool] = [:]
        let named: [(String, Bool)] = [
            ("approve", p.actions.approve), ("accept", p.actions.accept), ("confirm", p.actions.confirm), ("complete", p.actions.complete),
            ("recall", p.actions.recall), ("changeDestination", p.actions.changeDestination), ("returnLetter", p.actions.returnLetter),
            ("object", p.actions.object), ("void", p.actions.void), ("recover", p.actions.recover), ("receipt", p.actions.receipt),
        ]
        for (name, on) in named where on { actions[name] = true }
        actions["withReason"] = p.actions.withReason
        actions["any"] = actions.values.contains(true)
        var values: [String: Any] = [
            "id": p.id, "memberName": p.memberName, "type": p.type, "state": p.state, "csrf": p.csrf, "nodes": p.nodes, "actions": actions,
            "archive": p.archive, "acceptBranches": p.acceptBranches.map { ["id": $0.id, "name": $0.name, "selected": $0.selected] as [String: Any] },
            "destinations": p.destinations.map { ["id": $0.id, "name": $0.name] }, "letters": ["html": p.letters.html], "log": p.log,
        ]
        values["holder"] = p.holder
        values["letter"] = p.letter.map {
            ["memberPhone": $0.memberPhone, "addressee": $0.addressee, "address": $0.address, "phone": $0.phone, "fax": $0.fax, "postcode": $0.postcode]
        }
        values["incomingReceipt"] = p.incomingOrigin.map { ["origin": $0] }
        values["reviewedPhoto"] = p.reviewedPhoto ? ["id": p.id] : nil
        values["returnedReceipt"] = p.returnedReceipt.map { ["returnedOn": $0.returnedOn, "number": $0.number, "id": p.id] }
        values["paper"] = p.paper.map { ["letterNumber": $0.letterNumber, "issuedOn": $0.issuedOn, "completedOn": $0.completedOn] }
        values["latest"] = p.latest.map { ["hop": $0.hop, "whole": $0.whole, "partList": $0.partList] as [String: Any] }
        return library.render(values, withTemplate: "transfer") ?? ""
    }

    private func page(
        actions: TransferPage.Actions, holder: String? = "中共<乙>", letter: Bool = true, receipt: (String, String)? = nil,
        photo: Bool = false, origin: String? = nil, paper: Bool = false, archive: [String] = [], latest: TransferPage.Latest? = nil
    ) -> TransferPage {
        TransferPage(
            id: "t-<1>", memberName: "张\"三\"", type: "转往本县(市、区)其他乡镇", state: "办理中", holder: holder, csrf: "c&1",
            nodes: PathDiagram(
                nodes: [.init(name: "中共甲", contact: "", highlighted: false), .init(name: "中共<乙>", contact: "李 1", highlighted: true)], arrowheads: true),
            actions: actions,
            letter: letter
                ? .init(memberPhone: "139", addressee: "中共<丙>委", address: "路\"1\"号", phone: "0531", fax: "", postcode: "250000") : nil,
            acceptBranches: [.init(id: "B1", name: "一支部", selected: false), .init(id: "B2", name: "二&支部", selected: true)],
            destinations: [.init(id: "B3", name: "三<支部>")],
            returnedReceipt: receipt.map { (returnedOn: $0.0, number: $0.1) }, reviewedPhoto: photo, incomingOrigin: origin,
            paper: paper ? PaperRecord(letterNumber: "0<1>", issuedOn: "2016-01-02", completedOn: "2016-02-03", category: nil) : nil,
            letters: LetterList(
                transferID: "t-<1>",
                items: [
                    .init(number: "0001", hop: 1, from: "中共甲", to: "中共乙", automatic: false, whole: true, parts: [(part: "letter", name: "第二联")], receipt: true)
                ],
                printers: ["三楼"], layouts: []),
            archive: archive, latest: latest,
            log: TableRows([[.init(text: "2026-01-01 08:00"), .init(text: "<甲>")]]))
    }

    @Test func everyKindOfTransferPageIsTheTemplatesMarkup() throws {
        let all = TransferPage.Actions(
            approve: true, accept: true, confirm: true, complete: true, recall: true, changeDestination: true, returnLetter: true, object: true,
            void: true, recover: true, receipt: true)
        let pages = [
            page(
                actions: all, receipt: ("2026-01-02", "H-<9>"), photo: true, origin: "外省某<委>", paper: true, archive: ["第 1 封的第二联", "第 2 封的<回执>"],
                latest: .init(hop: 2, whole: false, partList: "stub,letter")),
            page(actions: .init(approve: true, returnLetter: true, void: true), latest: .init(hop: 1, whole: true, partList: "stub,letter,receipt")),
            page(actions: .init(approve: true), letter: false),
            page(actions: .init(accept: true, changeDestination: true, object: true, recover: true)),
            page(actions: .init(confirm: true, complete: true, recall: true), holder: nil),
            page(actions: .init(receipt: true), archive: ["第 1 封的存根"]),
            page(actions: .init(), holder: nil, letter: false),
        ]
        for (i, p) in pages.enumerated() {
            #expect(p.html == (try mustache(p)), "page \(i)")
        }
    }

    @Test func aReturnedReceiptWithoutANumberSaysNoNumber() throws {
        let p = page(actions: .init(), receipt: ("2026-01-02", ""))
        #expect(p.html.contains("<p>回执日期 2026-01-02。<a href=\"/api/transfers/t-&lt;1&gt;/receipt-scan\">"))
        // The template showed an empty number.
        #expect(try mustache(p).contains("回执日期 2026-01-02，编号 。"))
    }
}
