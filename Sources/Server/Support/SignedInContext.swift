import Hummingbird
import Workflow

/// The context of every route that needs someone signed in: made from the request's context
/// as the router enters the group, or refused there with 401 (audited by
/// `AccessAuditMiddleware` like any refusal). What the caller may do is still the service's to
/// decide — role, subtree and rule live in one place; this group only knows that there is a caller.
public struct SignedInContext: ChildRequestContext {
    /// Hummingbird's storage.
    public var coreContext: CoreRequestContextStorage
    /// The signed-in caller, as the service takes it.
    public let caller: Caller
    /// Whether the caller came with a session cookie.
    public let viaCookie: Bool

    /// The caller of `context`, or 401.
    public init(context: AppRequestContext) throws {
        guard let account = context.account else { throw APIError.unauthenticated }
        coreContext = context.coreContext
        caller = Caller(account: account, address: context.remoteAddress)
        viaCookie = context.viaCookie
    }

    /// The client's address (behind a trusted proxy, the one it forwarded).
    public var remoteAddress: String { caller.address }
    /// As `AppRequestContext`: uploads beyond the limit are refused before they are read whole.
    public var maxUploadSize: Int { AppRequestContext.uploadLimit }
    /// JSON bodies decoded with errors in the API's form, naming the field.
    public var requestDecoder: APIRequestDecoder { APIRequestDecoder() }
}
