import Crypto
import Foundation

/// `manifest.json` and `manifest.csv` of an export, written row by row into unlinked temporary
/// files (with their CRC and SHA-256 kept as they grow), then copied into the ZIP with a
/// `README.txt` that records both manifests' digests and says how to check everything.
final class ManifestFiles {
    private final class Part {
        let handle: FileHandle
        var crc = CRC32()
        var sha = SHA256()
        var size: UInt64 = 0

        init() throws {
            let path = NSTemporaryDirectory() + "manifest-\(UUID().uuidString)"
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forUpdatingAtPath: path) else {
                throw WorkflowError(.storage, "无法创建临时文件 \(path)")
            }
            try? FileManager.default.removeItem(atPath: path)
            self.handle = handle
        }

        deinit { try? handle.close() }

        func write(_ data: Data) throws {
            try handle.write(contentsOf: data)
            data.withUnsafeBytes { crc.update($0) }
            sha.update(data: data)
            size += UInt64(data.count)
        }
    }

    private let json: Part
    private let csv: Part
    private var first = true
    private let encoder: JSONEncoder
    private let head: ArchiveManifest

    init(_ manifest: ArchiveManifest) throws {
        json = try Part()
        csv = try Part()
        head = manifest
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The header: every field of the manifest but the files, which follow one per line.
        var header = String(decoding: try encoder.encode(manifest), as: UTF8.self)
        guard let range = header.range(of: "\"files\":[],") else { throw WorkflowError(.storage, "清单头无法生成") }
        header.removeSubrange(range)
        header.removeLast()  // "}": the files follow, one per line, then "]}"
        header += ",\"files\":["
        try json.write(Data(header.utf8))
        try csv.write(Data(("\u{FEFF}" + Self.csvHeader.map(Self.csvField).joined(separator: ",") + "\r\n").utf8))
    }

    static let csvHeader = [
        "路径 path", "类别 kind", "SHA-256", "字节 size", "转接 transfer", "介绍信编号 number", "党员 member", "身份证号码 idNumber",
        "开具组织 from", "接收组织 to", "开具日期 issuedOn", "链序号 chainSeq", "链哈希 chainHash", "存档原件 SHA-256",
    ]

    static func csvField(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The CSV row of a file (the same columns the verifier compares with the JSON).
    static func csvRow(_ f: ArchiveManifest.File) -> [String] {
        // Made inert here rather than in `csvField`, so that the verifier's comparison with the
        // JSON sees the same text that was written.
        [
            f.path, f.kind, f.sha256, String(f.size), f.transferID, f.number, f.member, f.idNumber, f.from, f.to, f.issuedOn,
            f.chain.map { String($0.seq) } ?? "", f.chainHash ?? "", f.chain?.sha256 ?? "",
        ].map(FormulaGuard.neutralised)
    }

    func append(_ file: ArchiveManifest.File) throws {
        try json.write(Data(((first ? "\n" : ",\n") + String(decoding: try encoder.encode(file), as: UTF8.self)).utf8))
        first = false
        try csv.write(Data((Self.csvRow(file).map(Self.csvField).joined(separator: ",") + "\r\n").utf8))
    }

    /// Closes the manifests and adds them, the README and its signature to `writer`.
    func write(into writer: ZIPWriter, at date: Date, signedWith key: ExportSigningKey) async throws {
        try json.write(Data("\n]}\n".utf8))
        for (name, part) in [("manifest.json", json), ("manifest.csv", csv)] {
            try await writer.add(name: name, size: part.size, crc: part.crc.value, modified: date) {
                try part.handle.seek(toOffset: 0)
                while let chunk = try part.handle.read(upToCount: 1 << 20), !chunk.isEmpty { try await writer.emit(chunk) }
            }
        }
        let readme = Self.readme(head, jsonSHA: ArchiveEntry.hex(json.sha.finalize()), csvSHA: ArchiveEntry.hex(csv.sha.finalize()))
        try await writer.add(name: "README.txt", data: Data(readme.utf8), modified: date)
        try await writer.add(name: ArchiveVerifier.signatureName, data: try key.signatureFile(for: Data(readme.utf8)), modified: date)
    }

    /// The README: what the export is and how to check it, in Chinese.
    static func readme(_ m: ArchiveManifest, jsonSHA: String, csvSHA: String) -> String {
        """
        中国共产党党员组织关系介绍信 存档导出
        ====================================

        导出时间：\(m.exportedAt)
        导出人：\(m.requestedBy)
        范围：\(m.organization.map { "组织 \($0)\(m.includeDescendants ? "及其下级" : "")的存档" } ?? "全库")；开具日期 \(m.from ?? "不限") 至 \(m.until ?? "不限")；状态 \(m.status ?? "不限")
        导出时存档哈希链的链头：第 \(m.chainHead.seq) 条，哈希 \(m.chainHead.hash)

        清单文件的 SHA-256（清单被改动时与此不符）：
          manifest.json  \(jsonSHA)
          manifest.csv   \(csvSHA)

        一、目录
        每件转接一个文件夹（党员姓名-转接编号），其中：
          第N封-编号-三联.pdf     开具时保存的介绍信原件（存根、介绍信、回执三联），字节与存档完全相同；
          第N封-编号-存根.pdf 等   本组织存档可查看的联次，按开具时保存的内容排版，不含其他联次；
          第N封-编号-退回的回执.pdf 接收方退回的回执原件；
          日志.csv                 转接日志。
        manifest.json / manifest.csv 列出每个文件的路径、SHA-256、字节数、介绍信编号、党员、组织、日期，
        以及它所属存档记录在哈希链上的序号和哈希。

        二、自动核验（不需要数据库）
          letters archive verify 本文件.zip --key 系统的存档签名公钥
        逐个核对文件与清单、清单与哈希链，列出缺失、被改动和多出的文件；并用公钥核对 README.txt.sig
        中对本说明的 Ed25519 签名。公钥须从系统取得（存档导出页面或 letters archive key），不能取自本
        ZIP：整个 ZIP 被重写时，只有签名对不上。

        三、手工核验
        1. 文件：sha256sum 文件名，结果应与清单中的 SHA-256 相同；原件（类别 letter、receipt）还应与
           “存档原件 SHA-256”相同。
        2. 哈希链：每条存档记录的哈希是下列文字（以 | 连接，UTF-8，无换行）的 SHA-256：
             序号|转接编号|第几封(从0起)|letter或receipt|介绍信编号|原件SHA-256|存档时间(1970年起的秒数)|前一条的哈希
           例：printf '%s' '12|…|0|letter|…|…|1700000000|…' | sha256sum
           第 1 条的“前一条的哈希”为 64 个 0。相邻两条中，后一条记录的“前一条的哈希”必须等于前一条的哈希；
           删除、改动或调换任何一条都会使其后的哈希对不上。
        3. 与系统核对：在系统中运行 letters archive check，链头应不早于上面记录的链头，且导出的每条记录的
           哈希与系统中同序号的记录相同。

        """
    }
}
