import Foundation
import LetterModel

/// The organizations sheet (register spec §1, §5): its columns, how a row becomes an
/// organization (each broken cell a problem naming row, column and rule), and how the tree
/// becomes rows again. Exported rows import into an empty store and export to the same bytes.
enum OrganizationSheet {
    static let code = "党组织统一编码代码", parent = "上级党组织统一编码代码", name = "党组织名称", shortName = "简称",
        category = "组织类别", secretary = "党组织书记", contact = "党组织联系人", phone = "联系电话",
        letterhead = "介绍信抬头", address = "通讯地址", fax = "传真", postcode = "邮编", units = "所在单位统一社会信用代码",
        mayTransfer = "可转接", national = "全国转接权限", provincial = "省内转接权限", autoApprove = "自动审批"

    static let columns: [RegisterSheet.Column] = [
        .init(header: code, required: true), .init(header: parent, required: true), .init(header: name, required: true),
        .init(header: shortName, required: false), .init(header: category, required: true), .init(header: secretary, required: false),
        .init(header: contact, required: true), .init(header: phone, required: true), .init(header: letterhead, required: false),
        .init(header: address, required: false), .init(header: fax, required: false), .init(header: postcode, required: false),
        .init(header: units, required: false), .init(header: mayTransfer, required: false), .init(header: national, required: false),
        .init(header: provincial, required: false), .init(header: autoApprove, required: false),
    ]

    /// The API's names of the columns an organization is created or edited with.
    static let jsonKeys: [String: String] = [
        "code": code, "parent": parent, "name": name, "shortName": shortName, "category": category, "secretary": secretary,
        "contact": contact, "phone": phone, "letterhead": letterhead, "address": address, "fax": fax, "postcode": postcode, "units": units,
    ]

    /// A code: 1 to 32 digits (departments' codes), letters or `-` (the demo's short codes).
    static func isCode(_ text: String) -> Bool {
        let u = Array(text.utf8)
        return (1...32).contains(u.count)
            && u.allSatisfy { RegisterSheet.isDigit($0) || $0 == UInt8(ascii: "-") || ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }
    }

    /// One row read: the organization (level still to be derived) and the row's number.
    struct Parsed {
        var organization: Organization
        let row: Int
    }

    /// The rows of `sheet` as organizations, and the problems of each row's own cells (what
    /// needs the whole tree is checked by `WorkflowService.importOrganizations`).
    static func parse(_ sheet: RegisterSheet) -> (rows: [Parsed], problems: [RegisterProblem]) {
        var rows: [Parsed] = []
        var problems: [RegisterProblem] = []
        for row in sheet.table.rows {
            var broken = false
            func problem(_ column: String, _ rule: String, _ message: String) {
                problems.append(RegisterProblem(row: row.number, column: column, rule: rule, message: message))
                broken = true
            }
            func text(_ column: String, required: Bool = false, max: Int = Limits.organizationName) -> String {
                let value = sheet.cell(row, column)
                if required && value.isEmpty { problem(column, "required", "不能为空") }
                if value.unicodeScalars.count > max { problem(column, "length", "最多 \(max) 个字（实为 \(value.unicodeScalars.count) 个）") }
                return value
            }
            let id = text(code, required: true, max: 32)
            if !id.isEmpty {
                if RegisterSheet.isLostNumber(id) {
                    problem(code, "stored-as-number", "“\(id)”是 Excel 当作数字保存后丢失了位数的编码：请把该列设为文本后重新填写")
                } else if !isCode(id) {
                    problem(code, "format", "应为 1–32 位数字（演示数据也用字母和 -），实为“\(Limits.clipped(id, to: 40))”")
                }
            }
            let parentID = text(parent, max: 32)
            if RegisterSheet.isLostNumber(parentID) { problem(parent, "stored-as-number", "“\(parentID)”是 Excel 当作数字保存后丢失了位数的编码") }
            let fullName = text(name, required: true)
            let categoryText = text(category, required: true, max: 20)
            let parsedCategory = OrganizationCategory.parse(categoryText)
            if !categoryText.isEmpty && parsedCategory == nil {
                problem(
                    category, "allowed-values",
                    "“\(categoryText)”不是组织类别：应为 " + OrganizationCategory.allCases.map { "\($0.rawValue) \($0.label)" }.joined(separator: "、"))
            }
            let person = text(contact, required: true, max: 40)
            let phoneText = text(phone, required: true, max: 20)
            if !phoneText.isEmpty && !(FieldRules.isMobile(phoneText) || FieldRules.isLandline(phoneText)) {
                problem(phone, "phone", "应为手机号码或带区号的固定电话（如 0531-86001234），实为“\(Limits.clipped(phoneText, to: 30))”")
            }
            let faxText = text(fax, max: 20)
            if !faxText.isEmpty && !FieldRules.isLandline(faxText) { problem(fax, "phone", "应为带区号的固定电话，实为“\(Limits.clipped(faxText, to: 30))”") }
            let postcodeText = text(postcode, max: 6)
            if !postcodeText.isEmpty && !FieldRules.isPostcode(postcodeText) { problem(postcode, "postcode", "应为 6 位数字，实为“\(postcodeText)”") }
            let addressText = text(address)
            if parsedCategory == .basicCommittee {
                for (column, value) in [(address, addressText), (fax, faxText), (postcode, postcodeText)] where value.isEmpty {
                    problem(column, "required", "基层党委（611）的\(column)印在其党支部开具的每封介绍信上，不能为空")
                }
            }
            let heading = text(letterhead, max: Limits.letterhead)
            var unitCodes: [String] = []
            for unit in text(units, max: 1000).split(whereSeparator: { $0 == "；" || $0 == ";" }).map({ $0.trimmingCharacters(in: .whitespaces) })
            where !unit.isEmpty {
                if !CreditCode.isValid(unit) { problem(units, "check-digit", "“\(unit)”不是有效的统一社会信用代码（GB 32100：18 位，末位为校验码）") }
                unitCodes.append(unit)
            }
            func flag(_ column: String, _ fallback: Bool) -> Bool {
                let value = sheet.cell(row, column)
                guard !value.isEmpty else { return fallback }
                guard let yes = RegisterSheet.yesNo(value) else {
                    problem(column, "yes-no", "应为“是”或“否”，实为“\(Limits.clipped(value, to: 20))”")
                    return fallback
                }
                return yes
            }
            let permissions = TransferPermissions(
                mayTransfer: flag(mayTransfer, true), national: flag(national, false),
                provincial: flag(provincial, false), autoApprove: flag(autoApprove, true))
            let short = text(shortName)
            let secretaryName = text(secretary, max: 40)
            guard !broken, let parsedCategory else { continue }
            let organization = Organization(
                id: OrganizationID(id), parentID: parentID.isEmpty ? nil : OrganizationID(parentID), name: fullName,
                letterhead: heading.isEmpty ? fullName : heading, category: parsedCategory, level: .branch,
                contact: ContactInfo(person: person, phone: phoneText, fax: faxText, postcode: postcodeText, address: addressText),
                permissions: permissions,
                // Nothing of the register's own: nil, as for an organization made before it (so re-importing an export changes nothing).
                register: short.isEmpty && secretaryName.isEmpty && unitCodes.isEmpty
                    ? nil
                    : OrganizationRegister(
                        shortName: short.isEmpty ? nil : short, secretary: secretaryName.isEmpty ? nil : secretaryName,
                        unitCodes: unitCodes))
            rows.append(Parsed(organization: organization, row: row.number))
        }
        return (rows, problems)
    }

    /// The organizations of `ids` (in that order) as the sheet's rows.
    static func sheet(_ ids: [OrganizationID], tree: OrganizationTree) -> Spreadsheet {
        let yes = { (flag: Bool) -> Spreadsheet.Value in .text(flag ? "是" : "否") }
        let rows = ids.compactMap { tree.organizations[$0] }.map { o -> [Spreadsheet.Value] in
            let c = o.contact
            return [
                .text(o.id.rawValue), .text(o.parentID?.rawValue ?? ""), .text(o.name), .text(o.register?.shortName ?? ""),
                .text("\(o.category.rawValue)\(o.category.label)"), .text(o.register?.secretary ?? ""), .text(c?.person ?? ""),
                .text(c?.phone ?? ""), .text(o.letterhead), .text(c?.address ?? ""), .text(c?.fax ?? ""), .text(c?.postcode ?? ""),
                .text((o.register?.unitCodes ?? []).joined(separator: "；")), yes(o.permissions.mayTransfer), yes(o.permissions.national),
                yes(o.permissions.provincial), yes(o.permissions.autoApprove),
            ]
        }
        return Spreadsheet(name: "党组织", headers: columns.map(\.header), rows: rows)
    }
}
