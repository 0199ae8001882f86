import DemoData
import Foundation
import LetterModel
import Render
import Seal
import Synchronization
import TestSupport

@testable import Workflow

/// One printer for every workflow test (a renderer per thread, fonts loaded once).
let sharedPrinter: LetterPrinter = try! LetterPrinter(resources: Resources(root: packageRoot.path), threads: 2)

/// A demo seal JPEG, made once.
let sealJPEG: Data = {
    let maker = DemoSealMaker(fonts: try! FontLibrary(directory: Resources(root: packageRoot.path).fontsDirectory))
    return try! maker.make(name: "中共济南市历下区解放路街道工作委员会")
}()

/// The stores the same suite runs against: SQLite always; PostgreSQL when
/// `LETTERS_TEST_POSTGRES_URL` names a throwaway database (CI sets it).
enum StoreKind: String, CaseIterable, CustomStringConvertible {
    case sqlite, postgres
    var description: String { rawValue }

    static var available: [StoreKind] {
        Requirements.postgres ? [.sqlite, .postgres] : [.sqlite]
    }
}

/// Stores stay open for the whole run: a connection must be closed before it is released,
/// and a test that fails midway would not close its own.
let keepAlive = Mutex<[any WorkflowStore]>([])

/// A fresh store with the worked example's tree, seals and a few members.
struct WorkflowFixture {
    let service: WorkflowService
    let clock: ManualClock

    static let start = ISO8601DateFormatter().date(from: "2017-06-16T02:00:00Z")!

    static func make(_ kind: StoreKind, verifier: any IdentityVerifier = UnavailableVerifier(), seals: Bool = true) async throws -> WorkflowFixture {
        let store: any WorkflowStore
        switch kind {
        case .sqlite:
            let path = NSTemporaryDirectory() + "workflow-\(UUID().uuidString).sqlite"
            store = try await openWorkflowStore(path)
        case .postgres:
            // Each fixture gets a database of its own, so suites may run side by side.
            let base = try Requirements.postgresURL()
            let url = try await PostgresStore.createDatabase(url: base, name: "t_" + UUID().uuidString.prefix(8).lowercased().filter { $0 != "-" })
            store = try await openWorkflowStore(url)
        }
        keepAlive.withLock { $0.append(store) }
        let clock = ManualClock(start)
        let service = WorkflowService(store: store, clock: clock, printer: sharedPrinter, verifier: verifier)
        try await service.save(organizations: ExampleProvince.organizations)
        if seals {
            for org in ExampleProvince.organizations { try await service.uploadSeal(org: org.id, jpeg: sealJPEG, uploader: "安全员") }
        }
        return WorkflowFixture(service: service, clock: clock)
    }

    /// Adds a member to `branch` with a valid, distinct ID number.
    func member(in branch: OrganizationID, name: String = "刘忠鹏", serial: Int) async throws -> PartyMember {
        let member = try PartyMember(
            id: "m-\(branch)-\(serial)", organization: branch, name: name,
            idNumber: Self.idNumber(serial: serial), ethnicity: "汉族", category: .full,
            occupation: "职员", education: "大学本科", phone: "13606406636")
        try await service.add(member: member)
        return member
    }

    static func idNumber(serial: Int) -> String {
        let body = "370102" + "1980" + String(format: "%02d%02d", 1 + serial % 12, 1 + serial % 28) + String(format: "%03d", serial % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    static let application = Transfer.Application(duesPaidUpTo: "2017-05", validityDays: 15)
}

func org(_ id: OrganizationID) -> Actor { .organization(id) }
