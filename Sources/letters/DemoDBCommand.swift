import ArgumentParser
import DemoData
import Foundation
import Render
import Workflow

struct DemoDBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-db", abstract: "生成演示数据库：一个省的组织树、党员、演示印章和各种状态的转接。")

    @OptionGroup var store: StoreOptions

    @Option(help: "党员人数")
    var members: Int = 3000

    @Flag(help: "覆盖已有的 SQLite 文件")
    var replace = false

    func run() async throws {
        try await reportingWorkflowErrors {
            if !store.db.contains("://") && FileManager.default.fileExists(atPath: store.db) {
                guard replace else { throw CLIError(message: "\(store.db) 已存在：加 --replace 覆盖") }
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store.db + suffix) }
            }
            let resources = try Resources.locate()
            let clock = ManualClock(Date().addingTimeInterval(-30 * 86_400))
            let workflowStore = try await openWorkflowStore(store.db)
            openStores.withLock { $0.append(workflowStore) }
            let service = WorkflowService(store: workflowStore, clock: clock, printer: try LetterPrinter(resources: resources))
            var generator = DemoProvince()
            generator.report = { print("  " + $0) }
            print("生成演示数据到 \(store.db) …")
            try await generator.generate(
                into: service, clock: clock, members: members,
                sealMaker: DemoSealMaker(fonts: try FontLibrary(directory: resources.fontsDirectory)),
                organizationsSheet: try demoOrganizations(resources))
            let problems = try await service.checkIntegrity()
            guard problems.isEmpty else { throw CLIError(message: problems.joined(separator: "\n")) }
            print("完成。试试：letters transfer queue --db \(store.db) --as LX；letters transfer list --db \(store.db)")
        }
    }
}
