import Foundation
import SafeguardModel
import Testing
@testable import SafeguardComparison

/// Alignment of the two example revisions, read with a small test reader (independent of the parser).
@Suite struct ExampleAlignmentTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples")

    @Test func exampleRevisionsAlignAsTheExpectedFileSays() throws {
        let old = try RoughParser.parse(Self.examples.appendingPathComponent("model-convention-rev1.txt"))
        let new = try RoughParser.parse(Self.examples.appendingPathComponent("model-convention-rev2.txt"))
        #expect(old.unitIndices.count == 54)
        #expect(new.unitIndices.count == 56)
        let alignment = Aligner().align(old, new)
        var listed: [String: (new: [String], status: AlignmentStatus)] = [:]
        for pair in alignment.pairs {
            listed[pair.oldEIds.joined(separator: "+").isEmpty ? "+" + pair.newEIds.joined() : pair.oldEIds.joined(separator: "+")] = (pair.newEIds, pair.status)
        }
        let expected: [(String, [String], AlignmentStatus)] = [
            ("art_2", ["art_2"], .modified), ("art_3", ["art_3"], .modified), ("art_9", ["art_9"], .modified),
            ("art_11", ["art_11"], .modified), ("+art_16", ["art_16"], .added), ("art_16", ["art_17"], .renumbered),
            ("+art_18", ["art_18"], .added), ("art_17", ["art_19"], .renumbered), ("art_20", ["art_22"], .renumbered),
            ("art_21", ["art_23"], .modified), ("art_22", ["art_24"], .modified), ("art_23", ["art_25"], .renumbered),
            ("art_25", ["art_27"], .modified), ("art_26", ["art_28"], .modified), ("art_27", ["art_29"], .renumbered),
            ("art_28", ["art_30"], .modified), ("art_29", ["art_31", "art_31_bis"], .split),
            ("art_30", ["art_32"], .moved), ("art_31", ["art_33"], .moved), ("art_32", ["art_34"], .modified),
            ("art_35", ["art_37"], .modified), ("art_37", ["art_39"], .renumbered), ("art_40", ["art_42"], .renumbered),
            ("art_43+art_44", ["art_45"], .merged), ("art_54", ["art_55"], .renumbered),
        ]
        for (old, new, status) in expected {
            let got = listed[old]
            #expect(got?.new == new && got?.status == status, "\(old): expected \(new) \(status), got \(String(describing: got))")
        }
        #expect(!alignment.pairs.contains { $0.status == .removed })
        #expect(alignment.pairs.filter { $0.status == .added }.count == 2)
        let renamed = alignment.pairs.first { $0.oldEIds == ["art_40"] }
        #expect(renamed?.retitled == true)
    }
}
