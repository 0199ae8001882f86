import Crypto
import Foundation
import LetterModel
import Render
import Seal

extension WorkflowService {
    /// Prints `parts` of an issued letter from the values it was issued with: a part set on
    /// template one (sealed with the seal version it was issued under) or an overprint on
    /// template two (values only; the pre-printed sheet is stamped by hand), shifted by
    /// `printer`. The stored PDF stays the record; this is the same letter laid out for a
    /// particular sheet, and rendering is deterministic, so the same request gives the same bytes.
    public func printIssued(
        _ id: TransferID, hop: Int, parts: Set<LetterPart>, template: LetterTemplate,
        printer profile: PrinterProfile?, layout: LayoutFile? = nil
    ) async throws -> (pdf: Data, sha256: String) {
        let stored = try await letter(id, hop: hop)
        return try await print(
            json: stored.letterJSON, issuer: stored.issuer, sealVersion: stored.sealVersion, hop: hop,
            parts: parts, template: template, printer: profile, layout: layout)
    }

    /// Lays out a letter from its stored values (see ``printIssued(_:hop:parts:template:printer:)``).
    func print(
        json: Data?, issuer: OrganizationID, sealVersion: Int?, hop: Int, parts: Set<LetterPart>,
        template: LetterTemplate, printer profile: PrinterProfile?, layout: LayoutFile? = nil
    ) async throws -> (pdf: Data, sha256: String) {
        guard let json else {
            throw WorkflowError(.notFound, "第 \(hop + 1) 封介绍信签发于旧版本，没有保存信件内容，只能下载原件")
        }
        let letter: Letter
        do {
            letter = try Letter.decode(json: json)
        } catch {
            throw WorkflowError(.storage, "第 \(hop + 1) 封介绍信保存的内容无法读取：\(error.message)", cause: error)
        }
        var seal: SealImage?
        if template == .one, let version = sealVersion {
            seal = try await sealImage(org: issuer, version: version)
        }
        do {
            return try await printer.render(letter, seal: seal, parts: parts, template: template, printer: profile, layout: layout)
        } catch let error as RenderError {
            throw WorkflowError(.rendering, "介绍信无法生成：\(error.message)", cause: error)
        }
    }

    /// Seal version `version` of `org`, decoded once and kept (versions never change).
    func sealImage(org: OrganizationID, version: Int) async throws -> SealImage {
        let key = "\(org.rawValue)#\(version)"
        if let cached = cache.withLockedValue({ $0.sealVersions[key] }) { return cached }
        guard let jpeg = try await sealJPEG(org: org, version: version) else {
            throw WorkflowError(.storage, "\(org) 的第 \(version) 版印章不在库中")
        }
        let image = try SealImage(validating: jpeg)
        cache.withLockedValue { $0.sealVersions[key] = image }
        return image
    }

    // MARK: Printer profiles

    /// The printer profiles an organization keeps (for overprinting template two), by name.
    public func printerProfiles(org: OrganizationID) async throws -> [PrinterProfile] {
        try await store.read { try await Repository(c: $0).printerProfiles(of: org) }
    }

    /// One printer profile of an organization, if it has one by that name.
    public func printerProfile(org: OrganizationID, name: String) async throws -> PrinterProfile? {
        try await printerProfiles(org: org).first { $0.name == name }
    }

    /// Adds or replaces a printer profile of `org`, after checking it.
    public func savePrinterProfile(_ profile: PrinterProfile, org: OrganizationID, audit entry: AuditEntry? = nil) async throws {
        _ = try await tree().organization(org)
        var problems = profile.problems
        // Code points, as the OpenAPI document (JSON Schema) counts them; a Swift count of
        // characters lets a long Indic or emoji name through.
        if profile.name.unicodeScalars.count > Limits.printerName { problems.append("name 最多 \(Limits.printerName) 个字") }
        guard problems.isEmpty else { throw WorkflowError(.invalid, field: "printer", rule: "profile", "" + problems.joined(separator: "；")) }
        let key = NameKey.of(profile.name)
        try await store.transaction { c in
            let repository = Repository(c: c)
            // Another profile whose name reads the same ("HP" and "ｈｐ") is a clash, not a second printer.
            if let other = try await repository.printerProfileClash(of: org, key: key, other: profile.name) {
                throw WorkflowError(.invalid, field: "name", rule: "unique", "已有打印机“\(other)”，与“\(profile.name)”视为同名；请换一个名称或修改原设置")
            }
            try await repository.savePrinterProfile(profile, of: org, key: key)
            if let entry { try await repository.appendAudit(entry) }
        }
    }

    /// Removes a printer profile; false when there was none by that name.
    public func deletePrinterProfile(org: OrganizationID, name: String, audit entry: AuditEntry? = nil) async throws -> Bool {
        try await store.transaction { c in
            let repository = Repository(c: c)
            let found = try await repository.deletePrinterProfile(of: org, named: name)
            if let entry, found { try await repository.appendAudit(entry) }
            return found
        }
    }

    /// The calibration sheet for `profile` on template two.
    public func calibrationSheet(_ profile: PrinterProfile) async throws -> Data {
        try await printer.calibration(profile)
    }
}
