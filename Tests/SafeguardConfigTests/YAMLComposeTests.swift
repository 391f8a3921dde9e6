import SafeguardConfig
import SafeguardModel
import Testing
import Yams

/// ``YAMLCompose`` gives every scalar the tag Yams' default resolver gives it, and the same values.
@Suite struct YAMLComposeTests {
    static let scalars = [
        "yes", "No", "TRUE", "off", "On", "y", "", "~", "null", "NULL", "nil", "0", "1", "-3", "+12", "1_000", "0x1F", "0o17", "017",
        "0b101", "12:30", "1.5", "-.5", "1e3", "2.5E-3", ".inf", "-.Inf", ".NaN", "2024-01-02", "2024-01-02T10:20:30Z",
        "2024-1-2 3:04:05 +01:00", "<<", "=", "abc", "a b", "safeguard.necessity", "Article 1", "feature#id", "deadbeef",
        "1.2.3", "e", "E", "-", "1-2", "12:30:61", "00", "07", "08", "0089", "0777", "10", "123", "9", "4096",
        "99999999999999999999999", "1_", "0_", "٣", "date", "fade", "a", "in", "to", "add", "e-e", "._", "-._", "+.INF",
        "-.inf", ".nan", ".NaN", "..", "-", "+", "<", "<<<", "==", "Z", "T", "t", "x", "0x", "b", "o", ":", "::",
        "en-2026.12.2", "1.0.0", "2021-2024", "2013-2014", "2024-01", "2024-01-", "2024-1-2", "2024-1-2t1:02:03",
        "2024-01-02 10:20:30.5 -05", "1e-3", "1E-3", "2.5e-10", "12-5", "-12", "+1-2", "1..2", "0.0.0.0", "1.2e3.4",
        "2024-123-4", "202-01-02", "-2024-01-02", "1_000.5", "12:30.5", "1:2:3.4.5", "0x1.5", "20240-1-2",
    ]

    @Test(arguments: scalars)
    func aPlainScalarGetsTheDefaultResolversTag(_ text: String) {
        let expected = Resolver.default.resolveTag(of: Node.scalar(Node.Scalar(text, Tag(.implicit), .plain)))
        #expect(YAMLCompose.tagName(plain: text, tag: "") == expected)
    }

    @Test func valuesReadAsYamsReadsThem() throws {
        let yaml = """
            id: a
            flag: yes
            quoted: "yes"
            count: 12
            ratio: 0.5
            empty:
            list: [on, "off", 3, x]
            nested:
              - {key: true, other: ~}
            """
        let fast = try #require(try YAMLCompose.compose(yaml: yaml))
        let slow = try #require(try Yams.compose(yaml: yaml))
        for key in ["id", "flag", "quoted", "count", "ratio", "empty"] {
            #expect(fast[key]?.string == slow[key]?.string)
            #expect(fast[key]?.bool == slow[key]?.bool)
            #expect(fast[key]?.int == slow[key]?.int)
            #expect(fast[key]?.float == slow[key]?.float)
            #expect((fast[key]?.null == nil) == (slow[key]?.null == nil))
        }
        #expect(fast["list"]?.array().map(\.bool) == slow["list"]?.array().map(\.bool))
        #expect(fast["nested"]?.array().first?["key"]?.bool == true)
        #expect(fast["flag"]?.bool == true && fast["quoted"]?.bool == nil)
    }

    @Test func duplicateKeysAndBadYAMLFailAsBefore() {
        #expect(throws: YamlError.self) { try YAMLCompose.compose(yaml: "a: 1\na: 2\n") }
        #expect(throws: YamlError.self) { try YAMLCompose.compose(yaml: "a: [1, 2\n") }
    }

    @Test func anAliasBombIsRefusedWithTheFileNotExpanded() throws {
        // Ten levels of ten aliases each: 10^10 values if walked as a tree.
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let error = try #require(throws: SafeguardError.self) { try YAMLDocument(text: yaml, file: "bomb.yaml") }
        #expect(error.kind == .invalidConfiguration)
        #expect(error.file == "bomb.yaml")
        #expect(error.message.contains("more than \(YAMLCompose.maximumNodes) values"))
    }
}
