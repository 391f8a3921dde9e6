public import SafeguardWorkspace

/// The signed-in person a request acts for, with their roles.
public struct Viewer: Sendable {
    public var account: Account
    public var memberships: [Membership]
    /// Set when signed in through the browser: the token every form must carry.
    public var csrfToken: String?

    /// The account's role in `organisationID`, if a member.
    public func role(in organisationID: String) -> Role? {
        memberships.first { $0.organisationID == organisationID }?.role
    }

    /// Whether the account holds at least `role` in `organisationID`.
    public func can(_ role: Role, in organisationID: String) -> Bool {
        (self.role(in: organisationID)).map { $0 >= role } ?? false
    }

    /// The organisations where the account may upload (reviewers and admins).
    public var uploadOrganisations: [String] {
        memberships.filter { $0.role >= .reviewer }.map(\.organisationID)
    }
}
