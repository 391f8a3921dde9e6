import Crypto
public import Foundation

/// SHA-256 helpers over swift-crypto (the hand-written implementation this replaced is kept only as its NIST
/// vectors, in the tests, as a contract for this one).
public enum Digests {
    /// SHA-256 of `bytes`.
    @inline(__always)
    public static func sha256(_ bytes: some DataProtocol) -> [UInt8] {
        Array(Crypto.SHA256.hash(data: bytes))
    }

    /// SHA-256 of `bytes` as 64 lowercase hex digits (the form request, rule-set and chain digests take).
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        hex(Crypto.SHA256.hash(data: bytes))
    }

    /// Lowercase hex of any byte sequence.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits: StaticString = "0123456789abcdef"
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits.utf8Start[Int(b >> 4)])
            out.append(digits.utf8Start[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Bytes from lowercase or uppercase hex; nil when the text is not hex of whole bytes.
    public static func bytes(hex text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}

/// The Merkle tree hashing of RFC 9162 (Certificate Transparency 2.0), section 2.1.
///
/// Leaves are hashed as `SHA-256(0x00 || data)` and interior nodes as `SHA-256(0x01 || left || right)`, so a
/// leaf can never be passed off as a node. The tree over `n` leaves splits at the largest power of two below
/// `n`. Proof generation and verification follow the RFC's algorithms step by step (2.1.3 and 2.1.4); the
/// verifiers need nothing but hashes, so a third party can run them without the log.
public struct MerkleTree: Sendable {
    public typealias Hash = [UInt8]

    /// The leaf hashes, in log order.
    public private(set) var leaves: [Hash]

    public init(leafHashes: [Hash]) { self.leaves = leafHashes }

    public var size: Int { leaves.count }

    /// `SHA-256(0x00 || data)`.
    public static func leafHash(_ data: [UInt8]) -> Hash {
        var hasher = Crypto.SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: data)
        return Array(hasher.finalize())
    }

    /// `SHA-256(0x01 || left || right)`.
    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var hasher = Crypto.SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The hash of the empty tree: SHA-256 of no bytes.
    public static let emptyRoot: Hash = Array(Crypto.SHA256.hash(data: [UInt8]()))

    /// The largest power of two strictly below `n` (n ≥ 2).
    @inline(__always) static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// MTH(D[range]): the root of the subtree over the leaves in `range`.
    func subtreeHash(_ range: Range<Int>) -> Hash {
        switch range.count {
        case 0: return Self.emptyRoot
        case 1: return leaves[range.lowerBound]
        default:
            let k = Self.split(range.count)
            let mid = range.lowerBound + k
            return Self.nodeHash(subtreeHash(range.lowerBound..<mid), subtreeHash(mid..<range.upperBound))
        }
    }

    /// The root hash of the tree of the first `size` leaves (default: all).
    public func root(size: Int? = nil) -> Hash {
        subtreeHash(0..<min(size ?? leaves.count, leaves.count))
    }

    /// PATH(m, D[n]): the audit path of leaf `index` (0-based) in the tree of the first `size` leaves.
    public func inclusionProof(index: Int, size: Int) -> [Hash]? {
        guard size <= leaves.count, index >= 0, index < size else { return nil }
        var proof: [Hash] = []
        func path(_ m: Int, _ range: Range<Int>) {
            guard range.count > 1 else { return }
            let k = Self.split(range.count)
            let mid = range.lowerBound + k
            if m < k {
                path(m, range.lowerBound..<mid)
                proof.append(subtreeHash(mid..<range.upperBound))
            } else {
                path(m - k, mid..<range.upperBound)
                proof.append(subtreeHash(range.lowerBound..<mid))
            }
        }
        path(index, 0..<size)
        return proof
    }

    /// PROOF(m, D[n]): the consistency proof between the trees of the first `oldSize` and `newSize` leaves.
    /// Empty when `oldSize` is 0 or equal to `newSize` (nothing to prove).
    public func consistencyProof(from oldSize: Int, to newSize: Int) -> [Hash]? {
        guard oldSize >= 0, oldSize <= newSize, newSize <= leaves.count else { return nil }
        guard oldSize > 0, oldSize < newSize else { return [] }
        var proof: [Hash] = []
        func subproof(_ m: Int, _ range: Range<Int>, _ complete: Bool) {
            let n = range.count
            if m == n {
                if !complete { proof.append(subtreeHash(range)) }
                return
            }
            let k = Self.split(n)
            let mid = range.lowerBound + k
            if m <= k {
                subproof(m, range.lowerBound..<mid, complete)
                proof.append(subtreeHash(mid..<range.upperBound))
            } else {
                subproof(m - k, mid..<range.upperBound, false)
                proof.append(subtreeHash(range.lowerBound..<mid))
            }
        }
        subproof(oldSize, 0..<newSize, true)
        return proof
    }

    /// RFC 9162 2.1.3.2: does `proof` show the leaf with `leafHash` at `index` in a tree of `size` with `root`?
    public static func verifyInclusion(leafHash: Hash, index: Int, size: Int, proof: [Hash], root: Hash) -> Bool {
        guard index >= 0, index < size else { return false }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// RFC 9162 2.1.4.2: does `proof` show that the tree of `newSize` with `newRoot` extends the tree of
    /// `oldSize` with `oldRoot` (its first `oldSize` leaves unchanged)?
    public static func verifyConsistency(oldSize: Int, newSize: Int, oldRoot: Hash, newRoot: Hash, proof: [Hash]) -> Bool {
        guard oldSize >= 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty }  // every tree extends the empty one
        guard !proof.isEmpty else { return false }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }  // old tree is a complete subtree
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }
}
