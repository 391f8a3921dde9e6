import Foundation
@testable import SafeguardIngest
import SafeguardModel
import SafeguardTestSupport
import Testing

/// Damaged and odd inputs never crash the parser, and the tree's invariants hold on whatever it reads.
@Suite struct RobustnessTests {
    static let pieces = [
        "Article 7", "Article 7 bis", "ARTICLE VII", "Chapter II", "CHAPTER", "PART II — OFFENCES", "§ 1030.", "3.—(1)",
        "(a)", "(i)", "(ii)", "(aa)", "(A)", "(I)", "1.", "2.", "1 ", "a ", "ii ", "“term” means", "\"x\", in relation to y, means",
        "articles 7 to 9", "paragraph 1 (b) of article 12", "this article", "Contents", "Preamble", "______", "1 Footnote",
        "- 7 -", "Page 3 of 9", "....... 4", "\u{0C}", "\n", "\n\n", " ", "–", "—", "[", "]", "(", ")", "é", "数据", "\t", "\r\n",
        "SCHEDULE", "FIRST SCHEDULE", "Annex", "Section 1 – X", "Title 1 – Y", "SEC. 2.", "inter-\nception",
    ]

    static func invariantsHold(_ instrument: Instrument) -> Bool {
        let length = instrument.text.utf8.count
        for (index, provision) in instrument.provisions.enumerated() {
            guard provision.span.end <= length, provision.span.contains(provision.textSpan) else { return false }
            if let parent = provision.parentIndex {
                guard parent < index, instrument.provisions[parent].span.contains(provision.span),
                    instrument.provisions[parent].childIndices.contains(index)
                else { return false }
            }
        }
        for reference in instrument.references where reference.span.end > length { return false }
        for definition in instrument.definitions where definition.definitionSpan.end > length || definition.termSpan.end > length {
            return false
        }
        return Set(instrument.provisions.map(\.eId)).count == instrument.provisions.count
    }

    @Test func randomSequencesOfStructuralPieces() throws {
        var generator = SeededGenerator(seed: 2026)
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<Int.random(in: 1...60, using: &generator) {
                text += Self.pieces.randomElement(using: &generator)!
                if Bool.random(using: &generator) { text += " word" }
                if Int.random(in: 0..<3, using: &generator) == 0 { text += "\n" }
            }
            do {
                let instrument = try InstrumentReader.read(bytes: Array(text.utf8))
                #expect(Self.invariantsHold(instrument), "invariants broken for \(text.debugDescription)")
                let again = try InstrumentReader.read(bytes: Array(text.utf8))
                #expect(again.provisions == instrument.provisions)
            } catch let error as SafeguardError {
                #expect([.noStructure, .emptyInput, .binaryInput].contains(error.kind), "unexpected \(error) for \(text.debugDescription)")
            }
        }
    }

    @Test(arguments: ["coe-style.txt", "commonwealth-act.txt", "us-code.txt", "traps.txt", "uk-style-act.txt"])
    func mutatedFixtures(fixture: String) throws {
        let original = try [UInt8](Data(contentsOf: Fixture.url(fixture)))
        var generator = SeededGenerator(seed: UInt64(fixture.utf8.count))
        for _ in 0..<150 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...12, using: &generator) {
                guard !bytes.isEmpty else { break }
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(UInt8.random(in: 0x20...0x7E, using: &generator), at: at)
                case 2: bytes.insert(0x0A, at: at)
                default:
                    let end = min(bytes.count, at + Int.random(in: 1...80, using: &generator))
                    bytes.insert(contentsOf: bytes[at..<end], at: at)
                }
            }
            do {
                let instrument = try InstrumentReader.read(bytes: bytes)
                #expect(Self.invariantsHold(instrument))
            } catch let error as SafeguardError {
                #expect(error.kind != .internalError)
            }
        }
    }

    @Test(arguments: ["model-convention-rev1.txt", "model-convention-rev2.txt", "model-computer-misuse-act.txt"])
    func mutatedExamples(example: String) throws {
        let original = try [UInt8](Data(contentsOf: Fixture.examples.appendingPathComponent(example)))
        var generator = SeededGenerator(seed: UInt64(example.utf8.count) &* 31)
        for _ in 0..<40 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...30, using: &generator) {
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert([0x0A, 0x28, 0x29, 0x2E, 0x20, 0x0C].randomElement(using: &generator)!, at: at)
                case 2:
                    // Move a line elsewhere (reordered structure).
                    let end = min(bytes.count, at + Int.random(in: 1...200, using: &generator))
                    let chunk = Array(bytes[at..<end])
                    bytes.removeSubrange(at..<end)
                    bytes.insert(contentsOf: chunk, at: Int.random(in: 0...bytes.count, using: &generator))
                default:
                    let end = min(bytes.count, at + Int.random(in: 1...400, using: &generator))
                    bytes.insert(contentsOf: bytes[at..<end], at: at)
                }
            }
            do {
                let instrument = try InstrumentReader.read(bytes: bytes)
                #expect(Self.invariantsHold(instrument))
            } catch let error as SafeguardError {
                #expect(error.kind != .internalError)
            }
        }
    }

    @Test func aknRoundTripOfMutatedText() throws {
        var generator = SeededGenerator(seed: 7)
        let base = try String(contentsOf: Fixture.url("coe-style.txt"), encoding: .utf8)
        for _ in 0..<40 {
            var text = Array(base)
            for _ in 0..<5 {
                let at = Int.random(in: 0..<text.count, using: &generator)
                text.insert(["&", "<", ">", "\"", "'", "é", "\n"].randomElement(using: &generator)!, at: at)
            }
            guard let instrument = try? InstrumentReader.read(bytes: Array(String(text).utf8)) else { continue }
            let back = try InstrumentReader.read(bytes: Array(AkomaNtosoWriter.write(instrument).utf8))
            #expect(back.eIds == instrument.eIds)
            #expect(back.provisions.map { back.quote($0.textSpan) } == instrument.provisions.map { instrument.quote($0.textSpan) })
        }
    }
}
