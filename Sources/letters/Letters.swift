import ArgumentParser

/// The command line: render letters, check and make seals, write a demo.
@main
struct Letters: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "letters",
        abstract: "中国共产党党员组织关系介绍信：生成、校验印章、演示。",
        subcommands: [
            RenderCommand.self, RenderBatchCommand.self, CalibrateCommand.self, SealCommand.self, DemoDBCommand.self, ImportCommand.self, ExportCommand.self,
            InitCommand.self, TransferCommand.self, ArchiveCommand.self, BackupCommand.self, RestoreCommand.self, BenchArchiveCommand.self,
            BenchWorkflowCommand.self, ServeCommand.self,
            DemoCommand.self, BenchCommand.self,
        ]
    )
}
