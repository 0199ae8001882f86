import Foundation

/// What the security officer does to an account after making it (register spec §4): reset it
/// (a new one-week activation code; the old password and every session end), disable and
/// enable it, move it to another organization of its subtree; and what every holder does:
/// change its own password. Each decided here against the caller, each change and its audit
/// entry in one transaction, each refusal audited.
extension AccountService {
    /// Resets `name`: a new activation code (valid seven days) replaces the password, and every
    /// session of the account ends on every server. Returns the code to hand over.
    public func reset(_ name: String, tree: OrganizationTree, for caller: Caller) async throws -> String {
        try await manage(name, "reset-account", tree: tree, for: caller) { c, entry in
            let code = String(Self.random(4).uppercased())
            let expires = Int64(self.clock.now().addingTimeInterval(Self.activationValidity).timeIntervalSince1970)
            let accounts = AccountRepository(c: c)
            try await accounts.reset(name: name, activationDigest: Self.digest(code), expires: expires)
            try await accounts.deleteSessions(of: name)
            try await Repository(c: c).appendAudit(entry)
            return code
        }
    }

    /// Disables (or enables again) `name`; a disabled account cannot log in and its sessions end.
    public func setDisabled(_ name: String, _ disabled: Bool, tree: OrganizationTree, for caller: Caller) async throws {
        try await manage(name, disabled ? "disable-account" : "enable-account", tree: tree, for: caller) { c, entry in
            guard name != caller.account.name else {
                throw WorkflowError(.notAllowed, field: "name", rule: "self", "不能停用或启用自己的账号")
            }
            let accounts = AccountRepository(c: c)
            try await accounts.setDisabled(name, disabled)
            if disabled { try await accounts.deleteSessions(of: name) }
            try await Repository(c: c).appendAudit(entry)
        }
    }

    /// Moves `name` to `organization` (both in the caller's subtree); its sessions end, as its
    /// scope changed.
    public func move(_ name: String, to organization: OrganizationID, tree: OrganizationTree, for caller: Caller) async throws {
        try await manage(name, "move-account", detail: " org=\(Limits.clipped(organization.rawValue, to: Limits.identifier))", tree: tree, for: caller) {
            c, entry in
            guard tree.organizations[organization] != nil, tree.isSelfOrAncestor(caller.account.organization, of: organization) else {
                throw WorkflowError(
                    .notFound, field: "organization", rule: "subtree", "本账号的下级中没有组织 \(Limits.clipped(organization.rawValue, to: Limits.identifier))")
            }
            let accounts = AccountRepository(c: c)
            try await accounts.move(name, to: organization)
            try await accounts.deleteSessions(of: name)
            try await Repository(c: c).appendAudit(entry)
        }
    }

    /// Changes the caller's own password: the old one is checked (and a wrong one counted, as
    /// a failed login is), the new one must be strong; every session of the account ends, the
    /// caller's own included (it logs in again).
    public func changePassword(old: String, new: String, for caller: Caller) async throws {
        let name = caller.account.name
        let audit = { (outcome: String) in
            try await self.audit(
                AuditEntry(at: self.clock.now(), account: name, address: caller.address, action: "change-password", target: name, outcome: outcome))
        }
        guard old.unicodeScalars.count <= Limits.password, new.unicodeScalars.count <= Limits.password else {
            try await audit("invalid")
            throw WorkflowError(.invalid, field: "password", rule: "length", "密码最多 \(Limits.password) 个字符")
        }
        guard new.count >= 10, new.contains(where: \.isLetter), new.contains(where: \.isNumber) else {
            try await audit("invalid")
            throw WorkflowError(.invalid, field: "new", rule: "strength", "新密码至少 10 位，须同时包含字母和数字")
        }
        guard try await attempts.admit("password", name: name, address: caller.address, at: clock.now()) else {
            try await audit("rate-limited")
            throw WorkflowError(.notAllowed, rule: "rate-limited", "原密码错误次数过多，请 15 分钟后再试")
        }
        let stored = try await store.read { try await AccountRepository(c: $0).passwordHash(of: name) }
        let hasher = hasher
        guard let stored, try await offloaded({ hasher.verify(old, hash: stored) }) else {
            try await audit("failed")
            throw WorkflowError(.invalid, field: "old", rule: "password", "原密码不对")
        }
        let hash = try await offloaded { hasher.hash(new) }
        let entry = AuditEntry(at: clock.now(), account: name, address: caller.address, action: "change-password", target: name, outcome: "ok")
        try await store.transaction { c in
            let accounts = AccountRepository(c: c)
            try await accounts.setPasswordHash(hash, of: name)
            try await accounts.deleteSessions(of: name)
            try await Repository(c: c).appendAudit(entry)
        }
        try await attempts.succeeded("password", name: name, address: caller.address)
    }

    /// Runs `change` on account `name` for `caller` (a security officer whose subtree holds the
    /// account's organization); an account outside it is answered as one that does not exist.
    private func manage<T: Sendable>(
        _ name: String, _ action: String, detail: String = "", tree: OrganizationTree, for caller: Caller,
        _ change: @escaping @Sendable (any StoreConnection, AuditEntry) async throws -> T
    ) async throws -> T {
        let target = Limits.clipped(name, to: Limits.accountName) + detail
        let entry = AuditEntry(at: clock.now(), account: caller.account.name, address: caller.address, action: action, target: target, outcome: "ok")
        do {
            guard caller.account.role == .securityOfficer else {
                throw WorkflowError(.wrongRole, rule: "role", "只有安全员可以管理账号（当前角色：\(caller.account.role.label)）")
            }
            let mine = caller.account.organization
            return try await store.transaction { c in
                let missing = WorkflowError(.notFound, field: "name", rule: "subtree", "本组织及下级中没有账号 \(target)")
                guard let org = try await AccountRepository(c: c).organization(of: name), tree.isSelfOrAncestor(mine, of: org) else { throw missing }
                return try await change(c, entry)
            }
        } catch let error as WorkflowError {
            try await audit(
                AuditEntry(
                    at: clock.now(), account: caller.account.name, address: caller.address, action: action, target: target,
                    outcome: error.code.rawValue))
            throw error
        }
    }
}
