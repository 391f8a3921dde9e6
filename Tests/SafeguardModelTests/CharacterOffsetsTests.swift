import SafeguardModel
import Testing

@Suite struct CharacterOffsetsTests {
    @Test func asciiOffsetsAreIdentity() {
        let offsets = CharacterOffsets("Article 7 Illegal access")
        #expect(offsets.characterOffset(ofByte: 0) == 0)
        #expect(offsets.characterOffset(ofByte: 10) == 10)
    }

    @Test func multiByteScalarsCountOnce() {
        // "–" (en dash) is 3 bytes, "é" is 2 bytes.
        let text = "Article 2 – Accès illégal"
        let offsets = CharacterOffsets(text)
        let byteOfA = Array(text.utf8).firstIndex(of: UInt8(ascii: "A"))!
        #expect(offsets.characterOffset(ofByte: byteOfA) == 0)
        // "Accès" starts after "Article 2 – " which is 12 characters and 14 bytes.
        let bytes = Array(text.utf8)
        let accStart = 14
        #expect(bytes[accStart] == UInt8(ascii: "A"))
        #expect(offsets.characterOffset(ofByte: accStart) == 12)
        let chars = Array(text.unicodeScalars)
        let range = offsets.characterRange(of: TextSpan(start: accStart, end: bytes.count))
        #expect(String(String.UnicodeScalarView(chars[range])) == "Accès illégal")
    }

    @Test func offsetInsideScalarClampsToItsStart() {
        let offsets = CharacterOffsets("a–b")  // a(1) –(3) b(1)
        #expect(offsets.characterOffset(ofByte: 2) == 1)
        #expect(offsets.characterOffset(ofByte: 4) == 2)
    }
}

@Suite struct SafeguardErrorTests {
    @Test func exitCodesFollowSysexits() {
        #expect(SafeguardError(.emptyInput, "x").exitCode == 65)
        #expect(SafeguardError(.inputNotFound, "x").exitCode == 66)
        #expect(SafeguardError(.toolUnavailable, "x").exitCode == 69)
        #expect(SafeguardError(.invalidConfiguration, "x").exitCode == 78)
        #expect(SafeguardError(.checkFailed, "x").exitCode == 1)
    }

    @Test func descriptionNamesFileAndLine() {
        let error = SafeguardError(.invalidConfiguration, "unknown key 'foo'", file: "f.yaml", line: 3)
        #expect(error.description == "f.yaml:3: unknown key 'foo'")
    }
}
