import ArgumentParser
import Foundation
import Synchronization
@_spi(Storage) import Workflow

/// `letters archive …`: the archive's hash chain, exports for inspection, offline verification.
struct ArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive", abstract: "存档：核对哈希链、导出供检查、离线核验导出文件。",
        subcommands: [Check.self, Export.self, Verify.self, Key.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "沿哈希链逐条核对存档，报告第一处断开。")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await reportingWorkflowErrors {
                let service = try await store.service()
                let progress = Mutex<Progress?>(nil)
                let report = try await ArchiveChain.check(service.store) { done, total in
                    progress.withLock { p in
                        if p == nil { p = Progress(total: total) }
                        p?.update(done: done)
                    }
                }
                progress.withLock { $0?.finish() }
                guard let problem = report.firstBreak else {
                    print("存档哈希链完整：\(report.entries) 条记录，每个文件与存档时相同")
                    return
                }
                throw CLIError(message: "存档哈希链在第 \(report.breakSeq ?? 0) 条处断开：\(problem)（此前 \(report.entries) 条完好）")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导出存档为 ZIP：某组织（可含下级）的存档，或全库；可按开具日期和转接状态筛选。")
        @OptionGroup var store: StoreOptions
        @Option(help: "组织 id（不给则导出全库）") var org: String?
        @Flag(help: "不含下级组织的存档") var noDescendants = false
        @Option(help: "开具日期起（YYYY-MM-DD，含）") var from: String?
        @Option(help: "开具日期止（YYYY-MM-DD，含）") var to: String?
        @Option(help: "转接状态（completed、awaiting-report …）") var status: String?
        @Option(help: "输出的 ZIP 文件") var out: String

        func run() async throws {
            try await reportingWorkflowErrors {
                func day(_ text: String?, _ name: String) throws -> Date? {
                    guard let text else { return nil }
                    switch ChinaDay.parse(text) {
                    case .day(let date): return date
                    case .malformed: throw CLIError(message: "--\(name) 应为 YYYY-MM-DD 格式的日期，实为“\(text)”")
                    case .notOnCalendar: throw CLIError(message: "--\(name)：没有 \(text) 这一天")
                    }
                }
                // Arguments first: a mistyped day is the operator's usage error, told before the store is opened.
                let period = (from: try day(from, "from"), until: try day(to, "to"))
                let service = try await store.service()
                // The operator acts for the organization exported (for the top of the tree when
                // the whole store is): the service decides and audits, as for the API.
                let acting: String
                if let org {
                    acting = org
                } else {
                    guard let root = try await service.tree().roots.first else { throw CLIError(message: "库中没有组织，无可导出") }
                    acting = root.rawValue
                }
                let request = try await service.archiveExport(
                    of: org.map { OrganizationID($0) }, wholeStore: org == nil,
                    includeDescendants: !noDescendants,
                    period: { period },
                    status: status, for: .commandLine(acting: acting))
                let partial = out + ".part"
                guard FileManager.default.createFile(atPath: partial, contents: nil), let file = FileHandle(forWritingAtPath: partial) else {
                    throw CLIError(message: "无法写入 \(partial)")
                }
                let progress = Mutex<Progress?>(nil)
                let started = Date()
                let summary: ArchiveExportSummary
                do {
                    summary = try await service.exportArchive(request, to: { try file.write(contentsOf: $0) }) { done, total in
                        progress.withLock { p in
                            if p == nil { p = Progress(total: total) }
                            p?.update(done: done)
                        }
                    }
                    try file.close()
                } catch {
                    try? file.close()
                    try? FileManager.default.removeItem(atPath: partial)
                    throw error
                }
                progress.withLock { $0?.finish() }
                _ = try? FileManager.default.removeItem(atPath: out)
                try FileManager.default.moveItem(atPath: partial, toPath: out)
                let seconds = Date().timeIntervalSince(started)
                print(
                    String(
                        format: "已导出 %d 件转接、%d 份存档文件（共 %d 个文件，%.1f MB）到 %@，用时 %.1f 秒（%.0f 份/秒）",
                        summary.transfers, summary.documents, summary.files, Double(summary.bytes) / 1e6, out, seconds,
                        Double(summary.documents) / max(seconds, 0.001)))
            }
        }
    }

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "显示存档导出的签名公钥和指纹，交给核验导出的人（首次使用时生成）。")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await reportingWorkflowErrors {
                let key = try await store.service().exportSigningKey()
                print("公钥（Ed25519）：\(key.publicKey)")
                print("指纹：\(key.fingerprint)")
                print("核验：letters archive verify 文件.zip --key \(key.publicKey)")
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "离线核验导出的 ZIP：逐个文件核对清单和哈希链，列出缺失、被改动和多出的文件；用 --key 核对签名出自本系统。")
        @Argument(help: "导出的 ZIP 文件") var file: String
        @Option(help: "本系统的存档签名公钥或其指纹（letters archive key、存档导出页面）；须从系统取得，不能取自 ZIP") var key: String?

        func run() async throws {
            try await reportingWorkflowErrors {
                let started = Date()
                var progress: Progress?
                let report = try ArchiveVerifier.verify(path: file, trustedKey: key) { done, total in
                    if progress == nil { progress = Progress(total: total) }
                    progress?.update(done: done)
                }
                progress?.finish()
                let seconds = Date().timeIntervalSince(started)
                for (title, list) in [("缺失", report.missing), ("被改动", report.altered), ("多出", report.extra), ("清单或哈希链", report.manifest)] {
                    for line in list { print("\(title)：\(line)") }
                }
                guard report.isIntact else {
                    throw CLIError(
                        message: "核验未通过：缺失 \(report.missing.count)，被改动 \(report.altered.count)，多出 \(report.extra.count)，清单或哈希链问题 \(report.manifest.count)")
                }
                print(
                    String(
                        format: "核验通过：%d 个文件与清单和哈希链一致（%.1f 秒，%.0f 个/秒）", report.checked, seconds,
                        Double(report.checked) / max(seconds, 0.001)))
                switch (report.signer, report.signerTrusted) {
                case (let signer?, true): print("签名：出自指定的可信密钥（指纹 \(signer)）")
                case (let signer?, false): print("签名：有效，密钥指纹 \(signer)；未与可信密钥比对（用 --key 指定系统的公钥），不能排除整体重写")
                case (nil, _): print("签名：无（导出未签名），不能排除整体重写")
                }
            }
        }
    }
}
