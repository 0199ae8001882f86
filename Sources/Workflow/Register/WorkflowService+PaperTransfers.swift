import Foundation

/// The door for transfers completed on paper before the system (register spec §5): imported
/// from their sheet so that histories and statistics start whole, and exported again.
extension WorkflowService {
    /// Imports the paper transfers of `table`, all or nothing, keyed by 介绍信编号. Every code
    /// named must be a branch of the tree (a revoked one too: the letter may be years old),
    /// and one of the two ends must lie in the caller's subtree. A row whose letter number is
    /// stored already changes that record, or counts as unchanged.
    public func importPaperTransfers(_ table: SheetTable, dryRun: Bool, for caller: Caller) async throws -> ImportOutcome {
        let action = "import-paper-transfers"
        let tree = try await tree()
        let unrestricted = try await authorizeImport(caller, action, rows: table.rows.count, tree: tree)
        let sheet = RegisterSheet(table, columns: TransferSheet.columns)
        var outcome = ImportOutcome()
        outcome.ignoredColumns = sheet.ignored
        outcome.problems = sheet.problems
        guard sheet.problems.isEmpty else {
            try await concludeImport(&outcome, caller, action, rows: table.rows.count, dryRun: dryRun) { _ in }
            return outcome
        }
        let (rows, problems) = TransferSheet.parse(sheet)
        outcome.problems += problems
        let c = TransferSheet.self
        func inSubtree(_ org: OrganizationID) -> Bool { unrestricted || tree.isSelfOrAncestor(caller.account.organization, of: org) }
        func problem(_ row: Int, _ column: String, _ rule: String, _ message: String) {
            outcome.problems.append(RegisterProblem(row: row, column: column, rule: rule, message: message))
        }
        let now = clock.now()
        let actor: Actor = .organization(caller.account.organization)
        var writes: [(transfer: Transfer, old: Transfer?)] = []
        for start in stride(from: 0, to: rows.count, by: Repository.batch) {
            let batch = rows[start..<min(rows.count, start + Repository.batch)]
            let stored = try await store.read { c in
                let repo = Repository(c: c)
                return (
                    try await repo.paperTransfers(letters: batch.map(\.record.letterNumber)),
                    try await repo.members(idNumbers: batch.map(\.idNumber))
                )
            }
            let byLetter = Dictionary(stored.0.compactMap { t in t.paper.map { ($0.letterNumber, t) } }, uniquingKeysWith: { a, _ in a })
            let byIDNumber = Dictionary(stored.1.map { ($0.idNumber, $0) }, uniquingKeysWith: { a, _ in a })
            for p in batch {
                var broken = false
                for (code, column) in [(p.source, c.source), (p.destination, c.destination)] {
                    guard let code else { continue }
                    // The other end may lie anywhere in the province, as a live transfer's destination does.
                    guard let org = tree.organizations[code] else {
                        problem(p.row, column, "exists", "没有编码为 \(code.rawValue) 的党组织")
                        broken = true
                        continue
                    }
                    if !org.category.holdsMembers {
                        problem(p.row, column, "branch", "\(org.name)（\(org.category.rawValue)\(org.category.label)）不是党支部：介绍信在党支部之间转接")
                        broken = true
                    }
                }
                guard !broken else { continue }
                guard [p.source, p.destination].contains(where: { $0.map(inSubtree) ?? false }) else {
                    problem(p.row, p.source != nil ? c.source : c.destination, "subtree", "转出和接收党组织都不在本组织及下级之中：应由其中一方补录")
                    continue
                }
                let direction: TransferDirection
                let type: TransferType
                switch (p.source, p.destination) {
                case (let s?, let d?):
                    direction = .inProvince(destination: d)
                    type = p.type ?? TransferType.derive(source: s, destination: d, tree: tree)
                case (_?, nil):
                    direction = .outOfProvince(destinationName: p.destinationName, letterhead: p.destinationName)
                    type = p.type ?? .otherProvince
                case (nil, let d?):
                    direction = .intoProvince(origin: p.origin, destination: d, manualReview: false)
                    type = p.type ?? .fromOtherProvince
                case (nil, nil):
                    continue  // refused by the sheet's own rules
                }
                let old = byLetter[p.record.letterNumber]
                if let old, !([old.source, old.destination].contains { $0.map(inSubtree) ?? false }) {
                    problem(p.row, c.letter, "unique", "该介绍信编号已由本组织及下级以外的党组织补录")
                    continue
                }
                let member = byIDNumber[p.idNumber]
                var made: Transfer
                do {
                    made = try Transfer.enteredFromPaper(
                        id: old?.id ?? "p-" + UUID().uuidString.lowercased(), memberID: member?.id ?? "paper-" + p.idNumber,
                        memberName: p.name, memberIDNumber: p.idNumber, direction: direction, source: p.source, type: type,
                        record: p.record, by: actor, tree: tree, at: now)
                } catch {
                    problem(p.row, error.field == "completedOn" ? c.completed : c.issued, error.rule ?? "invalid", error.message)
                    continue
                }
                made.log[0].person = caller.account.signature
                if let old {
                    if Self.samePaper(old, made) {
                        outcome.unchanged += 1
                        continue
                    }
                    outcome.changed += 1
                } else {
                    outcome.added += 1
                }
                writes.append((made, old))
            }
        }
        let planned = writes
        try await concludeImport(&outcome, caller, action, rows: table.rows.count, dryRun: dryRun) { repo in
            for (transfer, old) in planned {
                if let old {
                    var replaced = transfer
                    replaced.version = old.version
                    try await repo.update(replaced, tree: tree)
                } else {
                    try await repo.insert(transfer, tree: tree)
                }
                try await repo.notePaperLetter(transfer)
            }
        }
        return outcome
    }

    /// Whether two entries of a paper letter say the same (the log line of who entered it aside).
    static func samePaper(_ a: Transfer, _ b: Transfer) -> Bool {
        a.paper == b.paper && a.direction == b.direction && a.type == b.type && a.memberName == b.memberName
            && a.memberIDNumber == b.memberIDNumber && a.memberID == b.memberID && a.path == b.path
    }

    /// The paper transfers one of whose ends lies in the caller's subtree (every one for the
    /// operator of an unbound store), by letter number, as their sheet.
    public func exportPaperTransfers(for caller: Caller) async throws -> Spreadsheet {
        let tree = try await tree()
        let unrestricted = caller.isUnbound(in: tree)
        return try await read(caller, "export-paper-transfers", target: caller.account.organization.rawValue, waits: true) {
            if !unrestricted { _ = try ownOrganization(caller.account.organization, of: caller, in: tree) }
            let all = try await store.read { try await Repository(c: $0).paperTransfers(letters: nil) }
            let mine = all.filter { t in
                unrestricted || [t.source, t.destination].contains { $0.map { tree.isSelfOrAncestor(caller.account.organization, of: $0) } ?? false }
            }
            return TransferSheet.sheet(mine)
        }
    }
}
