public import Foundation

/// A member's role in an organisation, from least to most trusted.
///
/// Viewers read; reviewers also confirm or reject findings and override verdicts; admins also manage members.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    case viewer, reviewer, admin

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Who may see an instrument: only its organisation's members, or every signed-in user.
public enum Visibility: String, Codable, Sendable, CaseIterable {
    case `private`, shared
}

/// An organisation: a delegation, an NGO, a provider's response team.
public struct Organisation: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var createdAt: Date

    public init(id: String, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

/// A person who signs in. The password is kept only as a slow, salted hash made by the caller.
public struct Account: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var email: String
    public var displayName: String
    public var passwordHash: String
    public var createdAt: Date

    public init(id: String, email: String, displayName: String, passwordHash: String, createdAt: Date) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}

/// An account's role in one organisation.
public struct Membership: Codable, Sendable, Hashable {
    public var accountID: String
    public var organisationID: String
    public var role: Role

    public init(accountID: String, organisationID: String, role: Role) {
        self.accountID = accountID
        self.organisationID = organisationID
        self.role = role
    }
}

/// A signed-in browser session. Only a digest of the cookie's secret is stored, so a copy of the database does
/// not let anyone sign in.
public struct Session: Codable, Sendable, Hashable {
    public var secretDigest: String
    public var accountID: String
    /// The token every form of this session must carry (compared in constant time by the server).
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(secretDigest: String, accountID: String, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.secretDigest = secretDigest
        self.accountID = accountID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// An API token for scripts and other services. Only its digest is stored.
public struct APIToken: Codable, Sendable, Hashable {
    public var secretDigest: String
    public var accountID: String
    public var label: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(secretDigest: String, accountID: String, label: String, createdAt: Date, revokedAt: Date? = nil) {
        self.secretDigest = secretDigest
        self.accountID = accountID
        self.label = label
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// An instrument in the workspace: a treaty, a draft or an act, with every revision uploaded for it.
public struct WorkspaceInstrument: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var organisationID: String
    public var title: String
    /// `treaty`, `draft`, `act`, ... (free text, used by the corpus view's filter).
    public var kind: String
    /// A region or body, e.g. `UN`, `Council of Europe`, `East Africa` (free text, used by the corpus filter).
    public var region: String
    public var visibility: Visibility
    public var createdBy: String
    public var createdAt: Date

    public init(
        id: String, organisationID: String, title: String, kind: String, region: String, visibility: Visibility,
        createdBy: String, createdAt: Date
    ) {
        self.id = id
        self.organisationID = organisationID
        self.title = title
        self.kind = kind
        self.region = region
        self.visibility = visibility
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// One uploaded revision of an instrument, kept for ever with its original bytes.
public struct Revision: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var instrumentID: String
    /// 1 for the first upload, then 2, 3, ... per instrument.
    public var number: Int
    public var filename: String
    /// The input format as detected when it was read (`text`, `pdf`, `docx`, `html`, `akn`, ...).
    public var inputFormat: String
    /// SHA-256 of the bytes, lowercase hex: the key analyses and assessments are cached under.
    public var digest: String
    public var byteCount: Int
    public var uploadedBy: String
    public var uploadedAt: Date

    public init(
        id: String, instrumentID: String, number: Int, filename: String, inputFormat: String, digest: String,
        byteCount: Int, uploadedBy: String, uploadedAt: Date
    ) {
        self.id = id
        self.instrumentID = instrumentID
        self.number = number
        self.filename = filename
        self.inputFormat = inputFormat
        self.digest = digest
        self.byteCount = byteCount
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
    }
}

/// What a review is about.
public enum ReviewTarget: String, Codable, Sendable, CaseIterable {
    /// One finding: `target` is `EID#FEATURE`.
    case finding
    /// One verdict: `target` is `FRAMEWORK#PRINCIPLE`.
    case verdict
}

/// A reviewer's decision.
public enum ReviewDecision: String, Codable, Sendable, CaseIterable {
    case confirm, reject, override
}

/// A person's reading of one finding or verdict, kept apart from the machine's and attributed.
public struct Review: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var revisionID: String
    /// The reviewer's organisation: to reviewers of other organisations this is a second opinion.
    public var organisationID: String
    public var reviewerID: String
    public var targetKind: ReviewTarget
    public var target: String
    public var decision: ReviewDecision
    /// The verdict a reviewer puts in place of the machine's (only with `override`).
    public var verdict: String?
    public var reason: String
    /// SHA-256 of the words the review rests on, so a later revision that changes them marks it stale.
    public var wordsDigest: String
    public var createdAt: Date

    public init(
        id: String, revisionID: String, organisationID: String, reviewerID: String, targetKind: ReviewTarget,
        target: String, decision: ReviewDecision, verdict: String? = nil, reason: String, wordsDigest: String,
        createdAt: Date
    ) {
        self.id = id
        self.revisionID = revisionID
        self.organisationID = organisationID
        self.reviewerID = reviewerID
        self.targetKind = targetKind
        self.target = target
        self.decision = decision
        self.verdict = verdict
        self.reason = reason
        self.wordsDigest = wordsDigest
        self.createdAt = createdAt
    }
}

/// Where a background job is.
public enum JobStatus: String, Codable, Sendable, CaseIterable {
    case queued, running, done, failed
}

/// A long job (a corpus assessment under a new framework, a large screening batch) kept in the database, so
/// that any server instance sharing it may run it and everyone sees its progress.
public struct Job: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var organisationID: String
    public var kind: String
    /// The job's parameters as JSON text (what to run on what).
    public var payload: String
    public var status: JobStatus
    public var done: Int
    public var total: Int
    public var result: Data?
    public var error: String?
    /// The worker that claimed it (`host:pid:n`), when running or finished.
    public var claimedBy: String?
    public var createdAt: Date
    public var finishedAt: Date?

    public init(
        id: String, organisationID: String, kind: String, payload: String, status: JobStatus = .queued, done: Int = 0,
        total: Int = 0, result: Data? = nil, error: String? = nil, claimedBy: String? = nil, createdAt: Date,
        finishedAt: Date? = nil
    ) {
        self.id = id
        self.organisationID = organisationID
        self.kind = kind
        self.payload = payload
        self.status = status
        self.done = done
        self.total = total
        self.result = result
        self.error = error
        self.claimedBy = claimedBy
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }
}
