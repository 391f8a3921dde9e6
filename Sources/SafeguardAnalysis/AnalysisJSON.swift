public import SafeguardModel

/// `analyze --format json` written straight to bytes (``PrettyJSON``): the same bytes as `JSONOutput.string` of
/// the ``AnalysisDocument`` (a test checks it on every example), several times faster. Keys are listed in
/// sorted order, as `.sortedKeys` writes them; a field added to the document must be added here too.
extension AnalysisDocument {
    /// The document as JSON, ending in a newline.
    public var jsonString: String {
        var json = PrettyJSON(capacity: 64 * 1024)
        write(to: &json)
        return json.string
    }

    /// Writes the document; `extra`, when given, writes further members after the document's own (their keys
    /// must sort after `schema`, e.g. `victimsRightsCard`).
    public func write(to json: inout PrettyJSON, extra: ((inout PrettyJSON) -> Void)? = nil) {
        json.beginObject()
        json.member("findings", findings) { json, finding in finding.write(to: &json) }
        json.key("instrument")
        instrument.write(to: &json)
        json.member("lexicon", lexicon)
        json.member("links", links) { json, link in link.write(to: &json) }
        json.member("offences", offences) { json, offence in offence.write(to: &json) }
        json.member("provisions", provisions) { json, provision in provision.write(to: &json) }
        json.member("schema", schema)
        extra?(&json)
        json.endObject()
    }
}

extension AnalysisDocument.ProvisionEntry {
    func write(to json: inout PrettyJSON) {
        json.beginObject()
        json.member("category", category)
        if let categoryEvidence {
            json.member("categoryEvidence", categoryEvidence) { json, evidence in evidence.write(to: &json) }
        }
        json.member("eId", eId)
        json.member("end", end)
        if let features { json.member("features", features) }
        json.member("heading", heading)
        json.member("kind", kind)
        json.member("num", num)
        json.member("parent", parent)
        if let secondaryCategories { json.member("secondaryCategories", secondaryCategories) }
        json.member("start", start)
        json.endObject()
    }
}

extension AnalysisDocument.Evidence {
    func write(to json: inout PrettyJSON) {
        json.beginObject()
        json.member("eId", eId)
        json.member("end", end)
        json.member("pattern", pattern)
        json.member("quote", quote)
        json.member("start", start)
        json.endObject()
    }
}

extension AnalysisDocument.FindingEntry {
    func write(to json: inout PrettyJSON) {
        json.beginObject()
        json.member("eId", eId)
        json.member("end", end)
        json.member("feature", feature)
        json.member("optional", optional)
        json.member("pattern", pattern)
        json.member("quote", quote)
        json.member("start", start)
        json.member("unit", unit)
        json.endObject()
    }
}

extension AnalysisDocument.OffenceEntry {
    func write(to json: inout PrettyJSON) {
        func evidence(_ name: StaticString, _ items: [AnalysisDocument.ElementEvidence]) {
            json.member(name, items) { json, item in item.write(to: &json) }
        }
        json.beginObject()
        json.member("absent", absent)
        evidence("circumstances", circumstances)
        evidence("conduct", conduct)
        json.member("eId", eId)
        evidence("exceptions", exceptions)
        evidence("harm", harm)
        evidence("mentalElement", mentalElement)
        evidence("penalty", penalty)
        json.member("unit", unit)
        evidence("unlawfulness", unlawfulness)
        json.endObject()
    }
}

extension AnalysisDocument.ElementEvidence {
    func write(to json: inout PrettyJSON) {
        json.beginObject()
        json.member("eId", eId)
        json.member("end", end)
        json.member("feature", feature)
        json.member("optional", optional)
        json.member("pattern", pattern)
        json.member("quote", quote)
        json.member("start", start)
        json.endObject()
    }
}

extension AnalysisDocument.LinkEntry {
    func write(to json: inout PrettyJSON) {
        json.beginObject()
        json.member("end", end)
        json.member("from", from)
        json.member("kind", kind)
        json.member("quote", quote)
        json.member("start", start)
        json.member("to", to)
        json.endObject()
    }
}
