import Foundation
import Hummingbird
import Mustache
import RequestBodies
import Workflow

/// The web pages: server-rendered HTML (Mustache, no JavaScript), in Chinese, one per task.
/// Forms post with the session's CSRF token as a field; every value is escaped.
struct PageRoutes {
    let api: APIRoutes
    let library: MustacheLibrary

    init(api: APIRoutes) throws {
        self.api = api
        PageHTMLEscaping.register()
        var library = MustacheLibrary()
        for (name, text) in [
            ("login", PageTemplates.login), ("activate", PageTemplates.activate), ("password", PageTemplates.password),
            ("importStart", PageTemplates.importStart), ("members", PageTemplates.members), ("organizations", PageTemplates.organizations),
            ("organization", PageTemplates.organization), ("member", PageTemplates.member), ("importPreview", PageTemplates.importPreview),
            ("importDone", PageTemplates.importDone), ("notice", PageTemplates.notice),
            ("apply", PageTemplates.apply), ("incoming", PageTemplates.incoming),
            ("mine", PageTemplates.mine),
            ("permissions", PageTemplates.permissions), ("seal", PageTemplates.seal), ("printers", PageTemplates.printers), ("layouts", PageTemplates.layouts),
            ("printLayout", PageTemplates.printLayout), ("archive", PageTemplates.archive),
        ] {
            try library.register(PageHTMLEscaping.directive + text, named: name)
        }
        self.library = library
    }

    func page(
        _ template: String, title: String, _ values: [String: Any], context: AppRequestContext,
        error: String? = nil, message: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        let body = library.render(PageValues.present(values), withTemplate: template) ?? ""
        return framed(body, title: title, context: context, error: error, message: message, status: status)
    }

    /// A page whose body is written in Swift (`PageBody`), in the same frame as every other.
    func page(
        _ body: some PageBody, title: String, context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        framed(body.html, title: title, context: context, error: error, message: nil, status: status)
    }

    /// `body` in every page's frame: the signed-in user, the error or message over it.
    private func framed(
        _ body: String, title: String, context: AppRequestContext, error: String?, message: String?, status: HTTPResponse.Status
    ) -> Response {
        let user = context.account.map { PageLayout.User(name: $0.name, organization: $0.organization.rawValue, role: $0.role) }
        let html = PageLayout.html(title: title, body: body, user: user, error: error, message: message ?? context.flash)
        // Security headers are added to every answer by SecurityHeadersMiddleware.
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A page that only gives the reason something was refused or went wrong, and a link to the
    /// caller's own start page (the login form when not signed in).
    func notice(_ title: String, error: String, status: HTTPResponse.Status, context: AppRequestContext) -> Response {
        let back: (String, String) =
            switch context.account?.role {
            case .administrator?: ("/", "返回待办")
            case .auditor?: ("/audit", "返回审计日志")
            case .securityOfficer?: ("/accounts", "返回账号管理")
            case .member?: ("/mine", "返回我的转接")
            case nil: ("/login", "登录")
            }
        return page("notice", title: title, ["back": back.0, "backLabel": back.1], context: context, error: error, status: status)
    }

    /// The page for a form whose CSRF field does not match the session.
    func csrfExpired(_ context: AppRequestContext) -> Response {
        notice("表单已过期", error: "表单已过期（CSRF 校验失败），请刷新页面后重试", status: .forbidden, context: context)
    }

    /// Where a caller who is not signed in ends up: the login form. (Who may see a page once
    /// signed in is the service's to decide; its refusal becomes a page in `PageErrorMiddleware`.)
    func signIn() -> Response {
        Self.redirect("/login")
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// The largest urlencoded form read; a larger one is answered by `PageErrorMiddleware`.
    static let formLimit = 64 * 1024

    /// The form's fields; an unreadable form is a 400 page that says why.
    func form(_ request: Request) async throws -> [String: String] {
        let text = String(buffer: try await request.body.collect(upTo: Self.formLimit))
        do {
            return try FormFields(text).all
        } catch {
            throw APIError(error)
        }
    }

    /// The signed-in caller (by the session cookie: pages are for browsers), as the service
    /// takes it; nil sends the browser to the login form.
    func caller(_ context: AppRequestContext) -> Caller? {
        guard context.viaCookie, let account = context.account else { return nil }
        return Caller(account: account, address: api.address(context))
    }

    func add(to router: Router<AppRequestContext>) {
        router.get("/login") { _, context in
            // A store without any account says how the first one is made, instead of a form no one can use.
            page("login", title: "登录", ["noAccounts": !(try await api.accounts.hasAccounts())], context: context)
        }
        router.get("/activate") { _, context in page("activate", title: "激活账号", [:], context: context) }
        router.get("/password") { _, context in
            guard caller(context) != nil else { return signIn() }
            return page("password", title: "修改密码", ["csrf": context.csrf], context: context)
        }
        router.post("/password") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let fields = try await form(request)
            guard fields["new"] == fields["again"] else {
                return page("password", title: "修改密码", ["csrf": context.csrf], context: context, error: "两次输入的新密码不一致", status: .unprocessableContent)
            }
            do {
                try await api.accounts.changePassword(old: fields["old"] ?? "", new: fields["new"] ?? "", for: caller)
            } catch let error as WorkflowError where error.code == .invalid || error.code == .notAllowed {
                return page("password", title: "修改密码", ["csrf": context.csrf], context: context, error: error.message, status: APIError(error).status)
            }
            var response = page("login", title: "登录", ["name": caller.account.name], context: context, message: "密码已修改：请用新密码重新登录")
            response.setCookie(Cookie(name: AuthenticationMiddleware.cookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        router.post("/activate") { request, context in
            let fields = try await form(request)
            let values = ["name": fields["name"] ?? "", "code": fields["code"] ?? ""]
            guard fields["password"] == fields["again"] else {
                return page("activate", title: "激活账号", values, context: context, error: "两次输入的密码不一致", status: .unprocessableContent)
            }
            do {
                try await api.accounts.activate(
                    name: fields["name"] ?? "", code: fields["code"] ?? "", password: fields["password"] ?? "",
                    address: api.address(context))
            } catch let error as WorkflowError where error.code == .invalid || error.code == .notAllowed {
                return page(
                    "activate", title: "激活账号", values, context: context, error: error.message,
                    status: APIError(error).status)
            }
            return page("login", title: "登录", ["name": fields["name"] ?? ""], context: context, message: "已激活：请用新密码登录")
        }
        router.post("/login") { request, context in
            let fields = try await form(request)
            do {
                let (_, session, _) = try await api.accounts.login(
                    name: fields["name"] ?? "", password: fields["password"] ?? "",
                    address: api.address(context))
                var response = Self.redirect("/")
                response.setCookie(
                    Cookie(
                        name: AuthenticationMiddleware.cookie, value: session, maxAge: Int(AccountService.sessionValidity),
                        path: "/", secure: false, httpOnly: true, sameSite: .strict))
                return response
            } catch let error as WorkflowError {
                return page("login", title: "登录", ["name": fields["name"] ?? ""], context: context, error: error.message, status: .forbidden)
            }
        }
        router.get("/logout") { request, context in
            if let cookie = request.cookies[AuthenticationMiddleware.cookie]?.value {
                try? await api.accounts.logout(session: cookie, caller: caller(context))
            }
            var response = Self.redirect("/login")
            response.setCookie(Cookie(name: AuthenticationMiddleware.cookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        router.get("/") { request, context in
            if context.viaCookie, let role = context.account?.role, role != .administrator {
                return Self.redirect(role == .auditor ? "/audit" : role == .member ? "/mine" : "/accounts")
            }
            guard let caller = caller(context) else { return signIn() }
            // China's day, as every other page shows (this one showed the server's zone).
            let items = TableRows(
                try await api.workflow.queue(for: caller).items.map { s in
                    let expires = s.expiresAt?.chinaISODay ?? "—"
                    return [
                        TableRows.Cell(text: s.memberName), TableRows.Cell(text: s.type), TableRows.Cell(text: Transfer.stateLabel(s.state)),
                        TableRows.Cell(text: s.overdue ? expires + "（已逾期）" : expires, cssClass: s.overdue ? "overdue" : nil),
                        TableRows.Cell(text: "办理", link: "/transfers/\(s.id)"),
                    ]
                })
            let overview = try await api.workflow.overview(for: caller)
            return page(
                HomePage(
                    own: overview.queue.own, subordinates: overview.queue.subordinates, outgoingThisYear: overview.outgoingThisYear,
                    incomingThisYear: overview.incomingThisYear, items: items),
                title: "待办", context: context)
        }
        router.get("/transfers/:id") { request, context in
            guard let caller = caller(context) else { return signIn() }
            if caller.account.role == .member { return Self.redirect("/mine") }
            // The service decides and audits (the read, or its refusal).
            let transfer = try await api.workflow.transfer(try context.parameters.require("id"), for: caller)
            return page(try await transferPage(transfer, caller: caller, csrf: context.csrf), title: transfer.memberName, context: context)
        }
        router.post("/transfers/:id/do") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let id = try context.parameters.require("id")
            // The CSRF token was checked by CSRFMiddleware before the body was read.
            let fields = try await form(request)
            guard let op = TransferOperation(rawValue: fields["op"] ?? "") else {
                return notice("未办理", error: "未知操作：应为页面上的按钮之一", status: .badRequest, context: context)
            }
            do {
                // Seed 001: the approver confirms having reviewed the member's data before issuing.
                if op == .approve && fields["reviewed"] != "yes" {
                    throw WorkflowError(.invalid, field: "reviewed", rule: "required", "请先审核党员基本信息，勾选“已审核过党员基本信息”后再同意并开新信")
                }
                let validity = try IntegerParameter.optional(fields["validity"], name: "validity", in: 1...365, fallback: 15)
                // Role, subtree, the machine's rule and the audit entry (or the refusal's) are the service's.
                // 核对并完善介绍信: the service keeps only what differs from the register.
                let amendments =
                    op == .approve
                    ? LetterAmendments(
                        memberPhone: fields["memberPhone"], addressee: fields["addressee"], address: fields["address"],
                        phone: fields["phone"], fax: fields["fax"], postcode: fields["postcode"], reason: fields["letterReason"])
                    : nil
                _ = try await api.workflow.perform(
                    op, on: id, for: caller, reason: fields["reason"] ?? "",
                    destination: fields["to"].map { OrganizationID($0) }, validityDays: validity,
                    handlerPhone: op == .accept ? fields["phone"] : nil, letter: amendments)
                return Self.redirect("/transfers/\(id)", flash: "已办理")
            } catch let error as WorkflowError where error.code != .notFound && error.code != .wrongRole && error.code != .storage && error.code != .rendering {
                // A rule refused it: the transfer again, with the reason over it.
                let transfer = try await api.workflow.transfer(id, for: caller, audit: nil)
                return page(
                    try await transferPage(transfer, caller: caller, csrf: context.csrf), title: transfer.memberName, context: context,
                    error: error.message, status: APIError(error).status)
            }
        }
        router.get("/apply") { request, context in
            guard let caller = caller(context) else { return signIn() }
            return page("apply", title: "发起转出", try await applyValues(request, caller: caller, csrf: context.csrf), context: context)
        }
        router.post("/apply") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let fields = try await form(request)
            guard fields["confirmed"] == "yes" else {
                return page(
                    "apply", title: "发起转出", try await applyValues(request, caller: caller, csrf: context.csrf), context: context,
                    error: "请先核实党员信息，勾选“已核实党员信息同本人和档案资料等一致”", status: .unprocessableContent)
            }
            do {
                let outside = fields["mode"] == "out"
                let direction: TransferDirection =
                    outside
                    ? .outOfProvince(destinationName: fields["outside"] ?? "", letterhead: fields["letterhead"] ?? "")
                    : .inProvince(destination: OrganizationID(fields["to"] ?? ""))
                let transfer = try await api.workflow.applyOut(
                    member: fields["member"] ?? "", direction: direction,
                    type: outside ? (fields["type"]).flatMap { TransferType(rawValue: $0) } : nil,
                    application: .init(
                        duesPaidUpTo: fields["dues"] ?? "",
                        validityDays: try IntegerParameter.optional(fields["validity"], name: "validity", in: 1...365, fallback: 15),
                        amendments: LetterAmendments(
                            memberPhone: fields["memberPhone"], addressee: fields["addressee"],
                            address: fields["address"], phone: fields["phone"], fax: fields["fax"],
                            postcode: fields["postcode"], reason: fields["letterReason"])),
                    for: caller)
                return Self.redirect("/transfers/\(transfer.id)")
            } catch let error as WorkflowError where error.code != .wrongRole && error.code != .storage && error.code != .rendering {
                return page(
                    "apply", title: "发起转出", try await applyValues(request, caller: caller, csrf: context.csrf), context: context,
                    error: error.message, status: APIError(error).status)
            }
        }
        addLists(to: router)
        addSeal(to: router)
        addPrinters(to: router)
        addLayouts(to: router)
        addArchive(to: router)
        addImport(to: router)
        addMembers(to: router)
        addOrganizations(to: router)
        addIncoming(to: router)
        addReceipt(to: router)
        addMine(to: router)
    }
}
