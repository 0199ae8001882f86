import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing
import Workflow

/// The 导入 page as a department's administrator uses it: a blank template, an upload checked
/// and shown row by row, then imported on confirmation — once.
@Suite(.scratch) struct ImportPageTests {
    static let headers = [
        "姓名", "公民身份证号", "民族", "学历", "人员类别", "所在党支部统一编码代码", "加入党组织日期", "转正时间", "工作岗位",
        "联系电话", "家庭住址", "党籍状态", "是否为失联党员", "是否流动党员",
    ]

    static func row(_ name: String, _ id: String, branch: String = "B3") -> String {
        [name, id, "汉族", "大学本科", "正式党员", branch, "2001-07-01", "2002-07-01", "在岗职工", "13606406636", "济南市某路1号", "正常", "否", "否"]
            .joined(separator: ",")
    }

    @Test func anUploadIsCheckedRowByRowThenImportedOnceOnConfirmation() async throws {
        let f = try await ServerFixture.make()
        let good = MemberRecordTests.idNumber("19800101", 7)
        try await Application(router: f.router).test(.router) { client in
            let cookie: String = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: form(["name": "admin-JF", "password": password])
            ) { String((($0.headers[.setCookie]) ?? "").split(separator: ";")[0]) }
            let csrf: String = try await client.execute(uri: "/import", method: .get, headers: [.cookie: cookie]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("/import/template/members.xlsx") && html.contains("/import/template/organizations.xlsx") && !html.contains("accounts"))
                let marker = html.range(of: "_csrf=")!
                return String(html[marker.upperBound...].prefix { $0 != "\"" })
            }
            try await client.execute(uri: "/import/template/members.xlsx", method: .get, headers: [.cookie: cookie]) { response in
                let table = try SheetTable.read(Data(buffer: response.body), name: "template.xlsx")
                #expect(table.headers.first == "姓名*" && table.rows.count == 1, "a header row and an example row")
            }
            func upload(_ csv: String) -> ByteBuffer {
                var b = ByteBuffer()
                b.writeString("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\名册\\\\党员.csv\"\r\nContent-Type: text/csv\r\n\r\n")
                b.writeString(csv)
                b.writeString("\r\n--XyZ--\r\n")
                return b
            }
            let multipart: HTTPFields = [.cookie: cookie, .contentType: "multipart/form-data; boundary=XyZ"]
            let broken = ([Self.headers.joined(separator: ","), Self.row("甲", good), Self.row("乙", "3.70102E+17"), Self.row("丙", good, branch: "PY")])
                .joined(separator: "\r\n")
            try await client.execute(uri: "/import/check/members?_csrf=\(csrf)", method: .post, headers: multipart, body: upload(broken)) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .unprocessableContent && html.contains("stored-as-number") && html.contains("<td>4</td>") && !html.contains("确认导入"))
            }
            #expect(try await f.workflow.members(in: "B3").isEmpty, "nothing was written")
            let token: String = try await client.execute(
                uri: "/import/check/members?_csrf=\(csrf)", method: .post, headers: multipart,
                body: upload([Self.headers.joined(separator: ","), Self.row("甲", good)].joined(separator: "\r\n"))
            ) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains("新增 1") && html.contains("党员.csv"), "\(html)")
                let marker = html.range(of: "name=\"token\" value=\"")!
                return String(html[marker.upperBound...].prefix { $0 != "\"" })
            }
            #expect(try await f.workflow.members(in: "B3").isEmpty, "a check writes nothing")
            let confirm = ByteBuffer(string: "_csrf=\(csrf)&token=\(token)")
            let formHeaders: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            try await client.execute(uri: "/import/confirm", method: .post, headers: formHeaders, body: confirm) { response in
                #expect(response.status == .ok && String(buffer: response.body).contains("已导入党员"))
            }
            #expect(try await f.workflow.members(in: "B3").map(\.idNumber) == [good])
            try await client.execute(uri: "/import/confirm", method: .post, headers: formHeaders, body: confirm) { response in
                #expect(response.status == .notFound, "a confirmation is used once")
            }
        }
    }
}
