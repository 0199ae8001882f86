import CCairo
import Foundation

/// The renderer's private fontconfig: only the fonts in `fonts/build`, never the machine's.
///
/// One library is shared by every renderer and thread (fontconfig's configuration is
/// read-only once built); each renderer makes its own Pango font map from it, because a
/// font map shared across threads crashes Pango.
public final class FontLibrary: @unchecked Sendable {
    /// The family list Pango is asked for: the cut-down Noto Serif CJK SC first, then the
    /// Hanazono faces for rare characters (CJK Extensions A–F), then BabelStone Han (much of
    /// Extensions G and H).
    public static let families = "LetterSerif SC, HanaMinA, HanaMinB, BabelStone Han"
    /// Families that must be present for the letter to look right.
    static let requiredFamilies = ["LetterSerif SC", "HanaMinA", "HanaMinB", "BabelStone Han"]

    let config: OpaquePointer
    private let coverage: OpaquePointer

    /// Loads `fonts.conf` from `directory` and checks that the required families are there.
    public init(directory: String) throws(RenderError) {
        let file = (directory as NSString).appendingPathComponent("fonts.conf")
        guard FileManager.default.fileExists(atPath: file) else {
            throw RenderError(code: .fonts, message: "缺少字体配置文件 \(file)")
        }
        guard let config = FcConfigCreate() else {
            throw RenderError(code: .fonts, message: "fontconfig 无法创建配置")
        }
        // fontconfig 2.14 resolves a relative <cachedir> against the working directory, not the
        // file, and would leave caches wherever the program runs: the paths are made absolute.
        let text = ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "")
            .replacingOccurrences(of: "prefix=\"relative\">build", with: ">" + (directory as NSString).appendingPathComponent("build"))
        guard FcConfigParseAndLoadFromMemory(config, text, 1) != 0, FcConfigBuildFonts(config) != 0 else {
            FcConfigDestroy(config)
            throw RenderError(code: .fonts, message: "无法读取字体配置 \(file)")
        }
        var found = Set<String>()
        let union = FcCharSetCreate()!
        if let set = FcConfigGetFonts(config, FcSetSystem) {
            let fonts = UnsafeBufferPointer(start: set.pointee.fonts, count: Int(set.pointee.nfont))
            for case let pattern? in fonts {
                var family: UnsafeMutablePointer<FcChar8>?
                if FcPatternGetString(pattern, FC_FAMILY, 0, &family) == FcResultMatch, let family {
                    found.insert(String(cString: family))
                }
                var charset: OpaquePointer?
                if FcPatternGetCharSet(pattern, FC_CHARSET, 0, &charset) == FcResultMatch, let charset {
                    FcCharSetMerge(union, charset, nil)
                }
            }
        }
        let missing = FontLibrary.requiredFamilies.filter { !found.contains($0) }
        guard missing.isEmpty else {
            FcCharSetDestroy(union)
            FcConfigDestroy(config)
            throw RenderError(code: .fonts, message: "字体目录 \(directory)/build 中缺少字体：\(missing.joined(separator: "、"))。请先运行 make fonts（见 README）")
        }
        self.config = config
        self.coverage = union
    }

    deinit {
        FcCharSetDestroy(coverage)
        FcConfigDestroy(config)
    }

    /// The characters of `text` that no configured font can draw, in order, once each.
    public func missingCharacters(in text: String) -> [Unicode.Scalar] {
        var seen = Set<Unicode.Scalar>()
        return text.unicodeScalars.filter { scalar in
            // Coverage first: nearly every character is covered, and Unicode's property tables
            // cost more than fontconfig's lookup.
            guard FcCharSetHasChar(coverage, scalar.value) == 0, !scalar.properties.isWhitespace else { return false }
            return seen.insert(scalar).inserted
        }
    }
}
