import ArgumentParser
import Foundation
import Render
import Synchronization
import Workflow

/// Options of every workflow command: which store, and as which organization.
struct StoreOptions: ParsableArguments {
    @Option(help: "数据库：SQLite 文件路径，或 postgres://用户:密码@主机:端口/库名")
    var db: String = "demo.sqlite"

    /// Opens the store and a service over it.
    func service() async throws -> WorkflowService {
        let resources = try Resources.locate()
        let store = try await openWorkflowStore(db)
        openStores.withLock { $0.append(store) }
        let service = WorkflowService(store: store, printer: try LetterPrinter(resources: resources))
        openServices.withLock { $0.append(service) }
        return service
    }
}

/// Stores opened by the running command, closed when it ends (a connection must be closed
/// before it is released).
let openStores = Mutex<[any WorkflowStore]>([])
/// Services of the running command, whose queued audit entries are committed before it ends.
let openServices = Mutex<[WorkflowService]>([])

func closeOpenStores() async {
    let services = openServices.withLock { list in
        defer { list.removeAll() }
        return list
    }
    for service in services { try? await service.auditCommitted() }
    let stores = openStores.withLock { list in
        defer { list.removeAll() }
        return list
    }
    for store in stores { try? await store.close() }
}

/// Runs a workflow command, printing the project's errors in plain words (exit status 1).
func reportingWorkflowErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
        await closeOpenStores()
    } catch let error as WorkflowError {
        await closeOpenStores()
        printError("错误（\(error.code.rawValue)）：\(error.description)")
        throw ExitCode(1)
    } catch let error as RenderError {
        await closeOpenStores()
        printError("错误：\(error)")
        throw ExitCode(1)
    } catch let error as CLIError {
        await closeOpenStores()
        printError("错误：\(error.message)")
        throw ExitCode(1)
    } catch {
        await closeOpenStores()
        throw error
    }
}

/// A transfer, readably: path with the holder marked, letters, log.
func describe(_ t: Transfer, tree: OrganizationTree, letters: [StoredLetter] = []) -> String {
    let f = DateFormatter()
    f.dateFormat = "yyyy-MM-dd HH:mm"
    f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
    var lines = ["转接 \(t.id)（版本 \(t.version)）：\(t.memberName) \(t.memberIDNumber)，\(t.type.rawValue)，状态 \(t.stateCode)"]
    let names = t.path.organizations.enumerated().map { i, id -> String in
        let name = tree.organizations[id]?.name ?? id.rawValue
        let mark = t.currentHolder == id ? "【\(name)】" : name
        return i == t.path.turnIndex ? mark + (t.path.automaticTurn ? "（转向，自动审批）" : "（转向）") : mark
    }
    lines.append("路径：" + names.joined(separator: " → "))
    if case .outOfProvince(let name, _) = t.direction { lines.append("省外接收组织：\(name)") }
    if let holder = t.currentHolder { lines.append("当前办理：\(tree.organizations[holder]?.name ?? holder.rawValue)") }
    for (i, hop) in t.hops.enumerated() {
        let to = hop.to.map { tree.organizations[t.path.organizations[$0]]?.name ?? "" } ?? "省外"
        let stored = letters.first { $0.hop == i }
        lines.append(
            "  介绍信 \(i + 1)：第 \(hop.number ?? "?") 号 \(tree.organizations[t.path.organizations[hop.from]]?.name ?? "") → \(to)"
                + (hop.automatic ? "（系统）" : "") + (hop.withdrawn ? "（已撤回/退回）" : "") + (hop.receiptReturnedAt != nil ? "，回执已回" : "")
                + (stored.map { "，SHA-256 \($0.sha256.prefix(12))…" } ?? ""))
    }
    lines.append("转接日志：")
    for entry in t.log {
        lines.append(
            "  \(f.string(from: entry.at)) \(entry.actor)" + (entry.person.map { " [\($0)]" } ?? "") + " \(entry.operation)"
                + (entry.to.map { " → \($0)" } ?? "") + (entry.note.map { "（\($0)）" } ?? ""))
    }
    return lines.joined(separator: "\n")
}

extension Caller {
    /// The machine's operator acting for `org` as its administrator: how the command line
    /// passes the service's door. The audit log names the operating-system user and the
    /// command line as the address.
    static func commandLine(acting org: String, role: Role = .administrator) -> Caller {
        let user = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "operator"
        return Caller(
            account: Account(name: "local:" + Limits.clipped(user, to: 24), role: role, organization: OrganizationID(org), active: true),
            address: "command-line", isLocalOperator: true)
    }
}

/// The demo province's organizations sheet (`demo/organizations.csv`), which the demo loads
/// through the register's import as a department loads its own.
func demoOrganizations(_ resources: Resources) throws -> Data {
    let path = (resources.demoDirectory as NSString).appendingPathComponent("organizations.csv")
    guard let data = FileManager.default.contents(atPath: path) else { throw CLIError(message: "找不到演示省的名册 \(path)") }
    return data
}
