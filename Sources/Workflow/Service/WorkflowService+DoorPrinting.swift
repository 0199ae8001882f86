import Foundation
import LetterModel
import Render

/// The door for letters, printers and archive exports: which letter and which parts a caller
/// may have, its organization's printer profiles, and archive exports for inspection. Decided
/// and audited here; the server only turns the answer into a response.
extension WorkflowService {
    // MARK: Letters

    /// Letter `hop` (from 1) of transfer `id` as `caller` asks for it: decided here (the
    /// transfer visible to the caller, the letter issued, every part asked for one the caller's
    /// subtree may see, the printer its organization's) and audited before it is handed over, a
    /// refusal with its code. Anything refused for being outside the subtree is answered as
    /// what does not exist.
    public func letterGrant(_ id: TransferID, hop: Int, request: LetterRequest, for caller: Caller) async throws -> LetterGrant {
        let transfer = try await self.transfer(id, for: caller, audit: nil, refusedAs: "download-letter")
        let action = request.returnedReceipt ? "download-receipt" : "download-letter"
        let target = Limits.clipped("\(transfer.id)#\(hop)\(request.auditDetail)", to: 200)
        do {
            guard (1...transfer.hops.count).contains(hop), let number = transfer.hops[hop - 1].number else {
                throw WorkflowError(.notFound, field: "hop", rule: "issued", "没有这封介绍信")
            }
            let tree = try await tree()
            let allowed = LetterAccess.parts(ofHop: hop - 1, in: transfer) { tree.isSelfOrAncestor(caller.account.organization, of: $0) }
            guard !allowed.isEmpty else {
                throw WorkflowError(.notFound, field: "hop", rule: "subtree", "没有这封介绍信")
            }
            if request.returnedReceipt {
                guard allowed.contains(.receipt), try await letter(transfer.id, hop: hop - 1).receiptPDF != nil else {
                    throw WorkflowError(.notFound, field: "part", rule: "returned", "没有这封介绍信退回的回执")
                }
            }
            let parts = request.parts ?? allowed
            guard parts.isSubset(of: allowed) else {
                throw WorkflowError(
                    .notAllowed, field: "parts", rule: "letter-parts",
                    "本组织只能查看第 \(hop) 封介绍信的 \(LetterPart.allCases.filter(allowed.contains).map(\.rawValue).joined(separator: "、"))")
            }
            var profile: PrinterProfile?
            if let name = request.printer {
                guard let found = try await printerProfile(org: caller.account.organization, name: name) else {
                    throw WorkflowError(.notFound, field: "printer", rule: "exists", "本组织没有名为“\(name)”的打印机设置")
                }
                profile = found
            }
            var layout: (name: String, file: LayoutFile)?
            if request.template == .two {
                layout = try await overprintLayout(of: caller.account.organization, named: request.layout)
            } else if request.layout != nil {
                throw WorkflowError(.invalid, field: "layout", rule: "template", "版式只用于套打（template=two）")
            }
            let grant = LetterGrant(transfer: transfer, hop: hop - 1, number: number, parts: parts, request: request, printer: profile, layout: layout)
            try await auditWriter.append(entry(caller, grant.isIssuedFile || request.returnedReceipt ? action : "print-letter", target: target, outcome: "ok"))
            return grant
        } catch let error as WorkflowError {
            try await audit(caller, action, target: target, outcome: error.code.rawValue)
            throw error
        }
    }

    /// The letter a grant allows, laid out as it asks (the issued file itself is
    /// `letter(_:hop:)`'s; the returned receipt `letter(_:hop:).receiptPDF`).
    public func print(_ grant: LetterGrant) async throws -> (pdf: Data, sha256: String) {
        try await printIssued(
            grant.transfer.id, hop: grant.hop, parts: grant.parts, template: grant.request.template, printer: grant.printer,
            layout: grant.layout?.file)
    }

    // MARK: Printer profiles

    /// The printer profiles of the caller's organization; audited as `view-printers` unless
    /// `audited` is false (when they are a detail of a page audited for something else).
    public func printerProfiles(for caller: Caller, audited: Bool = true) async throws -> [PrinterProfile] {
        let org = caller.account.organization
        guard audited else {
            try requireAdministrator(caller)
            return try await printerProfiles(org: org)
        }
        return try await read(caller, "view-printers", target: org.rawValue) { try await printerProfiles(org: org) }
    }

    /// Adds or replaces a printer profile of the caller's organization; the change and its
    /// entry in one transaction.
    public func savePrinterProfile(_ profile: PrinterProfile, for caller: Caller) async throws {
        let org = caller.account.organization
        try await change(caller, "save-printer", target: "\(org.rawValue)/\(Limits.clipped(profile.name, to: Limits.printerName))") { entry in
            try await savePrinterProfile(profile, org: org, audit: entry)
        }
    }

    /// Removes a printer profile of the caller's organization.
    public func deletePrinterProfile(named name: String, for caller: Caller) async throws {
        let org = caller.account.organization
        try await change(caller, "delete-printer", target: "\(org.rawValue)/\(Limits.clipped(name, to: Limits.printerName))") { entry in
            guard try await deletePrinterProfile(org: org, name: name, audit: entry) else {
                throw WorkflowError(.notFound, field: "name", rule: "exists", "本组织没有名为“\(name)”的打印机设置")
            }
        }
    }

    /// The calibration sheet of the caller's organization's printer `name` (uncalibrated when
    /// nil: how a new printer's profile is found).
    public func calibrationSheet(printer name: String?, for caller: Caller) async throws -> (name: String, pdf: Data) {
        let org = caller.account.organization
        return try await read(caller, "print-calibration", target: "\(org.rawValue)/\(Limits.clipped(name ?? "", to: Limits.printerName))") {
            guard let name else { return ("未校准", try await calibrationSheet(.uncalibrated("未校准"))) }
            guard let profile = try await printerProfile(org: org, name: name) else {
                throw WorkflowError(
                    .notFound, field: "name", rule: "exists",
                    "本组织没有名为“\(name)”的打印机设置；新打印机先打印未校准的校准页（/api/calibration）")
            }
            return (name, try await calibrationSheet(profile))
        }
    }

    // MARK: Archive exports

    /// The public key archive exports are signed with (administrators and auditors).
    public func exportSigningKey(for caller: Caller) async throws -> ExportSigningKey {
        try await read(caller, "view-archive-key", target: caller.account.organization.rawValue, roles: [.administrator, .auditor]) {
            try await exportSigningKey()
        }
    }

    /// Checks and audits an archive export before it starts: administrators and auditors, of an
    /// organization in their subtree (their own when nil). The request it returns is what
    /// `exportArchive(_:to:)` writes. `period` reads the period asked for once the caller is
    /// known to be allowed: a caller who may not export learns nothing of its parameters.
    /// `wholeStore` asks for every document as stored (outside organizations' included): only
    /// for a caller at the top of the tree.
    public func archiveExport(
        of org: OrganizationID?, wholeStore: Bool = false, includeDescendants: Bool,
        period: () throws -> (from: Date?, until: Date?),
        status: String?, for caller: Caller
    ) async throws -> ArchiveExportRequest {
        let asked = org ?? caller.account.organization
        var target = Self.describe(asked, wholeStore ? "whole-store" : "", includeDescendants ? "" : "own-only", status ?? "")
        do {
            try require(caller, [.administrator, .auditor])
            let tree = try await tree()
            _ = try ownOrganization(asked, of: caller, in: tree)
            if wholeStore, tree.organizations[caller.account.organization]?.parentID != nil {
                throw WorkflowError(.notAllowed, field: "org", rule: "whole-store", "全库导出只能由省级（树根）组织进行")
            }
            let (from, until) = try period()
            target = Self.describe(
                asked, includeDescendants ? "" : "own-only", from.map { "from=\(Int64($0.timeIntervalSince1970))" } ?? "",
                until.map { "until=\(Int64($0.timeIntervalSince1970))" } ?? "", status ?? "")
            if let status, !Transfer.stateCodes.contains(status) {
                throw WorkflowError(.invalid, field: "status", rule: "allowed-values", "status 应为 \(Transfer.stateCodes.sorted().joined(separator: "、")) 之一")
            }
            try await audit(caller, "export-archive", target: target, outcome: "started")
            let requestedBy = caller.address == "command-line" ? "命令行 \(caller.account.name)" : "\(caller.account.name)（\(caller.account.role.rawValue)）"
            return ArchiveExportRequest(
                organization: wholeStore ? nil : asked, includeDescendants: includeDescendants, from: from, until: until, status: status,
                requestedBy: requestedBy)
        } catch let error as WorkflowError {
            try await audit(caller, "export-archive", target: target, outcome: error.code.rawValue)
            throw error
        }
    }
}

extension WorkflowService {
    /// The receipt (part 3) of the letter that came in from another province, for the
    /// organization that registered it to send back to the letter's issuer (seed 000: 可以打印外省
    /// 转入的介绍信的回执): the outside letter's number, the member, the day of registration, sealed
    /// with the registering organization's current seal. Audited as a print.
    public func incomingReceipt(_ id: TransferID, for caller: Caller) async throws -> Data {
        let action = "print-incoming-receipt"
        let target = Limits.clipped(id, to: Limits.identifier)
        // A transfer the caller may not see is refused (and audited) there, as any other.
        let t = try await transfer(id, for: caller, audit: nil, refusedAs: action)
        do {
            guard case .intoProvince(let origin, _, _) = t.direction else {
                throw WorkflowError(.invalid, field: "id", rule: "into-province", "只有省外转入的转接有给原组织的回执")
            }
            guard caller.account.organization == t.path.organizations[0] else {
                throw WorkflowError(.notAllowed, "省外转入的回执由登记转入的党组织打印并盖章")
            }
            guard let number = t.originLetterNumber, !t.hops.isEmpty else {
                throw WorkflowError(.invalid, field: "originLetterNumber", rule: "required", "登记时没有填写原介绍信编号，无法打印回执")
            }
            let tree = try await tree()
            let member = try await self.member(t.memberID)
            var letter = try letterModel(t, hop: 0, member: member, tree: tree, receivedOn: nil)
            let day = t.createdAt.chinaDay
            letter.number = number
            letter.receiptAddressee = origin
            letter.receivedOn = CivilDate(year: day.year, month: day.month, day: day.day)
            guard let seal = try await currentSeal(t.path.organizations[0]) else {
                throw WorkflowError(.invalid, field: "seal", rule: "required", "本组织尚未上传印章，回执无法盖章")
            }
            let (pdf, _) = try await printer.render(letter, seal: nil, receiptSeal: seal.image, parts: [.receipt])
            try await audit(caller, action, target: target, outcome: "ok")
            return pdf
        } catch let error as WorkflowError {
            try await audit(caller, action, target: target, outcome: error.code.rawValue)
            throw error
        }
    }
}

extension WorkflowService {
    /// The letter `caller` would issue now by approving transfer `id` with `amendments`, as the
    /// machine would make it: the holder checks and completes it before issuing (seed 003).
    func nextLetter(of t: Transfer, validityDays: Int, amendments: LetterAmendments?, for caller: Caller) async throws -> Letter {
        var copy = t
        let tree = try await tree()
        let effects = try copy.apply(
            .approve, by: caller.actor, tree: tree, reason: "", destination: nil, validityDays: validityDays,
            amendments: amendments, at: clock.now())
        guard let hop = effects.lazy.compactMap({ if case .issueLetter(let h) = $0 { h } else { nil } }).first else {
            throw WorkflowError(.notAllowed, "现在没有要开具的介绍信")
        }
        return try letterModel(copy, hop: hop, member: try await member(t.memberID), tree: tree, receivedOn: nil)
    }

    /// `amendments` without what the register already says: only what the approver changed is
    /// kept with the letter and named in the log.
    func changedAmendments(_ amendments: LetterAmendments, of t: Transfer, validityDays: Int, for caller: Caller) async throws -> LetterAmendments {
        let plain = try await nextLetter(of: t, validityDays: validityDays, amendments: nil, for: caller)
        var a = try amendments.checked()
        if a.memberPhone == plain.member.phone { a.memberPhone = nil }
        if a.addressee == plain.addressee { a.addressee = nil }
        if a.address == plain.basicCommittee.address { a.address = nil }
        if a.phone == plain.basicCommittee.phone { a.phone = nil }
        if a.fax == plain.basicCommittee.fax { a.fax = nil }
        if a.postcode == plain.basicCommittee.postcode { a.postcode = nil }
        return a
    }

    /// The draft (unnumbered, unsealed) of the letter `caller` would issue by approving now,
    /// with `amendments`: the preview of 核对并完善介绍信. Audited as a read.
    public func letterPreview(_ id: TransferID, validityDays: Int = 15, amendments: LetterAmendments?, for caller: Caller) async throws -> Data {
        let action = "preview-letter"
        let t = try await transfer(id, for: caller, audit: nil, refusedAs: action)
        return try await read(caller, action, target: Limits.clipped(id, to: Limits.identifier)) {
            var letter = try await nextLetter(of: t, validityDays: validityDays, amendments: amendments, for: caller)
            letter.number = "（预览，未编号）"
            do {
                return try await printer.render(letter, seal: nil).pdf
            } catch let error as RenderError where error.code == .missingGlyph {
                throw WorkflowError(.invalid, field: "letter", rule: "printable", "介绍信上有无法打印的字符：\(error.message)")
            }
        }
    }

    /// What a page pre-fills 核对并完善介绍信 with: the next letter as the register makes it.
    public func letterDefaults(_ id: TransferID, for caller: Caller) async throws -> LetterAmendments? {
        let t = try await transfer(id, for: caller, audit: nil)
        guard t.allowedOperations(for: caller.actor, tree: try await tree(), at: clock.now()).contains(.approve),
            let letter = try? await nextLetter(of: t, validityDays: 15, amendments: nil, for: caller)
        else { return nil }
        return LetterAmendments(
            memberPhone: letter.member.phone, addressee: letter.addressee, address: letter.basicCommittee.address,
            phone: letter.basicCommittee.phone, fax: letter.basicCommittee.fax, postcode: letter.basicCommittee.postcode)
    }
}
