import Foundation
import LetterModel

/// The sheet of transfers completed on paper before the system (register spec §5, 转接历史):
/// its columns, how a row is read (each broken cell a problem naming row, column and rule),
/// and how such transfers become rows again. Keyed by 介绍信编号, the number on the paper letter.
enum TransferSheet {
    static let name = "姓名", idNumber = "公民身份证号", source = "转出党组织统一编码代码", origin = "原所在党组织（省外）",
        destination = "接收党组织统一编码代码", destinationName = "接收党组织（省外）", type = "转接类型", letter = "介绍信编号",
        issued = "开具日期", completed = "办结日期", category = "人员类别"

    static let columns: [RegisterSheet.Column] = [
        .init(header: name, required: true), .init(header: idNumber, required: true), .init(header: source, required: false),
        .init(header: origin, required: false), .init(header: destination, required: false), .init(header: destinationName, required: false),
        .init(header: type, required: false), .init(header: letter, required: true), .init(header: issued, required: true),
        .init(header: completed, required: true), .init(header: category, required: false),
    ]

    /// The longest letter number kept (the printed ones are 18 digits; older series vary).
    static let letterNumberLength = 40

    /// One row read; the organizations are checked against the tree by the service.
    struct Parsed {
        let row: Int
        let name: String
        let idNumber: String
        /// The source branch's code, or nil when the member came from outside the province.
        let source: OrganizationID?
        let origin: String
        /// The destination branch's code, or nil when the member left the province.
        let destination: OrganizationID?
        let destinationName: String
        let type: TransferType?
        let record: PaperRecord
    }

    /// The rows of `sheet` and the problems of each row's own cells.
    static func parse(_ sheet: RegisterSheet) -> (rows: [Parsed], problems: [RegisterProblem]) {
        var rows: [Parsed] = []
        var problems: [RegisterProblem] = []
        var seen: [String: Int] = [:]
        for row in sheet.table.rows {
            let before = problems.count
            func problem(_ column: String, _ rule: String, _ message: String) {
                problems.append(RegisterProblem(row: row.number, column: column, rule: rule, message: message))
            }
            func text(_ column: String, required: Bool = false, max: Int = Limits.organizationName) -> String {
                let value = sheet.cell(row, column)
                if required && value.isEmpty { problem(column, "required", "不能为空") }
                if value.unicodeScalars.count > max { problem(column, "length", "最多 \(max) 个字（实为 \(value.unicodeScalars.count) 个）") }
                return value
            }
            func code(_ column: String) -> OrganizationID? {
                let value = text(column, max: 32)
                if RegisterSheet.isLostNumber(value) { problem(column, "stored-as-number", "“\(value)”是 Excel 当作数字保存后丢失了位数的编码") }
                return value.isEmpty ? nil : OrganizationID(value)
            }
            func day(_ column: String) -> String? {
                let value = text(column, required: true, max: 20)
                guard !value.isEmpty else { return nil }
                guard let day = RegisterDay.normalized(value) else {
                    problem(column, "date", "“\(value)”不是日历上的日期（应为 YYYY-MM-DD）")
                    return nil
                }
                return day
            }
            let personName = text(name, required: true, max: 40)
            let id = text(idNumber, required: true, max: 30).uppercased()
            if RegisterSheet.isLostNumber(id) {
                problem(idNumber, "stored-as-number", "“\(id)”是 Excel 当作数字保存后丢失了位数的身份证号：请把该列设为文本后重新填写")
            } else if !id.isEmpty, case .failure(let error) = IDNumber.parse(id) {
                problem(idNumber, error.explanation.rule, error.explanation.message)
            }
            let from = code(source)
            let originName = text(origin)
            let to = code(destination)
            let toName = text(destinationName)
            switch (from, originName.isEmpty) {
            case (nil, true): problem(source, "required", "须填写转出党组织的编码，或（自省外转入时）原所在党组织")
            case (.some, false): problem(origin, "one-of", "转出党组织的编码和省外的原所在党组织只填其一")
            default: break
            }
            switch (to, toName.isEmpty) {
            case (nil, true): problem(destination, "required", "须填写接收党组织的编码，或（转往省外时）接收党组织名称")
            case (.some, false): problem(destinationName, "one-of", "接收党组织的编码和省外的接收党组织只填其一")
            default: break
            }
            if from == nil && to == nil && !originName.isEmpty && !toName.isEmpty {
                problem(destination, "in-province", "转出和接收不能都在省外：至少一方是本省的党组织")
            }
            let typeText = text(type, max: 40)
            let transferType = typeText.isEmpty ? nil : TransferType(rawValue: typeText)
            if !typeText.isEmpty && transferType == nil {
                problem(type, "allowed-values", "“\(Limits.clipped(typeText, to: 40))”不是转接类型（如 \(TransferType.otherCity.rawValue)）")
            }
            if let transferType {
                if to == nil && !toName.isEmpty && !TransferType.outOfProvince.contains(transferType) {
                    problem(type, "out-of-province", "转往省外的类型应为 " + TransferType.outOfProvince.map(\.rawValue).joined(separator: "、"))
                } else if from == nil && !originName.isEmpty && !TransferType.incoming.contains(transferType) {
                    problem(type, "into-province", "自省外转入的类型应为 " + TransferType.incoming.map(\.rawValue).joined(separator: "、"))
                } else if from != nil && to != nil && (TransferType.outOfProvince + TransferType.incoming).contains(transferType) {
                    problem(type, "in-province", "省内转接的类型不能是“\(transferType.rawValue)”")
                }
            } else if (to == nil && !toName.isEmpty) || (from == nil && !originName.isEmpty) {
                problem(type, "required", "转往省外或自省外转入须填写转接类型")
            }
            let number = text(letter, required: true, max: letterNumberLength)
            if RegisterSheet.isLostNumber(number) { problem(letter, "stored-as-number", "“\(number)”是 Excel 当作数字保存后丢失了位数的编号") }
            if let first = seen[number], !number.isEmpty { problem(letter, "unique", "介绍信编号与第 \(first) 行重复") }
            seen[number] = row.number
            let issuedOn = day(issued)
            let completedOn = day(completed)
            if let issuedOn, let completedOn, completedOn < issuedOn { problem(completed, "order", "办结日期 \(completedOn) 早于开具日期 \(issuedOn)") }
            let categoryText = text(category, max: 10)
            let memberCategory: String? = categoryText.isEmpty ? nil : categoryText.hasPrefix("正式") ? "正式" : categoryText.hasPrefix("预备") ? "预备" : nil
            if !categoryText.isEmpty && memberCategory == nil { problem(category, "allowed-values", "应为 正式党员 或 预备党员") }
            guard problems.count == before, let issuedOn, let completedOn else { continue }
            rows.append(
                Parsed(
                    row: row.number, name: personName, idNumber: id, source: from, origin: originName, destination: to,
                    destinationName: toName, type: transferType,
                    record: PaperRecord(letterNumber: number, issuedOn: issuedOn, completedOn: completedOn, category: memberCategory)))
        }
        return (rows, problems)
    }

    /// Paper transfers as the sheet's rows.
    static func sheet(_ transfers: [Transfer]) -> Spreadsheet {
        Spreadsheet(
            name: "转接历史", headers: columns.map(\.header),
            rows: transfers.compactMap { t in
                guard let paper = t.paper else { return nil }
                var from = ""
                var origin = ""
                var to = ""
                var toName = ""
                switch t.direction {
                case .inProvince(let d):
                    from = t.source.rawValue
                    to = d.rawValue
                case .outOfProvince(let name, _):
                    from = t.source.rawValue
                    toName = name
                case .intoProvince(let o, let d, _):
                    origin = o
                    to = d.rawValue
                }
                let category = paper.category.map { $0 + "党员" } ?? ""
                return [
                    .text(t.memberName), .text(t.memberIDNumber), .text(from), .text(origin), .text(to), .text(toName), .text(t.type.rawValue),
                    .text(paper.letterNumber), .text(paper.issuedOn), .text(paper.completedOn), .text(category),
                ]
            })
    }
}
