import ArgumentParser
import Foundation
import Render
import Workflow

/// `letters restore`: a backup back into an empty store, checked once restored.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "从备份恢复：只恢复到空库（SQLite：目标文件不存在或为空；PostgreSQL：库中各表均无数据），恢复后运行转接检查和存档检查。")

    @Argument(help: "备份文件（letters backup 或自动备份所写）")
    var file: String

    @Option(help: "恢复到的数据库：sqlite:PATH 或 postgres://用户:密码@主机:端口/库名（默认取环境变量 LETTERS_DB）")
    var db: String?

    func run() async throws {
        try await reportingWorkflowErrors {
            let location = StoreLocation(try storeLocation(db))
            let restore = StoreBackup(location: location, printer: try LetterPrinter(resources: Resources.locate(), threads: 1))
            let report = try await restore.restore(from: file, restoredBy: "命令行 \(NSUserName())")
            print("已从 \(file) 恢复到 \(location)：\(report.summary)")
        }
    }
}
