import ArgumentParser
import Foundation
import LetterModel
import Workflow

/// `letters transfer …`: the workflow's operations and views, for trying the core. Each goes
/// through the service's door as the machine's operator acting for the organization `--as`
/// names (`Caller.commandLine`): decided and audited as the same request from a page would be.
struct TransferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer", abstract: "党员组织关系转接：发起、审批、退件、接收……以及查看路径、待办和日志。",
        subcommands: [List.self, Show.self, Queue.self, Apply.self, RegisterIncoming.self, Operate.self, Receipt.self, Letter.self, Check.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出某组织的转出或接收历史（默认全省）。")
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("as"), help: "组织 id") var org: String = "P"
        @Flag(help: "接收历史（默认转出历史）") var incoming = false
        @Option(help: "按姓名筛选") var name: String?

        func run() async throws {
            try await reportingWorkflowErrors {
                let service = try await store.service()
                let rows = try await service.history(outgoing: !incoming, filter: HistoryFilter(name: name), for: .commandLine(acting: org))
                for r in rows { print("\(r.id)  \(r.memberName)  \(r.type)  \(r.state)  待办：\(r.holder?.rawValue ?? "—")") }
                print("共 \(rows.count) 件")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "显示一件转接：路径、介绍信、日志、各组织的存档权限。")
        @OptionGroup var store: StoreOptions
        @Argument var id: String
        @Option(name: .customLong("as"), help: "查看组织 id（默认全省）") var org: String = "P"

        func run() async throws {
            try await reportingWorkflowErrors {
                let service = try await store.service()
                let t = try await service.transfer(id, for: .commandLine(acting: org))
                let tree = try await service.tree()
                print(describe(t, tree: tree, letters: try await service.letters(id)))
                // What each organization on the path may do now, as the state machine answers (the
                // same list the API returns as allowedOperations and the transfer page as buttons).
                print("现在可办理：")
                for org in t.path.organizations {
                    let allowed = t.allowedOperations(for: .organization(org), tree: tree, at: service.clock.now())
                    guard !allowed.isEmpty else { continue }
                    print("  \(tree.organizations[org]?.name ?? org.rawValue)（\(org.rawValue)）：" + allowed.map(\.rawValue).joined(separator: "、"))
                }
                print("存档（查看存档）：")
                for org in t.path.organizations {
                    let parts = ArchiveRules.parts(for: org, in: t)
                    guard !parts.isEmpty else { continue }
                    print(
                        "  \(tree.organizations[org]?.name ?? org.rawValue)："
                            + parts.map { "第 \($0.hop + 1) 封的\(["stub": "存根", "letter": "第二联", "receipt": "回执"][$0.part.rawValue]!)" }.joined(separator: "、"))
                }
            }
        }
    }

    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "某组织的待办：最早到期的在前，逾期标出；以及下级的待办数。")
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("as"), help: "组织 id") var org: String

        func run() async throws {
            try await reportingWorkflowErrors {
                let service = try await store.service()
                let queue = try await service.queue(for: .commandLine(acting: org))
                let counts = queue.counts
                print("待办业务 \(counts.own) 件；下级党组织待办 \(counts.subordinates) 件")
                for r in queue.items {
                    // China's day, as the home page shows it.
                    print("\(r.id)  \(r.memberName)  \(r.type)  \(r.state)  到期 \(r.expiresAt?.chinaISODay ?? "—")\(r.overdue ? "（已逾期）" : "")")
                }
            }
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "单人转出申请：计算路径并开具第一封介绍信。")
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("as"), help: "发起组织 id（党支部或其基层党委）") var org: String
        @Option(help: "党员 id") var member: String
        @Option(help: "接收党支部 id（省内）") var to: String?
        @Option(help: "省外接收党组织名称") var outside: String?
        @Option(help: "省外接收党组织的介绍信抬头") var letterhead: String?
        @Option(help: "省外转出类型：转往外省(区、市)、转往军队、转往武警部队、转往国（境）外") var type: String?
        @Option(help: "党费缴纳至 YYYY-MM（默认本月）") var dues: String?
        @Option(help: "有效期（天）") var validity: Int = 15

        func run() async throws {
            try await reportingWorkflowErrors {
                let service = try await store.service()
                let direction: TransferDirection
                if let to {
                    direction = .inProvince(destination: OrganizationID(to))
                } else if let outside {
                    direction = .outOfProvince(destinationName: outside, letterhead: letterhead ?? outside)
                } else {
                    throw CLIError(message: "请用 --to 指定省内接收党支部，或用 --outside 填写省外接收党组织")
                }
                let month =
                    dues
                    ?? {
                        let c = Calendar(identifier: .gregorian).dateComponents([.year, .month], from: Date())
                        return String(format: "%04d-%02d", c.year!, c.month!)
                    }()
                let t = try await service.applyOut(
                    member: member, direction: direction, type: type.flatMap(TransferType.init(rawValue:)),
                    application: .init(duesPaidUpTo: month, validityDays: validity),
                    for: .commandLine(acting: org))
                print(describe(t, tree: try await service.tree()))
            }
        }
    }

    struct RegisterIncoming: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "register-incoming",
            abstract: "省外转入登记：由具有全国范围转接权限的党组织登记，身份经核验（无法核验时须 --photo 身份证照片），开具第一封介绍信。")
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("as"), help: "登记组织的统一编码代码（须有全国范围转接权限）") var org: String
        @Option(help: "姓名") var name: String
        @Option(help: "公民身份证号") var idNumber: String
        @Option(help: "民族") var ethnicity: String = "汉族"
        @Option(help: "人员类别：正式党员 或 预备党员") var category: String = "正式党员"
        @Option(help: "工作岗位") var occupation: String = ""
        @Option(help: "学历") var education: String = ""
        @Option(help: "联系电话") var phone: String
        @Option(help: "原所在党组织（省外）") var origin: String
        @Option(help: "接收党支部的统一编码代码") var to: String
        @Option(help: "类型：自外省(区、市)转入、自军队转入、自武警部队转入、自国（境）外转入") var type: String = TransferType.fromOtherProvince.rawValue
        @Option(help: "党费缴纳至 YYYY-MM（默认本月）") var dues: String?
        @Option(help: "有效期（天）") var validity: Int = 15
        @Option(help: "身份证照片（JPEG 或 PNG，不超过 5 MB）：无法在线核验身份时必需") var photo: String?
        @Option(help: "原介绍信编号（打印给原组织的回执时用）") var originLetter: String?

        func run() async throws {
            try await reportingWorkflowErrors {
                let service = try await store.service()
                guard let kind = TransferType(rawValue: type), TransferType.incoming.contains(kind) else {
                    throw CLIError(message: "--type 应为 " + TransferType.incoming.map(\.rawValue).joined(separator: "、") + " 之一")
                }
                guard let memberCategory: MemberCategory = category.hasPrefix("正式") ? .full : category.hasPrefix("预备") ? .probationary : nil else {
                    throw CLIError(message: "--category 应为 正式党员 或 预备党员")
                }
                let month =
                    dues
                    ?? {
                        let c = Calendar(identifier: .gregorian).dateComponents([.year, .month], from: Date())
                        return String(format: "%04d-%02d", c.year!, c.month!)
                    }()
                let image = try photo.map { path -> Data in
                    guard let data = FileManager.default.contents(atPath: path) else { throw CLIError(message: "无法读取 \(path)") }
                    return data
                }
                let t = try await service.registerIncoming(
                    IncomingRegistration(
                        name: name, idNumber: idNumber, ethnicity: ethnicity, category: memberCategory, occupation: occupation,
                        education: education, phone: phone, origin: origin, destination: OrganizationID(to), type: kind,
                        application: .init(duesPaidUpTo: month, validityDays: validity), idCardPhoto: image,
                        originLetterNumber: originLetter),
                    for: .commandLine(acting: org))
                print(describe(t, tree: try await service.tree()))
            }
        }
    }

    struct Receipt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "录入回执：省外退回的回执（第三联）的日期、编号和扫描件或照片（JPEG 或 PDF，不超过 5 MB），由原基层党委录入，转接办结。")
        @OptionGroup var store: StoreOptions
        @Argument(help: "转接 id") var id: String
        @Option(name: .customLong("as"), help: "录入组织（原基层党委）的统一编码代码") var org: String
        @Option(help: "回执日期 YYYY-MM-DD") var returnedOn: String
        @Option(help: "回执编号") var number: String?
        @Option(help: "扫描件或照片（JPEG 或 PDF）") var scan: String
        @Option(help: "备注") var note: String = ""

        func run() async throws {
            try await reportingWorkflowErrors {
                let service = try await store.service()
                guard let bytes = FileManager.default.contents(atPath: scan) else { throw CLIError(message: "无法读取 \(scan)") }
                let t = try await service.recordReturnedReceipt(
                    id, returnedOn: returnedOn, number: number, note: note, scan: bytes,
                    for: .commandLine(acting: org))
                print(describe(t, tree: try await service.tree()))
            }
        }
    }

    struct Operate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "do",
            abstract:
                "办理：approve（同意并开新信）、return（退件）、void（废件）、change-destination、accept（接收）、confirm-report（确认报到）、object（异议）、recall（撤回）、complete（办结）、recover（找回）；录入回执用 letters transfer receipt。"
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "操作") var operation: String
        @Argument(help: "转接 id") var id: String
        @Option(name: .customLong("as"), help: "办理组织 id") var org: String
        @Option(help: "原因、反馈或备注") var reason: String?
        @Option(help: "新的接收党支部 id（change-destination），或接收时的转入支部（accept）") var to: String?
        @Option(help: "办理人联系电话（accept）") var phone: String?
        @Option(help: "新介绍信的有效期（天）") var validity: Int = 15

        func run() async throws {
            try await reportingWorkflowErrors {
                let service = try await store.service()
                let text = reason ?? ""
                guard let op = TransferOperation(rawValue: operation) else {
                    throw CLIError(message: "未知操作“\(operation)”：见 letters transfer do --help")
                }
                let t = try await service.perform(
                    op, on: id, for: .commandLine(acting: org), reason: text, destination: to.map { OrganizationID($0) },
                    validityDays: validity, handlerPhone: phone)
                print(describe(t, tree: try await service.tree()))
            }
        }
    }

    struct Letter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "导出一封已开具介绍信的 PDF（开具时生成，此后不变），或其回执。")
        @OptionGroup var store: StoreOptions
        @Argument var id: String
        @Option(help: "第几封（从 1 起）") var hop: Int = 1
        @Flag(help: "导出回执（第三联，接收组织盖章）") var receipt = false
        @Option(help: "输出 PDF") var out: String
        @Option(name: .customLong("as"), help: "导出组织 id（默认全省）") var org: String = "P"

        func run() async throws {
            try await reportingWorkflowErrors {
                let service = try await store.service()
                // Which letters and parts the organization may have, and the audit entry, are the service's.
                let grant = try await service.letterGrant(id, hop: hop, request: LetterRequest(returnedReceipt: receipt), for: .commandLine(acting: org))
                let letter = try await service.letter(grant.transfer.id, hop: grant.hop)
                guard let pdf = receipt ? letter.receiptPDF : letter.pdf else { throw CLIError(message: "该介绍信的回执尚未退回") }
                try writeFile(pdf, to: out)
                print("已导出 \(out)：第 \(letter.number) 号\(receipt ? "的回执" : "")，SHA-256 \(receipt ? letter.receiptSHA256 ?? "" : letter.sha256)")
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "检查数据库：每件转接的状态、介绍信、回执和党员记录是否一致。")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await reportingWorkflowErrors {
                let service = try await store.service()
                let problems = try await service.checkIntegrity()
                guard problems.isEmpty else { throw CLIError(message: problems.joined(separator: "\n")) }
                print("一致：未发现问题")
            }
        }
    }
}
