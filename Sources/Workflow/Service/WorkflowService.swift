import Crypto
import Foundation
import LetterModel
import NIOConcurrencyHelpers
import Render
import Seal

/// Carries out workflow operations: loads a transfer, lets its state machine decide, renders
/// the letters and receipts it asks for (once, at issue), and stores everything in one
/// transaction guarded by the transfer's version.
public final class WorkflowService: Sendable {
    /// The store: not part of the service's API (every read and change goes through its doors),
    /// only for what works on the store as a whole — the command line's archive check and
    /// account tools, the benchmarks' bulk loader — which import `@_spi(Storage) Workflow`.
    @_spi(Storage) public let store: any WorkflowStore
    /// The clock.
    public let clock: any WorkflowClock
    let printer: LetterPrinter
    let verifier: any IdentityVerifier
    let cache = NIOLockedValueBox<Cache>(Cache())
    /// Reads and refusals are audited through it; a change's entry goes into its own transaction.
    let auditWriter: AuditWriter

    struct Cache {
        var tree: (version: Int, tree: OrganizationTree)?
        var seals: [OrganizationID: (version: Int, image: SealImage)] = [:]
        var transfers: [TransferID: (version: Int, transfer: Transfer)] = [:]
        var sealVersions: [String: SealImage] = [:]
    }

    /// A service over `store`.
    public init(
        store: any WorkflowStore, clock: any WorkflowClock = SystemClock(), printer: LetterPrinter,
        verifier: any IdentityVerifier = UnavailableVerifier()
    ) {
        self.store = store
        self.clock = clock
        self.printer = printer
        self.verifier = verifier
        auditWriter = AuditWriter.shared(for: store)
    }

    // MARK: Organizations, seals, members

    /// The organization tree. Kept in memory and used while the organizations' version in the
    /// store is unchanged (one small read per call), so that a change made through another
    /// server is seen at once.
    public func tree() async throws -> OrganizationTree {
        let cached = cache.withLockedValue { $0.tree }
        if let cached, let known = OrganizationsVersion.known, known == cached.version { return cached.tree }
        let (version, orgs) = try await store.read { c -> (Int, [Organization]?) in
            let repo = Repository(c: c)
            let version = try await repo.organizationsVersion()
            if let cached, cached.version == version { return (version, nil) }
            return (version, try await repo.organizations())
        }
        guard let orgs else { return cached!.tree }
        let tree = try OrganizationTree(orgs)
        cache.withLockedValue { $0.tree = (version, tree) }
        return tree
    }

    /// Saves organizations (new or changed, whole) after checking the whole tree as stored:
    /// for loading a tree. A change to one organization's fields goes through `update`.
    public func save(organizations: [Organization]) async throws {
        try await store.transaction { c in
            let repo = Repository(c: c)
            var all = Dictionary(uniqueKeysWithValues: try await repo.organizations().map { ($0.id, $0) })
            for org in organizations { all[org.id] = org }
            let tree = try OrganizationTree(Array(all.values))
            for org in organizations { try await repo.save(org, path: tree.materializedPath(org.id)) }
        }
        cache.withLockedValue { $0.tree = nil }
    }

    /// Changes some fields of one organization: `change` is applied to the organization as
    /// stored now (its row locked until the write) and the result written only if nobody changed
    /// it in between (else read again and retried), so that a letterhead edit through one server never undoes a permission
    /// set through another. The tree's shape (parent, category) may not change here.
    @discardableResult
    public func update(
        _ id: OrganizationID, audit entry: AuditEntry? = nil,
        _ change: @Sendable (inout Organization) throws -> Void
    ) async throws -> Organization {
        for _ in 0..<5 {
            let updated = try await store.transaction { c -> Organization? in
                let repo = Repository(c: c)
                guard let (org, doc) = try await repo.organization(id, locking: store.dialect) else { throw WorkflowError(.notFound, "没有组织 \(id)") }
                var changed = org
                try change(&changed)
                guard changed.parentID == org.parentID, changed.category == org.category else {
                    throw WorkflowError(.invalid, field: "organization", rule: "shape", "此处不能改变上级组织或类别")
                }
                guard try await repo.replace(changed, expected: doc) else { return nil }
                // The change's audit entry, in the change's own transaction.
                if let entry { try await repo.appendAudit(entry) }
                return changed
            }
            if let updated {
                cache.withLockedValue { $0.tree = nil }
                return updated
            }
        }
        throw WorkflowError(.conflict, "组织 \(id) 正被频繁修改，请稍后重试")
    }

    /// Uploads a new seal version for `org` after validating it; earlier versions are kept and
    /// letters already issued keep theirs.
    @discardableResult
    public func uploadSeal(org: OrganizationID, jpeg: Data, uploader: String, audit entry: AuditEntry? = nil) async throws -> Int {
        _ = try await tree().organization(org)
        let image: SealImage
        do {
            image = try SealImage(validating: jpeg)
        } catch {
            throw WorkflowError(.invalid, field: "seal", rule: "image", "\(error)")
        }
        let now = clock.now()
        let version = try await store.transaction { c in
            let repo = Repository(c: c)
            let version = try await repo.insertSeal(org: org, jpeg: jpeg, uploader: uploader, at: now)
            if var entry {
                entry.at = now
                try await repo.appendAudit(entry)
            }
            return version
        }
        cache.withLockedValue { $0.seals[org] = (version, image) }
        return version
    }

    /// Every seal version of `org`: when and by whom.
    public func sealHistory(org: OrganizationID) async throws -> [(version: Int, uploadedAt: String, uploader: String)] {
        try await store.transaction { try await Repository(c: $0).sealHistory(org: org) }
    }

    /// The JPEG of seal version `version` of `org`, as uploaded.
    public func sealJPEG(org: OrganizationID, version: Int) async throws -> Data? {
        try await store.read { try await Repository(c: $0).seal(org: org, version: version) }
    }

    /// The organization's current seal. The decoded image is kept, and used while the store's
    /// newest version is the one kept (checked on every call): a seal uploaded through another
    /// server is used for the next letter.
    func currentSeal(_ org: OrganizationID, known versions: [OrganizationID: Int?]? = nil) async throws -> (version: Int, image: SealImage)? {
        let cached = cache.withLockedValue { $0.seals[org] }
        if let known = versions?[org] {
            // The version was read with the operation's transfer: only a new seal's bytes are read.
            guard let version = known else { return nil }
            if let cached, cached.version == version { return cached }
            guard let jpeg = try await store.read({ try await Repository(c: $0).seal(org: org, version: version) }) else { return nil }
            let image = try SealImage(validating: jpeg)
            cache.withLockedValue { $0.seals[org] = (version, image) }
            return (version, image)
        }
        let stored = try await store.read { c -> (version: Int, jpeg: Data?)? in
            let repo = Repository(c: c)
            guard let version = try await repo.currentSealVersion(org: org) else { return nil }
            if version == cached?.version { return (version, nil) }
            return try await repo.currentSeal(org: org).map { ($0.version, $0.jpeg) }
        }
        guard let stored else { return nil }
        if let cached, stored.jpeg == nil { return cached }
        let image = try SealImage(validating: stored.jpeg ?? Data())
        cache.withLockedValue { $0.seals[org] = (stored.version, image) }
        return (stored.version, image)
    }

    /// Adds a member to a branch.
    public func add(member: PartyMember) async throws {
        let tree = try await tree()
        guard try tree.organization(member.organization).category.holdsMembers else {
            throw WorkflowError(.invalid, field: "member.organization", rule: "branch", "党员只能编入党支部")
        }
        try await store.transaction { try await Repository(c: $0).insert(member, path: tree.materializedPath(member.organization)) }
    }

    /// A member by id.
    public func member(_ id: MemberID) async throws -> PartyMember {
        try await store.read { try await Repository(c: $0).member(id) }
    }

    /// The members of a branch.
    public func members(in org: OrganizationID) async throws -> [PartyMember] {
        try await store.read { try await Repository(c: $0).members(in: org) }
    }

    // MARK: Transfers

    /// A transfer by id. Decoded transfers are kept and reused while their stored version is
    /// unchanged (checked on every call, so changes by other server processes are seen at once):
    /// pages and downloads read the same transfers over and over.
    public func transfer(_ id: TransferID) async throws -> Transfer {
        let cached = cache.withLockedValue { $0.transfers[id] }
        let found = try await store.read { c in
            let repo = Repository(c: c)
            if let cached, try await repo.transferVersion(id) == cached.version { return cached }
            return try await repo.versionedTransfer(id)
        }
        if cached?.version != found.version { remember(found.transfer, version: found.version) }
        return found.transfer
    }

    /// Keeps a decoded (or just stored) transfer for reuse while `version` is its stored version.
    func remember(_ transfer: Transfer, version: Int) {
        cache.withLockedValue { cache in
            // Two changes in this process may finish out of order: the newer copy stays.
            if let kept = cache.transfers[transfer.id], kept.version > version { return }
            if cache.transfers.count >= Self.cachedTransfers { cache.transfers.removeAll(keepingCapacity: true) }
            cache.transfers[transfer.id] = (version, transfer)
        }
    }

    /// How many decoded transfers are kept.
    static let cachedTransfers = 20_000

    /// The letters of a transfer with their stored PDFs.
    public func letters(_ id: TransferID) async throws -> [StoredLetter] {
        try await store.read { try await Repository(c: $0).letters(transfer: id) }
    }

    /// One stored letter of a transfer (index from 0), with its PDF.
    public func letter(_ id: TransferID, hop: Int) async throws -> StoredLetter {
        try await store.read { try await Repository(c: $0).letter(transfer: id, hop: hop) }
    }

    /// Starts a transfer out of a member's branch (or out of the province).
    public func applyOut(
        member memberID: MemberID, direction: TransferDirection, type: TransferType? = nil,
        application: Transfer.Application, by actor: Actor, caller: Caller? = nil
    ) async throws -> Transfer {
        try Limits.check(memberID, field: "member", max: Limits.identifier)
        try Limits.check(application.duesPaidUpTo, field: "duesPaidUpTo", max: Limits.identifier)
        switch direction {
        case .inProvince(let destination): try Limits.check(destination.rawValue, field: "to", max: Limits.identifier)
        case .outOfProvince(let name, let letterhead):
            try Limits.check(name, field: "outside", max: Limits.organizationName)
            try Limits.check(letterhead, field: "letterhead", max: Limits.letterhead)
        case .intoProvince: break
        }
        let tree = try await tree()
        let member = try await self.member(memberID)
        // A member outside the applying organization's subtree is answered as one that does not
        // exist: a refusal that named them would tell another county who its members are.
        if case .organization(let org) = actor, !tree.isSelfOrAncestor(org, of: member.organization) {
            throw WorkflowError(.notFound, "没有党员 \(memberID)")
        }
        try requireContact(of: tree.basicCommittee(of: member.organization) ?? member.organization, tree: tree)
        let now = clock.now()
        let (transfer, effects) = try Transfer.applyOut(
            id: UUID().uuidString.lowercased(), member: member, direction: direction,
            type: type, application: application, by: actor, tree: tree, at: now)
        return try await commit(
            transfer, effects: effects, member: member, tree: tree, now: now, isNew: true,
            audit: caller.map { ($0, "apply") })
    }

    /// Registers a transfer into the province. The identity is checked with the verifier; if it
    /// cannot verify, `idCardPhoto` (a JPEG) is required and kept for the manual review.
    public func registerIncoming(
        member: PartyMember, origin: String, type: TransferType, application: Transfer.Application,
        idCardPhoto: Data?, originLetterNumber: String? = nil, by actor: Actor, caller: Caller? = nil
    ) async throws -> Transfer {
        let tree = try await tree()
        if case .organization(let creator) = actor { try requireContact(of: creator, tree: tree) }
        let check = await verifier.verify(name: member.name, idNumber: member.idNumber)
        guard check != .mismatch else {
            throw WorkflowError(.invalid, field: "identity", rule: "mismatch", "姓名与身份证号码不符，不能登记转入")
        }
        if check != .verified, let photo = idCardPhoto {
            guard photo.starts(with: [0xFF, 0xD8, 0xFF]) || photo.starts(with: [0x89, 0x50, 0x4E, 0x47]), photo.count <= 5 << 20 else {
                throw WorkflowError(.invalid, field: "idCardPhoto", rule: "image", "身份证照片应为不超过 5 MB 的 JPEG 或 PNG")
            }
        }
        var incoming = member
        incoming.status = .active
        let now = clock.now()
        let (transfer, effects) = try Transfer.registerIncoming(
            id: UUID().uuidString.lowercased(), member: incoming, origin: origin, type: type, destination: member.organization,
            application: application, verified: check == .verified, manualReview: idCardPhoto != nil, originLetterNumber: originLetterNumber,
            by: actor, tree: tree, at: now)
        return try await commit(
            transfer, effects: effects, member: incoming, tree: tree, now: now, isNew: true,
            newMember: true, photo: check == .verified ? nil : idCardPhoto, audit: caller.map { ($0, "register-incoming") })
    }

    /// Runs `operation` on transfer `id`. When `expectedVersion` is given (the version the
    /// person saw), a transfer changed since then is a conflict.
    public func perform(
        _ id: TransferID, expectedVersion: Int? = nil, audit: (Caller, String)? = nil,
        _ operation: @Sendable (inout Transfer, OrganizationTree, Date) throws(WorkflowError) -> [TransferEffect]
    )
        async throws -> Transfer
    {
        let start = try await operationStart(id)
        var transfer = start.transfer
        if let expectedVersion, expectedVersion != transfer.version {
            throw WorkflowError(.conflict, "该转接已被其他操作改变，请刷新后重试")
        }
        let now = clock.now()
        let before = transfer.currentHolder
        let effects = try operation(&transfer, start.tree, now)
        return try await commit(
            transfer, effects: effects, member: start.member, tree: start.tree, now: now, isNew: false, holderBefore: before,
            sealVersions: start.sealVersions, audit: audit)
    }

    /// The tree, the transfer, its member and the seal versions an operation starts from, in
    /// one read (`Repository.operationStart`); the tree and the transfer kept in memory are
    /// used while the versions read with them say they are current.
    private func operationStart(_ id: TransferID) async throws -> (
        tree: OrganizationTree, transfer: Transfer, member: PartyMember, sealVersions: [OrganizationID: Int?]
    ) {
        let cached = cache.withLockedValue { $0.transfers[id] }
        let start = try await store.read { c in
            try await Repository(c: c).operationStart(id, cachedVersion: cached?.version, cached: cached?.transfer)
        }
        if start.isNew { remember(start.transfer, version: start.version) }
        let tree = try await OrganizationsVersion.$known.withValue(start.organizationsVersion) { try await self.tree() }
        return (tree, start.transfer, start.member, start.sealVersions)
    }

    private func requireContact(of org: OrganizationID, tree: OrganizationTree) throws {
        let o = try tree.organization(org)
        guard let contact = o.contact, !contact.person.isEmpty, !contact.address.isEmpty,
            FieldRules.isLandline(contact.phone) || FieldRules.isMobile(contact.phone),
            FieldRules.isLandline(contact.fax), FieldRules.isPostcode(contact.postcode)
        else {
            throw WorkflowError(.invalid, field: "basicCommittee.contact", rule: "required", "\(o.name) 的联系人、电话、传真、邮编和通讯地址须完整有效，才能开具介绍信")
        }
    }
}
