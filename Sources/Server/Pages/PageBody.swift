/// A page's body written in Swift rather than by a Mustache template (`TablePage`,
/// `TransferPage`); `PageRoutes.page` puts it in the frame every page has.
protocol PageBody {
    /// The body's markup, every value escaped.
    var html: String { get }
}
