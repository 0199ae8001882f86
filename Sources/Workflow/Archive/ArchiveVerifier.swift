import Crypto
import Foundation

/// What offline verification of an export found.
public struct ArchiveVerification: Sendable {
    /// Files the manifest lists that are not in the ZIP.
    public var missing: [String] = []
    /// Files whose bytes differ from the manifest (or, for originals, from the chain).
    public var altered: [String] = []
    /// Files in the ZIP that the manifest does not list.
    public var extra: [String] = []
    /// Problems with the manifests and the chain entries they carry.
    public var manifest: [String] = []
    /// Files checked.
    public var checked = 0
    /// The fingerprint of the key whose valid signature the README carries, if any.
    public var signer: String?
    /// Whether that key is the trusted key the check was given.
    public var signerTrusted = false

    /// Whether nothing is wrong.
    public var isIntact: Bool { missing.isEmpty && altered.isEmpty && extra.isEmpty && manifest.isEmpty }
}

/// Checks an export against its manifests and hash chain with no database: every listed file
/// present with its SHA-256 and size, originals equal to the chain, chain entries hashing to
/// what they record and linking where consecutive, the two manifests agreeing with each other
/// and with the digests in the README, the README signed (and, given the system's public key,
/// signed by it), and nothing else in the ZIP.
public enum ArchiveVerifier {
    static let metaFiles: Set<String> = ["manifest.json", "manifest.csv", "README.txt", signatureName]

    /// Verifies the export at `path`; with `trustedKey` (the system's public key or its
    /// fingerprint), also that the system signed it.
    public static func verify(path: String, trustedKey: String? = nil, progress: ((Int, Int) -> Void)? = nil) throws -> ArchiveVerification {
        let zip = try ZIPReader(path: path)
        var report = ArchiveVerification()
        var byName: [String: ZIPReader.Entry] = [:]
        for entry in zip.entries {
            if !ZIPName.isSafe(entry.name) { report.manifest.append("ZIP 中有不安全的文件名：\(entry.name)") }
            if byName.updateValue(entry, forKey: entry.name) != nil { report.manifest.append("ZIP 中文件名重复：\(entry.name)") }
        }
        guard let jsonEntry = byName["manifest.json"] else {
            report.missing.append("manifest.json")
            return report
        }
        let jsonBytes = try zip.data(jsonEntry).bytes
        var reader: ManifestReader
        do {
            reader = try ManifestReader(jsonBytes)
        } catch {
            report.manifest.append("manifest.json 无法读取（被改动或损坏）：\(error)")
            return report
        }
        var csv = try manifestCSV(jsonBytes: jsonBytes, zip: zip, byName: byName, into: &report)
        try checkSignature(zip: zip, byName: byName, trustedKey: trustedKey, into: &report)
        var listed = Set<String>()
        // Only what the links need, so that memory stays small for large exports.
        var chain: [Int: (previous: String, hash: String)] = [:]
        var files = 0
        var csvRows = 0
        var csvDiffers = false
        let manifestHead = reader.head.chainHead
        while true {
            let next: ArchiveManifest.File?
            do {
                next = try reader.next()
            } catch {
                report.manifest.append("manifest.json 无法读取（被改动或损坏）：\(error)")
                return report
            }
            guard let file = next else { break }
            files += 1
            if let row = csv?.next() {
                csvRows += 1
                if !csvDiffers && row != ManifestFiles.csvRow(file) {
                    csvDiffers = true
                    report.manifest.append("manifest.csv 第 \(csvRows + 1) 行与 manifest.json 不一致（\(file.path)）：清单被改动")
                }
            }
            listed.insert(file.path)
            if let entry = file.chain, let hash = file.chainHash {
                if entry.seq > manifestHead.seq {
                    report.manifest.append("清单含第 \(entry.seq) 条存档记录（\(file.path)），在它记录的链头第 \(manifestHead.seq) 条之后：导出不是一致的快照")
                }
                if entry.hash != hash {
                    report.manifest.append("清单中第 \(entry.seq) 条存档记录（\(file.path)）与其哈希不符：记录被改动")
                }
                chain[entry.seq] = (entry.previousHash, hash)
            }
            guard let zipped = byName[file.path] else {
                report.missing.append(file.path)
                continue
            }
            let (bytes, _) = try zip.data(zipped)
            let sha = ArchiveEntry.hex(SHA256.hash(data: bytes))
            if sha != file.sha256 || bytes.count != file.size {
                report.altered.append("\(file.path)：SHA-256 \(sha)，清单为 \(file.sha256)（\(bytes.count) / \(file.size) 字节）")
            } else if ["letter", "receipt"].contains(file.kind), let entry = file.chain, entry.sha256 != sha {
                report.altered.append("\(file.path)：与存档哈希链记录的原件 SHA-256 \(entry.sha256) 不符")
            }
            report.checked += 1
            progress?(files, max(files, reader.count))
        }
        if var rest = csv {
            while rest.next() != nil { csvRows += 1 }
            if csvRows != files {
                report.manifest.append("manifest.csv 有 \(csvRows) 行，manifest.json 有 \(files) 个文件：清单被改动")
            }
        }
        let manifest = reader.head
        for (seq, link) in chain.sorted(by: { $0.key < $1.key }) {
            if let before = chain[seq - 1], link.previous != before.hash {
                report.manifest.append("第 \(seq) 条存档记录的前一哈希与第 \(seq - 1) 条不符：哈希链断开")
            }
            if seq == 1 && link.previous != ArchiveEntry.genesis {
                report.manifest.append("第 1 条存档记录的前一哈希不是 64 个 0")
            }
        }
        if manifest.complete {
            let seqs = Set(chain.keys)
            if let gap = (1...max(1, manifest.chainHead.seq)).first(where: { !seqs.contains($0) }), manifest.chainHead.seq > 0 {
                report.manifest.append("全库导出缺少哈希链第 \(gap) 条记录")
            }
            if let last = chain[manifest.chainHead.seq], last.hash != manifest.chainHead.hash {
                report.manifest.append("最后一条存档记录的哈希与清单记录的链头不符")
            }
        }
        for name in byName.keys.sorted() where !listed.contains(name) && !metaFiles.contains(name) {
            report.extra.append(name)
        }
        return report
    }

    /// `manifest.csv`, its header row read, once the README is found to carry both manifests'
    /// digests; nil when it is missing. Its rows are compared with the JSON's files as they go.
    static func manifestCSV(
        jsonBytes: Data, zip: ZIPReader, byName: [String: ZIPReader.Entry],
        into report: inout ArchiveVerification
    ) throws -> CSVReader? {
        guard let csvEntry = byName["manifest.csv"] else {
            report.missing.append("manifest.csv")
            return nil
        }
        let csvBytes = try zip.data(csvEntry).bytes
        if let readmeEntry = byName["README.txt"] {
            let readme = String(decoding: try zip.data(readmeEntry).bytes, as: UTF8.self)
            for (name, bytes) in [("manifest.json", jsonBytes), ("manifest.csv", csvBytes)] {
                let sha = ArchiveEntry.hex(SHA256.hash(data: bytes))
                if !readme.contains("\(name)  \(sha)") && !readme.contains("\(name)   \(sha)") {
                    report.manifest.append("\(name) 的 SHA-256 与 README.txt 记录的不符：清单被改动")
                }
            }
        } else {
            report.missing.append("README.txt")
        }
        var rows = CSVReader(String(decoding: csvBytes, as: UTF8.self))
        _ = rows.next()
        return rows
    }
}
