import Foundation
import SafeguardModel
import Testing

/// ``PrettyJSON`` writes what `JSONOutput` (JSONEncoder, pretty, sorted keys) writes.
@Suite struct PrettyJSONTests {
    struct Inner: Encodable {
        var empty: [Int] = []
        var n = -42
    }

    struct Sample: Encodable {
        var absent: String? = nil
        var emptyList: [String] = []
        var flag = false
        var inner = Inner()
        var list = [Inner(), Inner(empty: [1, 0], n: 9_223_372_036_854_775_807)]
        var metadata = InstrumentMetadata(title: "Act \"No. 1\"/2024", kind: .nationalLaw, source: "a/b.txt")
        var text = "tab\tquote\"back\\slash/ctl\u{1}\u{1f}del\u{7f}é€😀\n\r\u{8}\u{c}"
    }

    @Test func writesWhatJSONEncoderWrites() throws {
        let sample = Sample()
        var json = PrettyJSON()
        json.beginObject()
        json.member("absent", sample.absent)
        json.member("emptyList", sample.emptyList)
        json.member("flag", sample.flag)
        json.key("inner")
        Self.write(sample.inner, to: &json)
        json.member("list", sample.list) { json, inner in Self.write(inner, to: &json) }
        json.key("metadata")
        sample.metadata.write(to: &json)
        json.member("text", sample.text)
        json.endObject()
        #expect(json.string == (try JSONOutput.string(sample)))
    }

    @Test func documentsAreOneObjectOrAnArray() throws {
        let items = [Inner(), Inner(empty: [3], n: 1), Inner(empty: [], n: 0)]
        for count in [0, 1, 3] {
            let written = PrettyJSON.documents(count: count) { i, json in Self.write(items[i], to: &json) }
            let expected = count == 1 ? try JSONOutput.string(items[0]) : try JSONOutput.string(Array(items.prefix(count)))
            #expect(written == expected)
        }
    }

    static func write(_ inner: Inner, to json: inout PrettyJSON) {
        json.beginObject()
        json.key("empty")
        json.array(inner.empty) { json, n in json.int(n) }
        json.member("n", inner.n)
        json.endObject()
    }
}
