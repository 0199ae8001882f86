import Crypto
import Foundation

/// The key this system signs its archive exports with (Ed25519): its signature over an
/// export's README — which records both manifests' digests, the chain head, the scope and who
/// exported — lets an inspector holding the public key, obtained from the system and not from
/// the ZIP, tell an export this system wrote from one rewritten whole.
public struct ExportSigningKey: Sendable {
    /// The private key's 32 bytes (the key type itself is not `Sendable`).
    let raw: Data
    /// The public key, base64 (32 bytes): what an inspector is given to check exports with.
    public let publicKey: String
    /// The first 16 hex digits of the public key's SHA-256, to compare by eye or over the phone.
    public let fingerprint: String

    /// The key whose private half is `raw`; throws when those are not 32 bytes of a key.
    init(raw: Data) throws {
        let publicRaw = try Curve25519.Signing.PrivateKey(rawRepresentation: raw).publicKey.rawRepresentation
        self.raw = raw
        publicKey = publicRaw.base64EncodedString()
        fingerprint = Self.fingerprint(of: publicRaw)
    }

    /// The SHA-256 of the public key, whole (256 bits): a shorter one could be matched by a
    /// forger's key made for the purpose. A person may compare (and `--key` accept) its first
    /// `minimumFingerprintDigits` hexadecimal digits or more.
    static func fingerprint(of publicKey: Data) -> String {
        ArchiveEntry.hex(SHA256.hash(data: publicKey))
    }

    /// The fewest hexadecimal digits of a fingerprint a verifier accepts (128 bits).
    public static let minimumFingerprintDigits = 32

    /// The signature file for `readme`'s bytes.
    func signatureFile(for readme: Data) throws -> Data {
        let signature = try Curve25519.Signing.PrivateKey(rawRepresentation: raw).signature(for: readme)
        let text = """
            algorithm: Ed25519
            signed-file: README.txt
            public-key: \(publicKey)
            fingerprint: \(fingerprint)
            signature: \(signature.base64EncodedString())

            """
        return Data(text.utf8)
    }
}

extension WorkflowService {
    /// The export signing key, made and stored on first use. Several servers on one database
    /// race to insert it; the first insert wins and everyone reads that one back.
    public func exportSigningKey() async throws -> ExportSigningKey {
        // Read first: the archive page and every export ask, and only the very first may write.
        var stored = try await store.read { try await ArchiveRepository(c: $0).signingKey() }
        if stored == nil {
            let fresh = Curve25519.Signing.PrivateKey().rawRepresentation.base64EncodedString()
            let now = Int64(clock.now().timeIntervalSince1970)
            stored = try await store.transaction { c in
                let archive = ArchiveRepository(c: c)
                try await archive.insertSigningKey(fresh, at: now)
                return try await archive.signingKey()
            }
        }
        guard let stored, let raw = Data(base64Encoded: stored), let key = try? ExportSigningKey(raw: raw) else {
            throw WorkflowError(.invalid, "存档签名密钥无法读取：数据库中的 signing_keys 已损坏")
        }
        return key
    }
}
