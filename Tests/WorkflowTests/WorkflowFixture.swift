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

/// Keeps `store` open until the running suite ends (`@Suite(.scratch)`), then closes it: a
/// connection must be closed before it is released, and a test that fails midway would not
/// close its own.
func keepUntilSuiteEnds(_ stores: [any WorkflowStore]) {
    for store in stores { Scratch.onEnd { try? await store.close() } }
}

/// A new PostgreSQL database on the test server (`LETTERS_TEST_POSTGRES_URL`), dropped when the
/// running suite ends; its URL.
func scratchPostgres(_ prefix: String) async throws -> String {
    let base = try Requirements.postgresURL()
    let name = prefix + "_" + UUID().uuidString.prefix(8).lowercased().filter { $0 != "-" }
    let url = try await PostgresStore.createDatabase(url: base, name: name)
    Scratch.onEnd { try? await PostgresStore.dropDatabase(url: base, name: name) }
    return url
}

/// A new SQLite path in the temporary folder, deleted (with its companions) when the suite ends.
func scratchSQLite(_ prefix: String) -> String {
    let path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString).sqlite"
    Scratch.deleteOnEnd(path)
    return path
}

/// A fresh store with the worked example's tree, seals and a few members.
struct WorkflowFixture {
    let service: WorkflowService
    let clock: ManualClock

    static let start = ISO8601DateFormatter().date(from: "2017-06-16T02:00:00Z")!

    static func make(_ kind: StoreKind, verifier: any IdentityVerifier = UnavailableVerifier(), seals: Bool = true) async throws -> WorkflowFixture {
        let store: any WorkflowStore
        switch kind {
        case .sqlite:
            store = try await openWorkflowStore(scratchSQLite("workflow"))
        case .postgres:
            // Each fixture gets a database of its own, so suites may run side by side.
            store = try await openWorkflowStore(try await scratchPostgres("t"))
        }
        keepUntilSuiteEnds([store])
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
