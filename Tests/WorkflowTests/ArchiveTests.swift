import Crypto
import Foundation
import Render
import TestSupport
import Testing

@_spi(Storage) @testable import Workflow

/// The archive: its hash chain in the store, exports, and offline verification that reports
/// exactly what was changed.
@Suite(.scratch) struct ArchiveTests {
    /// A store with two completed transfers in the worked example's committee (6 letters, 6
    /// receipts) and one to another county.
    func fixture(_ kind: StoreKind) async throws -> WorkflowFixture {
        let f = try await WorkflowFixture.make(kind)
        for serial in 1...2 {
            let m = try await f.member(in: "B1", serial: serial)
            let t = try await f.service.applyOut(
                member: m.id, direction: .inProvince(destination: "B3"),
                application: WorkflowFixture.application, by: .organization("B1"))
            _ = try await f.service.approve(t.id, by: .organization("Z1"))
            _ = try await f.service.accept(t.id, by: .organization("B3"))
            _ = try await f.service.confirmReporting(t.id, by: .organization("B3"))
        }
        let m = try await f.member(in: "B2", serial: 3)
        let t = try await f.service.applyOut(
            member: m.id, direction: .inProvince(destination: "QB"),
            application: WorkflowFixture.application, by: .organization("B2"))
        _ = try await f.service.approve(t.id, by: .organization("Z1"))
        return f
    }

    func export(_ f: WorkflowFixture, _ request: ArchiveExportRequest) async throws -> String {
        let path = NSTemporaryDirectory() + "export-\(UUID().uuidString).zip"
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        _ = try await f.service.exportArchive(request, to: { try handle.write(contentsOf: $0) })
        try handle.close()
        return path
    }

    /// Rewrites the ZIP at `path` through `change`, which gets each file and returns what to
    /// keep (nil drops it), then appends `add`.
    func rewrite(_ path: String, add: [(String, Data)] = [], _ change: (String, Data) -> Data?) async throws -> String {
        let reader = try ZIPReader(path: path)
        let out = path + ".changed.zip"
        FileManager.default.createFile(atPath: out, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: out))
        let writer = try ZIPWriter(sink: { try handle.write(contentsOf: $0) })
        for entry in reader.entries {
            if let kept = change(entry.name, try reader.data(entry).bytes) { try await writer.add(name: entry.name, data: kept, modified: Date()) }
        }
        for (name, data) in add { try await writer.add(name: name, data: data, modified: Date()) }
        try await writer.finish()
        try handle.close()
        return out
    }

    @Test("the chain is whole after real work, and an export of the whole store verifies clean", arguments: StoreKind.available)
    func cleanExportVerifies(kind: StoreKind) async throws {
        let f = try await fixture(kind)
        let documents =
            try await f.service.store.read {
                try await $0.run("SELECT COUNT(*) + COUNT(receipt_pdf) AS n FROM letters", [])
            }.first?.int("n") ?? 0
        #expect(documents >= 14)
        let check = try await ArchiveChain.check(f.service.store)
        #expect(check.isIntact && check.entries == documents, "\(check.firstBreak ?? "")")
        let path = try await export(f, ArchiveExportRequest(requestedBy: "test"))
        let report = try ArchiveVerifier.verify(path: path)
        #expect(report.isIntact, "\(report)")
        #expect(report.checked == documents + 3, "every document and 3 logs")
        let manifest = try JSONDecoder().decode(
            ArchiveManifest.self,
            from: try ZIPReader(path: path).data(
                try #require(try ZIPReader(path: path).entries.first { $0.name == "manifest.json" })
            ).bytes)
        #expect(manifest.complete && manifest.chainHead.seq == documents)
        #expect(manifest.files.allSatisfy { ZIPName.isSafe($0.path) })
    }

    @Test func aFlippedByteADeletedFileAnAddedFileAndAnEditedManifestAreEachReported() async throws {
        let f = try await fixture(.sqlite)
        let path = try await export(f, ArchiveExportRequest(requestedBy: "test"))
        let names = try ZIPReader(path: path).entries.map(\.name)
        let victim = try #require(names.first { $0.hasSuffix("三联.pdf") })

        let flipped = try await rewrite(path) { name, data in
            guard name == victim else { return data }
            var d = data
            d[d.count / 2] ^= 0x01
            return d
        }
        var report = try ArchiveVerifier.verify(path: flipped)
        #expect(report.altered.count == 1 && report.altered[0].hasPrefix(victim) && report.missing.isEmpty && report.extra.isEmpty)

        let deleted = try await rewrite(path) { name, data in name == victim ? nil : data }
        report = try ArchiveVerifier.verify(path: deleted)
        #expect(report.missing == [victim] && report.altered.isEmpty && report.extra.isEmpty)

        let added = try await rewrite(path, add: [("extra/note.txt", Data("x".utf8))]) { _, data in data }
        report = try ArchiveVerifier.verify(path: added)
        #expect(report.extra == ["extra/note.txt"] && report.missing.isEmpty && report.altered.isEmpty)

        // Someone edits the manifest to match a changed file: the CSV, the README and the chain disagree.
        let edited = try await rewrite(path) { name, data in
            guard name == "manifest.json" else { return data }
            var text = String(decoding: data, as: UTF8.self)
            let line = text.split(separator: "\n").first { $0.contains(victim) }!
            let sha = line.range(of: "\"sha256\":\"")!.upperBound
            let old = String(line[sha...].prefix(64))
            text = text.replacingOccurrences(of: "\"sha256\":\"\(old)\"", with: "\"sha256\":\"\(String(repeating: "0", count: 64))\"")
            return Data(text.utf8)
        }
        report = try ArchiveVerifier.verify(path: edited)
        #expect(report.manifest.contains { $0.contains("manifest.json 的 SHA-256") })
        #expect(report.manifest.contains { $0.contains("manifest.csv") && $0.contains("不一致") })
        #expect(report.altered.count == 1 && report.altered[0].hasPrefix(victim))
    }

    @Test(arguments: StoreKind.available)
    func anExportMadeWhileAnotherServerStoresLettersIsOneSnapshotBoundedByItsHead(_ kind: StoreKind) async throws {
        let f = try await fixture(kind)
        let other = WorkflowService(store: f.service.store, clock: f.clock, printer: sharedPrinter)
        async let writing: Void = {
            for serial in 10..<16 {
                let m = try await f.member(in: "B1", serial: serial)
                _ = try await other.applyOut(
                    member: m.id, direction: .inProvince(destination: "B3"),
                    application: WorkflowFixture.application, by: .organization("B1"))
            }
        }()
        let path = try await export(f, ArchiveExportRequest(requestedBy: "test"))
        try await writing
        let report = try ArchiveVerifier.verify(path: path)
        #expect(report.isIntact, "\(report)")
    }

    @Test("the ZIP's CRC-32 is the standard one, whole or in pieces")
    func zipChecksumIsTheStandardOne() {
        #expect(CRC32.of(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.of([UInt8]()) == 0)
        var pieces = CRC32()
        let bytes = Array((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        for chunk in stride(from: 0, to: bytes.count, by: 7_777) {
            bytes[chunk..<min(chunk + 7_777, bytes.count)].withUnsafeBytes { pieces.update($0) }
        }
        #expect(pieces.value == CRC32.of(bytes))
    }

    @Test func anExportIsSignedAndOnlyTheSystemsKeyVouchesForIt() async throws {
        let f = try await fixture(.sqlite)
        let key = try await f.service.exportSigningKey()
        #expect(try await f.service.exportSigningKey().publicKey == key.publicKey, "made once, then read back")
        let path = try await export(f, ArchiveExportRequest(requestedBy: "test"))
        let unchecked = try ArchiveVerifier.verify(path: path)
        #expect(unchecked.isIntact && unchecked.signer == key.fingerprint && !unchecked.signerTrusted)
        for trusted in [key.publicKey, key.fingerprint, String(key.fingerprint.prefix(32))] {
            let report = try ArchiveVerifier.verify(path: path, trustedKey: trusted)
            #expect(report.isIntact && report.signerTrusted, "\(report)")
        }
        // 64 bits of fingerprint could be matched by a key made for the purpose: not enough.
        let short = try ArchiveVerifier.verify(path: path, trustedKey: String(key.fingerprint.prefix(16)))
        #expect(!short.signerTrusted && short.manifest.contains { $0.contains("太短") })

        // The README edited (say, who exported): the signature no longer matches.
        let edited = try await rewrite(path) { name, data in
            name == "README.txt" ? Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "导出人：test", with: "导出人：别人").utf8) : data
        }
        #expect(try ArchiveVerifier.verify(path: edited).manifest.contains { $0.contains("签名不符") })

        // A whole export rewritten and signed again with another key is consistent in itself;
        // only the system's key, obtained from the system, tells it apart.
        let forger = Curve25519.Signing.PrivateKey()
        let forged = try await rewrite(path) { name, data in
            guard name == ArchiveVerifier.signatureName else { return data }
            let readme = try! ZIPReader(path: path).data(ZIPReader(path: path).entries.first { $0.name == "README.txt" }!).bytes
            return try! ExportSigningKey(raw: forger.rawRepresentation).signatureFile(for: readme)
        }
        #expect(try ArchiveVerifier.verify(path: forged).isIntact, "without a trusted key a forger's signature is merely valid")
        let refused = try ArchiveVerifier.verify(path: forged, trustedKey: key.publicKey)
        #expect(!refused.isIntact && refused.manifest.contains { $0.contains("不是指定的可信密钥") })

        let unsigned = try await rewrite(path) { name, data in name == ArchiveVerifier.signatureName ? nil : data }
        #expect(try ArchiveVerifier.verify(path: unsigned).isIntact)
        #expect(try ArchiveVerifier.verify(path: unsigned, trustedKey: key.fingerprint).manifest.contains { $0.contains("未签名") })
    }

    @Test func aManifestIsReadLineByLineAndOneReshapedByAToolIsStillRead() async throws {
        let f = try await fixture(.sqlite)
        let path = try await export(f, ArchiveExportRequest(requestedBy: "test"))
        let clean = try ArchiveVerifier.verify(path: path)
        // Pretty-printed by some tool: read whole; only the README's digest no longer matches.
        let reshaped = try await rewrite(path) { name, data in
            guard name == "manifest.json" else { return data }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted]
            return try? encoder.encode(JSONDecoder().decode(ArchiveManifest.self, from: data))
        }
        var report = try ArchiveVerifier.verify(path: reshaped)
        #expect(report.checked == clean.checked && report.missing.isEmpty && report.altered.isEmpty && report.extra.isEmpty)
        #expect(report.manifest.count == 1 && report.manifest[0].contains("manifest.json 的 SHA-256"), "\(report.manifest)")
        // Cut short after a few files: said so, not taken for a shorter export.
        let cut = try await rewrite(path) { name, data in
            guard name == "manifest.json" else { return data }
            return Data(String(decoding: data, as: UTF8.self).split(separator: "\n").prefix(4).joined(separator: "\n").utf8)
        }
        report = try ArchiveVerifier.verify(path: cut)
        #expect(!report.isIntact && report.manifest.contains { $0.contains("manifest.json 无法读取") }, "\(report.manifest)")
    }

    @Test("a row removed from the chain, or an altered PDF in the store, is reported at that row", arguments: StoreKind.available)
    func brokenChainIsFound(kind: StoreKind) async throws {
        let f = try await fixture(kind)
        _ = try await f.service.store.transaction { try await $0.run("DELETE FROM archive_chain WHERE seq = 5", []) }
        var check = try await ArchiveChain.check(f.service.store)
        #expect(check.breakSeq == 5 && check.entries == 4 && (check.firstBreak ?? "").contains("第 5 条"))

        let g = try await fixture(kind)
        let row = try #require(try await g.service.store.read { try await $0.run("SELECT transfer_id, hop FROM archive_chain WHERE seq = 7", []) }.first)
        let stored = try await g.service.letter(row.string("transfer_id")!, hop: row.int("hop")!)
        var pdf = [UInt8](stored.pdf)
        pdf[pdf.count / 2] ^= 0x01
        let altered = pdf
        _ = try await g.service.store.transaction {
            try await $0.run(
                "UPDATE letters SET pdf = ? WHERE transfer_id = ? AND hop = ?",
                [.blob(altered), .text(row.string("transfer_id")!), .int(Int64(row.int("hop")!))])
        }
        check = try await ArchiveChain.check(g.service.store)
        #expect(check.breakSeq == 7 && (check.firstBreak ?? "").contains("文件被改动"))
        await #expect(throws: WorkflowError.self, "an export refuses to ship the altered letter") {
            _ = try await export(g, ArchiveExportRequest(requestedBy: "test"))
        }
    }

    @Test func anOrganizationsExportHoldsOnlyThePartsItsArchiveGrants() async throws {
        let f = try await fixture(.sqlite)
        let path = try await export(f, ArchiveExportRequest(organization: "B1", includeDescendants: false, requestedBy: "test"))
        let reader = try ZIPReader(path: path)
        let pdfs = reader.entries.map(\.name).filter { $0.hasSuffix(".pdf") }
        #expect(pdfs.count == 2 && pdfs.allSatisfy { $0.hasSuffix("-存根.pdf") }, "the originating branch keeps the stubs: \(pdfs)")
        #expect(try ArchiveVerifier.verify(path: path).isIntact)
        let text = try pdfText(reader.data(try #require(reader.entries.first { $0.name == pdfs[0] })).bytes)
        #expect(text.contains("存根") && !text.contains("党费"), "the stub, without part 2: \(text)")

        let county = try await export(f, ArchiveExportRequest(organization: "JF", requestedBy: "test"))
        let files = try JSONDecoder().decode(
            ArchiveManifest.self,
            from: try ZIPReader(path: county).data(
                try #require(try ZIPReader(path: county).entries.first { $0.name == "manifest.json" })
            ).bytes
        ).files
        for file in files where file.kind != "log" {
            let t = try await f.service.transfer(file.transferID)
            let tree = try await f.service.tree()
            let granted = Set(
                t.actors.filter { tree.isSelfOrAncestor("JF", of: $0) }.flatMap { ArchiveRules.parts(for: $0, in: t) }
                    .filter { $0.hop == file.chain!.hop }.map(\.part))
            #expect(!granted.isEmpty, "\(file.path) is in JF's subtree's archive")
        }
    }

    @Test func aChainRowThatCannotBeReadIsNamedByTableAndRowNeverReadAsADefault() async throws {
        let f = try await fixture(.sqlite)
        _ = try await f.service.store.transaction { try await $0.run("UPDATE archive_chain SET kind = 'other' WHERE seq = 2", []) }
        let check = try await ArchiveChain.check(f.service.store)
        #expect(!check.isIntact && (check.firstBreak ?? "").contains("archive_chain"), "\(check.firstBreak ?? "")")
        do {
            _ = try await export(f, ArchiveExportRequest(requestedBy: "test"))
            Issue.record("the export went on past a row it could not read")
        } catch let error as WorkflowError {
            #expect(error.code == .storage && error.message.contains("archive_chain") && error.message.contains("seq 2"), "\(error.message)")
        }
    }

    @Test func zipNamesAreSafe() {
        #expect(ZIPName.isSafe("张三-1/第1封-1-三联.pdf"))
        for bad in ["../x", "/etc/passwd", "a/../b", "a//b", "C:\\x", "a\u{0}b", "a/\u{7}", "", "a/./b"] { #expect(!ZIPName.isSafe(bad), "\(bad)") }
        #expect(ZIPName.segment("a/b\\c:..") == "a_b_c_..")
        #expect(ZIPName.segment("..") == "_")
    }
}
