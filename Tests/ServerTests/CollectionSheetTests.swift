import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing
import Workflow

/// The collection sheets (打印采集表): one A4 page of the register's fields, read back with poppler.
@Suite(.scratch) struct CollectionSheetTests {
    @Test func aMembersAndAnOrganizationsSheetCarryTheirFieldsAndTheSignatureLines() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let b1 = try await client.token("admin-B1")
            let py = try await client.token("admin-PY")
            try await client.execute(uri: "/api/members/m1/collection-sheet", method: .get, headers: bearer(b1)) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "application/pdf")
                let text = try pdfText(response.body)
                for expected in ["党员信息采集表", "刘忠鹏", "37011119621019441X", "公民身份证号", "所在党支部", "中共解放路第一社区第一支部委员会", "党员本人（签字）", "党支部书记（签字）"] {
                    #expect(text.contains(expected), "\(expected) in \(text)")
                }
            }
            try await client.execute(uri: "/api/organizations/JF/collection-sheet", method: .get, headers: bearer(try await client.token("admin-JF"))) {
                response in
                let text = try pdfText(response.body)
                for expected in ["党组织信息采集表", "中共济南市历下区解放路街道工作委员会", "611党委", "中共济南市历下区委（LX）", "党组织负责人（签字）"] {
                    #expect(text.contains(expected), "\(expected) in \(text)")
                }
            }
            try await client.execute(uri: "/api/members/m1/collection-sheet", method: .get, headers: bearer(py)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/organizations/B1/collection-sheet", method: .get, headers: bearer(py)) { #expect($0.status == .notFound) }
        }
    }
}
