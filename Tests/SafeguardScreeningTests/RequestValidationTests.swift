import Foundation
import SafeguardModel
@testable import SafeguardScreening
import SafeguardTestSupport
import Testing

@Suite struct RequestValidationTests {
    let engine = try! Fixtures.engine("recommended-safeguards")

    /// The error message of a request that must fail, or nil if it (wrongly) passed.
    func failure(_ changes: [String: DataValue]) -> SafeguardError? {
        do {
            _ = try Fixtures.request(changes, engine: engine)
            return nil
        } catch let error as SafeguardError {
            return error
        } catch {
            return nil
        }
    }

    @Test func baseRequestIsValid() throws {
        let request = try Fixtures.request(engine: engine)
        #expect(request.measure == .subscriberInformation)
        #expect(request.dateRangeDays == 31)
    }

    @Test(arguments: [
        ("id", "id: missing required field"),
        ("received", "received: missing required field"),
        ("requesting.state", "requesting.state: missing required field"),
        ("requesting.authority", "requesting.authority: missing required field"),
        ("requested", "requested: missing required field"),
        ("measure", "measure: missing required field"),
        ("offence.conduct", "offence.conduct: missing required field"),
        ("offence.statute", "offence.statute: missing required field"),
        ("targets", "targets: missing required field"),
    ])
    func missingRequiredFieldIsNamed(field: String, message: String) {
        let error = failure([field: .null])
        #expect(error?.kind == .invalidData)
        #expect(error?.exitCode == 65)
        #expect(error?.message == message)
    }

    @Test func unknownValuesNameTheirPath() {
        #expect(failure(["measure": .string("wiretap")])?.message.hasPrefix("measure: unknown value \"wiretap\"") == true)
        #expect(
            failure(["offence.conduct": .string("hooliganism")])?.message.hasPrefix("offence.conduct: unknown conduct \"hooliganism\"")
                == true)
        let attributes = failure([
            "targets": .array([.object(["id": .string("a"), "attributes": .array([.string("suspect"), .string("jurnalist")])])])
        ])
        #expect(attributes?.message.hasPrefix("targets[0].attributes[1]: unknown target attribute \"jurnalist\"") == true)
        #expect(
            failure(["scope.data-categories": .array([.string("content"), .string("dna")])])?.message.hasPrefix("scope.data-categories[1]")
                == true)
    }

    @Test func misspeltFieldIsNotIgnored() {
        // "authorization" (US spelling) is not a field: ignoring it would drop the authorisation silently.
        let error = failure(["authorization": .object(["issuer": .string("court")])])
        #expect(error?.message.hasPrefix("authorization: unknown field") == true)
        #expect(failure(["scope.until": .string("2026-01-01")])?.message.hasPrefix("scope.until: unknown field") == true)
    }

    @Test func wrongTypesAreNamed() {
        #expect(failure(["targets": .string("acct-1")])?.message == "targets: expected a list, found string")
        #expect(failure(["scope.accounts": .string("many")])?.message == "scope.accounts: expected a whole number, found string")
        #expect(failure(["scope.accounts": .number(1.5)])?.message == "scope.accounts: expected a whole number, found number")
        #expect(failure(["requesting": .string("NORLAND")])?.message == "requesting: expected a mapping, found string")
    }

    @Test func inconsistentValuesAreRejectedNotGuessed() {
        #expect(failure(["received": .string("2026-02-30")])?.message.hasPrefix("received: expected a date") == true)
        #expect(
            failure(["scope.from": .string("2026-02-01"), "scope.to": .string("2026-01-01")])?.message == "scope.to: is before scope.from")
        #expect(failure(["scope.to": .null])?.message.hasPrefix("scope.to: missing") == true)
        #expect(
            failure(["authorisation.issuer": .string("police"), "authorisation.judicial": .bool(true)])?.message
                == "authorisation.judicial: is true but the issuer is police")
        #expect(failure(["legal-basis.instrument": .null])?.message.hasPrefix("legal-basis.instrument: missing") == true)
        #expect(failure(["targets": .array([])])?.message == "targets: at least one target is required")
    }

    @Test func realIdentifiersAreRefused() {
        let error = failure(["targets": .array([.object(["id": .string("jane@example.org")])])])
        #expect(error?.message.hasPrefix("targets[0].id: looks like a real identifier") == true)
    }

    @Test func optionalFieldsMayBeAbsent() throws {
        let request = try Fixtures.request(
            ["legal-basis": .null, "authorisation": .null, "scope": .null, "urgency": .null, "necessity": .null], engine: engine)
        #expect(request.legalBasis == nil)
        #expect(request.authorisation == nil)
        #expect(request.dateRangeDays == nil)
    }

    @Test func yamlAndJSONOfTheSameRequestHaveTheSameDigest() throws {
        let yaml = """
            id: r-9
            received: 2026-03-02
            requesting: {state: NORLAND, authority: court}
            requested: {state: EXAMPLIA}
            measure: traffic-data
            offence: {statute: "Penal Code, s. 301", conduct: unauthorised-access}
            targets: [{id: acct-9}]
            """
        let json =
            #"{"id":"r-9","received":"2026-03-02","requesting":{"state":"NORLAND","authority":"court"},"requested":{"state":"EXAMPLIA"},"#
                + #""measure":"traffic-data","offence":{"statute":"Penal Code, s. 301","conduct":"unauthorised-access"},"#
                + #""targets":[{"id":"acct-9"}]}"#
        let a = try engine.request(from: try DataValue.parseYAML(yaml))
        let b = try engine.request(from: try DataValue.parseJSON(json))
        #expect(a == b)
        #expect(a.digest == b.digest)
        let c = try engine.request(from: try DataValue.parseJSON(json.replacingOccurrences(of: "traffic-data", with: "stored-content")))
        #expect(c.digest != a.digest)
    }

    @Test func shippedExampleWithMissingFieldFails() throws {
        let url = RepositoryPaths.examples.appendingPathComponent("requests/missing-field.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(throws: SafeguardError(.invalidData, "offence.conduct: missing required field", file: "missing-field.yaml")) {
            try engine.request(from: try DataValue.parseYAML(text), source: "missing-field.yaml")
        }
    }
}
