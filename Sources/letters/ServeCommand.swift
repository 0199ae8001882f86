import ArgumentParser
import DemoData
import Foundation
import Logging
import Render
import Server
import ServiceLifecycle
import Workflow

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "启动服务器（JSON API）：--db sqlite:PATH 或 postgres://…；--demo 在空库中生成演示省份和演示账号；--backup-dir 启用自动备份。")

    @Option(help: "数据库：sqlite:PATH（默认）或 postgres://用户:密码@主机:端口/库名")
    var db: String = ProcessInfo.processInfo.environment["LETTERS_DB"] ?? "sqlite:out/server.sqlite"

    @Option(help: "监听地址")
    var host: String = ProcessInfo.processInfo.environment["LETTERS_HOST"] ?? "127.0.0.1"

    @Option(help: "端口")
    var port: Int = Int(ProcessInfo.processInfo.environment["LETTERS_PORT"] ?? "") ?? 8080

    @Flag(help: "库为空时生成演示省份与演示账号")
    var demo = false

    @Option(help: "可信的反向代理地址（可重复，如 127.0.0.1）：来自它的请求以 X-Forwarded-For 的最后一个地址为客户端地址（审计日志与登录限制）")
    var trustedProxy: [String] = []

    @Option(help: "自动备份的目录（给出即启用自动备份；每份都先核验再保留）")
    var backupDir: String?

    @Option(help: "每隔几小时备份一次（默认 24）；目录中最新的备份已超过这么久（或没有）时，启动即备份")
    var backupEvery: Double?

    @Option(help: "保留最新的几份备份（默认 14）；新的一份核验通过后才删除更旧的")
    var backupKeep: Int?

    @Option(help: "通知投递地址（webhook，https://…）：有转接等待某组织办理时，以 POST 送出带签名（X-Letters-Signature）的通知")
    var notifyWebhook: String?

    @Option(help: "通知签名的共享密钥（与 --notify-webhook 一起使用；也可用环境变量 LETTERS_NOTIFY_SECRET）")
    var notifySecret: String = ProcessInfo.processInfo.environment["LETTERS_NOTIFY_SECRET"] ?? ""

    @Option(help: "通知邮件的中继服务器 HOST[:PORT]（默认端口 25）：有转接等待某组织办理时，发邮件给该组织设置了通知邮箱的管理员；与 --notify-webhook 二选一")
    var notifySmtp: String?

    @Option(help: "通知邮件的发件地址（与 --notify-smtp 一起使用）")
    var notifyFrom: String?

    static let demoPassword = "demo-2017-letters"

    func run() async throws {
        // Before any logger is made: every request's logger gets metadata of its own.
        LoggingSystem.bootstrap { DeferredMetadataLogHandler(label: $0) }
        try await reportingWorkflowErrors {
            if let notifyWebhook {
                guard let url = URL(string: notifyWebhook), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                    throw CLIError(message: "--notify-webhook 应为 http:// 或 https:// 地址，实为“\(notifyWebhook)”")
                }
                guard notifySecret.count >= 16 else { throw CLIError(message: "--notify-secret（或 LETTERS_NOTIFY_SECRET）至少 16 个字符：通知靠它签名") }
            }
            var mailer: SMTPMailer?
            if let notifySmtp {
                guard notifyWebhook == nil else { throw CLIError(message: "--notify-smtp 与 --notify-webhook 二选一：一台服务器用一种方式投递通知") }
                guard let relay = SMTPMailer.relay(notifySmtp) else { throw CLIError(message: "--notify-smtp 应为 HOST 或 HOST:PORT，实为“\(notifySmtp)”") }
                guard let from = notifyFrom, NoticeAddress.isValid(from) else {
                    throw CLIError(message: "--notify-smtp 须与 --notify-from 一起使用，发件地址如 letters@example.cn")
                }
                mailer = SMTPMailer(host: relay.host, port: relay.port, from: from)
            } else if notifyFrom != nil {
                throw CLIError(message: "--notify-from 须与 --notify-smtp 一起使用")
            }
            if backupDir == nil, backupEvery != nil || backupKeep != nil {
                throw CLIError(message: "--backup-every 和 --backup-keep 须与 --backup-dir 一起使用（备份写到哪个目录）")
            }
            let resources = try Resources.locate()
            // The PostgreSQL client is a service of its own, started first and stopped last: the
            // serving job (migrations, the demo, the application) runs beside it in one group,
            // which SIGTERM and SIGINT shut down gracefully, the HTTP server draining first.
            let (store, client) = try await openWorkflowStoreForService(db)
            openStores.withLock { $0.append(store) }
            var logger = Logger(label: "letters.server")
            logger.logLevel = .info
            let job = ServeJob { [mailer, logger] in try await serve(store: store, resources: resources, mailer: mailer, logger: logger) }
            let group = ServiceGroup(
                configuration: .init(services: (client.map { [$0] } ?? []) + [job], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        }
    }

    /// Brings the store up to date, writes the demo when asked, then runs the application with
    /// the backup schedule and the notice hook as its services, until the group shuts it down.
    private func serve(store: any WorkflowStore, resources: Resources, mailer: SMTPMailer?, logger: Logger) async throws {
        try await prepareWorkflowStore(store)
        let printer = try LetterPrinter(resources: resources)
        let accounts = AccountService(store: store, hasher: BcryptHasher())
        // The tree is cached per service: the one that serves is made after the demo is written.
        // Under the store's demo lock: of several servers started together on an empty
        // database, one writes the demo and the others wait for it, then find it there.
        if demo {
            try await store.exclusively(.demo) {
                if try await WorkflowService(store: store, printer: printer).tree().organizations.isEmpty {
                    print("生成演示省份 …")
                    let clock = ManualClock(Date().addingTimeInterval(-30 * 86_400))
                    let generator = WorkflowService(store: store, clock: clock, printer: printer)
                    try await DemoProvince().generate(
                        into: generator, clock: clock, members: 3000,
                        sealMaker: DemoSealMaker(fonts: try FontLibrary(directory: resources.fontsDirectory)),
                        organizationsSheet: try demoOrganizations(resources))
                    let officerCode = try await accounts.bootstrap(name: "security", organization: "P")
                    try await accounts.activate(name: "security", code: officerCode, password: Self.demoPassword)
                    let (officer, _, _) = try await accounts.login(name: "security", password: Self.demoPassword, address: "setup")
                    let tree = try await generator.tree()
                    var names = ["auditor"]
                    let setup = Caller(account: officer, address: "setup")
                    let auditorCode = try await accounts.createAccount(name: "auditor", role: .auditor, organization: "P", tree: tree, for: setup)
                    try await accounts.activate(name: "auditor", code: auditorCode, password: Self.demoPassword)
                    for org in ["B1", "Z1", "JF", "LX", "QF", "QB", "J", "PY", "YS", "YB", "B3"] {
                        let name = "admin-\(org)"
                        let code = try await accounts.createAccount(
                            name: name, role: .administrator, organization: OrganizationID(org), tree: tree, for: setup)
                        try await accounts.activate(name: name, code: code, password: Self.demoPassword)
                        names.append(name)
                    }
                    print("演示账号（密码均为 \(Self.demoPassword)）：security（安全员）、" + names.joined(separator: "、"))
                }
            }
        }
        let workflow = WorkflowService(store: store, printer: printer)
        let backups = try backupDir.map { directory in
            try BackupSchedule(
                location: StoreLocation(db), directory: directory, everyHours: backupEvery ?? 24, keep: backupKeep ?? 14,
                printer: printer, logger: logger, audit: { try await accounts.audit($0) })
        }
        print("服务地址：http://\(host):\(port)/  （健康检查 /health，指标 /metrics，接口 /api/…）")
        if try await !accounts.hasAccounts() {
            let hasTree = try await !workflow.tree().organizations.isEmpty
            print(
                "库中还没有账号。" + (hasTree ? "" : "先导入党组织：letters import organizations 党组织.xlsx --db \(db)；")
                    + "再创建第一个安全员：letters init --db \(db) --officer 登录名 --org 党组织统一编码代码")
        }
        let openAPI = FileManager.default.contents(atPath: (resources.layoutsDirectory as NSString).deletingLastPathComponent + "/openapi.json")
        let hook =
            notifyWebhook.flatMap(URL.init(string:)).map { NoticeHook(url: $0, secret: notifySecret, workflow: workflow, logger: logger) }
            ?? mailer.map { NoticeHook(mailer: $0, workflow: workflow, logger: logger) }
        // Into a file or a pipe, what was printed (the demo's accounts, the address) is read
        // while the server runs, not when it stops.
        fflush(nil)
        let services: [any Service] = [backups as (any Service)?, hook].compactMap { $0 }
        try await LettersServer.application(
            workflow: workflow, accounts: accounts, host: host, port: port, openAPI: openAPI,
            logger: logger, backups: backups, trustedProxies: Set(trustedProxy), services: services
        ).run()
    }
}

/// The serving job as a service of the command's group, beside the PostgreSQL client.
struct ServeJob: Service {
    let body: @Sendable () async throws -> Void

    func run() async throws { try await body() }
}
