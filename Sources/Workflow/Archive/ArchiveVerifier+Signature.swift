import Crypto
import Foundation

extension ArchiveVerifier {
    /// The signature file beside the README.
    public static let signatureName = "README.txt.sig"

    /// Checks the README's signature and, when `trustedKey` (the system's public key in base64,
    /// or its fingerprint) is given, that the export was signed with it. Without a trusted key
    /// a valid signature only proves the README unchanged since someone signed it.
    static func checkSignature(
        zip: ZIPReader, byName: [String: ZIPReader.Entry], trustedKey: String?,
        into report: inout ArchiveVerification
    ) throws {
        guard let readmeEntry = byName["README.txt"] else { return }  // reported missing already
        guard let signatureEntry = byName[signatureName] else {
            if trustedKey != nil { report.manifest.append("没有 \(signatureName)：导出未签名，无法确认出自本系统") }
            return
        }
        let readme = try zip.data(readmeEntry).bytes
        var fields: [String: String] = [:]
        for line in String(decoding: try zip.data(signatureEntry).bytes, as: UTF8.self).split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard fields["algorithm"] == "Ed25519", let publicText = fields["public-key"], let publicRaw = Data(base64Encoded: publicText),
            let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: publicRaw),
            let signature = fields["signature"].flatMap({ Data(base64Encoded: $0) })
        else {
            report.manifest.append("\(signatureName) 无法读取（应含 algorithm: Ed25519、public-key、signature）")
            return
        }
        let fingerprint = ExportSigningKey.fingerprint(of: publicRaw)
        guard publicKey.isValidSignature(signature, for: readme) else {
            report.manifest.append("README.txt 的签名不符（密钥指纹 \(fingerprint)）：说明或签名被改动")
            return
        }
        report.signer = fingerprint
        guard let trustedKey else { return }
        let trusted = trustedKey.trimmingCharacters(in: .whitespacesAndNewlines)
        let digits = trusted.lowercased().filter { $0 != " " && $0 != ":" }
        if trusted == publicText || (digits.count >= ExportSigningKey.minimumFingerprintDigits && fingerprint.hasPrefix(digits)) {
            report.signerTrusted = true
        } else if trusted != publicText, digits.allSatisfy(\.isHexDigit), digits.count < ExportSigningKey.minimumFingerprintDigits {
            report.manifest.append("--key 的指纹太短：至少 \(ExportSigningKey.minimumFingerprintDigits) 位十六进制（128 位），或给出完整公钥")
        } else {
            report.manifest.append("签名密钥（指纹 \(fingerprint)）不是指定的可信密钥 \(trusted.prefix(44))：此导出不是本系统签发的，或已被整体重写后重新签名")
        }
    }
}
