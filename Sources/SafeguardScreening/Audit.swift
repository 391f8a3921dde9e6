public import Foundation
import GRDB
public import SafeguardModel

/// One determining rule of a recorded decision.
public struct AuditReason: Sendable, Hashable, Codable {
    public var rule: String
    /// The instrument and Akoma Ntoso eId of the article the rule implements (empty for the default).
    public var instrument: String
    public var eId: EId
    public var reason: String

    public init(rule: String, instrument: String, eId: EId, reason: String) {
        self.rule = rule
        self.instrument = instrument
        self.eId = eId
        self.reason = reason
    }
}

/// What is recorded about one decision (everything here is covered by the entry's hash).
public struct AuditRecord: Sendable, Hashable, Codable {
    public var requestID: String
    public var requestDigest: String
    public var received: String
    public var requestingState: String
    public var requestedState: String
    public var measure: String
    public var conduct: String
    /// Target attributes, sorted.
    public var targetAttributes: [String]
    public var ruleSetID: String
    public var ruleSetVersion: String
    public var ruleSetDigest: String
    public var outcome: String
    /// Refusal grounds.
    public var grounds: [String]
    /// Condition ids.
    public var conditions: [String]
    /// The determining rules, each with the article it implements.
    public var reasons: [AuditReason]

    public init(
        requestID: String, requestDigest: String, received: String, requestingState: String, requestedState: String,
        measure: String, conduct: String, targetAttributes: [String], ruleSetID: String, ruleSetVersion: String,
        ruleSetDigest: String, outcome: String, grounds: [String], conditions: [String], reasons: [AuditReason]
    ) {
        self.requestID = requestID
        self.requestDigest = requestDigest
        self.received = received
        self.requestingState = requestingState
        self.requestedState = requestedState
        self.measure = measure
        self.conduct = conduct
        self.targetAttributes = targetAttributes
        self.ruleSetID = ruleSetID
        self.ruleSetVersion = ruleSetVersion
        self.ruleSetDigest = ruleSetDigest
        self.outcome = outcome
        self.grounds = grounds
        self.conditions = conditions
        self.reasons = reasons
    }

    /// The record of a screened request.
    public init(request: Request, report: DecisionReport) {
        requestID = request.id
        requestDigest = report.requestDigest
        received = request.received.iso
        requestingState = request.requestingState
        requestedState = request.requestedState
        measure = request.measure.rawValue
        conduct = request.conduct
        targetAttributes = report.targetAttributes
        ruleSetID = report.ruleSet.id
        ruleSetVersion = report.ruleSet.version
        ruleSetDigest = report.ruleSet.digest
        outcome = report.outcome.rawValue
        grounds = report.grounds
        conditions = report.conditions.map(\.id)
        reasons = report.determiningRules.map {
            AuditReason(rule: $0.rule, instrument: $0.implements?.instrument ?? "", eId: $0.implements?.eId ?? "", reason: $0.reason)
        }
    }
}

/// One entry of the audit log: a record, when it was written, its place in the hash chain, and (through its
/// leaf hash) its place in the log's Merkle tree.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// 1-based position in the log; contiguous. The entry is leaf `sequence - 1` of the Merkle tree.
    public var sequence: Int64
    /// UTC time of writing, ISO 8601 with milliseconds (`2026-11-29T06:10:00.123Z`).
    public var recordedAt: String
    public var record: AuditRecord
    /// The hash of the previous entry (64 zeros for the first).
    public var previousHash: String
    /// SHA-256 over the entry's canonical bytes (``hashInput``): the chain link the next entry points at.
    public var entryHash: String
    /// The canonical encoding the entry was hashed with: 1 (lists joined into strings; entries written before
    /// the Merkle log) or 2 (lists length-prefixed element by element).
    public var format: Int

    public init(
        sequence: Int64, recordedAt: String, record: AuditRecord, previousHash: String, entryHash: String,
        format: Int = AuditEntry.currentFormat
    ) {
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.record = record
        self.previousHash = previousHash
        self.entryHash = entryHash
        self.format = format
    }

    public static let genesisHash = String(repeating: "0", count: 64)
    public static let currentFormat = 2

    /// The exact bytes hashed, for the chain (SHA-256) and for the Merkle leaf (SHA-256 of 0x00 and these).
    ///
    /// A versioned, length-prefixed concatenation, so no two entries share an encoding: `safeguard.audit/F`,
    /// then each field as its UTF-8 byte length in decimal, `:`, and its bytes. Format 2 writes a list as its
    /// element count in decimal, `*`, then each element as a field (a reason as four fields); format 1 wrote
    /// lists joined (attributes, grounds and conditions by `,`; reasons as `rule|instrument|eId|reason` lines).
    public static func hashInput(previousHash: String, recordedAt: String, record r: AuditRecord, format: Int = currentFormat) -> [UInt8] {
        var out: [UInt8] = Array("safeguard.audit/\(format)".utf8)
        out.reserveCapacity(1024)
        func field(_ text: String) {
            let bytes = text.utf8
            out.append(contentsOf: String(bytes.count).utf8)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: bytes)
        }
        func list(_ items: [String]) {
            if format == 1 { field(items.joined(separator: ",")); return }
            out.append(contentsOf: String(items.count).utf8)
            out.append(UInt8(ascii: "*"))
            items.forEach(field)
        }
        for f in [
            previousHash, recordedAt, r.requestID, r.requestDigest, r.received, r.requestingState, r.requestedState, r.measure, r.conduct,
        ] { field(f) }
        list(r.targetAttributes)
        for f in [r.ruleSetID, r.ruleSetVersion, r.ruleSetDigest, r.outcome] { field(f) }
        list(r.grounds)
        list(r.conditions)
        if format == 1 {
            field(r.reasons.map { "\($0.rule)|\($0.instrument)|\($0.eId)|\($0.reason)" }.joined(separator: "\n"))
        } else {
            out.append(contentsOf: String(r.reasons.count).utf8)
            out.append(UInt8(ascii: "*"))
            for x in r.reasons { field(x.rule); field(x.instrument); field(x.eId.rawValue); field(x.reason) }
        }
        return out
    }

    public static func computeHash(previousHash: String, recordedAt: String, record: AuditRecord, format: Int = currentFormat) -> String {
        Digests.sha256Hex(hashInput(previousHash: previousHash, recordedAt: recordedAt, record: record, format: format))
    }

    /// This entry's canonical bytes.
    public var hashInput: [UInt8] { Self.hashInput(previousHash: previousHash, recordedAt: recordedAt, record: record, format: format) }

    /// The chain hash recomputed from the content (equal to ``entryHash`` unless the entry was edited).
    public var computedHash: String { Digests.sha256Hex(hashInput) }

    /// The RFC 9162 leaf hash, recomputed from the content: `SHA-256(0x00 || hashInput)`.
    public var leafHash: [UInt8] { MerkleTree.leafHash(hashInput) }
}

extension AuditRecord {
    /// Splits the joined strings of a format-1 entry back into lists; nil unless joining them again gives
    /// exactly the same strings (so the entry's hash is unchanged).
    static func legacy(
        requestID: String, requestDigest: String, received: String, requestingState: String, requestedState: String,
        measure: String, conduct: String, targetAttributes: String, ruleSetID: String, ruleSetVersion: String,
        ruleSetDigest: String, outcome: String, grounds: String, conditions: String, reasons: String
    ) -> AuditRecord? {
        func list(_ s: String) -> [String] { s.isEmpty ? [] : s.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var parsed: [AuditReason] = []
        if !reasons.isEmpty {
            for line in reasons.split(separator: "\n", omittingEmptySubsequences: false) {
                let parts = line.split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
                if parts.count == 4 {
                    parsed.append(AuditReason(rule: parts[0], instrument: parts[1], eId: EId(parts[2]), reason: parts[3]))
                } else if !parsed.isEmpty {
                    parsed[parsed.count - 1].reason += "\n" + line  // a reason text that held a newline
                } else {
                    return nil
                }
            }
        }
        let record = AuditRecord(
            requestID: requestID, requestDigest: requestDigest, received: received, requestingState: requestingState,
            requestedState: requestedState, measure: measure, conduct: conduct, targetAttributes: list(targetAttributes),
            ruleSetID: ruleSetID, ruleSetVersion: ruleSetVersion, ruleSetDigest: ruleSetDigest, outcome: outcome,
            grounds: list(grounds), conditions: list(conditions), reasons: parsed
        )
        let rejoined = record.reasons.map { "\($0.rule)|\($0.instrument)|\($0.eId)|\($0.reason)" }.joined(separator: "\n")
        guard rejoined == reasons, record.targetAttributes.joined(separator: ",") == targetAttributes,
            record.grounds.joined(separator: ",") == grounds, record.conditions.joined(separator: ",") == conditions
        else { return nil }
        return record
    }
}

/// One problem `audit verify` found, with where it is.
public struct AuditProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// The entry's content no longer matches its hash.
        case edited
        /// Entries are missing from the sequence.
        case deleted
        /// The entry's chain link points at another entry than the one before it.
        case reordered
        /// The chain link points at no entry in the log.
        case brokenLink = "broken-link"
        /// The log ends before its recorded head, or before the size a signed checkpoint recorded.
        case truncated
        /// The log's first entries no longer hash to the root a signed checkpoint recorded: history was
        /// rewritten (even if the rewritten chain is consistent in itself).
        case rewritten
    }

    public var kind: Kind
    /// The sequence number where the problem shows.
    public var sequence: Int64
    public var message: String

    public init(kind: Kind, sequence: Int64, message: String) {
        self.kind = kind
        self.sequence = sequence
        self.message = message
    }

    public var description: String { "entry \(sequence): \(kind.rawValue): \(message)" }
}

/// What a signed checkpoint said, and whether the log still extends it.
public struct AuditCheckpointCheck: Sendable, Hashable, Codable {
    public var origin: String
    public var size: Int
    /// Base64, as in the checkpoint.
    public var rootHash: String
    public var timestamp: String?
    /// The RFC 9162 consistency proof from the checkpoint's tree to the log's current tree (base64 hashes).
    public var consistencyProof: [String]
    /// True when the log is the checkpoint's tree with entries only added after it.
    public var consistent: Bool
}

/// The result of checking a whole log.
public struct AuditVerification: Sendable, Hashable, Codable {
    public var entries: Int
    /// The last entry's chain hash (hex).
    public var headHash: String
    /// The RFC 9162 root of the Merkle tree over every entry (base64, as in checkpoints).
    public var rootHash: String
    /// Present when verified against a signed checkpoint (`audit verify --checkpoint`).
    public var checkpoint: AuditCheckpointCheck?
    public var problems: [AuditProblem]
    public var isIntact: Bool { problems.isEmpty }
}

/// The last sequence number and chain hash, as the log writer recorded them.
public struct AuditHead: Sendable, Hashable {
    public var sequence: Int64
    public var entryHash: String

    public init(sequence: Int64, entryHash: String) {
        self.sequence = sequence
        self.entryHash = entryHash
    }
}

/// Where audit entries are kept: SQLite (``SQLiteAuditStore``) or PostgreSQL (`SafeguardAuditPostgres`).
///
/// Every store must append atomically and serialise appenders (several processes included), so the chain and
/// tree never fork. Checking, proofs and checkpoints are shared code over ``entries(from:to:)`` and ``head()``.
public protocol AuditStore: Sendable {
    /// Appends records atomically, in order, extending the log: either all are committed or none.
    @discardableResult
    func append(_ records: [AuditRecord], at date: Date) throws -> [AuditEntry]
    /// All entries in sequence order, optionally limited to `recordedAt` days within a range (inclusive).
    func entries(from: Day?, to: Day?) throws -> [AuditEntry]
    /// The writer's record of the last entry (nil for a log never written).
    func head() throws -> AuditHead?
    /// The file or URL, for messages (without passwords).
    var location: String { get }
}

extension AuditStore {
    /// Recomputes every hash and link, and the Merkle root.
    public func verify() throws -> AuditVerification {
        AuditVerifier.verify(try entries(from: nil, to: nil), head: try head())
    }

    /// Recomputes everything and proves the log consistent with an earlier signed checkpoint.
    public func verify(against checkpoint: Checkpoint) throws -> AuditVerification {
        AuditVerifier.verify(try entries(from: nil, to: nil), head: try head(), checkpoint: checkpoint)
    }

    /// The Merkle tree over the entries as they are now, with leaf hashes recomputed from their content.
    public func tree() throws -> MerkleTree {
        MerkleTree(leafHashes: try entries(from: nil, to: nil).map(\.leafHash))
    }

    /// Signs a checkpoint of the whole log. Refuses a log that does not verify: a checkpoint vouches for it.
    public func checkpoint(signer: CheckpointSigner, origin: String? = nil, at date: Date = Date()) throws -> String {
        let all = try entries(from: nil, to: nil)
        let verification = AuditVerifier.verify(all, head: try head())
        guard verification.isIntact else {
            throw SafeguardError(
                .checkFailed, "the audit log \(location) does not verify (first problem: \(verification.problems[0])); no checkpoint signed"
            )
        }
        let tree = MerkleTree(leafHashes: all.map(\.leafHash))
        let origin = origin ?? signer.name
        guard !origin.isEmpty, !origin.contains("\n") else {
            throw SafeguardError(.invalidData, "a checkpoint origin is one non-empty line")
        }
        let checkpoint = Checkpoint(
            origin: origin, size: tree.size, rootHash: tree.root(), extensions: ["Timestamp: \(AuditClock.timestamp(date))"])
        return try checkpoint.signed(by: signer)
    }

    /// The inclusion proof of entry `sequence` in the tree of `treeSize` entries (default: all).
    public func inclusionProof(sequence: Int64, treeSize: Int? = nil) throws -> AuditInclusionProof {
        try AuditProofs.inclusion(of: sequence, in: try entries(from: nil, to: nil), treeSize: treeSize)
    }

    /// The consistency proof between the trees of `oldSize` and `newSize` entries (default: all).
    public func consistencyProof(from oldSize: Int, to newSize: Int? = nil) throws -> AuditConsistencyProof {
        let tree = try tree()
        let newSize = newSize ?? tree.size
        guard let proof = tree.consistencyProof(from: oldSize, to: newSize) else {
            throw SafeguardError(.checkFailed, "cannot prove \(oldSize) → \(newSize) entries: the log has \(tree.size)")
        }
        return AuditConsistencyProof(
            oldSize: oldSize, newSize: newSize, hashes: proof.map { Data($0).base64EncodedString() },
            oldRootHash: Data(tree.root(size: oldSize)).base64EncodedString(),
            newRootHash: Data(tree.root(size: newSize)).base64EncodedString()
        )
    }
}

/// Proofs over entries already read (so a command that verified the log first does not read it twice).
public enum AuditProofs {
    /// The inclusion proof of entry `sequence` in the tree of the first `treeSize` of `entries` (default: all).
    public static func inclusion(of sequence: Int64, in all: [AuditEntry], treeSize: Int? = nil) throws -> AuditInclusionProof {
        let size = treeSize ?? all.count
        guard size <= all.count else {
            throw SafeguardError(
                .checkFailed, "the log has \(all.count) entries, fewer than the \(size) the checkpoint records (truncated?)")
        }
        guard sequence >= 1, sequence <= Int64(size) else {
            throw SafeguardError(.invalidData, "no entry \(sequence) in a log of \(size) entries")
        }
        let tree = MerkleTree(leafHashes: all.prefix(size).map(\.leafHash))
        let index = Int(sequence - 1)
        return AuditInclusionProof(
            entry: all[index], leafIndex: index, treeSize: size,
            hashes: tree.inclusionProof(index: index, size: size)!.map { Data($0).base64EncodedString() },
            rootHash: Data(tree.root()).base64EncodedString()
        )
    }
}

/// UTC timestamps with milliseconds, as the log writes them.
public enum AuditClock {
    public static func timestamp(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let day = Day(daysSinceEpoch: Int32(millis / 86_400_000))
        var rest = millis % 86_400_000
        let h = rest / 3_600_000; rest %= 3_600_000
        let m = rest / 60_000; rest %= 60_000
        let s = rest / 1000
        let ms = rest % 1000
        func pad(_ v: Int64, _ w: Int) -> String { let t = String(v); return String(repeating: "0", count: w - t.count) + t }
        return "\(day.iso)T\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2)).\(pad(ms, 3))Z"
    }
}

/// Chain, tree and checkpoint checking, shared by every store.
public enum AuditVerifier {
    /// Checks entries (in sequence order), the recorded head, and — when given — that the log extends a
    /// signed checkpoint (the checkpoint's signature must already have been checked: ``Checkpoint/open``).
    public static func verify(_ entries: [AuditEntry], head: AuditHead?, checkpoint: Checkpoint? = nil) -> AuditVerification {
        var problems: [AuditProblem] = []
        var hashOwner: [String: Int64] = [:]
        for e in entries { hashOwner[e.entryHash] = e.sequence }
        var expectedSequence: Int64 = 1
        var previousHash = AuditEntry.genesisHash
        var leaves: [MerkleTree.Hash] = []
        leaves.reserveCapacity(entries.count)
        for e in entries {
            let input = e.hashInput
            leaves.append(MerkleTree.leafHash(input))
            if Digests.sha256Hex(input) != e.entryHash {
                problems.append(
                    .init(
                        kind: .edited, sequence: e.sequence, message: "its content does not match its hash (request \(e.record.requestID))")
                )
            }
            var gap = false
            if e.sequence != expectedSequence {
                gap = true
                if e.sequence > expectedSequence {
                    let range = e.sequence - 1 == expectedSequence ? "\(expectedSequence)" : "\(expectedSequence)–\(e.sequence - 1)"
                    problems.append(.init(kind: .deleted, sequence: e.sequence, message: "entries \(range) are missing before it"))
                } else {
                    problems.append(.init(kind: .reordered, sequence: e.sequence, message: "sequence number out of order"))
                }
            }
            if e.previousHash != previousHash && !gap {
                if let owner = hashOwner[e.previousHash] {
                    problems.append(
                        .init(
                            kind: .reordered, sequence: e.sequence,
                            message: "it was chained after entry \(owner), not after the entry before it"))
                } else if e.previousHash == AuditEntry.genesisHash {
                    problems.append(.init(kind: .reordered, sequence: e.sequence, message: "it was written as the first entry of the log"))
                } else {
                    problems.append(.init(kind: .brokenLink, sequence: e.sequence, message: "its link points at no entry in the log"))
                }
            }
            expectedSequence = e.sequence + 1
            previousHash = e.entryHash
        }
        problems += headProblems(entries, head: head, lastHash: previousHash)
        let tree = MerkleTree(leafHashes: leaves)
        let root = tree.root()
        var check: AuditCheckpointCheck?
        if let checkpoint {
            let (checked, problem) = extends(tree, root: root, checkpoint: checkpoint)
            check = checked
            if let problem { problems.append(problem) }
        }
        return AuditVerification(
            entries: entries.count, headHash: previousHash, rootHash: Data(root).base64EncodedString(), checkpoint: check,
            problems: problems
        )
    }

    /// The recorded head against the last entry: truncation with the head left behind, an edited last entry,
    /// entries appended around the writer.
    private static func headProblems(_ entries: [AuditEntry], head: AuditHead?, lastHash: String) -> [AuditProblem] {
        var problems: [AuditProblem] = []
        let lastSequence = entries.last?.sequence ?? 0
        if let head {
            if head.sequence > lastSequence {
                problems.append(
                    .init(
                        kind: .truncated, sequence: lastSequence + 1,
                        message: "the log ends at entry \(lastSequence) but its head records entry \(head.sequence)"))
            } else if head.sequence == lastSequence, head.entryHash != lastHash {
                problems.append(
                    .init(kind: .edited, sequence: lastSequence, message: "the last entry's hash differs from the recorded head"))
            } else if head.sequence < lastSequence {
                problems.append(
                    .init(
                        kind: .brokenLink, sequence: head.sequence + 1,
                        message: "entries after the recorded head (\(head.sequence)) were added outside the log writer"))
            }
        } else if !entries.isEmpty {
            problems.append(.init(kind: .truncated, sequence: 1, message: "the log has entries but no recorded head"))
        }
        return problems
    }

    /// Whether the log is a consistent extension of a signed checkpoint (RFC 9162), with the problem if not.
    private static func extends(
        _ tree: MerkleTree, root: MerkleTree.Hash, checkpoint: Checkpoint
    ) -> (AuditCheckpointCheck, AuditProblem?) {
        var problem: AuditProblem?
        var consistent = false
        var proof: [MerkleTree.Hash] = []
        if checkpoint.size > tree.size {
            problem = AuditProblem(
                kind: .truncated, sequence: Int64(tree.size + 1),
                message: "the log has \(tree.size) entries but the signed checkpoint of \(checkpoint.timestamp ?? "an earlier time") "
                    + "records \(checkpoint.size): entries were removed from the end")
        } else {
            // The same check an outside verifier makes: the RFC 9162 consistency proof from the signed
            // root to the current root must verify.
            proof = tree.consistencyProof(from: checkpoint.size, to: tree.size) ?? []
            consistent = MerkleTree.verifyConsistency(
                oldSize: checkpoint.size, newSize: tree.size, oldRoot: checkpoint.rootHash, newRoot: root, proof: proof)
            if !consistent {
                problem = AuditProblem(
                    kind: .rewritten, sequence: 1,
                    message: "the first \(checkpoint.size) entries no longer hash to the root signed in the checkpoint of "
                        + "\(checkpoint.timestamp ?? "an earlier time"): history was rewritten")
            }
        }
        let check = AuditCheckpointCheck(
            origin: checkpoint.origin, size: checkpoint.size, rootHash: Data(checkpoint.rootHash).base64EncodedString(),
            timestamp: checkpoint.timestamp, consistencyProof: proof.map { Data($0).base64EncodedString() }, consistent: consistent
        )
        return (check, problem)
    }
}

/// Proof that one entry is in the log a signed checkpoint describes (schema `safeguard.audit-inclusion/1`).
///
/// Self-contained: with the log's public key, anyone can check it (``verify(verifier:checkpoint:)``,
/// `safeguard audit verify-proof`) without the database.
public struct AuditInclusionProof: Sendable, Hashable, Codable {
    public var schema = "safeguard.audit-inclusion/1"
    /// The entry, in full: its leaf hash is recomputed from this content.
    public var entry: AuditEntry
    /// 0-based leaf index (`sequence - 1`).
    public var leafIndex: Int
    public var treeSize: Int
    /// The RFC 9162 inclusion path, leaf to root, base64.
    public var hashes: [String]
    /// The root the path leads to (base64); informative: the verifier trusts only the checkpoint's.
    public var rootHash: String
    /// The signed checkpoint of `treeSize` entries, when the prover had one.
    public var checkpoint: String?

    public init(entry: AuditEntry, leafIndex: Int, treeSize: Int, hashes: [String], rootHash: String, checkpoint: String? = nil) {
        self.entry = entry
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.hashes = hashes
        self.rootHash = rootHash
        self.checkpoint = checkpoint
    }

    /// Checks the proof: the checkpoint's signature, its size, the entry's own hash, and the inclusion path
    /// from the entry's recomputed leaf hash to the signed root.
    ///
    /// - Throws: `.checkFailed` (exit 1) naming what does not hold; `.invalidData` (65) for a malformed proof.
    public func verify(verifier: CheckpointVerifier, checkpoint note: String? = nil) throws -> Checkpoint {
        guard schema == "safeguard.audit-inclusion/1" else {
            throw SafeguardError(.invalidData, "not an inclusion proof (schema \(schema))")
        }
        guard let note = note ?? checkpoint else {
            throw SafeguardError(.invalidData, "the proof carries no checkpoint; pass the signed checkpoint of \(treeSize) entries")
        }
        let signed = try Checkpoint.open(note, verifier: verifier)
        guard signed.size == treeSize else {
            throw SafeguardError(.checkFailed, "the proof is for a tree of \(treeSize) entries but the checkpoint records \(signed.size)")
        }
        guard leafIndex == Int(entry.sequence) - 1 else {
            throw SafeguardError(.checkFailed, "entry \(entry.sequence) cannot be leaf \(leafIndex)")
        }
        guard entry.computedHash == entry.entryHash else {
            throw SafeguardError(.checkFailed, "entry \(entry.sequence)'s content does not match its own hash: it was edited")
        }
        var path: [MerkleTree.Hash] = []
        for h in hashes {
            guard let bytes = Data(base64Encoded: h), bytes.count == 32 else {
                throw SafeguardError(.invalidData, "proof hash \"\(h.prefix(60))\" is not 32 bytes of base64")
            }
            path.append(Array(bytes))
        }
        guard MerkleTree.verifyInclusion(leafHash: entry.leafHash, index: leafIndex, size: treeSize, proof: path, root: signed.rootHash)
        else {
            throw SafeguardError(
                .checkFailed,
                "entry \(entry.sequence) is not in the log the checkpoint signs (its inclusion path does not lead to the signed root)")
        }
        return signed
    }
}

/// Proof that a log of `newSize` entries extends the log of `oldSize` entries (schema
/// `safeguard.audit-consistency/1`): nothing in the first `oldSize` entries was changed, removed or reordered.
public struct AuditConsistencyProof: Sendable, Hashable, Codable {
    public var schema = "safeguard.audit-consistency/1"
    public var oldSize: Int
    public var newSize: Int
    /// The RFC 9162 consistency proof, base64.
    public var hashes: [String]
    public var oldRootHash: String
    public var newRootHash: String
    /// The signed checkpoints of the two sizes, when the prover had them.
    public var oldCheckpoint: String?
    public var newCheckpoint: String?

    public init(
        oldSize: Int, newSize: Int, hashes: [String], oldRootHash: String, newRootHash: String, oldCheckpoint: String? = nil,
        newCheckpoint: String? = nil
    ) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.hashes = hashes
        self.oldRootHash = oldRootHash
        self.newRootHash = newRootHash
        self.oldCheckpoint = oldCheckpoint
        self.newCheckpoint = newCheckpoint
    }

    /// Checks both checkpoints' signatures and the proof between their roots.
    public func verify(verifier: CheckpointVerifier, oldCheckpoint old: String? = nil, newCheckpoint new: String? = nil) throws -> (
        Checkpoint, Checkpoint
    ) {
        guard schema == "safeguard.audit-consistency/1" else {
            throw SafeguardError(.invalidData, "not a consistency proof (schema \(schema))")
        }
        guard let oldNote = old ?? oldCheckpoint, let newNote = new ?? newCheckpoint else {
            throw SafeguardError(.invalidData, "a consistency proof is checked against two signed checkpoints (old and new)")
        }
        let a = try Checkpoint.open(oldNote, verifier: verifier)
        let b = try Checkpoint.open(newNote, verifier: verifier)
        guard a.size == oldSize, b.size == newSize else {
            throw SafeguardError(
                .checkFailed, "the proof is for \(oldSize) → \(newSize) entries but the checkpoints record \(a.size) and \(b.size)")
        }
        var path: [MerkleTree.Hash] = []
        for h in hashes {
            guard let bytes = Data(base64Encoded: h), bytes.count == 32 else {
                throw SafeguardError(.invalidData, "proof hash \"\(h.prefix(60))\" is not 32 bytes of base64")
            }
            path.append(Array(bytes))
        }
        guard MerkleTree.verifyConsistency(oldSize: a.size, newSize: b.size, oldRoot: a.rootHash, newRoot: b.rootHash, proof: path) else {
            throw SafeguardError(
                .checkFailed, "the log of \(b.size) entries does not extend the log of \(a.size) entries: history was rewritten")
        }
        return (a, b)
    }
}
