import ArgumentParser
import Foundation
import SafeguardAuditPostgres
import SafeguardModel
import SafeguardScreening

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check, list, sign and prove the tamper-evident log of screening decisions.",
        discussion: """
            The log is a hash chain and an RFC 9162 Merkle tree. `keygen` makes an Ed25519 key (kept outside the \
            database); `checkpoint` signs the log's size and root; `verify --checkpoint` proves the log still \
            extends an earlier checkpoint; `prove` writes an inclusion or consistency proof that `verify-proof` \
            checks with the public key alone, without the database.
            """,
        subcommands: [
            AuditVerifyCommand.self, AuditListCommand.self, AuditKeygenCommand.self, AuditCheckpointCommand.self,
            AuditProveCommand.self, AuditVerifyProofCommand.self,
        ]
    )
}

enum AuditStores {
    static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// Opens a log: a SQLite file, or a `postgres://` URL. `create: false` never creates or changes anything.
    static func open(_ location: String, create: Bool) throws -> any AuditStore {
        if isPostgres(location) { return try PostgresAuditStore(url: location, create: create) }
        if !create {
            guard FileManager.default.fileExists(atPath: location) else {
                throw SafeguardError(.inputNotFound, "no such audit log", file: location)
            }
        }
        return try SQLiteAuditStore(path: location, create: create)
    }
}

/// Reads a small text file (keys, checkpoints, proofs) with a clear error.
func readTextFile(_ path: String, what: String, limit: Int = 1 << 24) throws -> String {
    guard FileManager.default.fileExists(atPath: path) else { throw SafeguardError(.inputNotFound, "no such \(what)", file: path) }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw SafeguardError(.inputNotFound, "cannot read the \(what)", file: path)
    }
    guard data.count <= limit else { throw SafeguardError(.tooLarge, "the \(what) is larger than \(limit) bytes", file: path) }
    guard let text = String(data: data, encoding: .utf8) else {
        throw SafeguardError(.undecodable, "the \(what) is not UTF-8 text", file: path)
    }
    return text
}

func readVerifier(_ path: String) throws -> CheckpointVerifier {
    do { return try CheckpointVerifier(text: try readTextFile(path, what: "key file")) } catch let e as SafeguardError where e.file == nil {
        throw SafeguardError(e.kind, e.message, file: path)
    }
}

func readSigner(_ path: String) throws -> CheckpointSigner {
    let text = try readTextFile(path, what: "key file")
    guard text.hasPrefix("PRIVATE+KEY+") else {
        throw SafeguardError(.invalidData, "a checkpoint is signed with the private key (PRIVATE+KEY+...), not the public one", file: path)
    }
    do { return try CheckpointSigner(text: text) } catch let e as SafeguardError where e.file == nil {
        throw SafeguardError(e.kind, e.message, file: path)
    }
}

func openCheckpoint(_ path: String, verifier: CheckpointVerifier) throws -> (Checkpoint, String) {
    let note = try readTextFile(path, what: "checkpoint", limit: 1 << 16)
    do { return (try Checkpoint.open(note, verifier: verifier), note) } catch let e as SafeguardError where e.file == nil {
        throw SafeguardError(e.kind, e.message, file: path)
    }
}

struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Recompute the hash chain and Merkle tree; with --checkpoint, prove the log extends a signed checkpoint (exit 1 on any "
                + "problem)."
    )

    @Option(name: .long, help: "The audit log: a SQLite file or a postgres:// URL.")
    var db: String

    @Option(
        name: .long,
        help: "An earlier signed checkpoint: the log must still contain exactly its entries, with entries only added after them.")
    var checkpoint: String?

    @Option(name: .long, help: "The log's public key (or private key file), to check the checkpoint's signature.")
    var key: String?

    @Option(name: .long, help: "Output format: table or json.")
    var format: AuditFormat = .table

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if checkpoint != nil, key == nil { throw ValidationError("--checkpoint needs --key PUBLIC-KEY-FILE to check its signature") }
    }

    func run() throws {
        var signed: Checkpoint?
        if let checkpoint, let key { signed = try openCheckpoint(checkpoint, verifier: try readVerifier(key)).0 }
        let store = try AuditStores.open(db, create: false)
        let result = try signed.map { try store.verify(against: $0) } ?? store.verify()
        switch format {
        case .json: try output.write(try JSONOutput.string(result))
        case .table:
            var text =
                result.isIntact
                ? "audit log intact: \(result.entries) entries; head \(result.headHash); root \(result.rootHash)\n"
                : "audit log BROKEN: \(result.problems.count) problem(s) in \(result.entries) entries\n"
            if let c = result.checkpoint, c.consistent {
                text +=
                    "consistent with the checkpoint of \(c.size) entries (\(c.timestamp ?? "no timestamp")): consistency proof of "
                        + "\(c.consistencyProof.count) hashes verified\n"
            }
            for p in result.problems { text += "  \(p)\n" }
            try output.write(text)
        }
        if !result.isIntact {
            throw SafeguardError(
                .checkFailed,
                "audit log \(store.location) failed verification (\(result.problems.count) problem(s); first: \(result.problems[0]))")
        }
    }
}

enum AuditFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

struct AuditListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List audit entries.")

    @Option(name: .long, help: "The audit log: a SQLite file or a postgres:// URL.")
    var db: String

    @Option(name: .long, help: "Output format: table or json.")
    var format: AuditFormat = .table

    @OptionGroup var output: OutputOptions

    func run() throws {
        let entries = try AuditStores.open(db, create: false).entries(from: nil, to: nil)
        switch format {
        case .json: try output.write(try JSONOutput.string(entries))
        case .table:
            var t = TextTable(headers: ["#", "recorded", "request", "from", "measure", "outcome", "grounds", "hash"])
            for e in entries {
                t.rows.append([
                    String(e.sequence), e.recordedAt, e.record.requestID, e.record.requestingState, e.record.measure, e.record.outcome,
                    e.record.grounds.joined(separator: ","), String(e.entryHash.prefix(12)),
                ])
            }
            try output.write(t.render())
        }
    }
}

struct AuditKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make an Ed25519 key pair for signing checkpoints: KEY (private, mode 0600) and KEY.pub (to publish)."
    )

    @Option(
        name: .long,
        help: "The key's name, which signature lines carry and is the default checkpoint origin (e.g. example.org/screening-log).")
    var name: String

    @Option(name: .long, help: "Where to write the private key; the public key goes to the same path with .pub added. Never overwritten.")
    var key: String

    func run() throws {
        let signer = try CheckpointSigner(name: name)
        let publicPath = key + ".pub"
        for path in [key, publicPath] where FileManager.default.fileExists(atPath: path) {
            throw SafeguardError(.cannotWriteOutput, "refusing to overwrite an existing key file", file: path)
        }
        // O_EXCL: never replace a file (not even one created since the check above); the private key's mode is
        // 0600 from its creation, so no other user can ever read it.
        try Self.createExclusively(key, Data((signer.text + "\n").utf8), mode: 0o600)
        try Self.createExclusively(publicPath, Data((signer.verifier.text + "\n").utf8), mode: 0o644)
        print("private key: \(key) (keep it outside the log's database and host)\npublic key:  \(publicPath)\n\(signer.verifier.text)")
    }
}

extension AuditKeygenCommand {
    static func createExclusively(_ path: String, _ data: Data, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else {
            throw SafeguardError(.cannotWriteOutput, "cannot create the key file: \(String(cString: strerror(errno)))", file: path)
        }
        defer { close(fd) }
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == data.count, fchmod(fd, mode) == 0 else {
            throw SafeguardError(.cannotWriteOutput, "cannot write the key file", file: path)
        }
    }
}

struct AuditCheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Verify the log, then write a checkpoint (origin, size, root hash, time) signed with Ed25519."
    )

    @Option(name: .long, help: "The audit log: a SQLite file or a postgres:// URL.")
    var db: String

    @Option(name: .long, help: "The private key file (from `audit keygen`).")
    var key: String

    @Option(name: .long, help: "The checkpoint's origin line (default: the key's name).")
    var origin: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let signer = try readSigner(key)
        let store = try AuditStores.open(db, create: false)
        try output.write(try store.checkpoint(signer: signer, origin: origin))
    }
}

struct AuditProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract:
            "Write a proof (JSON) that an entry is in the log (--entry N), or that the log extends an older checkpoint "
                + "(--from-checkpoint).",
        discussion: """
            With --checkpoint FILE the proof is for the tree that checkpoint signs, and the checkpoint is embedded, \
            so `audit verify-proof PROOF --key LOG.pub` needs nothing else. Without it the proof is for the whole \
            log as it is now, and the verifier must be given a checkpoint of that size.
            """
    )

    @Option(name: .long, help: "The audit log: a SQLite file or a postgres:// URL.")
    var db: String

    @Option(name: .long, help: "The entry's sequence number (1-based): write its inclusion proof.")
    var entry: Int64?

    @Option(name: .long, help: "An older signed checkpoint: write the consistency proof from it to --checkpoint (or to the log now).")
    var fromCheckpoint: String?

    @Option(name: .long, help: "The signed checkpoint to prove against (embedded in the proof).")
    var checkpoint: String?

    @Option(name: .long, help: "The log's public key, to check the checkpoints before proving against them.")
    var key: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (entry == nil) != (fromCheckpoint == nil) else {
            throw ValidationError("give exactly one of --entry N and --from-checkpoint FILE")
        }
        if (checkpoint != nil || fromCheckpoint != nil), key == nil {
            throw ValidationError("checkpoints are read only with --key PUBLIC-KEY-FILE")
        }
    }

    func run() throws {
        let verifier = try key.map(readVerifier)
        let signed = try checkpoint.map { try openCheckpoint($0, verifier: verifier!) }
        let store = try AuditStores.open(db, create: false)
        // Read once: verify everything (against the checkpoint too), then prove from the same entries.
        let entries = try store.entries(from: nil, to: nil)
        let verification = AuditVerifier.verify(entries, head: try store.head(), checkpoint: signed?.0)
        guard verification.isIntact else {
            throw SafeguardError(
                .checkFailed, "audit log \(store.location) does not verify (first problem: \(verification.problems[0])); no proof written")
        }
        if let entry {
            var proof = try AuditProofs.inclusion(of: entry, in: entries, treeSize: signed?.0.size)
            proof.checkpoint = signed?.1
            try output.write(try JSONOutput.string(proof))
        } else if let fromCheckpoint {
            let (old, oldNote) = try openCheckpoint(fromCheckpoint, verifier: verifier!)
            let consistent = try store.verify(against: old)
            guard consistent.isIntact else {
                throw SafeguardError(.checkFailed, "the log does not extend the older checkpoint (\(consistent.problems[0]))")
            }
            var proof = try store.consistencyProof(from: old.size, to: signed?.0.size)
            proof.oldCheckpoint = oldNote
            proof.newCheckpoint = signed?.1
            try output.write(try JSONOutput.string(proof))
        }
    }
}

struct AuditVerifyProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-proof",
        abstract: "Check an inclusion or consistency proof with the log's public key alone (no database; exit 1 if it does not hold)."
    )

    @Argument(help: "The proof (JSON from `audit prove`).")
    var proof: String

    @Option(name: .long, help: "The log's public key file (NAME+HASH+BASE64).")
    var key: String

    @Option(
        name: .long,
        help: "The signed checkpoint to check against, when the proof does not embed one (for a consistency proof: the newer one).")
    var checkpoint: String?

    @Option(name: .long, help: "For a consistency proof without embedded checkpoints: the older signed checkpoint.")
    var fromCheckpoint: String?

    @Option(name: .long, help: "Output format: table or json.")
    var format: AuditFormat = .table

    @OptionGroup var output: OutputOptions

    struct Result: Codable {
        var schema = "safeguard.audit-proof-check/1"
        var kind: String
        var verified: Bool
        var origin: String
        var treeSize: Int
        var oldTreeSize: Int?
        var timestamp: String?
        var entry: AuditEntry?
    }

    func run() throws {
        let verifier = try readVerifier(key)
        let text = try readTextFile(proof, what: "proof")
        let checkpointNote = try checkpoint.map { try readTextFile($0, what: "checkpoint", limit: 1 << 16) }
        struct Schema: Decodable { var schema: String? }
        let data = Data(text.utf8)
        let schema: String?
        do { schema = try JSONDecoder().decode(Schema.self, from: data).schema } catch {
            throw SafeguardError(.invalidData, "the proof is not a JSON object", file: proof)
        }
        let result: Result
        do {
            switch schema {
            case "safeguard.audit-inclusion/1":
                let p = try JSONDecoder().decode(AuditInclusionProof.self, from: data)
                let signed = try p.verify(verifier: verifier, checkpoint: checkpointNote)
                result = Result(
                    kind: "inclusion", verified: true, origin: signed.origin, treeSize: signed.size, timestamp: signed.timestamp,
                    entry: p.entry)
            case "safeguard.audit-consistency/1":
                let p = try JSONDecoder().decode(AuditConsistencyProof.self, from: data)
                let old = try fromCheckpoint.map { try readTextFile($0, what: "checkpoint", limit: 1 << 16) }
                let (a, b) = try p.verify(verifier: verifier, oldCheckpoint: old, newCheckpoint: checkpointNote)
                result = Result(
                    kind: "consistency", verified: true, origin: b.origin, treeSize: b.size, oldTreeSize: a.size, timestamp: b.timestamp)
            default:
                throw SafeguardError(.invalidData, "not a Safeguard audit proof (schema \(schema ?? "missing"))")
            }
        } catch let e as SafeguardError where e.file == nil {
            throw SafeguardError(e.kind, e.message, file: proof)
        } catch let e as DecodingError {
            throw SafeguardError(.invalidData, "malformed proof: \(e)", file: proof)
        }
        switch format {
        case .json: try output.write(try JSONOutput.string(result))
        case .table:
            if let e = result.entry {
                try output.write(
                    "proof verified: entry \(e.sequence) (request \(e.record.requestID), \(e.record.outcome), recorded \(e.recordedAt)) is "
                        + "in the log \(result.origin) of \(result.treeSize) entries signed \(result.timestamp ?? "(no timestamp)")\n"
                )
            } else {
                try output.write(
                    "proof verified: the log \(result.origin) of \(result.treeSize) entries (signed "
                        + "\(result.timestamp ?? "(no timestamp)")) extends its earlier state of \(result.oldTreeSize ?? 0) entries\n"
                )
            }
        }
    }
}
