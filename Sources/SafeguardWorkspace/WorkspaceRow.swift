import Foundation

/// One result row, as both databases' drivers give it: the stores decode records from this alone, so the two
/// backends cannot drift in how a column becomes a field.
protocol WorkspaceRow {
    func text(_ column: String) throws -> String
    func optionalText(_ column: String) throws -> String?
    func integer(_ column: String) throws -> Int64
    func optionalInteger(_ column: String) throws -> Int64?
    func optionalBytes(_ column: String) throws -> Data?
}

extension WorkspaceRow {
    func date(_ column: String) throws -> Date { Date(workspaceMilliseconds: try integer(column)) }
    func optionalDate(_ column: String) throws -> Date? { try optionalInteger(column).map(Date.init(workspaceMilliseconds:)) }
    func int(_ column: String) throws -> Int { Int(try integer(column)) }

    /// A column holding one of an enum's raw values; anything else is a corrupt row, reported, never guessed.
    func value<T: RawRepresentable>(_ column: String, as type: T.Type) throws -> T where T.RawValue == String {
        let raw = try text(column)
        guard let value = T(rawValue: raw) else {
            throw WorkspaceStoreError.unavailable("the database holds \"\(raw)\" in \(column), which is not a \(T.self)")
        }
        return value
    }
}

extension Organisation {
    init(row: some WorkspaceRow) throws {
        self.init(id: try row.text("id"), name: try row.text("name"), createdAt: try row.date("created_at"))
    }
}

extension Account {
    init(row: some WorkspaceRow) throws {
        self.init(
            id: try row.text("id"), email: try row.text("email"), displayName: try row.text("display_name"),
            passwordHash: try row.text("password_hash"), createdAt: try row.date("created_at"))
    }
}

extension Membership {
    init(row: some WorkspaceRow) throws {
        self.init(
            accountID: try row.text("account_id"), organisationID: try row.text("organisation_id"),
            role: try row.value("role", as: Role.self))
    }
}

extension Session {
    init(row: some WorkspaceRow) throws {
        self.init(
            secretDigest: try row.text("secret_digest"), accountID: try row.text("account_id"),
            csrfToken: try row.text("csrf_token"), createdAt: try row.date("created_at"),
            expiresAt: try row.date("expires_at"))
    }
}

extension APIToken {
    init(row: some WorkspaceRow) throws {
        self.init(
            secretDigest: try row.text("secret_digest"), accountID: try row.text("account_id"),
            label: try row.text("label"), createdAt: try row.date("created_at"),
            revokedAt: try row.optionalDate("revoked_at"))
    }
}

extension WorkspaceInstrument {
    init(row: some WorkspaceRow) throws {
        self.init(
            id: try row.text("id"), organisationID: try row.text("organisation_id"), title: try row.text("title"),
            kind: try row.text("kind"), region: try row.text("region"),
            visibility: try row.value("visibility", as: Visibility.self), createdBy: try row.text("created_by"),
            createdAt: try row.date("created_at"))
    }
}

extension Revision {
    init(row: some WorkspaceRow) throws {
        self.init(
            id: try row.text("id"), instrumentID: try row.text("instrument_id"), number: try row.int("number"),
            filename: try row.text("filename"), inputFormat: try row.text("input_format"),
            digest: try row.text("digest"), byteCount: try row.int("byte_count"),
            uploadedBy: try row.text("uploaded_by"), uploadedAt: try row.date("uploaded_at"))
    }
}

extension Review {
    init(row: some WorkspaceRow) throws {
        self.init(
            id: try row.text("id"), revisionID: try row.text("revision_id"),
            organisationID: try row.text("organisation_id"), reviewerID: try row.text("reviewer_id"),
            targetKind: try row.value("target_kind", as: ReviewTarget.self), target: try row.text("target"),
            decision: try row.value("decision", as: ReviewDecision.self), verdict: try row.optionalText("verdict"),
            reason: try row.text("reason"), wordsDigest: try row.text("words_digest"),
            createdAt: try row.date("created_at"))
    }
}

extension Job {
    init(row: some WorkspaceRow) throws {
        self.init(
            id: try row.text("id"), organisationID: try row.text("organisation_id"), kind: try row.text("kind"),
            payload: try row.text("payload"), status: try row.value("status", as: JobStatus.self),
            done: try row.int("done"), total: try row.int("total"), result: try row.optionalBytes("result"),
            error: try row.optionalText("error"), claimedBy: try row.optionalText("claimed_by"),
            createdAt: try row.date("created_at"), finishedAt: try row.optionalDate("finished_at"))
    }
}
