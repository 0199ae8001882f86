import Foundation

/// The workflow's SQL, written once for every driver: entities are kept as JSON documents
/// beside the columns that lists and queues filter on.
struct Repository {
    let c: any StoreConnection

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()
    static let decoder = JSONDecoder()

    func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try Repository.encoder.encode(value), as: UTF8.self)
    }

    func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T {
        guard let text else { throw WorkflowError(.storage, "存储中缺少 \(T.self) 文档") }
        return try Repository.decoder.decode(T.self, from: Data(text.utf8))
    }

    // MARK: Organizations

    func save(_ org: Organization, path: String) async throws {
        _ = try await c.run("DELETE FROM organizations WHERE id = ?", [.text(org.id.rawValue)])
        _ = try await c.run(
            "INSERT INTO organizations (id, parent_id, path, doc) VALUES (?, ?, ?, ?)",
            [.text(org.id.rawValue), .optional(org.parentID?.rawValue), .text(path), .text(try encode(org))])
        try await bumpOrganizationsVersion()
    }

    /// Appends one audit entry inside the caller's transaction (a change and its entry are
    /// stored together or not at all).
    func appendAudit(_ e: AuditEntry) async throws {
        try await AuditRepository(c: c).append(e)
    }

    /// The organizations' version: changed by every change to any organization, in its
    /// transaction (migration 7), so that a cached tree can be checked with one small read.
    func organizationsVersion() async throws -> Int {
        // Migration 7 made the row: without it no server could tell another's change.
        try await c.aggregate("SELECT value AS n FROM counters WHERE name = 'organizations'", [])
    }

    func bumpOrganizationsVersion() async throws {
        _ = try await c.run(
            """
            INSERT INTO counters (name, value) VALUES ('organizations', 1)
            ON CONFLICT (name) DO UPDATE SET value = counters.value + 1
            """, [])
    }

    /// One organization as stored now, with its stored document (the version an update is
    /// checked against).
    func organization(_ id: OrganizationID, locking dialect: SQLDialect? = nil) async throws -> (org: Organization, doc: String)? {
        guard
            let doc = try await c.run(
                "SELECT doc FROM organizations WHERE id = ?" + (dialect?.rowLock ?? ""),
                [.text(id.rawValue)]
            ).first?.string("doc")
        else { return nil }
        return (try decode(Organization.self, doc), doc)
    }

    /// Replaces the document of `org` if it is still `expected`; false when someone changed it
    /// in the meantime.
    func replace(_ org: Organization, expected: String) async throws -> Bool {
        let rows = try await c.run(
            "UPDATE organizations SET doc = ? WHERE id = ? AND doc = ? RETURNING id",
            [.text(try encode(org)), .text(org.id.rawValue), .text(expected)])
        guard !rows.isEmpty else { return false }
        try await bumpOrganizationsVersion()
        return true
    }

    /// Every unit, by code.
    func units() async throws -> [PartyUnit] {
        try await c.run("SELECT doc FROM units ORDER BY code", []).map { try decode(PartyUnit.self, $0.string("doc")) }
    }

    /// Adds or replaces a unit.
    func save(_ unit: PartyUnit) async throws {
        _ = try await c.run("DELETE FROM units WHERE code = ?", [.text(unit.code)])
        _ = try await c.run("INSERT INTO units (code, doc) VALUES (?, ?)", [.text(unit.code), .text(try encode(unit))])
    }

    /// Removes an organization's row (one created by mistake: the caller checked it has nothing).
    func deleteOrganization(_ id: OrganizationID) async throws {
        _ = try await c.run("DELETE FROM organizations WHERE id = ?", [.text(id.rawValue)])
        try await bumpOrganizationsVersion()
    }

    /// What still refers to an organization: its members, its accounts, the transfers (and, with
    /// `inFlightOnly`, only those not ended) whose path, holder, source or destination it is.
    func references(to id: OrganizationID, inFlightOnly: Bool) async throws -> (members: Int, accounts: Int, transfers: Int) {
        let members =
            try await c.aggregate("SELECT COUNT(*) AS n FROM members WHERE org_id = ? AND status IN ('active', 'in-transfer', 'stopped')", [.text(id.rawValue)])
        let accounts = try await c.aggregate("SELECT COUNT(*) AS n FROM accounts WHERE org_id = ?", [.text(id.rawValue)])
        // The path lives in the document: a quoted code there is the organization on the path (codes are
        // letters, digits and '-'; a false match refuses, never allows).
        let ended = inFlightOnly ? " AND state NOT IN ('completed', 'recalled', 'void', 'recovered')" : ""
        let transfers = try await c.aggregate(
            "SELECT COUNT(*) AS n FROM transfers WHERE (holder_id = ? OR source_id = ? OR destination_id = ? OR doc LIKE ?)\(ended)",
            [.text(id.rawValue), .text(id.rawValue), .text(id.rawValue), .text("%\"\(id.rawValue)\"%")])
        return (members, accounts, transfers)
    }

    func organizations() async throws -> [Organization] {
        try await c.run("SELECT doc FROM organizations", []).map { try decode(Organization.self, $0.string("doc")) }
    }

    // MARK: Members

    func insert(_ member: PartyMember, path: String) async throws {
        let existing = try await c.run("SELECT id FROM members WHERE id_number = ?", [.text(member.idNumber)])
        guard existing.isEmpty else {
            throw WorkflowError(.invalid, field: "member.idNumber", rule: "unique", "身份证号码 \(member.idNumber) 已有党员记录")
        }
        _ = try await c.run(
            "INSERT INTO members (id, org_id, org_path, id_number, name, status, doc) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                .text(member.id), .text(member.organization.rawValue), .text(path), .text(member.idNumber),
                .text(member.name), .text(member.status.code), .text(try encode(member)),
            ])
    }

    /// Inserts new members, many rows to a statement (a register's import: their ID numbers
    /// were checked against the store; the unique index refuses any that came in meanwhile,
    /// and the import's transaction with it).
    func insert(members: [(member: PartyMember, path: String)]) async throws {
        for start in stride(from: 0, to: members.count, by: Self.batch) {
            let slice = members[start..<min(start + Self.batch, members.count)]
            let sql =
                "INSERT INTO members (id, org_id, org_path, id_number, name, status, doc) VALUES "
                + Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: slice.count).joined(separator: ", ")
            var binds: [SQLValue] = []
            binds.reserveCapacity(slice.count * 7)
            for (member, path) in slice {
                binds += [
                    .text(member.id), .text(member.organization.rawValue), .text(path), .text(member.idNumber),
                    .text(member.name), .text(member.status.code), .text(try encode(member)),
                ]
            }
            _ = try await c.run(sql, binds)
        }
    }

    /// Rows per multi-row statement (7 values each: within PostgreSQL's 65,535 and SQLite's 32,766 parameters).
    static let batch = 500

    /// Updates a member; when `expectedStatus` is given, only if the stored status still is
    /// that (so that two applications at once cannot both take the member).
    func update(_ member: PartyMember, path: String, expectedStatus: MemberStatus? = nil) async throws {
        var sql = "UPDATE members SET org_id = ?, org_path = ?, status = ?, name = ?, id_number = ?, doc = ? WHERE id = ?"
        var binds: [SQLValue] = [
            .text(member.organization.rawValue), .text(path), .text(member.status.code), .text(member.name),
            .text(member.idNumber), .text(try encode(member)), .text(member.id),
        ]
        if let expectedStatus {
            sql += " AND status = ?"
            binds.append(.text(expectedStatus.code))
        }
        let rows = try await c.run(sql + " RETURNING id", binds)
        guard !rows.isEmpty else {
            throw WorkflowError(.conflict, "党员 \(member.name) 的状态已被他人改变（可能已有在转接流程中的申请单），请刷新后重试")
        }
    }

    /// A member by its record id or, as people name members, by its ID number (公民身份证号).
    func member(_ id: MemberID) async throws -> PartyMember {
        guard let row = try await c.run("SELECT doc FROM members WHERE id = ? OR id_number = ?", [.text(id), .text(id.uppercased())]).first else {
            throw WorkflowError(.notFound, "没有党员 \(id)")
        }
        return try decode(PartyMember.self, row.string("doc"))
    }

    /// Members whose branch's path lies in [`low`, `high`) — a subtree — whose name contains
    /// `name` and whose ID number is `idNumber` (each when not empty), at most `limit`, by
    /// branch and ID number.
    func searchMembers(low: String, high: String, name: String, idNumber: String, limit: Int) async throws -> [PartyMember] {
        var sql = "SELECT doc FROM members WHERE org_path >= ? AND org_path < ?"
        var binds: [SQLValue] = [.text(low), .text(high)]
        if !name.isEmpty {
            sql += " AND name LIKE ? " + LikePattern.escapeClause
            binds.append(.text(LikePattern.containing(name)))
        }
        if !idNumber.isEmpty {
            sql += " AND id_number = ?"
            binds.append(.text(idNumber))
        }
        // In the index's order, so that the first `limit` found end the search (a sort would read every match).
        sql += " ORDER BY org_path LIMIT ?"
        binds.append(.int(Int64(limit)))
        return try await c.run(sql, binds).map { try decode(PartyMember.self, $0.string("doc")) }
    }

    /// The members with these ID numbers (an import compares its rows with them, a batch at a
    /// time, so that a province's register is never held whole beside the sheet).
    /// Whether a member with ID number `idNumber` is in the register.
    func idNumberTaken(_ idNumber: String) async throws -> Bool {
        try await !c.run("SELECT id FROM members WHERE id_number = ?", [.text(idNumber)]).isEmpty
    }

    func members(idNumbers: [String]) async throws -> [PartyMember] {
        guard !idNumbers.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: idNumbers.count).joined(separator: ", ")
        return try await c.run("SELECT doc FROM members WHERE id_number IN (\(marks))", idNumbers.map { .text($0) })
            .map { try decode(PartyMember.self, $0.string("doc")) }
    }

    func members(in org: OrganizationID) async throws -> [PartyMember] {
        try await c.run("SELECT doc FROM members WHERE org_id = ? ORDER BY id", [.text(org.rawValue)])
            .map { try decode(PartyMember.self, $0.string("doc")) }
    }

    // MARK: Seals

    func insertSeal(org: OrganizationID, jpeg: Data, uploader: String, at: Date) async throws -> Int {
        let latest = try await c.aggregate("SELECT MAX(version) AS n FROM seals WHERE org_id = ?", [.text(org.rawValue)], empty: 0)
        _ = try await c.run(
            "INSERT INTO seals (org_id, version, uploaded_at, uploader, jpeg) VALUES (?, ?, ?, ?, ?)",
            [
                .text(org.rawValue), .int(Int64(latest + 1)), .text(ISO8601DateFormatter().string(from: at)),
                .text(uploader), .blob([UInt8](jpeg)),
            ])
        return latest + 1
    }

    func currentSeal(org: OrganizationID) async throws -> (version: Int, jpeg: Data)? {
        guard
            let row = try await c.run(
                "SELECT version, jpeg FROM seals WHERE org_id = ? ORDER BY version DESC LIMIT 1",
                [.text(org.rawValue)]
            ).first,
            let version = row.int("version"), let bytes = row.bytes("jpeg")
        else { return nil }
        return (version, Data(bytes))
    }

    func currentSealVersion(org: OrganizationID) async throws -> Int? {
        try await c.run("SELECT MAX(version) AS v FROM seals WHERE org_id = ?", [.text(org.rawValue)]).first?.int("v")
    }

    func seal(org: OrganizationID, version: Int) async throws -> Data? {
        try await c.run("SELECT jpeg FROM seals WHERE org_id = ? AND version = ?", [.text(org.rawValue), .int(Int64(version))])
            .first?.bytes("jpeg").map { Data($0) }
    }

    func sealHistory(org: OrganizationID) async throws -> [(version: Int, uploadedAt: String, uploader: String)] {
        try await c.run("SELECT version, uploaded_at, uploader FROM seals WHERE org_id = ? ORDER BY version", [.text(org.rawValue)])
            .map { row in
                let version = try row.integer("version", of: "seals", key: org.rawValue)
                let key = "\(org.rawValue) 第 \(version) 版"
                return (version, try row.text("uploaded_at", of: "seals", key: key), try row.text("uploader", of: "seals", key: key))
            }
    }

    // MARK: Transfers

    func insert(_ t: Transfer, tree: OrganizationTree) async throws {
        _ = try await c.run(
            """
            INSERT INTO transfers (id, member_id, state, holder_id, holder_path, expires_at, created_at, updated_at, source_id,
              source_path, destination_id, destination_path, type, member_name, member_id_number, version, doc)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, try columns(t, tree: tree, version: 1))
        try await noteActors(t, tree: tree)
    }

    /// Stores `t` if the stored version is still `t.version`: of two concurrent changes of one
    /// transfer exactly one succeeds, the other gets a conflict.
    func update(_ t: Transfer, tree: OrganizationTree) async throws {
        let binds = try columns(t, tree: tree, version: t.version + 1)
        let rows = try await c.run(
            """
            UPDATE transfers SET id = ?, member_id = ?, state = ?, holder_id = ?, holder_path = ?, expires_at = ?, created_at = ?,
              updated_at = ?, source_id = ?, source_path = ?, destination_id = ?, destination_path = ?, type = ?, member_name = ?,
              member_id_number = ?, version = ?, doc = ?
            WHERE id = ? AND version = ? RETURNING id
            """, binds + [.text(t.id), .int(Int64(t.version))])
        guard !rows.isEmpty else {
            throw WorkflowError(.conflict, "该转接已被其他操作改变（\(t.id)），请刷新后重试")
        }
        try await noteActors(t, tree: tree)
    }

    private func columns(_ t: Transfer, tree: OrganizationTree, version: Int) throws -> [SQLValue] {
        var stored = t
        stored.version = version
        let holder = t.currentHolder
        return [
            .text(t.id), .text(t.memberID), .text(t.stateCode), .optional(holder?.rawValue),
            .optional(holder.map(tree.materializedPath)), t.expiresAt.map { .int(Int64($0.timeIntervalSince1970)) } ?? .null,
            .int(Int64(t.createdAt.timeIntervalSince1970)), .int(Int64((t.log.last?.at ?? t.createdAt).timeIntervalSince1970)),
            .text(t.source.rawValue), .text(tree.materializedPath(t.source)), .optional(t.destination?.rawValue),
            .optional(t.destination.map(tree.materializedPath)), .text(t.type.rawValue), .text(t.memberName),
            .text(t.memberIDNumber), .int(Int64(version)), .text(try encode(stored)),
        ]
    }

    /// Records which organizations acted (and which only automatically), for "done" lists,
    /// views and archives.
    private func noteActors(_ t: Transfer, tree: OrganizationTree) async throws {
        // Entering a paper letter is not handling the transfer: it stays out of the 已办 lists.
        guard t.paper == nil else { return }
        var manual = Set<OrganizationID>()
        for entry in t.log { if case .organization(let id) = entry.actor { manual.insert(id) } }
        let automatic = Set(t.hops.filter { $0.automatic && !$0.withdrawn }.map { t.path.organizations[$0.from] }).subtracting(manual)
        let at = Int64((t.log.last?.at ?? t.createdAt).timeIntervalSince1970)
        for (org, auto) in manual.map({ ($0, false) }) + automatic.map({ ($0, true) }) {
            _ = try await c.run("DELETE FROM transfer_orgs WHERE org_id = ? AND transfer_id = ?", [.text(org.rawValue), .text(t.id)])
            _ = try await c.run(
                "INSERT INTO transfer_orgs (org_id, transfer_id, org_path, automatic, at) VALUES (?, ?, ?, ?, ?)",
                [.text(org.rawValue), .text(t.id), .text(tree.materializedPath(org)), .int(auto ? 1 : 0), .int(at)])
        }
    }

    /// Keeps the paper letter's number beside a transfer entered from paper, as its key.
    func notePaperLetter(_ t: Transfer) async throws {
        guard let paper = t.paper else { return }
        _ = try await c.run("UPDATE transfers SET paper_letter = ? WHERE id = ?", [.text(paper.letterNumber), .text(t.id)])
    }

    /// The transfers entered from paper with these letter numbers, or every one (`nil`), by number.
    func paperTransfers(letters: [String]?) async throws -> [Transfer] {
        var sql = "SELECT doc FROM transfers WHERE paper_letter IS NOT NULL"
        var binds: [SQLValue] = []
        if let letters {
            guard !letters.isEmpty else { return [] }
            sql += " AND paper_letter IN (" + Array(repeating: "?", count: letters.count).joined(separator: ", ") + ")"
            binds = letters.map { .text($0) }
        }
        return try await c.run(sql + " ORDER BY paper_letter", binds).map { try decode(Transfer.self, $0.string("doc")) }
    }

    func transfer(_ id: TransferID) async throws -> Transfer {
        guard let row = try await c.run("SELECT doc FROM transfers WHERE id = ?", [.text(id)]).first else {
            throw WorkflowError(.notFound, "没有转接 \(id)")
        }
        return try decode(Transfer.self, row.string("doc"))
    }

    /// The stored version of a transfer, nil when there is none: cheaper than the document,
    /// for checking a cached copy.
    func transferVersion(_ id: TransferID) async throws -> Int? {
        try await c.run("SELECT version FROM transfers WHERE id = ?", [.text(id)]).first?.int("version")
    }

    /// Every transfer's id, in order.
    func transferIDs() async throws -> [TransferID] {
        try await c.run("SELECT id FROM transfers ORDER BY id", []).map { try $0.text("id", of: "transfers", key: "?") }
    }

    /// The id of a member's latest transfer, if any.
    func latestTransferID(ofMember member: MemberID) async throws -> TransferID? {
        try await c.run("SELECT id FROM transfers WHERE member_id = ? ORDER BY created_at DESC, id DESC LIMIT 1", [.text(member)])
            .first?.string("id")
    }

    /// A member's transfers, newest first, at most `limit`, in one query.
    func transfers(ofMember member: MemberID, limit: Int) async throws -> [Transfer] {
        try await c.run(
            "SELECT id, doc FROM transfers WHERE member_id = ? ORDER BY created_at DESC, id LIMIT ?", [.text(member), .int(Int64(limit))]
        ).map { row in try decode(Transfer.self, row.string("doc")) }
    }

    /// A transfer with its stored version.
    func versionedTransfer(_ id: TransferID) async throws -> (version: Int, transfer: Transfer) {
        guard let row = try await c.run("SELECT doc, version FROM transfers WHERE id = ?", [.text(id)]).first else {
            throw WorkflowError(.notFound, "没有转接 \(id)")
        }
        return (try row.integer("version", of: "transfers", key: id), try decode(Transfer.self, row.string("doc")))
    }

    func openTransfer(member: MemberID) async throws -> TransferID? {
        try await c.run(
            "SELECT id FROM transfers WHERE member_id = ? AND state NOT IN ('completed', 'void', 'recovered')",
            [.text(member)]
        ).first?.string("id")
    }

    // MARK: Letters

    func nextNumbers(_ count: Int, prefix: String) async throws -> [String] {
        let rows = try await c.run(
            """
            INSERT INTO counters (name, value) VALUES ('letter', ?)
            ON CONFLICT (name) DO UPDATE SET value = counters.value + ? RETURNING value
            """, [.int(Int64(count)), .int(Int64(count))])
        let last = rows.first?.int("value") ?? count
        return (0..<count).map { prefix + String(format: "%012d", last - count + 1 + $0) }
    }

    func insertLetter(
        transfer: TransferID, hop: Int, number: String, issuer: OrganizationID, sealVersion: Int?,
        issuedAt: Date, pdf: Data, sha256: String, letterDoc: String, letterJSON: Data
    ) async throws {
        _ = try await c.run(
            """
            INSERT INTO letters (transfer_id, hop, number, issuer_id, seal_version, issued_at, pdf, sha256, letter_doc, letter_json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(transfer), .int(Int64(hop)), .text(number), .text(issuer.rawValue), sealVersion.map { .int(Int64($0)) } ?? .null,
                .int(Int64(issuedAt.timeIntervalSince1970)), .blob([UInt8](pdf)), .text(sha256), .text(letterDoc),
                .text(String(decoding: letterJSON, as: UTF8.self)),
            ])
    }

    func insertAttachment(transfer: TransferID, kind: String, bytes: Data, sha256: String) async throws {
        _ = try await c.run(
            "INSERT INTO attachments (transfer_id, kind, sha256, bytes) VALUES (?, ?, ?, ?)",
            [.text(transfer), .text(kind), .text(sha256), .blob([UInt8](bytes))])
    }

    // MARK: Notifications

    func insertNotification(_ n: TransferNotice) async throws {
        _ = try await c.run(
            "INSERT INTO notifications (org_id, transfer_id, at, text, next_attempt) VALUES (?, ?, ?, ?, ?)",
            [
                .text(n.organization.rawValue), .text(n.transferID), .int(Int64(n.at.timeIntervalSince1970)), .text(n.text),
                .int(Int64(n.at.timeIntervalSince1970)),
            ])
    }

    func notifications(of org: OrganizationID, limit: Int) async throws -> [TransferNotice] {
        try await c.run(
            "SELECT id, org_id, transfer_id, at, text, delivered_at, attempts FROM notifications WHERE org_id = ? ORDER BY id DESC LIMIT ?",
            [.text(org.rawValue), .int(Int64(limit))]
        ).map(TransferNotice.init(row:))
    }

    /// Up to `limit` notifications due for delivery, claimed until `until` (another server skips them meanwhile).
    func claimNotifications(now: Date, until: Date, limit: Int) async throws -> [TransferNotice] {
        let due = try await c.run(
            """
            SELECT id, org_id, transfer_id, at, text, delivered_at, attempts FROM notifications
            WHERE delivered_at IS NULL AND next_attempt <= ? AND claimed_until <= ? ORDER BY id LIMIT ?
            """, [.int(Int64(now.timeIntervalSince1970)), .int(Int64(now.timeIntervalSince1970)), .int(Int64(limit))]
        ).map(TransferNotice.init(row:))
        var claimed: [TransferNotice] = []
        for n in due {
            let rows = try await c.run(
                "UPDATE notifications SET claimed_until = ? WHERE id = ? AND claimed_until <= ? AND delivered_at IS NULL RETURNING id",
                [.int(Int64(until.timeIntervalSince1970)), .int(n.id ?? 0), .int(Int64(now.timeIntervalSince1970))])
            if !rows.isEmpty { claimed.append(n) }
        }
        return claimed
    }

    func markNotification(_ id: Int64, deliveredAt: Date?, nextAttempt: Date, error: String?) async throws {
        _ = try await c.run(
            """
            UPDATE notifications SET delivered_at = ?, attempts = attempts + 1, next_attempt = ?, claimed_until = 0, last_error = ? WHERE id = ?
            """,
            [
                deliveredAt.map { .int(Int64($0.timeIntervalSince1970)) } ?? .null, .int(Int64(nextAttempt.timeIntervalSince1970)),
                error.map { .text($0) } ?? .null, .int(id),
            ])
    }

    /// A file kept with a transfer (the ID card's photo, the returned receipt's scan), if any.
    func attachment(transfer: TransferID, kind: String) async throws -> Data? {
        try await c.run("SELECT bytes FROM attachments WHERE transfer_id = ? AND kind = ?", [.text(transfer), .text(kind)])
            .first?.bytes("bytes").map { Data($0) }
    }

    /// Every file kept with `transfers`, as stored: for an archive export, which ships them
    /// beside the letters with their hashes in the signed manifest.
    func attachments(of transfers: [TransferID]) async throws -> [(transfer: TransferID, kind: String, sha256: String, bytes: Data)] {
        guard !transfers.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: transfers.count).joined(separator: ", ")
        return try await c.run(
            "SELECT transfer_id, kind, sha256, bytes FROM attachments WHERE transfer_id IN (\(marks)) ORDER BY transfer_id, kind",
            transfers.map { .text($0) }
        ).map { row in
            guard let id = row.string("transfer_id"), let kind = row.string("kind"), let sha = row.string("sha256"), let bytes = row.bytes("bytes") else {
                throw WorkflowError(.storage, "attachments 表中转接 \(row.string("transfer_id") ?? "?") 的一行缺少 transfer_id、kind、sha256 或 bytes")
            }
            return (id, kind, sha, Data(bytes))
        }
    }

    /// The notice addresses of `org`'s administrators who can sign in.
    func noticeAddresses(of org: OrganizationID) async throws -> [String] {
        try await c.run(
            """
            SELECT notify_email FROM accounts WHERE org_id = ? AND role = 'administrator' AND disabled = 0
              AND password_hash IS NOT NULL AND notify_email IS NOT NULL ORDER BY name
            """, [.text(org.rawValue)]
        ).compactMap { $0.string("notify_email") }
    }

    /// Keeps (or, with nil, clears) the notice address of account `name`.
    func setNoticeAddress(_ address: String?, account name: String) async throws {
        _ = try await c.run("UPDATE accounts SET notify_email = ? WHERE name = ?", [address.map { .text($0) } ?? .null, .text(name)])
    }

    /// The notice address of account `name`, if it has one.
    func noticeAddress(account name: String) async throws -> String? {
        try await c.run("SELECT notify_email FROM accounts WHERE name = ?", [.text(name)]).first?.string("notify_email")
    }

    func setReceipt(transfer: TransferID, hop: Int, pdf: Data, sha256: String) async throws {
        _ = try await c.run(
            "UPDATE letters SET receipt_pdf = ?, receipt_sha256 = ? WHERE transfer_id = ? AND hop = ? AND receipt_pdf IS NULL",
            [.blob([UInt8](pdf)), .text(sha256), .text(transfer), .int(Int64(hop))])
    }

    func letter(transfer: TransferID, hop: Int) async throws -> StoredLetter {
        guard let row = try await c.run("SELECT * FROM letters WHERE transfer_id = ? AND hop = ?", [.text(transfer), .int(Int64(hop))]).first else {
            throw WorkflowError(.notFound, "转接 \(transfer) 没有第 \(hop + 1) 封介绍信")
        }
        return try StoredLetter(row)
    }

    func letters(transfer: TransferID) async throws -> [StoredLetter] {
        try await c.run("SELECT * FROM letters WHERE transfer_id = ? ORDER BY hop", [.text(transfer)]).map(StoredLetter.init)
    }
}

/// A letter as stored: its number and PDF (never changed after issue), and the receipt's PDF
/// once returned.
public struct StoredLetter: Sendable {
    /// Index of the hop.
    public let hop: Int
    /// The letter number.
    public let number: String
    /// The issuing organization.
    public let issuer: OrganizationID
    /// The version of the seal it carries.
    public let sealVersion: Int?
    /// The PDF as issued.
    public let pdf: Data
    /// SHA-256 of `pdf`, hex.
    public let sha256: String
    /// The returned receipt (part 3, sealed by the receiver), if returned.
    public let receiptPDF: Data?
    /// SHA-256 of `receiptPDF`.
    public let receiptSHA256: String?
    /// The letter's values as issued, in the JSON contract (nil for letters stored before
    /// schema version 3).
    public let letterJSON: Data?

    init(_ row: SQLRow) throws(WorkflowError) {
        let key = "\(row.string("transfer_id") ?? "?") 第 \(row.int("hop").map { $0 + 1 } ?? 0) 封"
        hop = try row.integer("hop", of: "letters", key: key)
        number = try row.text("number", of: "letters", key: key)
        issuer = OrganizationID(try row.text("issuer_id", of: "letters", key: key))
        sealVersion = row.int("seal_version")
        pdf = Data(try row.data("pdf", of: "letters", key: key))
        sha256 = try row.text("sha256", of: "letters", key: key)
        receiptPDF = row.bytes("receipt_pdf").map { Data($0) }
        receiptSHA256 = row.string("receipt_sha256")
        letterJSON = row.string("letter_json").map { Data($0.utf8) }
    }
}
