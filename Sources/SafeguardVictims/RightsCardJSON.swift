public import SafeguardModel

/// The rights card written straight to bytes (``PrettyJSON``), the same bytes `JSONOutput` writes for the
/// ``RightsCardDocument`` (a test checks it). Keys in sorted order; a field added to the document must be added
/// here too.
extension RightsCardDocument {
    public func write(to json: inout PrettyJSON) {
        json.beginObject()
        json.member("instrument", instrument)
        json.member("rights", rights) { json, right in right.write(to: &json) }
        json.member("source", source)
        json.member("vocabulary", vocabulary)
        json.endObject()
    }
}

extension RightsCardDocument.Right {
    func write(to json: inout PrettyJSON) {
        json.beginObject()
        json.member("conditions", conditions)
        json.member("grants", grants) { json, grant in grant.write(to: &json) }
        json.member("id", id)
        json.member("status", status.rawValue)
        json.member("title", title)
        json.endObject()
    }
}

extension RightsCardDocument.GrantEntry {
    func write(to json: inout PrettyJSON) {
        json.beginObject()
        json.member("basis", basis)
        json.member("conditions", conditions) { json, condition in condition.write(to: &json) }
        json.member("eId", eId)
        json.member("end", end)
        json.member("quote", quote)
        json.member("start", start)
        json.member("status", status.rawValue)
        json.member("unit", unit)
        json.endObject()
    }
}

extension RightsCardDocument.Condition {
    func write(to json: inout PrettyJSON) {
        json.beginObject()
        json.member("eId", eId)
        json.member("end", end)
        json.member("id", id)
        json.member("quote", quote)
        json.member("start", start)
        json.member("title", title)
        json.endObject()
    }
}
