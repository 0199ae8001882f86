import Foundation
import Render

/// The door for an organization's own print layouts (版式核对): administrators keep them for
/// their own organization; every read and change decided and audited here.
extension WorkflowService {
    /// The blanks of the shipped template two, where a new layout starts.
    public func templateBlanks() throws -> [LayoutBlank] {
        try baseOverprintLayout().blanks
    }

    /// The caller's organization's layouts, by name; audited as `view-layouts` unless
    /// `audited` is false (a detail of a page audited for something else).
    public func printLayouts(for caller: Caller, audited: Bool = true) async throws -> [PrintLayout] {
        let org = caller.account.organization
        guard audited else {
            try requireAdministrator(caller)
            return try await store.read { try await Repository(c: $0).printLayouts(of: org) }
        }
        return try await read(caller, "view-layouts", target: org.rawValue) {
            try await store.read { try await Repository(c: $0).printLayouts(of: org) }
        }
    }

    /// One of the caller's organization's layouts with its blanks where it has them.
    public func printLayout(named name: String, for caller: Caller) async throws -> (layout: PrintLayout, blanks: [LayoutBlank]) {
        let org = caller.account.organization
        return try await read(caller, "view-layout", target: Self.layoutTarget(org, name)) {
            let layout = try await existingLayout(org, name)
            return (layout, try layoutFile(layout).blanks)
        }
    }

    /// The layout of the caller's organization as a layout file (for `render-batch --layout`).
    public func printLayoutFile(named name: String, for caller: Caller) async throws -> LayoutFile {
        let org = caller.account.organization
        return try await read(caller, "download-layout", target: Self.layoutTarget(org, name)) {
            try layoutFile(try await existingLayout(org, name))
        }
    }

    /// The scan kept with a layout of the caller's organization, with its kind (`jpeg`, `png`).
    public func printLayoutScan(named name: String, for caller: Caller) async throws -> (kind: String, bytes: Data) {
        let org = caller.account.organization
        return try await read(caller, "view-layout-scan", target: Self.layoutTarget(org, name)) {
            let layout = try await existingLayout(org, name)
            guard let scan = layout.scan, let bytes = try await store.read({ try await Repository(c: $0).printLayoutScan(of: org, named: name) }) else {
                throw WorkflowError(.notFound, field: "scan", rule: "exists", "版式“\(name)”没有上传扫描件")
            }
            return (scan.kind, bytes)
        }
    }

    /// Saves a layout of the caller's organization: the blanks at `positions` (mm; those not
    /// named stay where template two has them), used by its downloads when `inUse`, with a new
    /// scan when `scan` is given. What is nil is kept as the layout had it (a new one: the
    /// template's blanks, not in use, no scan). The change and its audit entry in one
    /// transaction; a name that reads as another layout's is a clash.
    @discardableResult
    public func savePrintLayout(
        named rawName: String, positions: [String: Point]?, inUse: Bool?, scan: Data?,
        for caller: Caller
    ) async throws -> PrintLayout {
        let org = caller.account.organization
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await change(caller, "save-layout", target: Self.layoutTarget(org, name)) { entry in
            guard !name.isEmpty, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw WorkflowError(.invalid, field: "name", rule: "required", "请填写版式名称（如 2024年印制）")
            }
            try Limits.check(name, field: "name", max: Limits.layoutName)
            let base = try baseOverprintLayout()
            let known = Dictionary(base.blanks.map { ($0.key, $0.position) }, uniquingKeysWith: { a, _ in a })
            let scanInfo = try scan.map(PrintLayout.scan(of:))
            let key = NameKey.of(name)
            return try await store.transaction { c in
                let repository = Repository(c: c)
                if let other = try await repository.printLayoutClash(of: org, key: key, other: name) {
                    throw WorkflowError(.invalid, field: "name", rule: "unique", "已有版式“\(other)”，与“\(name)”视为同名；请换一个名称或修改原版式")
                }
                let before = try await repository.printLayout(of: org, named: name)
                // Only what differs from the template is kept: a later correction of the shipped
                // template then reaches every blank a county did not move.
                let moved = (positions ?? before?.positions ?? [:]).filter { key, point in
                    guard let at = known[key] else { return true }
                    return abs(at.x - point.x) > 0.001 || abs(at.y - point.y) > 0.001
                }
                do throws(RenderError) {
                    _ = try base.moving(moved, name: name)
                } catch {
                    throw WorkflowError(.invalid, field: "positions", rule: "blank", error.message, cause: error)
                }
                let layout = PrintLayout(
                    name: name, positions: moved, inUse: inUse ?? before?.inUse ?? false, scan: scanInfo ?? before?.scan,
                    savedBy: caller.account.name, savedAt: clock.now())
                try await repository.savePrintLayout(layout, of: org, key: key, scan: scan)
                try await repository.appendAudit(entry)
                return layout
            }
        }
    }

    /// Removes a layout of the caller's organization.
    public func deletePrintLayout(named name: String, for caller: Caller) async throws {
        let org = caller.account.organization
        try await change(caller, "delete-layout", target: Self.layoutTarget(org, name)) { entry in
            try await store.transaction { c in
                let repository = Repository(c: c)
                guard try await repository.deletePrintLayout(of: org, named: name) else {
                    throw WorkflowError(.notFound, field: "name", rule: "exists", "本组织没有名为“\(name)”的版式")
                }
                try await repository.appendAudit(entry)
            }
        }
    }

    /// The layout file a stored layout stands for: template two with its blanks moved.
    public func layoutFile(_ layout: PrintLayout) throws -> LayoutFile {
        let base = try baseOverprintLayout()
        do throws(RenderError) {
            return try base.moving(layout.positions, name: "template-two/\(layout.name)")
        } catch {
            throw WorkflowError(.storage, "版式“\(layout.name)”保存的位置不再适用于模板二：\(error.message)", cause: error)
        }
    }

    /// The layout a template-two download of `org` is laid out on: the one it names, else the
    /// one in use, else nil (the shipped template). Read from the store at each download, so a
    /// layout saved by another server is used at once.
    func overprintLayout(of org: OrganizationID, named name: String?) async throws -> (name: String, file: LayoutFile)? {
        let found = try await store.read { c -> PrintLayout? in
            let repository = Repository(c: c)
            if let name { return try await repository.printLayout(of: org, named: name) }
            return try await repository.printLayoutInUse(of: org)
        }
        if let name, found == nil {
            throw WorkflowError(.notFound, field: "layout", rule: "exists", "本组织没有名为“\(name)”的版式")
        }
        return try found.map { ($0.name, try layoutFile($0)) }
    }

    private func existingLayout(_ org: OrganizationID, _ name: String) async throws -> PrintLayout {
        guard let layout = try await store.read({ try await Repository(c: $0).printLayout(of: org, named: name) }) else {
            throw WorkflowError(.notFound, field: "name", rule: "exists", "本组织没有名为“\(name)”的版式")
        }
        return layout
    }

    private func baseOverprintLayout() throws -> LayoutFile {
        guard let base = printer.layout(.two) else { throw WorkflowError(.rendering, "没有版式 template-two") }
        return base
    }

    static func layoutTarget(_ org: OrganizationID, _ name: String) -> String {
        "\(org.rawValue)/\(Limits.clipped(name, to: Limits.layoutName))"
    }
}
