import Crypto
import Foundation
import LetterModel
import Render
import Seal

extension WorkflowService {
    /// A letter or receipt rendered before the transaction that stores it.
    struct Rendered: Sendable {
        enum Kind: Sendable {
            case letter(sealVersion: Int?, doc: String, json: Data)
            case receipt
        }
        let hop: Int
        let kind: Kind
        let pdf: Data
        let sha256: String
        /// Where the seal's JPEG lies in `pdf`, to be stored without it (nil: stored whole).
        var cut: SealCut? = nil
    }

    /// Carries out `effects` of a change to `transfer`: numbers its new letters, renders them
    /// and their receipts (in parallel, outside the lock), then stores transfer, letters and
    /// member in one transaction that fails as a whole on a version conflict.
    func commit(
        _ transfer: Transfer, effects: [TransferEffect], member: PartyMember, tree: OrganizationTree, now: Date,
        isNew: Bool, newMember: Bool = false, photo: Data? = nil, attachment: (kind: String, bytes: Data)? = nil,
        holderBefore: OrganizationID? = nil, sealVersions: [OrganizationID: Int?]? = nil, audit: (Caller, String)? = nil
    ) async throws -> Transfer {
        var transfer = transfer
        // The lines this change wrote name who made it (the machine knows organizations only).
        if let (caller, _) = audit {
            for i in transfer.log.indices
            where transfer.log[i].at == now && transfer.log[i].person == nil
                && transfer.log[i].actor == caller.actor
            {
                transfer.log[i].person = caller.account.signature
            }
        }
        let issued = effects.compactMap { if case .issueLetter(let h) = $0 { h } else { nil } }
        if !issued.isEmpty {
            let day = now.chinaDay
            let prefix = String(format: "%04d%02d", day.year, day.month)
            let numbers = try await store.singleStatement { try await Repository(c: $0).nextNumbers(issued.count, prefix: prefix) }
            for (hop, number) in zip(issued, numbers) { transfer.hops[hop].number = number }
        }
        let rendered = try await render(effects, transfer: transfer, member: member, tree: tree, now: now, sealVersions: sealVersions)
        let movedMember = try apply(effects, to: member, transfer: transfer, now: now)
        let committed = transfer
        // The organization the transfer now waits for is told, in the change's own transaction.
        let notice: TransferNotice? = committed.currentHolder.flatMap { holder in
            guard holder != holderBefore else { return nil }
            return TransferNotice(
                organization: holder, transferID: committed.id, at: now,
                text: "待办：党员 \(committed.memberName) 的组织关系转接（\(committed.stateLabel)）等待 \(tree.organizations[holder]?.name ?? holder.rawValue) 办理")
        }
        // The transfer's row (its JSON document most of all) is made before the write lock.
        let columns = isNew ? nil : try Repository.columns(of: committed, tree: tree)
        try await store.transaction { c in
            let repo = Repository(c: c)
            if isNew {
                if newMember {
                    try await repo.insert(movedMember, path: tree.materializedPath(movedMember.organization))
                } else {
                    try await repo.update(movedMember, path: tree.materializedPath(movedMember.organization), expectedStatus: .active)
                }
                try await repo.insert(committed, tree: tree, member: movedMember)
                if let notice { try await repo.insertNotification(notice) }
            } else {
                try await repo.update(committed, tree: tree, columns: columns, notice: notice)
                if movedMember != member {
                    try await repo.update(movedMember, path: tree.materializedPath(movedMember.organization), expectedStatus: member.status)
                }
            }
            var chained: [ArchiveChain.Document] = []
            for r in rendered {
                switch r.kind {
                case .letter(let sealVersion, let doc, let json):
                    let hop = committed.hops[r.hop]
                    try await repo.insertLetter(
                        transfer: committed.id, hop: r.hop, number: hop.number ?? "",
                        issuer: committed.path.organizations[hop.from], sealVersion: sealVersion,
                        issuedAt: hop.issuedAt, pdf: r.pdf, cut: r.cut, sha256: r.sha256, letterDoc: doc, letterJSON: json)
                    chained.append(
                        ArchiveChain.Document(
                            transferID: committed.id, hop: r.hop, kind: .letter, number: hop.number ?? "", sha256: r.sha256, at: hop.issuedAt))
                case .receipt:
                    try await repo.setReceipt(transfer: committed.id, hop: r.hop, pdf: r.pdf, cut: r.cut, sha256: r.sha256)
                    chained.append(
                        ArchiveChain.Document(
                            transferID: committed.id, hop: r.hop, kind: .receipt, number: committed.hops[r.hop].number ?? "", sha256: r.sha256,
                            at: now))
                }
            }
            for (kind, bytes) in [photo.map { ("id-card-photo", $0) }, attachment.map { ($0.kind, $0.bytes) }].compactMap({ $0 }) {
                let sha = ArchiveEntry.hex(SHA256.hash(data: bytes))
                try await repo.insertAttachment(transfer: committed.id, kind: kind, bytes: bytes, sha256: sha)
            }
            if let (caller, action) = audit {
                try await repo.appendAudit(
                    AuditEntry(
                        at: now, account: caller.account.name, address: caller.address, action: action,
                        target: committed.id, outcome: "ok"))
            }
            // In the order stored: letters before receipts, as `render` sorted them. Last, because
            // the chain's head is one row every storing transaction locks until it commits.
            try await ArchiveChain.append(c, chained)
        }
        transfer.version += 1
        // What was just stored, for the next operation on it (checked against the stored
        // version then): decoding it again was 2 % of a full transfer's CPU.
        remember(transfer, version: transfer.version)
        return transfer
    }

    private func render(
        _ effects: [TransferEffect], transfer: Transfer, member: PartyMember, tree: OrganizationTree,
        now: Date, sealVersions: [OrganizationID: Int?]?
    ) async throws -> [Rendered] {
        var jobs: [(hop: Int, letter: Letter, seal: SealImage?, sealVersion: Int?, receiptSeal: SealImage?, receipt: Bool, sealer: OrganizationID)] = []
        for effect in effects {
            switch effect {
            case .issueLetter(let h):
                let issuer = transfer.path.organizations[transfer.hops[h].from]
                let seal = try await currentSeal(issuer, known: sealVersions)
                jobs.append(
                    (
                        h, try letterModel(transfer, hop: h, member: member, tree: tree, receivedOn: nil),
                        seal?.image, seal?.version, nil, false, issuer
                    ))
            case .returnReceipt(let h, let by):
                let seal = try await currentSeal(by, known: sealVersions)
                let day = now.chinaDay
                jobs.append(
                    (
                        h,
                        try letterModel(
                            transfer, hop: h, member: member, tree: tree,
                            receivedOn: CivilDate(year: day.year, month: day.month, day: day.day)),
                        nil, seal?.version, seal?.image, true, by
                    ))
            case .moveMember, .memberStatus, .restoreMember, .sendMemberBack:
                continue  // the member's record, not a document: `apply(_:to:transfer:now:)`
            }
        }
        let printer = self.printer
        return try await withThrowingTaskGroup(of: Rendered.self) { group in
            for job in jobs {
                group.addTask {
                    do {
                        if job.receipt {
                            let (pdf, sha) = try await printer.render(job.letter, seal: nil, receiptSeal: job.receiptSeal, parts: [.receipt])
                            let cut = both(job.receiptSeal, job.sealVersion).flatMap { SealCut.find($0.jpeg, in: pdf, organization: job.sealer, version: $1) }
                            return Rendered(hop: job.hop, kind: .receipt, pdf: pdf, sha256: sha, cut: cut)
                        }
                        let (pdf, sha) = try await printer.render(job.letter, seal: job.seal)
                        let doc = String(decoding: try JSONEncoder().encode(LetterSnapshot(job.letter)), as: UTF8.self)
                        let cut = both(job.seal, job.sealVersion).flatMap { SealCut.find($0.jpeg, in: pdf, organization: job.sealer, version: $1) }
                        return Rendered(
                            hop: job.hop, kind: .letter(sealVersion: job.sealVersion, doc: doc, json: job.letter.encodedJSON()), pdf: pdf, sha256: sha,
                            cut: cut)
                    } catch let error as RenderError {
                        // A character no font can print came from what someone typed: their input is refused.
                        if error.code == .missingGlyph {
                            throw WorkflowError(.invalid, field: "letter", rule: "printable", "介绍信上有无法打印的字符：\(error.message)")
                        }
                        throw WorkflowError(.rendering, "介绍信无法生成：\(error.message)")
                    }
                }
            }
            var out: [Rendered] = []
            for try await r in group { out.append(r) }
            // Letters before receipts: a receipt may belong to a letter issued in the same step.
            func rank(_ r: Rendered) -> Int { if case .receipt = r.kind { 1 } else { 0 } }
            return out.sorted { (rank($0), $0.hop) < (rank($1), $1.hop) }
        }
    }

    /// The member record after the effects: moved, in transfer, restored.
    private func apply(_ effects: [TransferEffect], to member: PartyMember, transfer: Transfer, now: Date) throws -> PartyMember {
        var m = member
        for effect in effects {
            switch effect {
            case .memberStatus(let status):
                m.status = status
            case .moveMember(let from, let to):
                if let from {
                    m.records.append(MembershipRecord(kind: .decrease, organization: from, at: now, reason: "转出", transferID: transfer.id))
                }
                if let to {
                    m.records.append(
                        MembershipRecord(
                            kind: .increase, organization: to, at: now,
                            reason: from == nil ? transfer.type.rawValue : "转入", transferID: transfer.id))
                    m.organization = to
                    m.status = .active
                } else {
                    m.status = .history(.movedOut)
                }
            case .restoreMember(let at):
                m.records.append(MembershipRecord(kind: .increase, organization: at, at: now, reason: "找回", transferID: transfer.id))
                m.organization = at
                m.status = .active
            case .sendMemberBack(let from, let to):
                m.records.append(MembershipRecord(kind: .decrease, organization: from, at: now, reason: "接收后退回", transferID: transfer.id))
                m.records.append(MembershipRecord(kind: .increase, organization: to, at: now, reason: "接收后退回", transferID: transfer.id))
                m.organization = to
                m.status = .inTransfer
            case .issueLetter, .returnReceipt:
                continue  // documents, rendered by `render(_:transfer:member:tree:now:)`
            }
        }
        return m
    }

    /// The letter of `hop` as printed: addressee the next organization's letterhead, sealed by
    /// its issuer, with the member's and the original basic committee's data.
    func letterModel(_ t: Transfer, hop h: Int, member: PartyMember, tree: OrganizationTree, receivedOn: CivilDate?) throws -> Letter {
        let hop = t.hops[h]
        let issuer = try tree.organization(t.path.organizations[hop.from])
        var addressee: String
        if let to = hop.to {
            addressee = try tree.organization(t.path.organizations[to]).letterhead
        } else if case .outOfProvince(_, let letterhead) = t.direction {
            addressee = letterhead
        } else {
            addressee = ""
        }
        let fromName: String =
            switch t.direction {
            case .intoProvince(let origin, _, _): origin
            default: (try? tree.organization(t.source).name) ?? t.source.rawValue
            }
        let committeeID: OrganizationID =
            switch t.direction {
            case .intoProvince: t.path.organizations[0]
            default: tree.basicCommittee(of: t.source) ?? t.source
            }
        guard var contact = try tree.organization(committeeID).contact else {
            throw WorkflowError(.invalid, field: "basicCommittee.contact", rule: "required", "\(committeeID) 缺少联系方式")
        }
        // What the issuer checked and completed before issuing is what the letter says.
        var memberPhone = member.phone
        if let a = hop.amendments {
            memberPhone = a.memberPhone ?? memberPhone
            addressee = a.addressee ?? addressee
            contact.address = a.address ?? contact.address
            contact.phone = a.phone ?? contact.phone
            contact.fax = a.fax ?? contact.fax
            contact.postcode = a.postcode ?? contact.postcode
        }
        guard case .success(let id) = IDNumber.parse(member.idNumber) else {
            throw WorkflowError(.invalid, "member.idNumber: 身份证号码无效")
        }
        let day = hop.issuedAt.chinaDay
        let issued = CivilDate(year: day.year, month: day.month, day: day.day)!
        guard let dues = YearMonth(iso: t.duesPaidUpTo) else { throw WorkflowError(.invalid, "duesPaidUpTo: 无效") }
        let letterMember = LetterModel.Member(
            name: member.name, idNumber: id, ethnicity: member.ethnicity,
            category: MemberCategory(rawValue: member.category) ?? .full, phone: memberPhone, sex: id.sex,
            age: max(18, id.birthDate.years(until: issued)))
        return Letter(
            number: hop.number ?? "", addressee: addressee, member: letterMember, from: fromName,
            to: t.destinationName(tree), duesPaidUpTo: dues, validityDays: hop.validityDays, issuedOn: issued,
            basicCommittee: BasicCommittee(
                address: contact.address, phone: contact.phone, fax: contact.fax,
                postcode: contact.postcode),
            receiptAddressee: issuer.letterhead, receivedOn: receivedOn)
    }
}

/// The printed values of a letter, kept beside its PDF so that archives can show single parts.
struct LetterSnapshot: Codable {
    let number: String
    let addressee: String
    let from: String
    let to: String
    let issuedOn: String
    let validityDays: Int

    init(_ letter: Letter) {
        number = letter.number
        addressee = letter.addressee
        from = letter.from
        to = letter.to
        issuedOn = letter.issuedOn.description
        validityDays = letter.validityDays
    }
}

/// Both values, when both are there.
private func both<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
