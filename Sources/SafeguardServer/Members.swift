import Foundation
public import SafeguardWorkspace

/// One member of an organisation as its admins see them.
public struct MemberView: Sendable {
    public var account: Account
    public var role: Role
}

/// Organisation administration: an organisation's admins add members and set their roles.
extension WorkspaceService {
    /// The organisation and its members, for one of its admins (404 for anyone who is not a member, 403 for a
    /// member who is not an admin).
    public func members(_ viewer: Viewer, organisationID: String) async throws -> (Organisation, [MemberView]) {
        guard let role = viewer.role(in: organisationID),
            let organisation = try await store.organisation(id: organisationID)
        else { throw WorkspaceError.notFound }
        guard role == .admin else { throw WorkspaceError.forbidden("only the organisation's admins manage its members") }
        var members: [MemberView] = []
        for membership in try await store.members(organisationID: organisationID) {
            if let account = try await store.account(id: membership.accountID) {
                members.append(MemberView(account: account, role: membership.role))
            }
        }
        return (organisation, members.sorted { $0.account.email < $1.account.email })
    }

    /// Adds a member, or changes a member's role. An unknown email needs a display name and a first password
    /// (at least 12 characters; the admin passes it on and the member keeps it or asks for another). The last
    /// admin of an organisation cannot step down, so an organisation never loses its admins.
    @discardableResult
    public func setMember(
        _ viewer: Viewer, organisationID: String, email: String, role: Role, displayName: String = "", password: String = ""
    ) async throws -> Account {
        _ = try await members(viewer, organisationID: organisationID)
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
        let account: Account
        if let existing = try await store.account(email: email) {
            account = existing
        } else {
            let name = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else {
                throw WorkspaceError.badInput("no account has this email: give a name and a first password to create one")
            }
            account = try await createAccount(email: email, displayName: name, password: password)
        }
        let current = try await store.members(organisationID: organisationID)
        if role != .admin, current.contains(where: { $0.accountID == account.id && $0.role == .admin }),
            current.filter({ $0.role == .admin }).count == 1
        {
            throw WorkspaceError.badInput("the organisation's last admin cannot step down; make another member admin first")
        }
        try await store.setMembership(Membership(accountID: account.id, organisationID: organisationID, role: role))
        viewers.removeAll()  // the new role counts from the next request
        scorecardKeys.removeAll()
        return account
    }
}
