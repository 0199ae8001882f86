import ArgumentParser
import Foundation
import Server
@_spi(Storage) import Workflow

/// The register's sheets, as the command line names them.
extension RegisterSheetKind: ExpressibleByArgument {}

/// `letters import KIND FILE`: loads a spreadsheet of the register, all or nothing. Every
/// broken row is named on stderr (row, column, rule) and, with `--report`, in a copy of the
/// sheet with a reasons column; the exit status is 1 and nothing is written when any row is
/// broken. The operator acts for the organization `--as` names (the whole store without it).
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "导入名册：党组织、单位、党员、账号或纸质转接历史（.xlsx 或 .csv），全部正确才写入。",
        discussion: "列按表头识别（见 README“名册”）；出错时逐行列出行号、列名和规则，不写入任何内容。")

    @OptionGroup var store: StoreOptions
    @Argument(help: "organizations、units、members、accounts 或 transfers（纸质办理的转接历史）") var kind: RegisterSheetKind
    @Argument(help: "表格文件（.xlsx 或 .csv：UTF-8 或 GB18030）") var file: String
    @Option(name: .customLong("as"), help: "代表的党组织统一编码代码（不给则为全库）") var org: String?
    @Flag(help: "只检查并报告将要做的修改，不写入") var dryRun = false
    @Option(help: "出错时写出带“问题”列的表格副本（.xlsx 或 .csv）") var report: String?
    @Option(help: "账号导入时授权码表的输出路径（.xlsx；默认在导入文件旁：文件名-授权码.xlsx）") var codes: String?

    func run() async throws {
        try await reportingWorkflowErrors {
            let service = try await store.service()
            let caller = Caller.commandLine(acting: org ?? "", role: kind == .accounts ? .securityOfficer : .administrator)
            let outcome: ImportOutcome
            // The table is handed over, not kept: a province's members are let go once read.
            switch kind {
            case .organizations: outcome = try await service.importOrganizations(try readTable(), dryRun: dryRun, for: caller)
            case .members: outcome = try await service.importMembers(try readTable(), dryRun: dryRun, for: caller)
            case .units: outcome = try await service.importUnits(try readTable(), dryRun: dryRun, for: caller)
            case .transfers: outcome = try await service.importPaperTransfers(try readTable(), dryRun: dryRun, for: caller)
            case .accounts:
                let accounts = AccountService(store: service.store, hasher: BcryptHasher())
                outcome = try await accounts.importAccounts(try readTable(), dryRun: dryRun, tree: try await service.tree(), for: caller)
            }
            if !outcome.ignoredColumns.isEmpty { printError("已忽略不认识的列：" + outcome.ignoredColumns.joined(separator: "、")) }
            guard outcome.problems.isEmpty else {
                for problem in outcome.problems { printError(problem.description) }
                if let report { try await writeReport(try readTable(), outcome.problems, to: report) }
                throw CLIError(
                    message: "\(file)：\(Set(outcome.problems.map(\.row)).count) 行有问题（共 \(outcome.problems.count) 处），未写入任何内容"
                        + (report.map { "；问题已写入 \($0)" } ?? ""))
            }
            if !outcome.activationCodes.isEmpty {
                let sheet = AccountService.activationSheet(outcome.activationCodes, at: Date())
                let out = codes ?? ((file as NSString).deletingPathExtension + "-授权码.xlsx")
                try writeFile(try await sheet.xlsx(), to: out)
                print("授权码（7 天内有效，交本人设置密码）已写入 \(out)")
            }
            print("\(kind.label)：\(outcome.summary)" + (dryRun ? "（试运行，未写入）" : ""))
        }
    }

    /// The file's table (read again for a report rather than kept through the import).
    func readTable() throws -> SheetTable {
        try SheetTable.read(path: file)
    }

    /// The sheet as read, each broken row with its reasons in a last column.
    func writeReport(_ table: SheetTable, _ problems: [RegisterProblem], to path: String) async throws {
        let byRow = Dictionary(grouping: problems, by: \.row)
        var rows: [[Spreadsheet.Value]] = []
        if let header = byRow[1] {
            rows.append(Array(repeating: .empty, count: table.headers.count) + [.text(header.map { "「\($0.column)」\($0.message)" }.joined(separator: "；"))])
        }
        for row in table.rows {
            let reasons = byRow[row.number]?.map { "「\($0.column)」\($0.message)" }.joined(separator: "；") ?? ""
            rows.append(row.cells.map { .text($0) } + [.text(reasons)])
        }
        let sheet = Spreadsheet(name: "导入问题", headers: table.headers + ["问题"], rows: rows)
        try writeFile(path.lowercased().hasSuffix(".csv") ? sheet.csv() : try await sheet.xlsx(), to: path)
    }
}

/// `letters export KIND --out FILE`: the register's sheet of the organization `--as` names
/// (the whole store without it), `.xlsx` or `.csv` by the file's extension. What it writes
/// imports into an empty store and exports again to the same bytes.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "导出名册：党组织、单位、党员、账号或纸质转接历史（.xlsx 或 .csv），可再导入。")

    @OptionGroup var store: StoreOptions
    @Argument(help: "organizations、units、members、accounts 或 transfers（纸质办理的转接历史）") var kind: RegisterSheetKind
    @Option(help: "输出文件（.xlsx 或 .csv）") var out: String
    @Option(name: .customLong("as"), help: "代表的党组织统一编码代码（不给则为全库）") var org: String?

    func run() async throws {
        try await reportingWorkflowErrors {
            let lower = out.lowercased()
            guard lower.hasSuffix(".xlsx") || lower.hasSuffix(".csv") else { throw CLIError(message: "--out 应以 .xlsx 或 .csv 结尾") }
            let service = try await store.service()
            let caller = Caller.commandLine(acting: org ?? "", role: kind == .accounts ? .securityOfficer : .administrator)
            let sheet: Spreadsheet
            switch kind {
            case .organizations: sheet = try await service.exportOrganizations(for: caller)
            case .members: sheet = try await service.exportMembers(for: caller)
            case .units: sheet = try await service.exportUnits(for: caller)
            case .transfers: sheet = try await service.exportPaperTransfers(for: caller)
            case .accounts:
                let accounts = AccountService(store: service.store, hasher: BcryptHasher())
                sheet = try await accounts.exportAccounts(tree: try await service.tree(), for: caller)
            }
            if lower.hasSuffix(".csv") {
                try writeFile(sheet.csv(), to: out)
            } else {
                try await writeFile(to: out) { try await sheet.writeXLSX(to: $0) }
            }
            print("已导出 \(sheet.rows.count) 条\(kind.label)到 \(out)")
        }
    }
}

/// `letters init --officer NAME --org CODE`: the first security officer of a store that has
/// organizations and no account; its one-week activation code alone on the last line.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "为没有任何账号的库创建第一个安全员，输出其授权码（最后一行）。")

    @OptionGroup var store: StoreOptions
    @Option(help: "安全员的登录名") var officer: String
    @Option(help: "安全员所属党组织的统一编码代码（通常为树根）") var org: String

    func run() async throws {
        try await reportingWorkflowErrors {
            let service = try await store.service()
            let tree = try await service.tree()
            guard tree.organizations[OrganizationID(org)] != nil else {
                throw CLIError(
                    message: tree.organizations.isEmpty
                        ? "库中还没有党组织：先运行 letters import organizations 文件 --db \(store.db)"
                        : "库中没有统一编码为 \(org) 的党组织")
            }
            let accounts = AccountService(store: service.store, hasher: BcryptHasher())
            let code = try await accounts.bootstrap(name: officer, organization: OrganizationID(org))
            print("已创建安全员 \(officer)（\(tree.organizations[OrganizationID(org)]?.name ?? org)）。授权码 7 天内有效：在登录页“激活账号”处用它设置密码。")
            print(code)
        }
    }
}
