/// The units sheet (register spec §2, §5): its columns, how a row becomes a unit, and back.
enum UnitSheet {
    static let code = "统一社会信用代码", name = "单位名称", category = "单位类别", partyOrganization = "单位建立党组织情况", partyGroup = "是否成立党组"

    static let columns: [RegisterSheet.Column] = [code, name, category, partyOrganization, partyGroup].map { .init(header: $0, required: true) }

    /// 单位建立党组织情况 as the manual lists them.
    static let partyOrganizations = ["建立党委的", "建立党总支部的", "建立党支部的", "建立联合党支部的"]

    /// The rows of `sheet` as units, and the problems of each row's cells.
    static func parse(_ sheet: RegisterSheet) -> (rows: [(unit: PartyUnit, row: Int)], problems: [RegisterProblem]) {
        var rows: [(unit: PartyUnit, row: Int)] = []
        var problems: [RegisterProblem] = []
        var seen: [String: Int] = [:]
        for row in sheet.table.rows {
            let before = problems.count
            func problem(_ column: String, _ rule: String, _ message: String) {
                problems.append(RegisterProblem(row: row.number, column: column, rule: rule, message: message))
            }
            func text(_ column: String, max: Int) -> String {
                let value = sheet.cell(row, column)
                if value.isEmpty { problem(column, "required", "不能为空") }
                if value.unicodeScalars.count > max { problem(column, "length", "最多 \(max) 个字") }
                return value
            }
            let unitCode = text(code, max: 18).uppercased()
            if !unitCode.isEmpty && !CreditCode.isValid(unitCode) {
                problem(
                    code, RegisterSheet.isLostNumber(unitCode) ? "stored-as-number" : "check-digit",
                    "“\(unitCode)”不是有效的统一社会信用代码（GB 32100：18 位，末位为校验码）")
            }
            if let first = seen[unitCode], !unitCode.isEmpty { problem(code, "unique", "与第 \(first) 行重复") }
            seen[unitCode] = row.number
            let unitName = text(name, max: Limits.organizationName)
            let unitCategory = text(category, max: 40)
            let organization = text(partyOrganization, max: 20)
            if !organization.isEmpty && !partyOrganizations.contains(organization) {
                problem(partyOrganization, "allowed-values", "应为 \(partyOrganizations.joined(separator: "、")) 之一")
            }
            let groupText = text(partyGroup, max: 5)
            let group = RegisterSheet.yesNo(groupText)
            if !groupText.isEmpty && group == nil { problem(partyGroup, "yes-no", "应为“是”或“否”") }
            guard problems.count == before, let group else { continue }
            rows.append((PartyUnit(code: unitCode, name: unitName, category: unitCategory, partyOrganization: organization, hasPartyGroup: group), row.number))
        }
        return (rows, problems)
    }

    /// `units` as the sheet's rows.
    static func sheet(_ units: [PartyUnit]) -> Spreadsheet {
        Spreadsheet(
            name: "单位", headers: columns.map(\.header),
            rows: units.map {
                [.text($0.code), .text($0.name), .text($0.category), .text($0.partyOrganization), .text($0.hasPartyGroup ? "是" : "否")]
            })
    }
}
