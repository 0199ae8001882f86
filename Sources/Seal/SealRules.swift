/// What an uploaded seal image must be: the seal at its true size, 42.33 mm across.
public enum SealRules {
    /// 5 MB.
    public static let maxBytes = 5 * 1024 * 1024
    /// Width and height in pixels.
    public static let pixels = 500
    /// Dots per inch; 500 px at 300 dpi is 42.33 mm.
    public static let dpi = 300
    /// The same density in dots per centimetre, as some programs write it.
    public static let dotsPerCentimetre = 118
    /// The printed diameter in millimetres.
    public static let diameterMillimetres = Double(pixels) / Double(dpi) * 25.4
}
