import Foundation
import SafeguardAnalysis
import SafeguardAssessment
import SafeguardIngest
public import SafeguardModel
import SafeguardScreening

/// One reader or loader exposed to fuzzing: the same body serves the libFuzzer entry points in `Fuzz/` (built
/// with the sanitizers by `scripts/fuzz`) and the bounded mutation run of `FuzzSmokeTests` in every `swift test`.
///
/// A body returns normally whatever the input: an error is an exit code, not a finding. A crash, a hang or a
/// broken invariant (a `precondition` below) is a finding.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case text = "FuzzText"
    case html = "FuzzHTML"
    case docx = "FuzzDOCX"
    case akn = "FuzzAKN"
    case pdfText = "FuzzPDFText"
    case lexicon = "FuzzLexicon"
    case framework = "FuzzFramework"
    case ruleSet = "FuzzRuleSet"
    case profile = "FuzzProfile"
    case request = "FuzzRequest"
    case batch = "FuzzBatch"

    /// The largest input a reader target is given (as libFuzzer's `-max_len` in `scripts/fuzz`).
    public static let maximumInputBytes = 2_000_000

    /// Runs the target on one input.
    public func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        switch self {
        case .text: Self.read(bytes, format: .text)
        case .html: Self.read(bytes, format: .html)
        case .docx: Self.read(bytes, format: .docx)
        case .akn: Self.read(bytes, format: .akn)
        case .pdfText: Self.readPDFText(bytes)
        case .lexicon: _ = try? Lexicon.compile(yaml: [(file: "fuzz.yaml", yaml: Self.text(bytes))])
        case .framework: _ = try? Framework.parse(yaml: Self.text(bytes), file: "fuzz.yaml")
        case .ruleSet: _ = try? RuleSet.load(yaml: Self.text(bytes), source: "fuzz.yaml")
        case .profile: Self.loadProfile(bytes)
        case .request: Self.screenRequest(bytes)
        case .batch: Self.screenBatch(bytes)
        }
    }

    /// Runs the target on one input given as an array.
    public func run(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { run($0) }
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>, format: InputFormat) {
        let options = ReadOptions(maxBytes: maximumInputBytes, format: format)
        if let instrument = try? InstrumentReader.read(bytes: Array(bytes), source: "fuzz", options: options) {
            checkInvariants(instrument)
        }
    }

    /// What happens to `pdftotext`'s output: the input is split at its first NUL byte into the reading-order text
    /// and the stream-order (`-raw`) text; pdftotext writes UTF-8 and Safeguard decodes it the same way.
    private static func readPDFText(_ bytes: UnsafeBufferPointer<UInt8>) {
        let split = bytes.firstIndex(of: 0) ?? bytes.count
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<split]), as: UTF8.self)
        let stream =
            split < bytes.count ? String(decoding: UnsafeBufferPointer(rebasing: bytes[(split + 1)...]), as: UTF8.self) : nil
        let options = ReadOptions(maxBytes: maximumInputBytes)
        if let instrument = try? InstrumentReader.read(pdfText: text, streamOrder: stream, layout: text, options: options) {
            checkInvariants(instrument)
        }
    }

    private static func loadProfile(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let taxonomy = try? Shared.taxonomy.get() else { preconditionFailure("the shipped taxonomy does not load") }
        _ = try? JurisdictionProfile.load(yaml: text(bytes), source: "fuzz.yaml", taxonomy: taxonomy)
    }

    /// JSON (an input that opens with `{`) or YAML → request → decision.
    private static func screenRequest(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let engine = try? Shared.engine.get() else { preconditionFailure("the shipped rule set does not load") }
        let value: DataValue?
        if bytes.first == UInt8(ascii: "{") {
            value = try? DataValue.parseJSON(bytes)
        } else {
            value = try? DataValue.parseYAML(text(bytes), source: "fuzz.yaml")
        }
        if let value, let request = try? engine.request(from: value, source: "fuzz") {
            _ = engine.decide(request)
        }
    }

    /// Every line of a JSON Lines batch parsed, validated and decided.
    private static func screenBatch(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let engine = try? Shared.engine.get() else { preconditionFailure("the shipped rule set does not load") }
        let screener = BatchScreener(engine: engine, windowSize: 64, workers: 1)
        try? screener.run(bytes: bytes, source: "fuzz.jsonl", transform: { $0.count }, consume: { _ in })
    }

    /// Every provision has a non-empty, unique eId, and its spans lie inside the text.
    public static func checkInvariants(_ instrument: Instrument) {
        let length = instrument.text.utf8.count
        var seen = Set<EId>()
        for provision in instrument.provisions {
            precondition(!provision.eId.isEmpty, "empty eId")
            precondition(seen.insert(provision.eId).inserted, "duplicate eId \(provision.eId)")
            precondition(
                provision.span.start >= 0 && provision.span.end <= length && provision.span.start <= provision.span.end,
                "span out of bounds")
            precondition(provision.textSpan.start >= 0 && provision.textSpan.end <= length, "text span out of bounds")
        }
    }

    /// What the screening targets load once: the shipped taxonomy and an engine on the model convention's rules.
    private enum Shared {
        static let taxonomy = Result { try ScreeningResources.taxonomy() }
        static let engine = Result { try ScreeningResources.engine(ruleSet: "model-convention-rev2") }
    }
}
