import Foundation
import SafeguardModel
import Testing

@Suite struct EIdTests {
    @Test(arguments: [
        ("art_7__para_1", "art_7", true),
        ("art_7", "art_7", true),
        ("art_70", "art_7", false),  // a longer number is not inside the shorter one
        ("art_7_bis", "art_7", false),
        ("art_7__para_1__point_a", "art_7__para_1", true),
        ("art_7", "art_7__para_1", false),
    ])
    func isWithinFollowsTheSeparatorNotThePrefix(_ inner: String, _ outer: String, _ expected: Bool) {
        #expect(EId(inner).isWithin(EId(outer)) == expected)
    }

    @Test func topLevelIsTheFirstComponent() {
        #expect(EId("sec_3__subsec_2__para_a").topLevel == "sec_3")
        #expect(EId("art_12").topLevel == "art_12")
        #expect(EId("").topLevel == "")
        // The byte search and Foundation's search agree, traps included: an underscore run, a trailing "__",
        // and addresses outside ASCII (which take Foundation's search).
        for id in ["art_1___para_2", "art_1__", "__art_1", "_", "a_b_c", "art_é__para_1", "art_1_\u{301}_para", "chap_I__art_2__point_a"] {
            let expected = id.range(of: "__").map { EId(id[..<$0.lowerBound]) } ?? EId(id)
            #expect(EId(id).topLevel == expected, "\(id)")
        }
    }

    @Test func appendingJoinsWithTheDoubleUnderscore() {
        #expect(EId("art_1").appending("para_2") == "art_1__para_2")
        #expect(EId("").appending("art_1") == "art_1")
    }

    @Test func encodesAsAPlainStringAndAsAPlainKey() throws {
        struct Box: Codable, Equatable {
            var id: EId
            var quotes: [EId: String]
        }
        let box = Box(id: "art_2__para_1", quotes: ["art_2": "words", "art_10": "more"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(box), as: UTF8.self)
        // A dictionary keyed by a non-String type would encode as an array of pairs without CodingKeyRepresentable.
        #expect(json == #"{"id":"art_2__para_1","quotes":{"art_10":"more","art_2":"words"}}"#)
        #expect(try JSONDecoder().decode(Box.self, from: Data(json.utf8)) == box)
    }

    @Test func ordersByTextAndJoinsAsText() {
        let list: [EId] = ["art_2", "art_10", "art_1"]
        #expect(list.sorted() == ["art_1", "art_10", "art_2"])
        #expect(list.joined(separator: ", ") == "art_2, art_10, art_1")
        let n = 4
        let interpolated: EId = "art_\(n)__para_1"
        #expect(interpolated.rawValue == "art_4__para_1")
        #expect("\(interpolated)" == "art_4__para_1")
    }
}

@Suite struct ParseWarningCodeTests {
    @Test func codesEncodeAsTheirStableIdentifiers() throws {
        let warning = ParseWarning(code: .twoColumnLayout, message: "m", line: 3)
        let json = String(decoding: try JSONEncoder().encode(warning), as: UTF8.self)
        #expect(json.contains(#""code":"two-column-layout""#))
        #expect(warning.description == "line 3: m [two-column-layout]")
    }

    @Test func everyCodeIsKebabCaseAndDocumented() throws {
        let docs = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "../../docs/json-instrument.md"), encoding: .utf8)
        for code in ParseWarning.Code.allCases {
            #expect(code.rawValue.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(code.rawValue)")
            #expect(docs.contains("| `\(code.rawValue)` |"), "docs/json-instrument.md lacks \(code.rawValue)")
        }
    }
}
