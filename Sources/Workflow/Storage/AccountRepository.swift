import Foundation

/// The accounts and their sessions, in SQL: the one place that knows their tables. Rows come
/// back as `Account` values or an error naming the table, column and account, never a default.
struct AccountRepository {
    let c: any StoreConnection

    /// Whether any account exists (the first one is made by `bootstrap` only).
    func hasAccounts() async throws -> Bool {
        try await !c.run("SELECT name FROM accounts LIMIT 1", []).isEmpty
    }

    /// Every account, by name.
    func all() async throws -> [Account] {
        try await c.run("SELECT name, role, org_id, CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS active, disabled FROM accounts ORDER BY name", [])
            .map { r in
                let name = try r.text("name", of: "accounts", key: "?")
                return Account(
                    name: name, role: try Self.role(r, name), organization: OrganizationID(try r.text("org_id", of: "accounts", key: name)),
                    active: try r.integer("active", of: "accounts", key: name) == 1, disabled: try r.integer("disabled", of: "accounts", key: name) == 1)
            }
    }

    /// Each account's name and organization (an auditor's scope).
    func organizations() async throws -> [(name: String, organization: OrganizationID)] {
        try await c.run("SELECT name, org_id FROM accounts", []).map { r in
            let name = try r.text("name", of: "accounts", key: "?")
            return (name, OrganizationID(try r.text("org_id", of: "accounts", key: name)))
        }
    }

    /// The organization of account `name`, when it exists.
    func organization(of name: String) async throws -> OrganizationID? {
        try await c.run("SELECT org_id FROM accounts WHERE name = ?", [.text(name)]).first.map {
            OrganizationID(try $0.text("org_id", of: "accounts", key: name))
        }
    }

    /// Whether `name`, or a name with its key (case and width folded), is taken.
    func nameTaken(_ name: String) async throws -> Bool {
        try await !c.run("SELECT name FROM accounts WHERE name = ? OR name_key = ?", [.text(name), .text(NameKey.of(name))]).isEmpty
    }

    /// Whether member `member` has an account.
    func memberHasAccount(_ member: MemberID) async throws -> Bool {
        try await !c.run("SELECT name FROM accounts WHERE member_id = ?", [.text(member)]).isEmpty
    }

    /// A new account awaiting activation with the code whose digest is `activationDigest`.
    func insert(name: String, role: Role, organization: OrganizationID, member: MemberID?, activationDigest: String, expires: Int64) async throws {
        _ = try await c.run(
            """
            INSERT INTO accounts (name, role, org_id, password_hash, activation_digest, activation_expires, name_key, member_id)
            VALUES (?, ?, ?, NULL, ?, ?, ?, ?)
            """,
            [
                .text(name), .text(role.rawValue), .text(organization.rawValue), .text(activationDigest), .int(expires), .text(NameKey.of(name)),
                member.map { .text($0) } ?? .null,
            ])
    }

    /// Whether `name` has the activation code of digest `digest`, unexpired at `now`.
    func activationValid(name: String, digest: String, now: Int64) async throws -> Bool {
        try await !c.run(
            "SELECT name FROM accounts WHERE name = ? AND activation_digest = ? AND activation_expires >= ?",
            [.text(name), .text(digest), .int(now)]
        ).isEmpty
    }

    /// Sets the password of `name` with its activation code, which is used up; false when the
    /// code was used (or expired) in the meantime.
    func activate(name: String, digest: String, now: Int64, passwordHash: String) async throws -> Bool {
        try await !c.run(
            """
            UPDATE accounts SET password_hash = ?, activation_digest = NULL, activation_expires = NULL
            WHERE name = ? AND activation_digest = ? AND activation_expires >= ? RETURNING name
            """, [.text(passwordHash), .text(name), .text(digest), .int(now)]
        ).isEmpty
    }

    /// Replaces the password of `name` by a new activation code.
    func reset(name: String, activationDigest: String, expires: Int64) async throws {
        _ = try await c.run(
            "UPDATE accounts SET password_hash = NULL, activation_digest = ?, activation_expires = ? WHERE name = ?",
            [.text(activationDigest), .int(expires), .text(name)])
    }

    /// Disables or enables `name`.
    func setDisabled(_ name: String, _ disabled: Bool) async throws {
        _ = try await c.run("UPDATE accounts SET disabled = ? WHERE name = ?", [.int(disabled ? 1 : 0), .text(name)])
    }

    /// Moves `name` to `organization`.
    func move(_ name: String, to organization: OrganizationID) async throws {
        _ = try await c.run("UPDATE accounts SET org_id = ? WHERE name = ?", [.text(organization.rawValue), .text(name)])
    }

    /// Sets the password hash of `name`.
    func setPasswordHash(_ hash: String, of name: String) async throws {
        _ = try await c.run("UPDATE accounts SET password_hash = ? WHERE name = ?", [.text(hash), .text(name)])
    }

    /// The password hash of enabled account `name`, nil when it has none (not activated) or
    /// does not exist.
    func passwordHash(of name: String) async throws -> String? {
        try await c.run("SELECT password_hash FROM accounts WHERE name = ? AND disabled = 0", [.text(name)]).first?.string("password_hash")
    }

    /// The enabled account `name` with its password hash (nil before activation), for a login.
    func forLogin(_ name: String) async throws -> (account: Account, passwordHash: String?)? {
        guard
            let r = try await c.run("SELECT name, role, org_id, password_hash, person, member_id FROM accounts WHERE name = ? AND disabled = 0", [.text(name)])
                .first
        else { return nil }
        let account = Account(
            name: name, role: try Self.role(r, name), organization: OrganizationID(try r.text("org_id", of: "accounts", key: name)), active: true,
            person: r.string("person"), member: r.string("member_id"))
        return (account, r.string("password_hash"))
    }

    /// A new session of `name`.
    func insertSession(digest: String, name: String, csrf: String, expires: Int64) async throws {
        _ = try await c.run("INSERT INTO sessions (digest, name, csrf, expires) VALUES (?, ?, ?, ?)", [.text(digest), .text(name), .text(csrf), .int(expires)])
    }

    /// The account of the live session of digest `digest` at `now`, its CSRF token and the
    /// organizations' version, in one read.
    func session(digest: String, now: Int64) async throws -> (account: Account, csrf: String, organizationsVersion: Int?)? {
        guard
            let r = try await c.run(
                """
                SELECT a.name, a.role, a.org_id, a.person, a.member_id, s.csrf, (SELECT value FROM counters WHERE name = 'organizations') AS organizations
                FROM sessions s JOIN accounts a ON a.name = s.name
                WHERE s.digest = ? AND s.expires >= ? AND a.disabled = 0
                """, [.text(digest), .int(now)]
            ).first
        else { return nil }
        let name = try r.text("name", of: "accounts", key: "session")
        let account = Account(
            name: name, role: try Self.role(r, name), organization: OrganizationID(try r.text("org_id", of: "accounts", key: name)), active: true,
            person: r.string("person"), member: r.string("member_id"))
        return (account, try r.text("csrf", of: "sessions", key: name), r.int("organizations"))
    }

    /// Ends the session of digest `digest`.
    func deleteSession(digest: String) async throws {
        _ = try await c.run("DELETE FROM sessions WHERE digest = ?", [.text(digest)])
    }

    /// Ends every session of `name`, on every server.
    func deleteSessions(of name: String) async throws {
        _ = try await c.run("DELETE FROM sessions WHERE name = ?", [.text(name)])
    }

    /// Counts an attempt under `key` at `moment` (a window started at or before
    /// `windowStartedBefore` starts again); returns the window's count. One statement: the row
    /// lock (PostgreSQL) or the write lock (SQLite) makes the count and its increment one step
    /// for every concurrent attempt.
    func countAttempt(key: String, at moment: Int64, windowStartedBefore expired: Int64) async throws -> Int {
        let row = try await c.run(
            """
            INSERT INTO attempts (key, window_start, count) VALUES (?, ?, 1)
            ON CONFLICT (key) DO UPDATE SET
              count = CASE WHEN attempts.window_start <= ? THEN 1 ELSE attempts.count + 1 END,
              window_start = CASE WHEN attempts.window_start <= ? THEN excluded.window_start ELSE attempts.window_start END
            RETURNING count
            """, [.text(key), .int(moment), .int(expired), .int(expired)]
        ).first
        guard let row else { throw WorkflowError(.storage, "表 attempts 未返回 \(key) 的计数") }
        return try row.integer("count", of: "attempts", key: key)
    }

    /// Clears the address's counter and takes one attempt back off the account's.
    func forgiveAttempt(address: String, account: String) async throws {
        _ = try await c.run("DELETE FROM attempts WHERE key = ?", [.text(address)])
        _ = try await c.run("UPDATE attempts SET count = count - 1 WHERE key = ? AND count > 0", [.text(account)])
    }

    /// An account as the register's 账号 sheet has it.
    struct RegisterRecord: Sendable {
        let name: String
        let nameKey: String
        let role: Role
        let organization: OrganizationID
        let person: String
        let phone: String
    }

    /// Every account as the register's sheet has it, by name.
    func registerRecords() async throws -> [RegisterRecord] {
        try await c.run("SELECT name, name_key, role, org_id, person, phone FROM accounts ORDER BY name", []).map { r in
            let name = try r.text("name", of: "accounts", key: "?")
            return RegisterRecord(
                name: name, nameKey: r.string("name_key") ?? NameKey.of(name), role: try Self.role(r, name),
                organization: OrganizationID(try r.text("org_id", of: "accounts", key: name)),
                // Accounts made before the register (`letters init`) have no holder's name or phone yet.
                person: r.string("person") ?? "", phone: r.string("phone") ?? "")
        }
    }

    /// A new account from the register, awaiting activation.
    func insertRegistered(_ a: RegisterRecord, activationDigest: String, expires: Int64) async throws {
        _ = try await c.run(
            """
            INSERT INTO accounts (name, role, org_id, password_hash, activation_digest, activation_expires, name_key, person, phone)
            VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?)
            """,
            [
                .text(a.name), .text(a.role.rawValue), .text(a.organization.rawValue), .text(activationDigest), .int(expires),
                .text(NameKey.of(a.name)), .text(a.person), .text(a.phone),
            ])
    }

    /// The register's change to an existing account.
    func updateRegistered(_ a: RegisterRecord) async throws {
        _ = try await c.run(
            "UPDATE accounts SET role = ?, org_id = ?, person = ?, phone = ? WHERE name = ?",
            [.text(a.role.rawValue), .text(a.organization.rawValue), .text(a.person), .text(a.phone), .text(a.name)])
    }

    private static func role(_ r: SQLRow, _ name: String) throws(WorkflowError) -> Role {
        let text = try r.text("role", of: "accounts", key: name)
        guard let role = Role(rawValue: text) else {
            throw WorkflowError(.storage, field: "role", rule: "stored", "表 accounts 中 \(name) 的 role 为“\(text)”，不是已知角色")
        }
        return role
    }
}
