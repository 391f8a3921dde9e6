import Foundation
import SafeguardModel
@testable import SafeguardScreening
import Testing

@Suite struct MerkleTreeTests {
    static let data = (0..<64).map { Array("safeguard leaf \($0)".utf8) }
    static func tree(_ n: Int) -> MerkleTree { MerkleTree(leafHashes: data.prefix(n).map(MerkleTree.leafHash)) }

    /// Roots computed independently (Python's hashlib, RFC 9162 2.1.1) for the leaves "safeguard leaf 0", ....
    @Test(arguments: [
        (0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (1, "f47131aaca2c91b8b268a517c499639bb43089a62d621a79ef9eb3e041dc4276"),
        (2, "4bb51b5374d4cd834b7ba3701acc30717adb64f5369de261a3a154df2b636a41"),
        (3, "27ee2d9d90d36fee97141a94f91407d1bf6b55c8243dc805afe04e40a59983af"),
        (4, "04169c04755074cd637bf6311f87abdc480df00a9aa3d565b6acfd11bcd1b7af"),
        (5, "b203aa5fe343e58ea8015eae8737fb1da626969bf2ba37fc8e5063bd7a859d20"),
        (7, "e9580036f8ec4f7e1d3e99f7894c49fd4ad2c1826c8e19014a7b64ba58e07ad1"),
        (8, "8b4b8b855f5b2e5f67569d248d77ee0560a7f4222fda6e4ca3fa4bd891b1ed02"),
        (13, "e429be89f40b74631b427e0aea06e53583575ca7595303b45fcdb80319674194"),
    ])
    func rootsMatchAnIndependentImplementation(size: Int, expected: String) {
        #expect(Digests.hex(Self.tree(size).root()) == expected)
        #expect(Digests.hex(Self.tree(40).root(size: size)) == expected)
    }

    @Test func leafAndNodePrefixesDiffer() {
        // A leaf whose data is two hashes must not hash like the node over them (second-preimage defence).
        let a = MerkleTree.leafHash(Array("a".utf8)), b = MerkleTree.leafHash(Array("b".utf8))
        #expect(MerkleTree.leafHash(a + b) != MerkleTree.nodeHash(a, b))
    }

    @Test func everyInclusionProofVerifiesAndNoWrongOneDoes() {
        let full = Self.tree(33)
        for size in 1...33 {
            let root = full.root(size: size)
            for index in 0..<size {
                let proof = full.inclusionProof(index: index, size: size)!
                let leaf = full.leaves[index]
                #expect(
                    MerkleTree.verifyInclusion(leafHash: leaf, index: index, size: size, proof: proof, root: root),
                    "size \(size) index \(index)")
                // The wrong leaf, the wrong index, the wrong size, a shortened or altered path: all fail.
                #expect(
                    !MerkleTree.verifyInclusion(leafHash: full.leaves[(index + 1) % 33], index: index, size: size, proof: proof, root: root)
                )
                if size > 1 {
                    #expect(!MerkleTree.verifyInclusion(leafHash: leaf, index: (index + 1) % size, size: size, proof: proof, root: root))
                    #expect(
                        !MerkleTree.verifyInclusion(leafHash: leaf, index: index, size: size, proof: Array(proof.dropLast()), root: root))
                    var bent = proof
                    bent[0][0] ^= 1
                    #expect(!MerkleTree.verifyInclusion(leafHash: leaf, index: index, size: size, proof: bent, root: root))
                }
                // (The size is vouched for by the signed checkpoint, not by the path: a path can also fit another
                // size with the same tree shape, so that is not tested here.)
            }
        }
        #expect(!MerkleTree.verifyInclusion(leafHash: full.leaves[0], index: 5, size: 5, proof: [], root: full.root(size: 5)))
        #expect(full.inclusionProof(index: 3, size: 3) == nil)
    }

    @Test func everyConsistencyProofVerifiesAndRewritesFail() {
        let full = Self.tree(33)
        for newSize in 1...33 {
            for oldSize in 0...newSize {
                let proof = full.consistencyProof(from: oldSize, to: newSize)!
                let oldRoot = full.root(size: oldSize), newRoot = full.root(size: newSize)
                #expect(
                    MerkleTree.verifyConsistency(oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: proof),
                    "\(oldSize) → \(newSize)")
                guard oldSize > 0, oldSize < newSize else { continue }
                // A rewritten old tree (one leaf changed) cannot be shown consistent with the new root.
                var leaves = full.leaves
                leaves[oldSize - 1][0] ^= 1
                let forgedOld = MerkleTree(leafHashes: leaves).root(size: oldSize)
                #expect(
                    !MerkleTree.verifyConsistency(oldSize: oldSize, newSize: newSize, oldRoot: forgedOld, newRoot: newRoot, proof: proof))
                #expect(
                    !MerkleTree.verifyConsistency(oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: forgedOld, proof: proof))
                // (The sizes themselves are vouched for by the signed checkpoints, not by the proof: a proof can
                // also fit another pair of sizes with the same tree shape, so that is not tested here.)
                #expect(!MerkleTree.verifyConsistency(oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: []))
            }
        }
        // A shorter log never extends a longer one.
        #expect(!MerkleTree.verifyConsistency(oldSize: 5, newSize: 4, oldRoot: full.root(size: 5), newRoot: full.root(size: 4), proof: []))
        #expect(full.consistencyProof(from: 5, to: 4) == nil)
    }
}

@Suite struct CheckpointTests {
    static let seed = Array(0..<32 as Range<UInt8>)
    static let name = "example.test/screening-log"
    /// Computed independently with Python's `cryptography` (Ed25519, RFC 8032) from the same seed and text.
    static let publicKeyText = "example.test/screening-log+1406d392+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
    static let signedNote =
        "example.test/screening-log\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nTimestamp: 2026-12-02T00:00:00.000Z\n\n\u{2014} "
            + "example.test/screening-log FAbTknehjmaFH2WkxHAGO0h8IPnEqEkWIU+XSTGjNdKmlUjO+dtVKJmGDkc0ugUE8qvHCU5AxOku5mG5ecct69gjyQ8=\n"

    @Test func keysAndSignaturesMatchAnIndependentImplementation() throws {
        let signer = try CheckpointSigner(name: Self.name, seed: Self.seed)
        #expect(signer.verifier.text == Self.publicKeyText)
        #expect(signer.text == "PRIVATE+KEY+example.test/screening-log+1406d392+AQABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f")
        let checkpoint = Checkpoint(
            origin: Self.name, size: 3, rootHash: [UInt8](repeating: 0, count: 32), extensions: ["Timestamp: 2026-12-02T00:00:00.000Z"])
        // Ed25519 is deterministic: the same key and text give the same signature.
        #expect(try checkpoint.signed(by: signer) == Self.signedNote)
        let opened = try Checkpoint.open(Self.signedNote, verifier: try CheckpointVerifier(text: Self.publicKeyText))
        #expect(opened == checkpoint)
        #expect(opened.timestamp == "2026-12-02T00:00:00.000Z")
    }

    @Test func keyTextRoundTripsAndAPrivateKeyFileAlsoVerifies() throws {
        let signer = try CheckpointSigner(name: "log.example")
        #expect(try CheckpointSigner(text: signer.text).text == signer.text)
        #expect(try CheckpointVerifier(text: signer.verifier.text) == signer.verifier)
        #expect(try CheckpointVerifier(text: signer.text) == signer.verifier)
    }

    @Test func alteredCheckpointsAndOtherKeysAreRejected() throws {
        let verifier = try CheckpointVerifier(text: Self.publicKeyText)
        // A bigger size in the signed text: the signature no longer verifies.
        let altered = Self.signedNote.replacingOccurrences(of: "\n3\n", with: "\n4\n")
        #expect(
            throws: SafeguardError(
                .checkFailed,
                "the checkpoint's signature by example.test/screening-log does not verify: it was altered or signed by another key")
        ) {
            try Checkpoint.open(altered, verifier: verifier)
        }
        // Signed by another key of the same name.
        let other = try CheckpointSigner(name: Self.name)
        let forged = try Checkpoint(origin: Self.name, size: 3, rootHash: [UInt8](repeating: 0, count: 32)).signed(by: other)
        #expect(throws: SafeguardError(.checkFailed, "the checkpoint carries no signature by the key example.test/screening-log")) {
            try Checkpoint.open(forged, verifier: verifier)
        }
    }

    @Test(arguments: [
        "",
        "origin\n3\n",
        "origin\n3\nAAAA\n\n\u{2014} a AAAAAAAA\n",
        "origin\n03\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u{2014} a AAAAAAAA\n",
        "origin\n-1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u{2014} a AAAAAAAA\n",
        "origin\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n- a AAAAAAAA\n",
        "origin\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n",
    ])
    func malformedCheckpointsAreInvalidData(note: String) throws {
        let verifier = try CheckpointVerifier(text: Self.publicKeyText)
        do {
            _ = try Checkpoint.open(note, verifier: verifier)
            Issue.record("accepted a malformed checkpoint")
        } catch let error as SafeguardError {
            #expect(error.kind == .invalidData, "\(error)")
        }
    }

    @Test(arguments: ["", "has space", "a+b", "tab\there"])
    func badKeyNamesAreRefused(name: String) {
        #expect(throws: SafeguardError.self) { try CheckpointSigner(name: name) }
    }

    @Test func malformedKeyFilesAreRefused() {
        for text in [
            "", "name+00000000+AAAA", "PRIVATE+KEY+name+00000000+AAAA",
            Self.publicKeyText.replacingOccurrences(of: "1406d392", with: "00000000"),
        ] {
            #expect(throws: SafeguardError.self) { try CheckpointVerifier(text: text) }
        }
    }
}
