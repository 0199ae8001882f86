import Foundation
import Hummingbird
import NIOCore
import RequestBodies
import Workflow

/// The JSON API: sessions, queue, transfers and their operations, letter downloads,
/// accounts and the audit log. Routes translate HTTP: the caller (`SignedInContext`, made by the
/// router's signed-in group) goes to the service's door,
/// which decides role, subtree and rule and audits; its errors become JSON in `ErrorMiddleware`.
struct APIRoutes {
    let workflow: WorkflowService
    let accounts: AccountService

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try Self.encoder.encode(value))))
    }

    /// Runs `body`, turning workflow errors into JSON errors. (A body of the wrong shape is
    /// answered by `APIRequestDecoder`; a decoding error here would be the store's, a 500.)
    func handling(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as WorkflowError {
            throw APIError(error)
        } catch is NIOTooManyBytesError {
            throw APIError.tooLarge(limit: AppRequestContext.uploadLimit)
        }
    }

    /// JSON written by `JSONBytes` as the body of a response.
    func json(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A transfer as the API returns it (`TransferBody`), with what the caller's organization
    /// may do with it now, as the state machine answers.
    func transferJSON(_ transfer: Transfer, for caller: Caller, status: HTTPResponse.Status = .ok) async throws -> Response {
        let allowed = transfer.allowedOperations(for: caller.actor, tree: try await workflow.tree(), at: workflow.clock.now())
        // Written by `JSONBytes`, not `encoder`: the same bytes, faster (BENCHMARKS.md, issue 17).
        return json(bytes: TransferBody(transfer, allowedOperations: allowed).json, status: status)
    }

    func address(_ context: AppRequestContext) -> String {
        context.remoteAddress
    }

    struct LoginRequest: Decodable {
        let name: String
        let password: String
    }
    struct LoginResponse: Encodable {
        let token: String
        let csrf: String
        let account: Account
    }
    struct ActivateRequest: Decodable {
        let name: String
        let code: String
        let password: String
    }
    struct ApplyRequest: Decodable {
        let member: String
        let to: String?
        let outside: String?
        let letterhead: String?
        let type: String?
        let duesPaidUpTo: String
        let validityDays: Int?
        let letter: LetterBody?
    }
    struct OperationRequest: Decodable {
        let reason: String?
        let to: String?
        let validityDays: Int?
        let phone: String?
        let letter: LetterBody?
    }
    /// 核对并完善介绍信: the fields of the new letter the issuer may complete.
    struct LetterBody: Decodable {
        let memberPhone: String?, addressee: String?, address: String?, phone: String?, fax: String?, postcode: String?, reason: String?
        var amendments: LetterAmendments {
            LetterAmendments(memberPhone: memberPhone, addressee: addressee, address: address, phone: phone, fax: fax, postcode: postcode, reason: reason)
        }
    }
    struct AccountRequest: Decodable {
        let name: String
        let role: Role
        let organization: String
    }
    struct MemberAccountRequest: Decodable { let name: String }
    struct OwnApplicationRequest: Decodable {
        let to: String
        let duesPaidUpTo: String
        let validityDays: Int?
    }
    func add(to router: Router<AppRequestContext>, signedIn: RouterGroup<SignedInContext>) {
        router.post("/api/login") { request, context in
            try await handling {
                let body = try await request.decode(as: LoginRequest.self, context: context)
                let (account, session, csrf) = try await accounts.login(name: body.name, password: body.password, address: address(context))
                var response = try json(LoginResponse(token: session, csrf: csrf, account: account))
                response.setCookie(
                    Cookie(
                        name: AuthenticationMiddleware.cookie, value: session, maxAge: Int(AccountService.sessionValidity),
                        path: "/", secure: false, httpOnly: true, sameSite: .strict))
                return response
            }
        }
        router.post("/api/activate") { request, context in
            try await handling {
                let body = try await request.decode(as: ActivateRequest.self, context: context)
                try await accounts.activate(name: body.name, code: body.code, password: body.password, address: address(context))
                return try json(["status": "activated"])
            }
        }
        signedIn.get("/api/me") { _, context in
            try json(context.caller.account)
        }
        signedIn.get("/api/queue") { _, context in
            try await handling {
                let queue = try await workflow.queue(for: context.caller)
                return json(bytes: JSONBytes.queue(counts: queue.counts, items: queue.items))
            }
        }
        signedIn.get("/api/transfers/:id") { _, context in
            try await handling {
                // Role, subtree and the audit entry (who looked at whom) are the service's.
                let caller = context.caller
                let transfer = try await workflow.transfer(try context.parameters.require("id"), for: caller)
                return try await transferJSON(transfer, for: caller)
            }
        }
        signedIn.post("/api/transfers") { request, context in
            try await handling {
                // The role is the service's to check (and a refusal its to audit).
                let caller = context.caller
                let body = try await request.decode(as: ApplyRequest.self, context: context)
                let direction: TransferDirection
                if let to = body.to {
                    // Either side, never both: a second destination silently dropped is a letter to the wrong place.
                    if body.outside != nil || body.letterhead != nil {
                        throw APIError(
                            .unprocessableContent, code: "invalid",
                            message: "省内转接（to）不能同时填写省外接收党组织（outside）或其抬头（letterhead）：请只保留一种",
                            field: body.outside != nil ? "outside" : "letterhead")
                    }
                    direction = .inProvince(destination: OrganizationID(to))
                } else if let outside = body.outside {
                    direction = .outOfProvince(destinationName: outside, letterhead: body.letterhead ?? "")
                } else {
                    throw APIError(.unprocessableContent, code: "invalid", message: "须填写接收党支部（to）或省外接收党组织（outside）", field: "to")
                }
                let transfer = try await workflow.applyOut(
                    member: body.member, direction: direction,
                    type: body.type.flatMap(TransferType.init(rawValue:)),
                    application: .init(
                        duesPaidUpTo: body.duesPaidUpTo, validityDays: body.validityDays ?? 15,
                        amendments: body.letter?.amendments),
                    for: caller)
                return try await transferJSON(transfer, for: caller, status: .created)
            }
        }
        signedIn.post("/api/members/:id/account") { request, context in
            try await handling {
                let caller = context.caller
                let body = try await request.decode(as: MemberAccountRequest.self, context: context)
                // The member is the caller's to see (or answered as none); the account's rules and audit are the service's.
                let member = try await workflow.member(try context.parameters.require("id"), for: caller)
                let code = try await accounts.createMemberAccount(name: body.name, member: member, tree: try await workflow.tree(), for: caller)
                return try json(["name": body.name, "activationCode": code], status: .created)
            }
        }
        signedIn.get("/api/me/transfers") { _, context in
            try await handling {
                let caller = context.caller
                let tree = try await workflow.tree()
                let now = workflow.clock.now()
                let answers = try await workflow.myTransfers(for: caller).map {
                    TransferBody($0, allowedOperations: $0.allowedOperations(for: caller.actor, tree: tree, at: now))
                }
                return try json(answers)
            }
        }
        signedIn.post("/api/me/transfers") { request, context in
            try await handling {
                let caller = context.caller
                let body = try await request.decode(as: OwnApplicationRequest.self, context: context)
                let transfer = try await workflow.applyForMyself(
                    to: OrganizationID(body.to),
                    application: .init(duesPaidUpTo: body.duesPaidUpTo, validityDays: body.validityDays ?? 15),
                    for: caller)
                return try await transferJSON(transfer, for: caller, status: .created)
            }
        }
        signedIn.post("/api/transfers/incoming") { request, context in
            try await handling {
                let caller = context.caller
                let type = request.headers[.contentType] ?? ""
                let fields: [String: String]
                let photo: [UInt8]?
                if type.hasPrefix("multipart/form-data") {
                    let buffer: ByteBuffer
                    do {
                        buffer = try await request.body.collect(upTo: SealUpload.limit)
                    } catch is NIOTooManyBytesError {
                        throw APIError.tooLarge(limit: SealUpload.limit, field: "idCardPhoto", what: "登记（身份证照片应为不超过 5 MB 的 JPEG 或 PNG）")
                    }
                    let form: MultipartForm
                    do throws(MultipartForm.Refusal) { form = try MultipartForm(buffer, contentType: type) } catch {
                        throw APIError(.badRequest, code: "invalid", message: error.message, field: "body")
                    }
                    fields = form.fields
                    photo = form.files["idCardPhoto"]
                } else {
                    fields = try await request.decode(as: [String: String].self, context: context)
                    photo = nil
                }
                // The registration's rules, the identity check, role, subtree and the audit entry are the service's.
                let transfer = try await workflow.registerIncoming(try IncomingForm.registration(fields, photo: photo), for: caller)
                return try await transferJSON(transfer, for: caller, status: .created)
            }
        }
        signedIn.get("/api/transfers/:id/preview") { request, context in
            try await handling {
                let q = request.uri.queryParameters
                let text = { (name: String) -> String? in q[Substring(name)].map(String.init) }
                for name in ["memberPhone", "addressee", "address", "phone", "fax", "postcode", "reason"]
                where (text(name)?.unicodeScalars.count ?? 0) > Limits.reason {
                    throw APIError(.badRequest, code: "invalid", message: "\(name) 最多 \(Limits.reason) 个字符", field: name)
                }
                let validity = try IntegerParameter.optional(text("validityDays") ?? text("validity"), name: "validityDays", in: 1...365, fallback: 15)
                let amendments = LetterAmendments(
                    memberPhone: text("memberPhone"), addressee: text("addressee"), address: text("address"),
                    phone: text("phone"), fax: text("fax"), postcode: text("postcode"), reason: text("reason"))
                // Role, subtree, whether the caller may approve now and the audit entry are the service's.
                let pdf = try await workflow.letterPreview(
                    try context.parameters.require("id"), validityDays: validity, amendments: amendments,
                    for: context.caller)
                return Response(
                    status: .ok, headers: [.contentType: "application/pdf", .contentDisposition: "inline; filename=\"preview.pdf\""],
                    body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
            }
        }
        signedIn.post("/api/transfers/:id/receipt") { request, context in
            try await handling {
                let caller = context.caller
                let buffer: ByteBuffer
                do {
                    buffer = try await request.body.collect(upTo: SealUpload.limit)
                } catch is NIOTooManyBytesError {
                    throw APIError.tooLarge(limit: SealUpload.limit, field: "scan", what: "回执（扫描件应为不超过 5 MB 的 JPEG 或 PDF）")
                }
                let form: MultipartForm
                do throws(MultipartForm.Refusal) {
                    form = try MultipartForm(buffer, contentType: request.headers[.contentType] ?? "")
                } catch { throw APIError(.badRequest, code: "invalid", message: error.message, field: "body") }
                // The receipt's rules, who may record it and the audit entry are the service's.
                let transfer = try await workflow.recordReturnedReceipt(
                    try context.parameters.require("id"), returnedOn: form.fields["returnedOn"] ?? "",
                    number: form.fields["number"], note: form.fields["note"] ?? "",
                    scan: Data(form.files["scan"] ?? []), for: caller)
                return try await transferJSON(transfer, for: caller)
            }
        }
        signedIn.get("/api/transfers/:id/receipt-scan") { _, context in
            try await handling {
                let scan = try await workflow.returnedReceiptScan(try context.parameters.require("id"), for: context.caller)
                return Response(
                    status: .ok,
                    headers: [
                        .contentType: scan.kind == "pdf" ? "application/pdf" : "image/jpeg",
                        .contentDisposition: "inline; filename=\"receipt.\(scan.kind == "pdf" ? "pdf" : "jpg")\"",
                    ],
                    body: .init(byteBuffer: ByteBuffer(bytes: scan.bytes)))
            }
        }
        signedIn.get("/api/transfers/:id/id-card-photo") { _, context in
            try await handling {
                let photo = try await workflow.idCardPhoto(try context.parameters.require("id"), for: context.caller)
                return Response(
                    status: .ok,
                    headers: [
                        .contentType: photo.starts(with: [0x89, 0x50, 0x4E, 0x47]) ? "image/png" : "image/jpeg",
                        .cacheControl: "private, no-store",
                    ],
                    body: .init(byteBuffer: ByteBuffer(bytes: photo)))
            }
        }
        signedIn.get("/api/transfers/:id/incoming-receipt") { _, context in
            try await handling {
                // Role, subtree, who may print it and the audit entry are the service's.
                let pdf = try await workflow.incomingReceipt(try context.parameters.require("id"), for: context.caller)
                return Response(
                    status: .ok,
                    headers: [
                        .contentType: "application/pdf",
                        .contentDisposition: "inline; filename=\"incoming-receipt.pdf\"; filename*=UTF-8''%E5%9B%9E%E6%89%A7.pdf",
                    ],
                    body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
            }
        }
        signedIn.post("/api/transfers/:id/:operation") { request, context in
            try await handling {
                let caller = context.caller
                let operation = try context.parameters.require("operation")
                guard let op = TransferOperation(rawValue: operation) else {
                    throw APIError(.notFound, code: "not-found", message: "未知操作 \(Limits.clipped(operation, to: 40))")
                }
                let body = try await request.decode(as: OperationRequest.self, context: context)
                let transfer = try await workflow.perform(
                    op, on: try context.parameters.require("id"), for: caller, reason: body.reason ?? "",
                    destination: body.to.map { OrganizationID($0) }, validityDays: body.validityDays ?? 15,
                    handlerPhone: body.phone, letter: body.letter?.amendments)
                return try await transferJSON(transfer, for: caller)
            }
        }
        signedIn.post("/api/accounts") { request, context in
            try await handling {
                let caller = context.caller
                let body = try await request.decode(as: AccountRequest.self, context: context)
                let code = try await accounts.createAccount(
                    name: body.name, role: body.role, organization: OrganizationID(body.organization),
                    tree: try await workflow.tree(), for: caller)
                return try json(["activationCode": code, "validDays": "7"], status: .created)
            }
        }
        signedIn.get("/api/accounts") { _, context in
            try await handling {
                try json(try await accounts.accounts(in: try await workflow.tree(), for: context.caller))
            }
        }
        signedIn.post("/api/accounts/:name/reset") { _, context in
            try await handling {
                let code = try await accounts.reset(try context.parameters.require("name"), tree: try await workflow.tree(), for: context.caller)
                return try json(["activationCode": code, "validDays": "7"])
            }
        }
        for (action, disabled) in [("disable", true), ("enable", false)] {
            signedIn.post("/api/accounts/:name/\(action)") { _, context in
                try await handling {
                    try await accounts.setDisabled(try context.parameters.require("name"), disabled, tree: try await workflow.tree(), for: context.caller)
                    return try json(["status": disabled ? "disabled" : "enabled"])
                }
            }
        }
        signedIn.post("/api/accounts/:name/organization") { request, context in
            try await handling {
                struct Move: Decodable { let organization: String }
                let caller = context.caller
                let body = try await request.decode(as: Move.self, context: context)
                try await accounts.move(
                    try context.parameters.require("name"), to: OrganizationID(body.organization), tree: try await workflow.tree(), for: caller)
                return try json(["status": "moved"])
            }
        }
        signedIn.post("/api/password") { request, context in
            try await handling {
                struct Change: Decodable {
                    let old: String
                    let new: String
                }
                let caller = context.caller
                let body = try await request.decode(as: Change.self, context: context)
                try await accounts.changePassword(old: body.old, new: body.new, for: caller)
                var response = try json(["status": "changed"])
                // Every session ended with the change, this one too: the browser forgets it.
                response.setCookie(Cookie(name: AuthenticationMiddleware.cookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
                return response
            }
        }
        signedIn.get("/api/audit") { request, context in
            try await handling {
                let caller = context.caller
                return try json(try await accounts.auditLog(query: AuditQuery(request), in: try await workflow.tree(), for: caller))
            }
        }
    }
}
