import Crypto
@testable import SafeguardScreening
import Testing

/// SHA-256 now comes from swift-crypto; these FIPS 180-4 / NIST vectors (which the hand-written implementation
/// it replaced was tested with) are the contract every digest in Safeguard relies on.
@Suite struct SHA256ContractTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func nistVectors(input: String, expected: String) {
        #expect(Digests.sha256Hex(Array(input.utf8)) == expected)
    }

    @Test func oneMillionA() {
        #expect(
            Digests.sha256Hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Padding boundaries: 55 bytes fit one block with the length, 56 do not; 64 and 65 cross a block.
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
    ])
    func paddingBoundaries(length: Int, expected: String) {
        #expect(Digests.sha256Hex([UInt8](repeating: UInt8(ascii: "a"), count: length)) == expected)
    }

    @Test func incrementalUpdatesEqualOneShot() {
        let message = Array("The quick brown fox jumps over the lazy dog, again and again and again.".utf8)
        var hasher = Crypto.SHA256()
        hasher.update(data: message[0..<10])
        hasher.update(data: message[10..<70])
        hasher.update(data: message[70...])
        #expect(Digests.hex(hasher.finalize()) == Digests.sha256Hex(message))
    }

    @Test func hexRoundTripsAndRejectsNonHex() {
        let bytes: [UInt8] = [0, 1, 0xab, 0xff]
        #expect(Digests.hex(bytes) == "0001abff")
        #expect(Digests.bytes(hex: "0001ABff") == bytes)
        #expect(Digests.bytes(hex: "0g") == nil)
        #expect(Digests.bytes(hex: "abc") == nil)
    }
}
