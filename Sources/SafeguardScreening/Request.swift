import Foundation
import SafeguardModel

/// One cross-border data request, validated and ready to screen.
///
/// Schema `safeguard.request/1` (YAML or JSON; see docs/screening.md). Build it with
/// ``ScreeningEngine/request(from:source:line:)`` so its states and conduct are resolved against the
/// engine's taxonomy and profiles; the resolved small-integer ids let ``ScreeningEngine/decide(_:)``
/// run without allocating.
public struct Request: Sendable, Hashable {
    /// A person or account the request concerns, identified pseudonymously.
    public struct Target: Sendable, Hashable, Codable {
        public var id: String
        public var attributes: [String]
        public var location: String?
        public var nationality: String?
    }

    /// The domestic authorisation behind the request.
    public struct Authorisation: Sendable, Hashable, Codable {
        public var issuer: AuthorisationIssuer
        public var judicial: Bool
        public var timing: AuthorisationTiming?
        public var reference: String?
    }

    public var id: String
    public var received: Day
    public var requestingState: String
    public var requestingAuthority: Authority
    public var requestedState: String
    public var provider: String?
    /// nil when the request does not say (which is not the same as `none`).
    public var legalBasis: LegalBasisKind?
    public var legalBasisInstrument: String?
    public var legalBasisArticle: String?
    public var measure: Measure
    public var offenceStatute: String
    public var conduct: String
    public var targets: [Target]
    public var authorisation: Authorisation?
    public var scopeAccounts: Int?
    public var scopeFrom: Day?
    public var scopeTo: Day?
    public var dataCategories: [DataCategory]
    public var urgency: Urgency?
    public var necessity: String?

    // Resolved ids for the hot path.
    var conductIndex: Int8
    var requestingIndex: Int16
    var requestedIndex: Int16
    var attributeMask: UInt64
    var dataCategoryMask: UInt8
    var presence: UInt16
    var measureBit: UInt16
    var authorityBit: UInt8
    /// 0 when absent.
    var urgencyBit: UInt8
    /// 0 when absent.
    var legalBasisBit: UInt8
    /// Bit 0: a judicial authorisation; bit 1: given before the measure.
    var authorisationFlags: UInt8
    /// Inclusive days of the date range; -1 when absent.
    var rangeDays: Int32
    /// -1 when absent.
    var accounts: Int32

    /// Days covered by the scope's date range (inclusive), when both ends are given.
    public var dateRangeDays: Int? {
        guard let from = scopeFrom, let to = scopeTo else { return nil }
        return Int(to.daysSinceEpoch - from.daysSinceEpoch) + 1
    }

    /// A canonical, format-independent text of the request: the input of its audit digest.
    ///
    /// `safeguard.request/1`, then every field's value in a fixed order (see docs/screening.md), each ended by
    /// U+001E; an absent value is U+0000; targets are preceded by their count. Backslash, U+0000, U+001E and
    /// newline inside values are escaped with a backslash, so no two requests share a canonical text.
    public var canonicalText: String { String(decoding: canonicalBytes, as: UTF8.self) }

    var canonicalBytes: [UInt8] {
        var w = CanonicalWriter()
        w.field(id)
        w.field(received)
        w.field(requestingState)
        w.field(requestingAuthority.rawValue)
        w.field(requestedState)
        w.field(provider)
        w.field(legalBasis?.rawValue)
        w.field(legalBasisInstrument)
        w.field(legalBasisArticle)
        w.field(measure.rawValue)
        w.field(offenceStatute)
        w.field(conduct)
        w.field(targets.count)
        for t in targets {
            w.field(t.id)
            w.field(t.attributes)
            w.field(t.location)
            w.field(t.nationality)
        }
        w.field(authorisation?.issuer.rawValue)
        w.field(authorisation.map { $0.judicial ? "true" : "false" })
        w.field(authorisation?.timing?.rawValue)
        w.field(authorisation?.reference)
        w.field(scopeAccounts)
        w.field(scopeFrom)
        w.field(scopeTo)
        w.field(dataCategories.map(\.rawValue))
        w.field(urgency?.rawValue)
        w.field(necessity)
        return w.out
    }

    /// SHA-256 of ``canonicalText``, lowercase hex.
    public var digest: String { Digests.sha256Hex(canonicalBytes) }
}

/// Optional request fields a rule can test for absence (`missing: [...]`).
public enum RequestField: String, Sendable, CaseIterable, Codable {
    case legalBasis = "legal-basis"
    case legalBasisArticle = "legal-basis.article"
    case provider = "requested.provider"
    case authorisation
    case authorisationTiming = "authorisation.timing"
    case authorisationReference = "authorisation.reference"
    case scopeAccounts = "scope.accounts"
    case scopeDateRange = "scope.date-range"
    case scopeDataCategories = "scope.data-categories"
    case urgency
    case necessity
    case targetLocation = "targets[].location"

    var bit: UInt16 { 1 << UInt16(Self.allCases.firstIndex(of: self)!) }
}

/// Reads requests against one taxonomy and profile set, rejecting anything it would otherwise have to guess.
struct RequestReader: Sendable {
    let taxonomy: ConductTaxonomy
    let profiles: ProfileSet
    /// Most targets one request may name (``ScreeningEngine/maxTargets``; `screen --max-targets`).
    var maxTargets = ScreeningEngine.defaultMaxTargets

    static let requestingKeys = ["state", "authority"]
    static let requestedKeys = ["state", "provider"]
    static let legalBasisKeys = ["kind", "instrument", "article"]
    static let offenceKeys = ["statute", "conduct"]
    static let targetKeys = ["id", "attributes", "location", "nationality"]
    static let authorisationKeys = ["issuer", "judicial", "timing", "reference"]
    static let scopeKeys = ["accounts", "from", "to", "data-categories"]
    static let topLevelKeys = [
        "schema", "id", "received", "requesting", "requested", "legal-basis", "measure", "offence", "targets", "authorisation", "scope",
        "urgency", "necessity",
    ]

    func read(_ value: DataValue, source: String?, line: Int?) throws -> Request {
        let r = try FieldReader(value, path: "", source: source, line: line)
        try r.rejectUnknownKeys(Self.topLevelKeys)
        if let schema = try r.string("schema"), schema != "safeguard.request/1" {
            throw r.error("schema", "expected safeguard.request/1, found \(schema)")
        }
        var presence: UInt16 = 0
        let id = try r.requiredString("id")
        let receivedText = try r.requiredString("received")
        guard let received = Day(iso: receivedText) else {
            throw r.error("received", "expected a date YYYY-MM-DD, found \"\(receivedText)\"")
        }

        guard let requesting = try r.child("requesting") else { throw r.error("requesting", "missing required field") }
        try requesting.rejectUnknownKeys(Self.requestingKeys)
        let requestingState = try requesting.requiredString("state")
        let authority: Authority = try enumValue(requesting, "authority", required: true)!

        guard let requested = try r.child("requested") else { throw r.error("requested", "missing required field") }
        try requested.rejectUnknownKeys(Self.requestedKeys)
        let requestedState = try requested.requiredString("state")
        let provider = try requested.string("provider")
        if provider != nil { presence |= RequestField.provider.bit }

        let (legalBasis, instrument, article) = try readLegalBasis(r, presence: &presence)

        let measure: Measure = try enumValue(r, "measure", required: true)!

        guard let offence = try r.child("offence") else { throw r.error("offence", "missing required field") }
        try offence.rejectUnknownKeys(Self.offenceKeys)
        let statute = try offence.requiredString("statute")
        let conduct = try offence.requiredString("conduct")
        guard let conductIndex = taxonomy.conductIndex[conduct] else {
            throw offence.error("conduct", "unknown conduct \"\(conduct)\" (known: \(taxonomy.conducts.map(\.id).joined(separator: ", ")))")
        }

        let (targets, attributeMask) = try readTargets(r, source: source, line: line, presence: &presence)

        let authorisation = try readAuthorisation(r, presence: &presence)

        let scope = try readScope(r, source: source, line: line, presence: &presence)
        let urgency: Urgency? = try enumValue(r, "urgency", required: false)
        if urgency != nil { presence |= RequestField.urgency.bit }
        let necessity = try r.string("necessity")
        if necessity != nil { presence |= RequestField.necessity.bit }

        return Request(
            id: id, received: received,
            requestingState: requestingState, requestingAuthority: authority,
            requestedState: requestedState, provider: provider,
            legalBasis: legalBasis, legalBasisInstrument: instrument, legalBasisArticle: article,
            measure: measure, offenceStatute: statute, conduct: conduct, targets: targets,
            authorisation: authorisation, scopeAccounts: scope.accounts, scopeFrom: scope.from, scopeTo: scope.to,
            dataCategories: scope.categories, urgency: urgency, necessity: necessity,
            conductIndex: Int8(conductIndex),
            requestingIndex: profiles.stateIndex(requestingState),
            requestedIndex: profiles.stateIndex(requestedState),
            attributeMask: attributeMask, dataCategoryMask: scope.categoryMask, presence: presence,
            measureBit: measure.bit, authorityBit: authority.bit, urgencyBit: urgency?.bit ?? 0,
            legalBasisBit: legalBasis?.bit ?? 0,
            authorisationFlags: (authorisation?.judicial == true ? 1 : 0) | (authorisation?.timing == .prior ? 2 : 0),
            rangeDays: scope.from.flatMap { f in scope.to.map { Int32($0.daysSinceEpoch - f.daysSinceEpoch + 1) } } ?? -1,
            accounts: scope.accounts.map { Int32(clamping: $0) } ?? -1
        )
    }

    // MARK: The parts of a request, read in the order of the schema (so the first error met stays the same)

    private func readLegalBasis(
        _ r: FieldReader, presence: inout UInt16
    ) throws -> (kind: LegalBasisKind?, instrument: String?, article: String?) {
        var legalBasis: LegalBasisKind?
        var instrument: String?
        var article: String?
        if let lb = try r.child("legal-basis") {
            try lb.rejectUnknownKeys(Self.legalBasisKeys)
            legalBasis = try enumValue(lb, "kind", required: true)
            instrument = try lb.string("instrument")
            article = try lb.string("article")
            if (legalBasis == .treaty || legalBasis == .bilateral), instrument == nil {
                throw lb.error("instrument", "missing: a \(legalBasis!.rawValue) legal basis must name the instrument")
            }
            if legalBasis == LegalBasisKind.none, instrument != nil || article != nil {
                throw lb.error("kind", "is none but an instrument or article is given")
            }
            presence |= RequestField.legalBasis.bit
            if article != nil { presence |= RequestField.legalBasisArticle.bit }
        }

        return (legalBasis, instrument, article)
    }

    private func readTargets(
        _ r: FieldReader, source: String?, line: Int?, presence: inout UInt16
    ) throws -> (targets: [Request.Target], attributeMask: UInt64) {
        guard let targetValues = try r.list("targets") else { throw r.error("targets", "missing required field") }
        guard !targetValues.isEmpty else { throw r.error("targets", "at least one target is required") }
        // A bulk request is refused before any work on its targets (a hostile one names a million).
        guard targetValues.count <= maxTargets else {
            throw r.error("targets", "\(targetValues.count) targets, over the limit of \(maxTargets) per request (--max-targets)")
        }
        var targets: [Request.Target] = []
        targets.reserveCapacity(targetValues.count)
        var attributeMask: UInt64 = 0
        var allLocated = true
        for (i, item) in targetValues.enumerated() {
            let t = try FieldReader(item, path: "targets[\(i)]", source: source, line: line)
            try t.rejectUnknownKeys(Self.targetKeys)
            let targetID = try t.requiredString("id")
            if targetID.utf8.contains(UInt8(ascii: "@")) || targetID.utf8.contains(UInt8(ascii: " ")) {
                throw t.error("id", "looks like a real identifier (contains '@' or a space); use a pseudonymous identifier")
            }
            let attributes = try t.stringList("attributes") ?? []
            for (j, a) in attributes.enumerated() {
                guard let ai = taxonomy.attributeIndex[a] else {
                    throw SafeguardError(
                        .invalidData,
                        "targets[\(i)].attributes[\(j)]: unknown target attribute \"\(a)\" (known: "
                            + "\(taxonomy.attributes.map(\.id).joined(separator: ", ")))",
                        file: source, line: line)
                }
                attributeMask |= 1 << UInt64(ai)
            }
            let location = try t.string("location")
            if location == nil { allLocated = false }
            targets.append(
                Request.Target(id: targetID, attributes: attributes, location: location, nationality: try t.string("nationality")))
        }
        if allLocated { presence |= RequestField.targetLocation.bit }

        return (targets, attributeMask)
    }

    private func readAuthorisation(_ r: FieldReader, presence: inout UInt16) throws -> Request.Authorisation? {
        var authorisation: Request.Authorisation?
        if let a = try r.child("authorisation") {
            try a.rejectUnknownKeys(Self.authorisationKeys)
            let issuer: AuthorisationIssuer = try enumValue(a, "issuer", required: true)!
            let judicial = try a.bool("judicial")
            if judicial == true, issuer == .prosecutor || issuer == .police {
                throw a.error("judicial", "is true but the issuer is \(issuer.rawValue)")
            }
            if judicial == false, issuer == .court {
                throw a.error("judicial", "is false but the issuer is a court")
            }
            let timing: AuthorisationTiming? = try enumValue(a, "timing", required: false)
            let reference = try a.string("reference")
            authorisation = Request.Authorisation(
                issuer: issuer, judicial: judicial ?? (issuer == .court), timing: timing, reference: reference)
            presence |= RequestField.authorisation.bit
            if timing != nil { presence |= RequestField.authorisationTiming.bit }
            if reference != nil { presence |= RequestField.authorisationReference.bit }
        }

        return authorisation
    }

    private struct Scope {
        var accounts: Int?
        var from: Day?
        var to: Day?
        var categories: [DataCategory] = []
        var categoryMask: UInt8 = 0
    }

    private func readScope(_ r: FieldReader, source: String?, line: Int?, presence: inout UInt16) throws -> Scope {
        var accounts: Int?
        var from: Day?
        var to: Day?
        var categories: [DataCategory] = []
        var categoryMask: UInt8 = 0
        if let s = try r.child("scope") {
            try s.rejectUnknownKeys(Self.scopeKeys)
            accounts = try s.int("accounts")
            if let n = accounts, n < 1 { throw s.error("accounts", "must be at least 1") }
            if let text = try s.string("from") {
                guard let d = Day(iso: text) else { throw s.error("from", "expected a date YYYY-MM-DD, found \"\(text)\"") }
                from = d
            }
            if let text = try s.string("to") {
                guard let d = Day(iso: text) else { throw s.error("to", "expected a date YYYY-MM-DD, found \"\(text)\"") }
                to = d
            }
            if (from == nil) != (to == nil) { throw s.error(from == nil ? "from" : "to", "missing: a date range needs both from and to") }
            if let f = from, let t = to, f > t { throw s.error("to", "is before scope.from") }
            for (i, c) in (try s.stringList("data-categories") ?? []).enumerated() {
                guard let category = DataCategory(rawValue: c) else {
                    throw SafeguardError(
                        .invalidData,
                        "scope.data-categories[\(i)]: unknown data category \"\(c)\" (expected one of: "
                            + "\(DataCategory.allCases.map(\.rawValue).joined(separator: ", ")))",
                        file: source, line: line)
                }
                if categoryMask & category.bit == 0 { categories.append(category) }
                categoryMask |= category.bit
            }
            if accounts != nil { presence |= RequestField.scopeAccounts.bit }
            if from != nil { presence |= RequestField.scopeDateRange.bit }
            if !categories.isEmpty { presence |= RequestField.scopeDataCategories.bit }
        }
        return Scope(accounts: accounts, from: from, to: to, categories: categories, categoryMask: categoryMask)
    }

    private func enumValue<E: RawRepresentable & CaseIterable>(_ r: FieldReader, _ key: String, required: Bool) throws -> E?
    where E.RawValue == String {
        guard let text = try r.string(key) else {
            if required { throw r.error(key, "missing required field") }
            return nil
        }
        guard let value = E(rawValue: text) else {
            throw r.error(key, "unknown value \"\(text)\" (expected one of: \(E.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return value
    }
}

/// Builds the canonical request bytes (a struct with mutating methods, so no captured variables need
/// dynamic exclusivity checks on this hot path).
struct CanonicalWriter {
    var out: [UInt8]

    init() {
        out = []
        out.reserveCapacity(384)
        out.append(contentsOf: "safeguard.request/1\u{1E}".utf8)
    }

    /// A day as `YYYY-MM-DD`, written without building a string.
    mutating func field(_ day: Day?) {
        guard let day else { field(nil as String?); return }
        day.appendISO(to: &out)
        out.append(0x1E)
    }

    mutating func field(_ number: Int?) {
        guard let number else { field(nil as String?); return }
        var digits: [UInt8] = []
        var n = number.magnitude
        repeat { digits.append(UInt8(ascii: "0") + UInt8(n % 10)); n /= 10 } while n > 0
        if number < 0 { out.append(UInt8(ascii: "-")) }
        out.append(contentsOf: digits.reversed())
        out.append(0x1E)
    }

    /// A list joined by commas (the values are ids, which hold no commas).
    mutating func field(_ list: [String]) {
        for (i, item) in list.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            var item = item
            item.withUTF8 { append(escaping: $0) }
        }
        out.append(0x1E)
    }

    mutating func field(_ value: String?) {
        guard var value else {
            out.append(0)
            out.append(0x1E)
            return
        }
        value.withUTF8 { append(escaping: $0) }
        out.append(0x1E)
    }

    /// Appends bytes, escaping backslash, U+0000, U+001E and newline; runs without them are copied at once.
    mutating func append(escaping utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for i in 0..<utf8.count {
            let b = utf8[i]
            guard b == UInt8(ascii: "\\") || b == 0 || b == 0x1E || b == 0x0A else { continue }
            if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
            out.append(UInt8(ascii: "\\"))
            out.append(b == 0x0A ? UInt8(ascii: "n") : b)
            runStart = i + 1
        }
        if runStart < utf8.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
    }
}
