import Foundation
import LetterModel

/// The members sheet (register spec §3, §5): its columns, how a row becomes a member (each
/// broken cell a problem naming row, column and rule), and how members become rows again.
/// Members are keyed by 公民身份证号.
extension SheetTable {
    /// The member register's headers, in order, as its sheets and template have them.
    public static var memberHeaders: [String] { MemberSheet.columns.map(\.header) }
}

enum MemberSheet {
    static let name = "姓名", idNumber = "公民身份证号", ethnicity = "民族", education = "学历", category = "人员类别",
        branch = "所在党支部统一编码代码", joined = "加入党组织日期", madeFull = "转正时间", post = "工作岗位", phone = "联系电话",
        address = "家庭住址", status = "党籍状态", lostContact = "是否为失联党员", mobile = "是否流动党员", dues = "党费交至",
        sex = "性别", birthDate = "出生日期"

    static let columns: [RegisterSheet.Column] = [
        .init(header: name, required: true), .init(header: idNumber, required: true), .init(header: ethnicity, required: true),
        .init(header: education, required: true), .init(header: category, required: true), .init(header: branch, required: true),
        .init(header: joined, required: true), .init(header: madeFull, required: false), .init(header: post, required: true),
        .init(header: phone, required: true), .init(header: address, required: true), .init(header: status, required: true),
        .init(header: lostContact, required: true), .init(header: mobile, required: true), .init(header: dues, required: false),
        .init(header: sex, required: false), .init(header: birthDate, required: false),
    ]

    /// 工作岗位 as the manual defines them.
    static let posts = ["在岗职工", "农牧渔民", "学生", "离退休人员", "其他"]
    /// 党籍状态 a register row may hold: a member still counted (正常) or whose membership stopped.
    static let statuses = ["正常", "停止党籍"]

    /// One row read: its values, and the row's number. The member is made once its id is known.
    struct Parsed {
        let row: Int
        let name: String
        let idNumber: String
        let ethnicity: String
        let education: String
        let category: MemberCategory
        let branch: OrganizationID
        let post: String
        let phone: String
        let stopped: Bool
        let register: MemberRegister
    }

    /// The rows of `sheet` and the problems of each row's own cells (what needs the store —
    /// the branch, the member already there — is checked by `WorkflowService.importMembers`).
    static func parse(_ sheet: consuming RegisterSheet) -> (rows: [Parsed], problems: [RegisterProblem]) {
        var rows: [Parsed] = []
        var problems: [RegisterProblem] = []
        var remaining = sheet.takeRows()
        rows.reserveCapacity(remaining.count)
        remaining.reverse()
        while let row = remaining.popLast() {
            var broken = false
            func problem(_ column: String, _ rule: String, _ message: String) {
                problems.append(RegisterProblem(row: row.number, column: column, rule: rule, message: message))
                broken = true
            }
            func text(_ column: String, required: Bool = false, max: Int = 40) -> String {
                let value = sheet.cell(row, column)
                if required && value.isEmpty { problem(column, "required", "不能为空") }
                if value.unicodeScalars.count > max { problem(column, "length", "最多 \(max) 个字（实为 \(value.unicodeScalars.count) 个）") }
                return value
            }
            func allowed(_ column: String, _ values: [String]) -> String {
                let value = text(column, required: true)
                if !value.isEmpty && !values.contains(value) {
                    problem(column, "allowed-values", "应为 \(values.joined(separator: "、")) 之一，实为“\(Limits.clipped(value, to: 20))”")
                }
                return value
            }
            func flag(_ column: String) -> Bool {
                let value = text(column, required: true)
                guard !value.isEmpty else { return false }
                guard let yes = RegisterSheet.yesNo(value) else {
                    problem(column, "yes-no", "应为“是”或“否”，实为“\(Limits.clipped(value, to: 20))”")
                    return false
                }
                return yes
            }
            func day(_ column: String, required: Bool) -> String? {
                let value = text(column, required: required, max: 20)
                guard !value.isEmpty else { return nil }
                guard let day = RegisterDay.normalized(value) else {
                    problem(column, "date", "“\(value)”不是日历上的日期（应为 YYYY-MM-DD）")
                    return nil
                }
                return day
            }
            let personName = text(name, required: true)
            let id = text(idNumber, required: true, max: 30).uppercased()
            var parsedID: IDNumber?
            if RegisterSheet.isLostNumber(id) {
                problem(idNumber, "stored-as-number", "“\(id)”是 Excel 当作数字保存后丢失了位数的身份证号：请把该列设为文本后重新填写，不能猜测")
            } else if !id.isEmpty {
                switch IDNumber.parse(id) {
                case .success(let value): parsedID = value
                case .failure(let error): problem(idNumber, error.explanation.rule, error.explanation.message)
                }
            }
            let ethnicityText = text(ethnicity, required: true, max: 10)
            if !ethnicityText.isEmpty && FieldRules.ethnicity(ethnicityText) == nil {
                problem(ethnicity, "known-ethnicity", "“\(ethnicityText)”不是 56 个民族之一")
            }
            let educationText = text(education, required: true, max: 20)
            let categoryText = allowed(category, ["正式党员", "预备党员", "正式", "预备"])
            let memberCategory: MemberCategory? = categoryText.hasPrefix("正式") ? .full : categoryText.hasPrefix("预备") ? .probationary : nil
            let branchCode = text(branch, required: true, max: 32)
            if RegisterSheet.isLostNumber(branchCode) { problem(branch, "stored-as-number", "“\(branchCode)”是 Excel 当作数字保存后丢失了位数的编码") }
            let joinedOn = day(joined, required: true)
            let madeFullOn = day(madeFull, required: false)
            if memberCategory == .full && madeFullOn == nil && sheet.cell(row, madeFull).isEmpty {
                problem(madeFull, "required", "正式党员须填写转正时间")
            }
            if memberCategory == .probationary && madeFullOn != nil { problem(madeFull, "probationary", "预备党员没有转正时间：请留空") }
            if let joinedOn, let madeFullOn, madeFullOn < joinedOn { problem(madeFull, "order", "转正时间 \(madeFullOn) 早于加入党组织日期 \(joinedOn)") }
            if let joinedOn, let parsedID, joinedOn <= parsedID.birthDate.description {
                problem(joined, "order", "加入党组织日期 \(joinedOn) 不晚于出生日期 \(parsedID.birthDate.description)")
            }
            let postText = allowed(post, posts)
            let phoneText = text(phone, required: true, max: 20)
            if !phoneText.isEmpty && !(FieldRules.isMobile(phoneText) || FieldRules.isLandline(phoneText)) {
                problem(phone, "phone", "应为手机号码或带区号的固定电话，实为“\(Limits.clipped(phoneText, to: 30))”")
            }
            let home = text(address, required: true, max: 200)
            let statusText = allowed(status, statuses)
            let lost = flag(lostContact)
            let moving = flag(mobile)
            let duesText = text(dues, max: 10)
            let duesMonth = duesText.isEmpty ? nil : RegisterDay.month(duesText)
            if !duesText.isEmpty && duesMonth == nil { problem(dues, "month", "应为 YYYY-MM，实为“\(duesText)”") }
            let sexText = text(sex, max: 2)
            if !sexText.isEmpty && sexText != "男" && sexText != "女" { problem(sex, "allowed-values", "应为 男 或 女") }
            let birth = day(birthDate, required: false)
            guard !broken, let parsedID, let memberCategory, let joinedOn else { continue }
            rows.append(
                Parsed(
                    row: row.number, name: personName, idNumber: id, ethnicity: FieldRules.ethnicity(ethnicityText) ?? ethnicityText,
                    education: educationText, category: memberCategory, branch: OrganizationID(branchCode), post: postText, phone: phoneText,
                    stopped: statusText == "停止党籍",
                    register: MemberRegister(
                        joinedOn: joinedOn, madeFullOn: madeFullOn, homeAddress: home, lostContact: lost, mobile: moving,
                        duesPaidUpTo: duesMonth,
                        sexCorrection: sexText.isEmpty || sexText == parsedID.sex.rawValue ? nil : sexText,
                        birthDateCorrection: birth == nil || birth == parsedID.birthDate.description ? nil : birth)))
        }
        return (rows, problems)
    }

    /// `members` as the sheet's rows.
    static func sheet(_ members: [PartyMember]) -> Spreadsheet {
        let yes = { (flag: Bool) -> Spreadsheet.Value in .text(flag ? "是" : "否") }
        let rows = members.map { m -> [Spreadsheet.Value] in
            let r = m.register
            return [
                .text(m.name), .text(m.idNumber), .text(m.ethnicity), .text(m.education), .text(m.category == "预备" ? "预备党员" : "正式党员"),
                .text(m.organization.rawValue), .text(r?.joinedOn ?? ""), .text(r?.madeFullOn ?? ""), .text(m.occupation), .text(m.phone),
                .text(r?.homeAddress ?? ""), .text(m.status == .stopped ? "停止党籍" : "正常"), yes(r?.lostContact ?? false), yes(r?.mobile ?? false),
                .text(r?.duesPaidUpTo ?? ""), .text(r?.sexCorrection ?? ""), .text(r?.birthDateCorrection ?? ""),
            ]
        }
        return Spreadsheet(name: "党员", headers: columns.map(\.header), rows: rows)
    }
}
