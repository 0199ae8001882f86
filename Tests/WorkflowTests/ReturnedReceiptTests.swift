import Foundation
import TestSupport
import Testing

@testable import Workflow

/// 录入回执 for a letter issued out of the province (seed 000: recorded with the returned
/// receipt's photo): its day, number and a scan or photo, kept with the transfer; an empty
/// recording no longer completes it.
@Suite(.scratch) struct ReturnedReceiptTests {
    @Test(arguments: StoreKind.available)
    func theReturnedReceiptIsRecordedWithItsDayNumberAndScan(_ kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let m = try await f.member(in: "B1", serial: 41)
        var t = try await f.service.applyOut(
            member: m.id, direction: .outOfProvince(destinationName: "中共北京市海淀区委", letterhead: "中共北京市海淀区委组织部"),
            type: .otherProvince, application: WorkflowFixture.application, by: org("B1"))
        for holder: OrganizationID in ["Z1", "JF", "LX", "J"] { t = try await f.service.approve(t.id, by: org(holder)) }
        t = try await f.service.completeOutOfSystem(t.id, by: org("J"))
        #expect(t.recordingOrganization == "JF")
        let jf = Caller(account: Account(name: "admin-JF", role: .administrator, organization: "JF", active: true), address: "test")
        let b1 = Caller(account: Account(name: "admin-B1", role: .administrator, organization: "B1", active: true), address: "test")
        let day = f.clock.now().chinaISODay
        await #expect(throws: WorkflowError.self, "an empty recording no longer completes it") {
            try await f.service.perform(.recordReceipt, on: t.id, for: jf, reason: "回执已收到")
        }
        await #expect(throws: WorkflowError.self, "a scan that is neither JPEG nor PDF") {
            try await f.service.recordReturnedReceipt(t.id, returnedOn: day, number: nil, note: "", scan: Data("hello".utf8), for: jf)
        }
        await #expect(throws: WorkflowError.self, "a day after today") {
            try await f.service.recordReturnedReceipt(t.id, returnedOn: "2099-01-01", number: nil, note: "", scan: sealJPEG, for: jf)
        }
        await #expect(throws: WorkflowError.self, "not the recording organization") {
            try await f.service.recordReturnedReceipt(t.id, returnedOn: day, number: nil, note: "", scan: sealJPEG, for: b1)
        }
        let pdf = Data("%PDF-1.4\n% a scanned receipt\n".utf8)
        t = try await f.service.recordReturnedReceipt(t.id, returnedOn: day, number: "BJ2017-0099", note: "挂号信寄回", scan: pdf, for: jf)
        #expect(t.stateCode == "completed" && t.returnedReceipt?.number == "BJ2017-0099" && t.returnedReceipt?.scan == "pdf")
        #expect(t.log.last?.note == "回执日期 \(day)；编号 BJ2017-0099；扫描件（PDF）；挂号信寄回" && t.log.last?.person == "admin-JF")
        let kept = try await f.service.returnedReceiptScan(t.id, for: b1)
        #expect(kept.kind == "pdf" && kept.bytes == pdf, "kept with the transfer, for every organization that sees it")
        #expect(try await f.service.checkIntegrity().isEmpty)

        // The scan goes into the recording organization's archive export, in the signed manifest.
        let path = NSTemporaryDirectory() + "export-\(UUID().uuidString).zip"
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try await f.service.exportArchive(ArchiveExportRequest(organization: "JF", requestedBy: "test"), to: { try handle.write(contentsOf: $0) })
        try handle.close()
        let zip = try ZIPReader(path: path)
        let scanEntry = try #require(zip.entries.first { $0.name.hasSuffix("/退回的回执-扫描件.pdf") }, "\(zip.entries.map(\.name))")
        #expect(try zip.data(scanEntry).bytes == pdf)
        let report = try ArchiveVerifier.verify(path: path)
        #expect(report.isIntact, "\(report)")
    }

    @Test func aDestinationInTheProvinceButOffTheTreeIsTypedByHandAndCompletedOutOfSystem() async throws {
        let f = try await WorkflowFixture.make(.sqlite)
        let m = try await f.member(in: "B1", serial: 42)
        await #expect(throws: WorkflowError.self, "a type is chosen") {
            _ = try await f.service.applyOut(
                member: m.id, direction: .outOfProvince(destinationName: "中共某单位委员会", letterhead: "中共某单位委员会"),
                application: WorkflowFixture.application, by: org("B1"))
        }
        var t = try await f.service.applyOut(
            member: m.id, direction: .outOfProvince(destinationName: "中共某单位委员会", letterhead: "中共某单位委员会组织部"),
            type: .provinceDirect, application: WorkflowFixture.application, by: org("B1"))
        #expect(t.path.organizations == ["B1", "Z1", "JF", "LX"], "up to the nearest organization with provincial permission, not the national one")
        for holder: OrganizationID in ["Z1", "JF", "LX"] { t = try await f.service.approve(t.id, by: org(holder)) }
        #expect(t.stateCode == "issued-out")
        t = try await f.service.completeOutOfSystem(t.id, by: org("LX"))
        let jf = Caller(account: Account(name: "admin-JF", role: .administrator, organization: "JF", active: true), address: "test")
        t = try await f.service.recordReturnedReceipt(t.id, returnedOn: f.clock.now().chinaISODay, number: nil, note: "", scan: sealJPEG, for: jf)
        #expect(t.stateCode == "completed" && t.type == .provinceDirect)
        guard case .day(let from) = ChinaDay.parse("2017-01-01"), case .day(let until) = ChinaDay.parse("2017-12-31") else { return }
        let stats = try await f.service.statistics(under: "P", from: from, until: until)
        #expect(stats.destinationKind["省内（组织树外）"] == 1, "\(stats.destinationKind)")
    }
}
