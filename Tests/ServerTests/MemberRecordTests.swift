import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing
import Workflow

/// A member's record one at a time through the API (register spec §3): entry, edit, the
/// changes of standing kept as records, browsing a subtree, all under the sheet's rules.
@Suite(.scratch) struct MemberRecordTests {
    /// A valid ID number born on `birth` (`YYYYMMDD`), serial `n`.
    static func idNumber(_ birth: String, _ n: Int) -> String {
        let body = "370102" + birth + String(format: "%03d", n % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    static func entry(_ id: String, branch: String = "B1") -> [String: Any] {
        [
            "name": "新党员", "idNumber": id, "ethnicity": "汉族", "education": "大学本科", "category": "正式党员", "branch": branch,
            "joinedOn": "2001-07-01", "madeFullOn": "2002-07-01", "post": "在岗职工", "phone": "13606406636", "homeAddress": "济南市历下区某路1号",
        ]
    }

    @Test func aMemberIsEnteredEditedAndRecordedUnderTheSheetsRules() async throws {
        let f = try await ServerFixture.make()
        let id = Self.idNumber("19800101", 1)
        let corrected = Self.idNumber("19800102", 1)
        try await Application(router: f.router).test(.router) { client in
            let b1 = try await client.token("admin-B1")
            let jf = try await client.token("admin-JF")
            let record: String = try await client.execute(uri: "/api/members", method: .post, headers: bearer(b1), body: body(Self.entry(id))) { response in
                #expect(response.status == .created, "\(String(buffer: response.body))")
                return decode(response.body)["id"] as? String ?? ""
            }
            try await client.execute(uri: "/api/members", method: .post, headers: bearer(b1), body: body(Self.entry(id))) { response in
                #expect(
                    response.status == .unprocessableContent && decode(response.body)["field"] as? String == "member.idNumber"
                        && decode(response.body)["rule"] as? String == "unique", "\(String(buffer: response.body))")
            }
            try await client.execute(
                uri: "/api/members", method: .post, headers: bearer(b1), body: body(Self.entry(Self.idNumber("19800101", 2), branch: "B3"))
            ) {
                #expect($0.status == .notFound, "B3 lies outside B1: it is answered as no branch")
            }
            try await client.execute(
                uri: "/api/members", method: .post, headers: bearer(jf), body: body(Self.entry(Self.idNumber("19800101", 3), branch: "JF"))
            ) { response in
                #expect(response.status == .unprocessableContent && decode(response.body)["rule"] as? String == "branch")
            }
            var wrong = Self.entry(String(id.dropLast()) + (id.last == "1" ? "2" : "1"))
            try await client.execute(uri: "/api/members", method: .post, headers: bearer(b1), body: body(wrong)) { response in
                #expect(response.status == .unprocessableContent && decode(response.body)["field"] as? String == "idNumber", "\(String(buffer: response.body))")
            }
            wrong = Self.entry(Self.idNumber("19800101", 4))
            wrong["post"] = "干部"
            try await client.execute(uri: "/api/members", method: .post, headers: bearer(b1), body: body(wrong)) { response in
                #expect(response.status == .unprocessableContent && decode(response.body)["field"] as? String == "post")
            }
            // An ID-number correction keeps the former number; the member is found by either name.
            try await client.execute(uri: "/api/members/\(id)", method: .put, headers: bearer(b1), body: body(Self.entry(corrected))) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
            }
            let stored = try await f.workflow.member(record)
            #expect(stored.idNumber == corrected && stored.register?.formerIDNumbers == [id])
            // 包含下级: the street committee sees its branches' members.
            let seen: [[String: Any]] = try await client.execute(uri: "/api/members?descendants=true&idNumber=\(corrected)", method: .get, headers: bearer(jf))
            { response in
                (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [[String: Any]] ?? []
            }
            #expect(seen.count == 1)
            // 死亡: kept as a record; the member leaves the lists and cannot be changed or transferred.
            try await client.execute(
                uri: "/api/members/\(record)/status", method: .post, headers: bearer(b1),
                body: body(["change": "death", "date": "2026-01-05", "note": "病故"])
            ) { #expect($0.status == .ok) }
            let dead = try await f.workflow.member(record)
            #expect(dead.status == .history(.deceased) && dead.records.last?.reason == "死亡：病故")
            try await client.execute(uri: "/api/members/\(record)", method: .put, headers: bearer(b1), body: body(Self.entry(corrected))) { response in
                #expect(response.status == .forbidden && decode(response.body)["rule"] as? String == "history")
            }
            try await client.execute(
                uri: "/api/members/\(record)/status", method: .post, headers: bearer(b1),
                body: body(["change": "leave", "date": "2999-01-01"])
            ) { response in
                #expect(response.status == .unprocessableContent || response.status == .forbidden)
            }
        }
    }

    @Test func nothingChangesAMemberWhoseTransferIsInFlight() async throws {
        let f = try await ServerFixture.make()
        _ = try await f.workflow.applyOut(
            member: "m1", direction: .inProvince(destination: "B3"),
            application: .init(duesPaidUpTo: Transfer.Application.thisMonth(Date())), by: .organization("B1"))
        try await Application(router: f.router).test(.router) { client in
            let b1 = try await client.token("admin-B1")
            try await client.execute(uri: "/api/members/m1/status", method: .post, headers: bearer(b1), body: body(["change": "stop", "date": "2026-01-05"])) {
                response in
                #expect(response.status == .forbidden && decode(response.body)["rule"] as? String == "in-transfer", "\(String(buffer: response.body))")
            }
            try await client.execute(
                uri: "/api/members/nobody/status", method: .post, headers: bearer(b1), body: body(["change": "stop", "date": "2026-01-05"])
            ) {
                #expect($0.status == .notFound)
            }
        }
    }
}
