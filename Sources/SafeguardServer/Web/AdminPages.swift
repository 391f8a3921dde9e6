import Foundation
import Hummingbird
import SafeguardWorkspace

/// The members page of an organisation (admins only): its members and roles, a form to add one, and a form
/// to change each member's role.
extension Pages {
    func registerAdmin(on router: Router<AppContext>) {
        router.get("/organisations/:id") { _, context in
            try await membersPage(context: context, error: nil, status: .ok)
        }
        router.post("/organisations/:id/members", use: setMember)
    }

    func membersPage(context: AppContext, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let viewer = try context.requireViewer()
        let (organisation, members) = try await service.members(viewer, organisationID: context.parameters.get("id") ?? "")
        let roles = Role.allCases.map(\.rawValue)
        var values: [String: Any] = [
            "organisation": ["id": organisation.id, "name": organisation.name],
            "members": members.map { member in
                [
                    "email": member.account.email, "displayName": member.account.displayName, "role": member.role.rawValue,
                    "roles": roles.map { ["role": $0, "selected": $0 == member.role.rawValue] },
                ] as [String: Any]
            },
            "roles": roles.map { ["role": $0, "selected": $0 == Role.viewer.rawValue] }, "csrf": viewer.csrfToken ?? "",
        ]
        if let error { values["error"] = error }
        return try render("members", title: "Members · \(organisation.name)", values, context: context, status: status)
    }

    @Sendable func setMember(_ request: Request, context: AppContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let fields = try await form(&request, context)
        let organisationID = context.parameters.get("id") ?? ""
        guard let role = Role(rawValue: fields["role"] ?? "") else { throw WorkspaceError.badInput("choose a role") }
        do {
            try await service.setMember(
                viewer, organisationID: organisationID, email: fields["email"] ?? "", role: role,
                displayName: fields["displayName"] ?? "", password: fields["password"] ?? "")
        } catch WorkspaceError.badInput(let message) {
            return try await membersPage(context: context, error: message, status: .unprocessableContent)
        } catch WorkspaceError.conflict(let message) {
            return try await membersPage(context: context, error: message, status: .conflict)
        }
        return Response.redirect(to: "/organisations/\(organisationID)", type: .normal)
    }
}
