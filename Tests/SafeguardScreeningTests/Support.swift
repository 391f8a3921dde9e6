import Foundation
@testable import SafeguardScreening
import SafeguardModel

/// Shared fixtures: the shipped taxonomy and fictional profiles, and a baseline request to vary.
enum Fixtures {
    static let taxonomy: ConductTaxonomy = try! ScreeningResources.taxonomy()
    static let profiles: ProfileSet = try! ScreeningResources.profiles(taxonomy: taxonomy)

    static func engine(_ id: String) throws -> ScreeningEngine {
        try ScreeningResources.ruleSet(id).compile(taxonomy: taxonomy, profiles: profiles)
    }

    /// An engine for a rule set given inline (the YAML of the `rules:` list only).
    static func engine(rules: String, default defaultEffect: String = "needs-review") throws -> ScreeningEngine {
        let yaml = """
            schema: safeguard.ruleset/1
            id: test-rules
            version: "0"
            title: Test rules
            instrument: model-convention-rev2
            default:
              effect: \(defaultEffect)
              reason: nothing matched
              implements: {eId: art_1}
            rules:
            \(rules)
            """
        return try RuleSet.load(yaml: yaml, source: "test.yaml").compile(taxonomy: taxonomy, profiles: profiles)
    }

    /// A complete, valid request: Examplia asks Karvia for a fraud suspect's subscriber information.
    static var baseRequest: DataObject {
        [
            "id": .string("t-1"),
            "received": .string("2026-03-02"),
            "requesting": .object(["state": .string("EXAMPLIA"), "authority": .string("police")]),
            "requested": .object(["state": .string("KARVIA"), "provider": .string("p")]),
            "legal-basis": .object([
                "kind": .string("treaty"), "instrument": .string("model-convention-rev2"), "article": .string("art_40"),
            ]),
            "measure": .string("subscriber-information"),
            "offence": .object(["statute": .string("Criminal Code, art. 214"), "conduct": .string("computer-fraud")]),
            "targets": .array([
                .object(["id": .string("acct-1"), "attributes": .array([.string("suspect")]), "location": .string("KARVIA")])
            ]),
            "authorisation": .object(["issuer": .string("court"), "timing": .string("prior"), "reference": .string("R-1")]),
            "scope": .object([
                "accounts": .number(1), "from": .string("2026-01-01"), "to": .string("2026-01-31"),
                "data-categories": .array([.string("subscriber")]),
            ]),
            "urgency": .string("routine"),
            "necessity": .string("Identify the account holder."),
        ]
    }

    /// The base request with top-level fields replaced (`.null` removes a field) and nested fields set by path ("a.b").
    static func request(_ changes: [String: DataValue] = [:], engine: ScreeningEngine) throws -> Request {
        try engine.request(from: value(changes))
    }

    static func value(_ changes: [String: DataValue]) -> DataValue {
        var object = baseRequest
        for (path, newValue) in changes {
            let parts = path.split(separator: ".").map(String.init)
            if parts.count == 1 {
                if case .null = newValue { object.removeValue(forKey: path) } else { object[path] = newValue }
            } else if case .object(var inner)? = object[parts[0]] {
                if case .null = newValue { inner.removeValue(forKey: parts[1]) } else { inner[parts[1]] = newValue }
                object[parts[0]] = .object(inner)
            }
        }
        return .object(object)
    }

    static func target(_ attributes: [String], location: String? = "KARVIA") -> DataValue {
        var t: DataObject = ["id": .string("acct-x"), "attributes": .array(attributes.map { .string($0) })]
        if let location { t["location"] = .string(location) }
        return .array([.object(t)])
    }
}

extension DecisionReport {
    var ruleIDs: [String] { determiningRules.map(\.rule) }
}
