import Foundation

/// The notices' outbox and the administrators' notice addresses, in SQL.
extension Repository {
    func insertNotification(_ n: TransferNotice) async throws {
        _ = try await c.run("\(Self.noticeInsert) VALUES (?, ?, ?, ?, ?)", Self.noticeBinds(n))
    }

    /// A notice's insert, without its values (`update` makes it part of a transfer's change).
    static let noticeInsert = "INSERT INTO notifications (org_id, transfer_id, at, text, next_attempt)"

    /// The values of `n`'s row, in `noticeInsert`'s order.
    static func noticeBinds(_ n: TransferNotice) -> [SQLValue] {
        [
            .text(n.organization.rawValue), .text(n.transferID), .int(Int64(n.at.timeIntervalSince1970)), .text(n.text),
            .int(Int64(n.at.timeIntervalSince1970)),
        ]
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
}
