import ArgumentParser
import Foundation
import Render
import Workflow

/// `letters backup`: one checked backup of a store, safe while a server uses it.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "备份数据库：SQLite 写一致的快照（服务运行时亦可），PostgreSQL 用 pg_dump（自定义格式）；先写 FILE.partial，核验通过（转接检查、存档检查）后才改名为 FILE。")

    @Option(help: "数据库：sqlite:PATH 或 postgres://用户:密码@主机:端口/库名（默认取环境变量 LETTERS_DB，口令便不出现在命令行上）")
    var db: String?

    @Option(help: "备份文件（不可已存在；SQLite 备份习惯用 .sqlite，PostgreSQL 用 .pgdump）")
    var out: String

    func run() async throws {
        try await reportingWorkflowErrors {
            let location = StoreLocation(try storeLocation(db))
            let backup = StoreBackup(location: location, printer: try LetterPrinter(resources: Resources.locate(), threads: 1))
            let name = (out as NSString).lastPathComponent
            do {
                let report = try await backup.backUp(to: out)
                await Self.audit(location, target: name, outcome: "ok")
                print("已备份到 \(out)：\(report.summary)")
            } catch {
                await Self.audit(location, target: name, outcome: "failed")
                throw error
            }
        }
    }

    /// Logs the backup in the store's own audit log, as the server's backups are; best effort,
    /// and never creating a store that is not there (a mistyped SQLite path stays absent).
    static func audit(_ location: StoreLocation, target: String, outcome: String) async {
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) { return }
        guard let store = try? await openWorkflowStore(location.location) else { return }
        try? await StoreBackup.audit(
            AuditEntry(
                at: Date(), account: "命令行 \(NSUserName())", address: "local", action: "backup",
                target: target, outcome: outcome), in: store)
        try? await store.close()
    }
}

/// `--db`, else `$LETTERS_DB` (where a deployment keeps a PostgreSQL URL with its password, out
/// of every process listing); one of them is required.
func storeLocation(_ option: String?) throws -> String {
    if let option, !option.isEmpty { return option }
    if let environment = ProcessInfo.processInfo.environment["LETTERS_DB"], !environment.isEmpty { return environment }
    throw CLIError(message: "缺少 --db：给出 --db sqlite:PATH 或 postgres://…，或设置环境变量 LETTERS_DB")
}
