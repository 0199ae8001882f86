import Hummingbird
import Workflow

/// The request context: who is calling (set by ``AuthenticationMiddleware``).
public struct AppRequestContext: RequestContext {
    /// Hummingbird's storage.
    public var coreContext: CoreRequestContextStorage
    /// The caller's account, when authenticated.
    public var account: Account?
    /// Whether the caller came with a session cookie (forms then need the CSRF token).
    public var viaCookie = false
    /// The session's CSRF token, for forms.
    public var csrf = ""
    /// The message the previous form's redirect left for this page (`FlashMiddleware`).
    public var flash: String?
    /// The client's address, for the audit log and login rate limits (behind a trusted proxy,
    /// the address it forwarded: `ClientAddressMiddleware`).
    public var remoteAddress: String

    /// Creates a context for a request.
    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "local"
    }

    /// Uploads up to 6 MB are read; anything larger is refused before it is read whole.
    public var maxUploadSize: Int { Self.uploadLimit }

    /// JSON bodies decoded with errors in the API's form, naming the field.
    public var requestDecoder: APIRequestDecoder { APIRequestDecoder() }

    /// The largest request body read, in bytes.
    static let uploadLimit = 6 * 1024 * 1024
}
