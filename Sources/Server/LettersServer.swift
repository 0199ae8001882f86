import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Workflow

/// The HTTP server: `/health`, `/metrics`, and the JSON API under `/api`.
public enum LettersServer {
    /// The router, for the application and for tests; `/metrics` reports `backups` when the
    /// server makes them.
    public static func router(
        workflow: WorkflowService, accounts: AccountService, openAPI: Data? = nil,
        backups: BackupSchedule? = nil, trustedProxies: Set<String> = []
    ) -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        // Bootstraps swift-metrics (once per process) before the middleware makes its first metric.
        _ = LettersMetrics.registry
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: ClientAddressMiddleware(trusted: trustedProxies))
        router.add(middleware: APIFallbackMiddleware(openAPI: openAPI))
        router.add(middleware: AuthenticationMiddleware(accounts: accounts))
        router.add(middleware: AccessAuditMiddleware(accounts: accounts))
        // The templates are constants: failing to parse them is a programming error.
        let api = APIRoutes(workflow: workflow, accounts: accounts)
        let pages = try! PageRoutes(api: api)
        // After authentication, so that an error page still shows who is signed in.
        router.add(middleware: PageErrorMiddleware(pages: pages))
        router.add(middleware: CSRFMiddleware())
        router.add(middleware: FlashMiddleware())
        router.get("/health") { _, _ in "ok" }
        router.get("/metrics") { _, _ in LettersMetrics.exposition() + (backups.map { BackupMetrics.exposition($0.status) } ?? "") }
        if let openAPI {
            router.get("/openapi.json") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: openAPI)))
            }
        }
        // Every API route but signing in and activating needs a caller: one group makes the
        // caller's context or answers 401; the service decides what that caller may do.
        let signedIn = router.group(context: SignedInContext.self)
        api.add(to: router, signedIn: signedIn)
        QueryRoutes(api: api).add(to: signedIn)
        LetterRoutes(api: api, cache: IssuedLetterCache()).add(to: signedIn)
        ArchiveRoutes(api: api).add(to: signedIn)
        pages.add(to: router)
        return router
    }

    /// The application listening on `host:port`, running `services` (the backup schedule, the
    /// notice hook) beside the HTTP server: started before it, shut down after it has drained.
    public static func application(
        workflow: WorkflowService, accounts: AccountService, host: String, port: Int,
        openAPI: Data?, logger: Logger, backups: BackupSchedule? = nil,
        trustedProxies: Set<String> = [], services: [any Service] = []
    ) -> some ApplicationProtocol {
        Application(
            router: router(workflow: workflow, accounts: accounts, openAPI: openAPI, backups: backups, trustedProxies: trustedProxies),
            configuration: .init(address: .hostname(host, port: port), serverName: "letters"),
            services: services, logger: logger)
    }
}
