import ArgumentParser
import Foundation
import SafeguardAnalysis
import SafeguardIngest
import SafeguardModel
import SafeguardPipeline
import SafeguardVictims

/// `safeguard recourse`: what a victim is owed, where to report and what to keep, cited or marked as guidance.
struct RecourseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recourse",
        abstract: "For a victim in one state harmed from another: rights, treaties, where to report and what to keep — cited.",
        discussion: """
            Reads the jurisdiction profiles (--profiles, default: the shipped fictional states) and the instruments \
            they name (--instruments, default: ./examples), files named by instrument id. Every statement quotes a \
            provision or a profile field, says that nothing was found and what was searched, or is marked as \
            general guidance. Harm kinds: ransomware, fraud, sextortion, doxxing. JSON schema safeguard.recourse/1 \
            (docs/recourse.md).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, md, html
    }

    @Option(name: .customLong("in"), help: ArgumentHelp("The state the victim is in (profile id, e.g. EXAMPLIA).", valueName: "STATE"))
    var victimIn: String

    @Option(name: .customLong("from"), help: ArgumentHelp("The state the harm came from (profile id).", valueName: "STATE"))
    var harmedFrom: String

    @Option(
        name: .long,
        help: ArgumentHelp("The harm kind: ransomware, fraud, sextortion or doxxing (see docs/recourse.md).", valueName: "KIND"))
    var harm: String

    @Option(name: .long, help: "Who was harmed: person or organisation.")
    var victim: String = VictimKind.person.rawValue

    @Option(name: .long, help: ArgumentHelp("Folder of instrument files named by id (default: ./examples).", valueName: "DIR"))
    var instruments: String?

    @Option(name: .long, help: ArgumentHelp("Folder of jurisdiction profiles (default: the shipped fictional ones).", valueName: "DIR"))
    var profiles: String?

    @Option(name: .long, help: ArgumentHelp("A victims' vocabulary file replacing the built-in one.", valueName: "FILE"))
    var vocabulary: String?

    @Option(name: .long, help: "Output format: table, json, md or html.")
    var format: Format = .table

    @OptionGroup var output: OutputOptions

    func run() throws {
        let vocabulary =
            try self.vocabulary.map { try VictimsVocabulary.load(contentsOf: URL(fileURLWithPath: $0)) } ?? VictimsVocabulary.builtIn()
        guard let victimKind = VictimKind(rawValue: victim) else {
            throw ValidationError("unknown victim '\(victim)'; expected person or organisation")
        }
        guard vocabulary.harm(harm) != nil else {
            throw ValidationError("unknown harm '\(harm)'; known: \(vocabulary.harms.map(\.id).joined(separator: ", "))")
        }
        let profileSet: RecourseProfiles
        if let profiles {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: profiles, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw SafeguardError(.inputNotFound, "no such profiles directory", file: profiles)
            }
            profileSet = try RecourseProfiles.load(directory: URL(fileURLWithPath: profiles), vocabulary: vocabulary)
        } else {
            profileSet = try RecourseProfiles.builtIn(vocabulary: vocabulary)
        }
        for state in [victimIn, harmedFrom] where profileSet.profile(state) == nil {
            throw ValidationError("unknown state '\(state)'; profiles: \(profileSet.profiles.map(\.id).joined(separator: ", "))")
        }

        let directory = instruments ?? "examples"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SafeguardError(.inputNotFound, "no instruments directory (give --instruments DIR)", file: directory)
        }
        let files = try InstrumentDirectory.files(in: URL(fileURLWithPath: directory))
        let pipeline = try Pipeline(lexicon: try Lexicon.builtIn())
        var analyses: [String: Analysis] = [:]
        for id in RecourseNavigator.instrumentsNeeded(victimIn: victimIn, harmedFrom: harmedFrom, profiles: profileSet) {
            guard let url = files[id] else {
                CLIOutput.printWarning("no text for instrument '\(id)' in \(directory); its articles cannot be cited")
                continue
            }
            var instrument = try InstrumentReader.read(contentsOf: url)
            instrument.metadata.source = (directory.hasSuffix("/") ? directory : directory + "/") + url.lastPathComponent
            analyses[id] = pipeline.analyze(instrument)
        }
        let navigator = RecourseNavigator(vocabulary: vocabulary, profiles: profileSet, analyses: analyses)
        let report = try navigator.answer(victimIn: victimIn, harmedFrom: harmedFrom, harm: harm, victim: victimKind)
        switch format {
        case .table: try output.write(RecourseRenderer.table(report, terminal: Terminal(colorEnabled: output.colorEnabled)))
        case .json: try output.write(RecourseRenderer.json(report))
        case .md: try output.write(RecourseRenderer.markdown(report))
        case .html: try output.write(RecourseRenderer.html(report))
        }
    }
}
