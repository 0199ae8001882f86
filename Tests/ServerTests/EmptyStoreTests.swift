import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing
import Workflow

/// A department's first start: a store with no organization and no account serves, and its
/// login page says what to run instead of offering a form no one can use.
@Suite(.scratch) struct EmptyStoreTests {
    @Test func aStoreWithoutAccountsServesALoginPageThatSaysWhatToRun() async throws {
        let store = try await scratchStore("empty")
        let workflow = WorkflowService(store: store, printer: printer)
        let accounts = AccountService(store: store, hasher: BcryptHasher(cost: 4))
        let openAPI = try Data(contentsOf: URL(fileURLWithPath: root + "/openapi.json"))
        let router = LettersServer.router(workflow: workflow, accounts: accounts, openAPI: openAPI)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/login", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains("letters init") && html.contains("激活账号"))
            }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
        }
        // Once an account exists, the page is the plain form.
        let tree = [
            Organization(
                id: "37", parentID: nil, name: "中共山东省委", category: .committee, level: .province,
                contact: ContactInfo(person: "张三", phone: "0531-86001000", fax: "", postcode: "", address: ""))
        ]
        try await workflow.save(organizations: tree)
        _ = try await accounts.bootstrap(name: "chief", organization: "37")
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/login", method: .get) { #expect(!String(buffer: $0.body).contains("letters init")) }
        }
    }
}
