import Foundation
import LetterModel

/// The accounts of the register (spec §4, §5): the security officer imports the
/// administrators the organizations reported, and hands out the activation codes the import
/// makes; exported as the same sheet. Decided and audited here, written in one transaction.
extension AccountService {
    static let accountColumn = "账号", personColumn = "姓名", phoneColumn = "手机", roleColumn = "角色", orgColumn = "党组织统一编码代码"
    static let sheetColumns: [RegisterSheet.Column] = [accountColumn, personColumn, phoneColumn, roleColumn, orgColumn].map {
        .init(header: $0, required: true)
    }

    /// Imports the accounts of `table` for `caller` (a security officer, within its subtree):
    /// new names are created, each with a one-week activation code in the outcome; known names
    /// changed (a change of role or organization ends the account's sessions). Nothing is
    /// written when any row is broken or when `dryRun`.
    public func importAccounts(_ table: SheetTable, dryRun: Bool, tree: OrganizationTree, for caller: Caller) async throws -> ImportOutcome {
        let action = "import-accounts"
        let unrestricted = caller.isUnbound(in: tree)
        guard caller.account.role == .securityOfficer || unrestricted else {
            try await audit(
                AuditEntry(
                    at: clock.now(), account: caller.account.name, address: caller.address, action: action,
                    target: "\(table.rows.count) rows", outcome: WorkflowError.Code.wrongRole.rawValue))
            throw WorkflowError(.wrongRole, rule: "role", "只有安全员可以导入账号（当前角色：\(caller.account.role.label)）")
        }
        let sheet = RegisterSheet(table, columns: Self.sheetColumns)
        var outcome = ImportOutcome()
        outcome.ignoredColumns = sheet.ignored
        outcome.problems = sheet.problems
        func problem(_ row: Int, _ column: String, _ rule: String, _ message: String) {
            outcome.problems.append(RegisterProblem(row: row, column: column, rule: rule, message: message))
        }
        let stored = try await store.read { try await AccountRepository(c: $0).registerRecords() }
        var byKey: [String: AccountRepository.RegisterRecord] = [:]
        for record in stored { byKey[record.nameKey] = record }
        let roles: [String: Role] = ["安全员": .securityOfficer, "审计员": .auditor, "管理员": .administrator]
        struct Write: Sendable {
            let record: AccountRepository.RegisterRecord
            let isNew: Bool
        }
        var writes: [Write] = []
        var rowOf: [String: Int] = [:]
        for row in sheet.problems.isEmpty ? table.rows : [] {
            let before = outcome.problems.count
            let cell = { (column: String) in sheet.cell(row, column) }
            let name = cell(Self.accountColumn)
            let person = cell(Self.personColumn)
            let phone = cell(Self.phoneColumn)
            let roleText = cell(Self.roleColumn)
            let code = cell(Self.orgColumn)
            do { try Self.checkName(name) } catch { problem(row.number, Self.accountColumn, error.rule ?? "format", error.message) }
            // The holder's name and mobile are recorded as reported; the first officer, made by
            // `letters init`, has neither until an import gives them.
            if person.unicodeScalars.count > 40 { problem(row.number, Self.personColumn, "length", "最多 40 个字") }
            if !phone.isEmpty && !FieldRules.isMobile(phone) {
                problem(row.number, Self.phoneColumn, "mobile", "应为 11 位手机号码（授权码经手机交付），实为“\(Limits.clipped(phone, to: 30))”")
            }
            let role = roles[roleText]
            if role == nil { problem(row.number, Self.roleColumn, "allowed-values", "应为 安全员、审计员 或 管理员，实为“\(Limits.clipped(roleText, to: 20))”") }
            let org = OrganizationID(code)
            let mine =
                unrestricted ? tree.organizations[org] != nil : tree.organizations[org] != nil && tree.isSelfOrAncestor(caller.account.organization, of: org)
            if !mine { problem(row.number, Self.orgColumn, "exists", "本组织及下级中没有编码为 \(Limits.clipped(code, to: 40)) 的党组织") }
            let key = NameKey.of(name)
            if let first = rowOf[key] { problem(row.number, Self.accountColumn, "unique", "账号与第 \(first) 行重复（不区分大小写和全角半角）") }
            rowOf[key] = row.number
            let old = byKey[key]
            if let old, !unrestricted, !tree.isSelfOrAncestor(caller.account.organization, of: old.organization) {
                problem(row.number, Self.accountColumn, "unique", "账号 \(name) 已被本组织及下级以外的人使用")
            }
            if let old, old.name != name {
                problem(row.number, Self.accountColumn, "unique", "账号 \(name) 与已有账号 \(old.name) 视为同名")
            }
            guard outcome.problems.count == before, let role else { continue }
            if let old {
                if old.role == role && old.organization == org && old.person == person && old.phone == phone {
                    outcome.unchanged += 1
                    continue
                }
                outcome.changed += 1
            } else {
                outcome.added += 1
            }
            let record = AccountRepository.RegisterRecord(name: name, nameKey: key, role: role, organization: org, person: person, phone: phone)
            writes.append(Write(record: record, isNew: old == nil))
        }
        guard outcome.problems.isEmpty else {
            outcome.problems.sort { ($0.row, $0.column) < ($1.row, $1.column) }
            outcome.added = 0
            outcome.changed = 0
            outcome.unchanged = 0
            try await audit(
                AuditEntry(
                    at: clock.now(), account: caller.account.name, address: caller.address, action: action,
                    target: "\(table.rows.count) rows", outcome: "invalid"))
            return outcome
        }
        let target = "\(table.rows.count) rows: " + outcome.summary
        if dryRun {
            try await audit(
                AuditEntry(at: clock.now(), account: caller.account.name, address: caller.address, action: action, target: target, outcome: "dry-run"))
            return outcome
        }
        let expires = Int64(clock.now().addingTimeInterval(Self.activationValidity).timeIntervalSince1970)
        let entry = AuditEntry(at: clock.now(), account: caller.account.name, address: caller.address, action: action, target: target, outcome: "ok")
        let planned = writes
        let codes = try await store.transaction { c -> [ImportOutcome.ActivationCode] in
            var codes: [ImportOutcome.ActivationCode] = []
            for w in planned {
                let accounts = AccountRepository(c: c)
                let a = w.record
                if w.isNew {
                    let code = String(Self.random(4).uppercased())
                    try await accounts.insertRegistered(a, activationDigest: Self.digest(code), expires: expires)
                    codes.append(.init(account: a.name, person: a.person, organization: a.organization.rawValue, code: code))
                } else {
                    try await accounts.updateRegistered(a)
                    // A new role or organization is a new scope: sessions opened under the old one end, on every server.
                    try await accounts.deleteSessions(of: a.name)
                }
            }
            try await Repository(c: c).appendAudit(entry)
            return codes
        }
        outcome.activationCodes = codes
        outcome.written = true
        return outcome
    }

    /// The accounts of the caller's subtree (a security officer's; everything for the
    /// operator of an unbound store), by name, as the accounts sheet.
    public func exportAccounts(tree: OrganizationTree, for caller: Caller) async throws -> Spreadsheet {
        let unrestricted = caller.isUnbound(in: tree)
        let entry = { (outcome: String) in
            AuditEntry(
                at: self.clock.now(), account: caller.account.name, address: caller.address, action: "export-accounts",
                target: caller.account.organization.rawValue, outcome: outcome)
        }
        guard caller.account.role == .securityOfficer || unrestricted else {
            try await audit(entry(WorkflowError.Code.wrongRole.rawValue))
            throw WorkflowError(.wrongRole, rule: "role", "只有安全员可以导出账号（当前角色：\(caller.account.role.label)）")
        }
        let records = try await store.read { try await AccountRepository(c: $0).registerRecords() }
        let labels: [Role: String] = [.securityOfficer: "安全员", .auditor: "审计员", .administrator: "管理员"]
        let mine = records.filter { unrestricted || tree.isSelfOrAncestor(caller.account.organization, of: $0.organization) }
        try await audit(entry("ok"))
        return Spreadsheet(
            name: "账号", headers: Self.sheetColumns.map(\.header),
            rows: mine.map { r in
                [.text(r.name), .text(r.person), .text(r.phone), .text(labels[r.role] ?? ""), .text(r.organization.rawValue)]
            })
    }

    /// The activation codes of an import as the sheet the security officer hands out.
    public static func activationSheet(_ codes: [ImportOutcome.ActivationCode], at moment: Date) -> Spreadsheet {
        let until = moment.addingTimeInterval(activationValidity)
        return Spreadsheet(
            name: "授权码", headers: ["账号", "姓名", "党组织统一编码代码", "授权码", "有效期至"],
            rows: codes.map { [.text($0.account), .text($0.person), .text($0.organization), .text($0.code), .moment(until)] })
    }

    /// Whether the store has any account (a server without one says how to make the first).
    public func hasAccounts() async throws -> Bool {
        try await store.read { try await AccountRepository(c: $0).hasAccounts() }
    }
}
