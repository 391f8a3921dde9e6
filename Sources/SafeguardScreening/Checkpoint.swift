import Crypto
import Foundation
import SafeguardModel

/// An Ed25519 key for signing audit checkpoints, in the text formats of signed notes (as used by Go's
/// checksum database and the transparency logs built on the same checkpoint format).
///
/// - Verifier (public) key: `NAME+HASH+BASE64` where `HASH` is 8 hex digits and `BASE64` encodes
///   `0x01 || 32-byte public key` (0x01 names Ed25519).
/// - Signer (private) key: `PRIVATE+KEY+NAME+HASH+BASE64` with `0x01 || 32-byte seed`.
/// - `HASH` is the first 4 bytes (big-endian) of `SHA-256(NAME || "\n" || 0x01 || public key)`: the key id
///   every signature line starts with.
public struct CheckpointVerifier: Sendable, Hashable {
    public let name: String
    public let publicKey: [UInt8]

    public init(name: String, publicKey: [UInt8]) throws {
        try Self.checkName(name)
        guard publicKey.count == 32 else {
            throw SafeguardError(.invalidData, "an Ed25519 public key has 32 bytes, not \(publicKey.count)")
        }
        self.name = name
        self.publicKey = publicKey
    }

    /// Key names: non-empty, no `+`, no whitespace (they appear in `+`-separated key text and signature lines).
    static func checkName(_ name: String) throws {
        guard !name.isEmpty, name.utf8.count <= 256,
            !name.unicodeScalars.contains(where: { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 })
        else { throw SafeguardError(.invalidData, "a key name must be 1–256 characters without '+', spaces or control characters") }
    }

    /// The 4-byte key id that starts each signature by this key.
    public var keyHash: [UInt8] {
        Array(Digests.sha256(Array(name.utf8) + [0x0A, 0x01] + publicKey).prefix(4))
    }

    /// `NAME+HASH+BASE64`.
    public var text: String {
        "\(name)+\(Digests.hex(keyHash))+\(Data([0x01] + publicKey).base64EncodedString())"
    }

    /// Parses a verifier key; also accepts a signer key (and uses its public half), so one file serves both.
    public init(text raw: String) throws {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("PRIVATE+KEY+") {
            self = try CheckpointSigner(text: text).verifier
            return
        }
        // The base64 key may itself hold '+': only the first two separate fields.
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let key = Data(base64Encoded: parts[2]), key.count == 33, key.first == 0x01 else {
            throw SafeguardError(.invalidData, "not a checkpoint verifier key (expected NAME+HASH+BASE64 with an Ed25519 key)")
        }
        try self.init(name: parts[0], publicKey: Array(key.dropFirst()))
        guard Digests.hex(keyHash) == parts[1].lowercased() else {
            throw SafeguardError(.invalidData, "the key's hash \(parts[1]) does not match its name and key")
        }
    }

    /// Checks an Ed25519 signature over `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

/// The private half: signs checkpoints. Lives in a file outside the log's database (`audit keygen`).
public struct CheckpointSigner: Sendable {
    public let name: String
    let seed: [UInt8]

    /// A new random key.
    public init(name: String) throws {
        try CheckpointVerifier.checkName(name)
        self.name = name
        self.seed = Array(Curve25519.Signing.PrivateKey().rawRepresentation)
    }

    public init(name: String, seed: [UInt8]) throws {
        try CheckpointVerifier.checkName(name)
        guard seed.count == 32 else { throw SafeguardError(.invalidData, "an Ed25519 private key seed has 32 bytes") }
        self.name = name
        self.seed = seed
    }

    /// Parses `PRIVATE+KEY+NAME+HASH+BASE64`.
    public init(text raw: String) throws {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = text.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY",
            let key = Data(base64Encoded: parts[4]), key.count == 33, key.first == 0x01
        else {
            throw SafeguardError(.invalidData, "not a checkpoint signing key (expected PRIVATE+KEY+NAME+HASH+BASE64 with an Ed25519 key)")
        }
        try self.init(name: parts[2], seed: Array(key.dropFirst()))
        guard Digests.hex(verifier.keyHash) == parts[3].lowercased() else {
            throw SafeguardError(.invalidData, "the signing key's hash \(parts[3]) does not match its name and key")
        }
    }

    var privateKey: Curve25519.Signing.PrivateKey {
        // The seed was checked to be 32 bytes, the only condition this initialiser has.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    }

    public var verifier: CheckpointVerifier {
        // Name checked at init; the public key always has 32 bytes.
        try! CheckpointVerifier(name: name, publicKey: Array(privateKey.publicKey.rawRepresentation))
    }

    /// `PRIVATE+KEY+NAME+HASH+BASE64`.
    public var text: String {
        "PRIVATE+KEY+\(name)+\(Digests.hex(verifier.keyHash))+\(Data([0x01] + seed).base64EncodedString())"
    }

    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        Array(try privateKey.signature(for: message))
    }
}

/// A signed statement of the log's size and root hash, in the checkpoint format of transparency logs:
///
/// ```text
/// ORIGIN
/// SIZE
/// BASE64(ROOT HASH)
/// Timestamp: 2026-12-02T03:04:05.678Z
///
/// — KEYNAME BASE64(KEY HASH || ED25519 SIGNATURE)
/// ```
///
/// The signature covers every byte before the blank line (the note text, ending in a newline). Lines after
/// the root hash are extension lines; Safeguard writes one, the time of signing.
public struct Checkpoint: Sendable, Hashable {
    public var origin: String
    public var size: Int
    public var rootHash: [UInt8]
    /// Extension lines (Safeguard writes `Timestamp: ISO-8601 UTC`).
    public var extensions: [String]

    public init(origin: String, size: Int, rootHash: [UInt8], extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// The time of signing, from the `Timestamp:` extension line.
    public var timestamp: String? {
        extensions.first { $0.hasPrefix("Timestamp: ") }.map { String($0.dropFirst("Timestamp: ".count)) }
    }

    /// The signed text: origin, size, root hash and extension lines, each ended by a newline.
    public var body: String {
        ([origin, String(size), Data(rootHash).base64EncodedString()] + extensions).map { $0 + "\n" }.joined()
    }

    /// The whole signed note.
    public func signed(by signer: CheckpointSigner) throws -> String {
        let signature = try signer.sign(Array(body.utf8))
        return body + "\n" + "\u{2014} \(signer.name) \(Data(signer.verifier.keyHash + signature).base64EncodedString())\n"
    }

    static let maximumNoteBytes = 1 << 16

    /// Parses a signed checkpoint and checks its signature by `verifier`.
    ///
    /// - Throws: `.invalidData` (exit 65) for a malformed note; `.checkFailed` (exit 1) when no signature line
    ///   by this key verifies.
    public static func open(_ note: String, verifier: CheckpointVerifier) throws -> Checkpoint {
        let checkpoint = try parse(note)
        let (body, signatures) = try split(note)
        var sawKey = false
        for line in signatures {
            // "— NAME BASE64"
            guard line.hasPrefix("\u{2014} ") else {
                throw SafeguardError(.invalidData, "checkpoint signature line does not start with an em dash and a space")
            }
            let fields = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 2, let blob = Data(base64Encoded: String(fields[1])), blob.count > 4 else {
                throw SafeguardError(.invalidData, "malformed checkpoint signature line")
            }
            guard String(fields[0]) == verifier.name, Array(blob.prefix(4)) == verifier.keyHash else { continue }
            sawKey = true
            if blob.count == 68, verifier.isValidSignature(Array(blob.dropFirst(4)), for: Array(body.utf8)) { return checkpoint }
        }
        throw SafeguardError(
            .checkFailed,
            sawKey
                ? "the checkpoint's signature by \(verifier.name) does not verify: it was altered or signed by another key"
                : "the checkpoint carries no signature by the key \(verifier.name)")
    }

    /// The note text (ending in a newline) and its signature lines.
    static func split(_ note: String) throws -> (String, [String]) {
        guard note.utf8.count <= maximumNoteBytes else {
            throw SafeguardError(.invalidData, "a checkpoint is at most \(maximumNoteBytes) bytes")
        }
        guard let range = note.range(of: "\n\n") else {
            throw SafeguardError(.invalidData, "not a signed checkpoint (no blank line before the signatures)")
        }
        let body = String(note[..<range.lowerBound]) + "\n"
        var signatures = note[range.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if signatures.last == "" { signatures.removeLast() }
        guard !signatures.isEmpty, !signatures.contains(where: \.isEmpty) else {
            throw SafeguardError(.invalidData, "a signed checkpoint ends in one or more signature lines, each ended by a newline")
        }
        return (body, signatures)
    }

    /// Parses the checkpoint without checking signatures (use ``open(_:verifier:)`` for anything trusted).
    public static func parse(_ note: String) throws -> Checkpoint {
        let (body, _) = try split(note)
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()  // the body ends in a newline
        guard lines.count >= 3, !lines[0].isEmpty else {
            throw SafeguardError(.invalidData, "a checkpoint has an origin, a size and a root hash line")
        }
        guard let size = Int(lines[1]), size >= 0, String(size) == lines[1] else {
            throw SafeguardError(.invalidData, "checkpoint size \"\(lines[1].prefix(40))\" is not a decimal number without leading zeros")
        }
        guard let root = Data(base64Encoded: lines[2]), root.count == 32 else {
            throw SafeguardError(.invalidData, "checkpoint root hash is not 32 bytes of base64")
        }
        let extensions = Array(lines.dropFirst(3))
        guard !extensions.contains(where: \.isEmpty) else { throw SafeguardError(.invalidData, "empty checkpoint extension line") }
        return Checkpoint(origin: lines[0], size: size, rootHash: Array(root), extensions: extensions)
    }
}
