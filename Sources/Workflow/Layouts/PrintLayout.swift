import Foundation
import Render

/// A county's own print run of the pre-printed sheet (套打模板二), as checked on its scan: the
/// blanks moved from where the shipped template has them, kept under a name for its
/// organization. The organization's downloads on template two use the one marked in use (or
/// the one a download names); `letters render-batch --layout` takes its file.
public struct PrintLayout: Sendable, Hashable, Codable {
    /// The name the organization gives it (2024年印制, 新版纸).
    public var name: String
    /// Where each moved blank sits (box top-left or tick centre, mm), by ``LayoutBlank/key``;
    /// blanks not named stay where the template has them.
    public var positions: [String: Point]
    /// Whether the organization's downloads on template two use it when they name none.
    public var inUse: Bool
    /// The scan's kind (`jpeg`, `png`) and size in pixels, when one was uploaded.
    public var scan: Scan?
    /// Who saved it last (account), and when.
    public var savedBy: String
    /// When it was saved last.
    public var savedAt: Date

    /// A blank sheet's scan as uploaded: what the page draws the blanks over.
    public struct Scan: Sendable, Hashable, Codable {
        /// `jpeg` or `png`.
        public var kind: String
        /// Width and height in pixels.
        public var width: Int
        /// Height in pixels.
        public var height: Int
    }

    /// The largest scan kept: an A4 sheet at 300 dpi is 2480 × 3508 pixels, 1–4 MB as JPEG,
    /// up to about 8 MB as a grey PNG.
    public static let scanLimit = 10 << 20

    /// Creates a layout record.
    public init(name: String, positions: [String: Point], inUse: Bool, scan: Scan?, savedBy: String, savedAt: Date) {
        self.name = name
        self.positions = positions
        self.inUse = inUse
        self.scan = scan
        self.savedBy = savedBy
        self.savedAt = savedAt
    }

    /// Reads an uploaded scan: a JPEG or PNG of a whole A4 sheet (its sides in the ratio of
    /// 210 to 297 within 4 %) at 150 to 600 dpi; anything else refused in words naming the rule.
    public static func scan(of bytes: Data) throws -> Scan {
        guard bytes.count <= scanLimit else {
            throw WorkflowError(.invalid, field: "scan", rule: "size", "扫描件最多 \(scanLimit >> 20) MB，实为 \(bytes.count >> 20) MB")
        }
        guard let (kind, width, height) = ImageHeader.size(of: bytes) else {
            throw WorkflowError(.invalid, field: "scan", rule: "format", "扫描件应为 JPEG 或 PNG 图片")
        }
        let ratio = Double(width) / Double(height)
        guard abs(ratio / (210.0 / 297.0) - 1) <= 0.04 else {
            throw WorkflowError(
                .invalid, field: "scan", rule: "a4",
                "扫描件应为整张 A4 纸（竖放，宽高比 210:297），实为 \(width)×\(height) 像素；请扫描整张空白纸，不要裁边")
        }
        let dpi = Double(width) / (210.0 / 25.4)
        guard (150...600).contains(dpi) else {
            throw WorkflowError(
                .invalid, field: "scan", rule: "resolution",
                "扫描件分辨率约为 \(Int(dpi.rounded())) dpi；请以 300 dpi 扫描（A4 约 2480×3508 像素）")
        }
        return Scan(kind: kind, width: width, height: height)
    }
}
