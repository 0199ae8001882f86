import Crypto
import Foundation
import NIOConcurrencyHelpers
import NIOPosix

/// Accounts, sessions and the audit log (§9): the security officer creates accounts, each with
/// an activation code valid for seven days with which its holder sets a password; logins are
/// rate-limited per account and address; sessions and API tokens are stored, so that several
/// server processes can share one database.
public final class AccountService: Sendable {
    let store: any WorkflowStore
    let clock: any WorkflowClock
    let hasher: any PasswordHasher
    let attempts: AttemptLimiter
    private let auditWriter: AuditWriter
    /// Checked against when the login name does not exist, so that an unknown name takes as
    /// long to refuse as a wrong password (no telling accounts apart by the time).
    private let decoyHash: String

    /// The most entries one audit-log export carries.
    public static let exportLimit = 100_000
    /// How long an activation code is valid.
    public static let activationValidity: TimeInterval = 7 * 86_400
    /// How long a session lasts without use.
    public static let sessionValidity: TimeInterval = 8 * 3_600
    /// Login (or activation) attempts allowed per account and address in `failureWindow`
    /// (`AttemptLimiter` also limits each account over all addresses).
    public static let maxFailures = 5
    /// The window of `maxFailures`.
    public static let failureWindow: TimeInterval = 15 * 60

    /// Creates the service.
    public init(store: any WorkflowStore, clock: any WorkflowClock = SystemClock(), hasher: any PasswordHasher) {
        self.store = store
        self.clock = clock
        self.hasher = hasher
        decoyHash = hasher.hash(Self.random(16))
        auditWriter = AuditWriter.shared(for: store)
        attempts = AttemptLimiter(store: store)
    }

    /// Runs a password hash's work (a quarter of a second at bcrypt's cost 12) on NIO's
    /// blocking pool: on the two cooperative threads of a two-core machine, a burst of logins
    /// would otherwise stall every other request.
    func offloaded<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(work)
    }

    static func random(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return ArchiveEntry.hex((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    static func digest(_ text: String) -> String {
        ArchiveEntry.hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// Creates the first security officer of an empty system (set-up only): returns its
    /// activation code.
    public func bootstrap(name: String, organization: OrganizationID) async throws -> String {
        guard try await !store.transaction({ try await AccountRepository(c: $0).hasAccounts() }) else {
            throw WorkflowError(.notAllowed, rule: "first-account", "系统已有账号：新账号须由安全员创建")
        }
        try Self.checkName(name)
        let entry = AuditEntry(
            at: clock.now(), account: "local", address: "command-line", action: "create-account",
            target: "\(name) role=\(Role.securityOfficer.rawValue) org=\(organization.rawValue)", outcome: "ok")
        return try await insert(name: name, role: .securityOfficer, organization: organization, audit: entry)
    }

    /// Creates an account for `caller` (a security officer, within its subtree); returns the
    /// activation code to hand to its holder. The account and its audit entry (with role and
    /// organization) are written in one transaction; a refusal is audited with its code.
    public func createAccount(
        name: String, role: Role, organization: OrganizationID, tree: OrganizationTree,
        for caller: Caller
    ) async throws -> String {
        let target = "\(Limits.clipped(name, to: Limits.accountName)) role=\(role.rawValue) org=\(Limits.clipped(organization.rawValue, to: Limits.identifier))"
        do {
            guard caller.account.role == .securityOfficer else {
                throw WorkflowError(.wrongRole, rule: "role", "只有安全员可以创建账号（当前角色：\(caller.account.role.label)）")
            }
            guard role != .member else {
                throw WorkflowError(.invalid, field: "role", rule: "member-account", "党员账号由党员所在党支部的管理员在党员页面创建")
            }
            guard tree.organizations[organization] != nil, tree.isSelfOrAncestor(caller.account.organization, of: organization) else {
                throw WorkflowError(
                    .notFound, field: "organization", rule: "subtree", "本账号的下级中没有组织 \(Limits.clipped(organization.rawValue, to: Limits.identifier))")
            }
            try Self.checkName(name)
            let entry = AuditEntry(
                at: clock.now(), account: caller.account.name, address: caller.address, action: "create-account",
                target: target, outcome: "ok")
            return try await insert(name: name, role: role, organization: organization, audit: entry)
        } catch let error as WorkflowError {
            try await audit(
                AuditEntry(
                    at: clock.now(), account: caller.account.name, address: caller.address, action: "create-account",
                    target: target, outcome: error.code.rawValue))
            throw error
        }
    }

    /// The accounts of the caller's subtree (a security officer's): the others' names and
    /// places are not its business. Audited as `view-accounts`.
    public func accounts(in tree: OrganizationTree, for caller: Caller) async throws -> [Account] {
        let target = caller.account.organization.rawValue
        guard caller.account.role == .securityOfficer else {
            try await audit(
                AuditEntry(
                    at: clock.now(), account: caller.account.name, address: caller.address, action: "view-accounts",
                    target: target, outcome: WorkflowError.Code.wrongRole.rawValue))
            throw WorkflowError(.wrongRole, rule: "role", "只有安全员可以管理账号（当前角色：\(caller.account.role.label)）")
        }
        let mine = Set(tree.subtree(caller.account.organization).map(\.rawValue))
        let all = try await store.read { try await AccountRepository(c: $0).all() }
        auditSoon(AuditEntry(at: clock.now(), account: caller.account.name, address: caller.address, action: "view-accounts", target: target, outcome: "ok"))
        return all.filter { mine.contains($0.organization.rawValue) }
    }

    /// A login name's rule: 3 to `Limits.accountName` letters, digits, `_`, `.` or `-`.
    static func checkName(_ name: String) throws(WorkflowError) {
        guard name.unicodeScalars.count <= Limits.accountName,
            name.range(of: #"^[A-Za-z0-9_.\-]{3,32}$"#, options: .regularExpression) != nil
        else {
            throw WorkflowError(.invalid, field: "name", rule: "format", "登录名应为 3–\(Limits.accountName) 个字母、数字、下划线、点或连字符")
        }
    }

    private func insert(name: String, role: Role, organization: OrganizationID, member: MemberID? = nil, audit entry: AuditEntry? = nil) async throws -> String
    {
        let code = String(Self.random(4).uppercased())
        let expires = Int64(clock.now().addingTimeInterval(Self.activationValidity).timeIntervalSince1970)
        try await store.transaction { c in
            let accounts = AccountRepository(c: c)
            guard try await !accounts.nameTaken(name) else {
                throw WorkflowError(.invalid, field: "name", rule: "unique", "登录名 \(name) 已被使用（不区分大小写和全角半角）")
            }
            if let member, try await accounts.memberHasAccount(member) {
                throw WorkflowError(.invalid, field: "member", rule: "unique", "该党员已有账号：可由安全员重置授权码")
            }
            try await accounts.insert(
                name: name, role: role, organization: organization, member: member, activationDigest: Self.digest(code), expires: expires)
            if let entry { try await Repository(c: c).appendAudit(entry) }
        }
        return code
    }

    /// Sets the password of an account with its activation code (valid seven days, once).
    /// Wrong codes count against the name and address like failed logins, and the code is
    /// checked before the password is hashed: guessing costs the guesser, not the server.
    public func activate(name: String, code: String, password: String, address: String = "local") async throws {
        let moment = clock.now()
        // Bounded before anything is counted or logged: the audit log keeps no attacker's megabytes.
        guard name.unicodeScalars.count <= Limits.accountName, code.unicodeScalars.count <= Limits.activationCode,
            password.unicodeScalars.count <= Limits.password
        else {
            try await audit(
                AuditEntry(
                    at: moment, account: Limits.clipped(name, to: Limits.accountName), address: address, action: "activate",
                    target: Limits.clipped(name, to: Limits.accountName), outcome: "invalid"))
            throw WorkflowError(
                .invalid, field: "name", rule: "length", "登录名最多 \(Limits.accountName) 个字符，授权码最多 \(Limits.activationCode) 个，密码最多 \(Limits.password) 个")
        }
        guard password.count >= 10, password.contains(where: \.isLetter), password.contains(where: \.isNumber) else {
            throw WorkflowError(.invalid, field: "password", rule: "strength", "密码至少 10 位，须同时包含字母和数字")
        }
        guard try await attempts.admit("activate", name: name, address: address, at: moment) else {
            try await audit(AuditEntry(at: moment, account: name, address: address, action: "activate", target: name, outcome: "rate-limited"))
            throw WorkflowError(.notAllowed, "授权码错误次数过多，请 15 分钟后再试")
        }
        let now = Int64(moment.timeIntervalSince1970)
        let digest = Self.digest(code.uppercased())
        let valid = try await store.transaction { try await AccountRepository(c: $0).activationValid(name: name, digest: digest, now: now) }
        guard valid else {
            try await audit(AuditEntry(at: moment, account: name, address: address, action: "activate", target: name, outcome: "failed"))
            throw WorkflowError(.invalid, field: "code", rule: "activation", "授权码无效或已过期（有效期 7 天），请联系安全员")
        }
        let hasher = hasher
        let hash = try await offloaded { hasher.hash(password) }
        try await store.transaction { c in
            let accounts = AccountRepository(c: c)
            // Used by a concurrent activation in the meantime.
            guard try await accounts.activate(name: name, digest: digest, now: now, passwordHash: hash) else {
                throw WorkflowError(.invalid, field: "code", rule: "activation", "授权码无效或已过期（有效期 7 天），请联系安全员")
            }
            // Sessions opened before a reset end with it, on every server.
            try await accounts.deleteSessions(of: name)
        }
        try await attempts.succeeded("activate", name: name, address: address)
        try await audit(AuditEntry(at: moment, account: name, address: address, action: "activate", target: name, outcome: "ok"))
    }

    /// Checks a login; returns a new session id and its CSRF token. Failures are counted per
    /// account and address, and every attempt is audited.
    public func login(name: String, password: String, address: String) async throws -> (account: Account, session: String, csrf: String) {
        let now = clock.now()
        guard name.unicodeScalars.count <= Limits.accountName, password.unicodeScalars.count <= Limits.password else {
            try await audit(
                AuditEntry(
                    at: now, account: Limits.clipped(name, to: Limits.accountName), address: address, action: "login",
                    target: Limits.clipped(name, to: Limits.accountName), outcome: "failed"))
            throw WorkflowError(.notAllowed, "登录名或密码错误")
        }
        guard try await attempts.admit("login", name: name, address: address, at: now) else {
            try await audit(AuditEntry(at: now, account: name, address: address, action: "login", target: name, outcome: "rate-limited"))
            throw WorkflowError(.notAllowed, "登录失败次数过多，请 15 分钟后再试")
        }
        let found = try await store.transaction { try await AccountRepository(c: $0).forLogin(name) }
        let hash = found?.passwordHash
        let hasher = hasher
        let decoy = decoyHash
        let verified = try await offloaded { hasher.verify(password, hash: hash ?? decoy) }
        guard let account = found?.account, hash != nil, verified else {
            try await audit(AuditEntry(at: now, account: name, address: address, action: "login", target: name, outcome: "failed"))
            throw WorkflowError(.notAllowed, "登录名或密码错误")
        }
        try await attempts.succeeded("login", name: name, address: address)
        let session = Self.random(32)
        let csrf = Self.random(16)
        let expires = Int64(now.addingTimeInterval(Self.sessionValidity).timeIntervalSince1970)
        try await store.transaction { try await AccountRepository(c: $0).insertSession(digest: Self.digest(session), name: name, csrf: csrf, expires: expires) }
        try await audit(AuditEntry(at: now, account: name, address: address, action: "login", target: name, outcome: "ok"))
        return (account, session, csrf)
    }

    /// The account of a live session (or API token), and its CSRF token. Looked up in the
    /// store on every request, never cached: a logout, a reset or a removed account ends the
    /// session on every server at once.
    public func account(session: String) async throws -> (account: Account, csrf: String, organizationsVersion: Int?)? {
        let now = Int64(clock.now().timeIntervalSince1970)
        // The organizations' version comes along (`OrganizationsVersion`): one read a request.
        return try await store.read { try await AccountRepository(c: $0).session(digest: Self.digest(session), now: now) }
    }

    /// Ends a session; audited as `logout` for `caller` (the session's account) when known.
    public func logout(session: String, caller: Caller? = nil) async throws {
        try await store.transaction { c in
            try await AccountRepository(c: c).deleteSession(digest: Self.digest(session))
            if let caller {
                try await Repository(c: c).appendAudit(
                    AuditEntry(
                        at: clock.now(), account: caller.account.name, address: caller.address,
                        action: "logout", target: caller.account.name, outcome: "ok"))
            }
        }
    }

    /// Appends to the audit log (append only: there is no update or delete).
    public func audit(_ entry: AuditEntry) async throws {
        try await auditWriter.append(entry)
    }

    /// Appends to the audit log without waiting for the commit (reads of lists: see `AuditWriter`).
    public func auditSoon(_ entry: AuditEntry) {
        auditWriter.enqueue(entry)
    }

    /// The audit log, newest first (auditor only), as `query` selects; each entry with its
    /// sequence number, for paging back with `AuditQuery.before`. An auditor at the root of
    /// `tree` reads everything (failed logins under unknown names included); one below it reads
    /// the entries of its subtree's accounts, as an administrator sees its subtree's transfers.
    /// The auditor's own read is audited too (`read-audit`, or `export-audit` when `exported`).
    /// With `exported`, every entry `query` selects (up to `exportLimit`, read a page of
    /// `AuditQuery.pageLimit` at a time), for a spreadsheet.
    public func auditLog(
        query: AuditQuery = AuditQuery(), exported: Bool = false, in tree: OrganizationTree,
        for caller: Caller
    ) async throws -> [AuditEntry] {
        let action = exported ? "export-audit" : "read-audit"
        let target = Limits.clipped([query.account, query.action, query.target].compactMap { $0 }.joined(separator: " "), to: 200)
        guard caller.account.role == .auditor else {
            try await audit(
                AuditEntry(
                    at: clock.now(), account: caller.account.name, address: caller.address, action: action,
                    target: target, outcome: WorkflowError.Code.wrongRole.rawValue))
            throw WorkflowError(.wrongRole, rule: "role", "只有审计员可以查看审计日志（当前角色：\(caller.account.role.label)）")
        }
        var entries: [AuditEntry] = []
        if exported {
            var page = query
            page.limit = AuditQuery.pageLimit
            while entries.count < Self.exportLimit {
                let more = try await auditLog(reader: caller.account, query: page, in: tree)
                entries += more
                guard more.count == page.limit, let oldest = more.last?.seq else { break }
                page.before = oldest
            }
        } else {
            entries = try await auditLog(reader: caller.account, query: query, in: tree)
        }
        auditSoon(AuditEntry(at: clock.now(), account: caller.account.name, address: caller.address, action: action, target: target, outcome: "ok"))
        return entries
    }

    func auditLog(reader: Account, query: AuditQuery, in tree: OrganizationTree) async throws -> [AuditEntry] {
        // Whatever this server has queued is in the log the auditor reads.
        try await auditWriter.barrier()
        return try await store.transaction { c in
            var query = query
            if tree.lineage(reader.organization).count > 1 {
                let orgs = Set(tree.subtree(reader.organization).map(\.rawValue))
                query.scope = try await AccountRepository(c: c).organizations().filter { orgs.contains($0.organization.rawValue) }.map(\.name)
            }
            return try await AuditRepository(c: c).entries(query)
        }
    }
}

extension AccountService {
    /// Creates the account of `member` for `caller` (an administrator whose subtree holds the
    /// member's branch): the member applies for their own transfer with it and follows it. One
    /// account per member; the activation code is handed to the member as an administrator's is.
    public func createMemberAccount(name: String, member: PartyMember, tree: OrganizationTree, for caller: Caller) async throws -> String {
        let target = "\(Limits.clipped(name, to: Limits.accountName)) role=member member=\(Limits.clipped(member.id, to: Limits.identifier))"
        do {
            guard caller.account.role == .administrator else {
                throw WorkflowError(.wrongRole, rule: "role", "党员账号由党员所在党支部（或其上级）的管理员创建（当前角色：\(caller.account.role.label)）")
            }
            guard tree.isSelfOrAncestor(caller.account.organization, of: member.organization) else {
                throw WorkflowError(.notFound, "没有党员 \(Limits.clipped(member.id, to: Limits.identifier))")
            }
            guard member.status == .active || member.status == .inTransfer else {
                throw WorkflowError(.invalid, field: "member", rule: "status", "\(member.name) 不是在册党员：不能创建账号")
            }
            try Self.checkName(name)
            let entry = AuditEntry(
                at: clock.now(), account: caller.account.name, address: caller.address, action: "create-member-account",
                target: target, outcome: "ok")
            return try await insert(name: name, role: .member, organization: member.organization, member: member.id, audit: entry)
        } catch let error as WorkflowError {
            try await audit(
                AuditEntry(
                    at: clock.now(), account: caller.account.name, address: caller.address, action: "create-member-account",
                    target: target, outcome: error.code.rawValue))
            throw error
        }
    }
}
