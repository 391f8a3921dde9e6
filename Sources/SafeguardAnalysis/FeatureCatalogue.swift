import SafeguardModel
import Foundation

extension Lexicon {
    /// `docs/features.md`, generated from the catalogue so that the documentation cannot drift from the data.
    /// Regenerate with `SAFEGUARD_REGENERATE_DOCS=1 swift test --filter FeatureCatalogueDocTests`.
    public func featureCatalogueMarkdown() -> String {
        var out = catalogueIntro
        for category in categories {
            let cues = headingCueIDs(of: category.id).prefix(6).map { "“\(Self.cell($0))”" }.joined(separator: ", ")
            out += "| `\(category.id.rawValue)` | **\(category.title)**. \(Self.cell(category.description)) | \(cues) |\n"
        }
        out += "\n## Features\n\nTone: 🟢 protective, 🔴 risk, ⚪ neutral (colours in tables and HTML).\n"
        for family in families {
            let members = features.filter { String($0.id.family) == family.id }
            guard !members.isEmpty else { continue }
            out += "\n### \(family.title) (`\(family.id).*`)\n\n"
            for feature in members { out += featureMarkdown(feature) }
        }
        return out
    }

    /// The page's opening: what the analysis decides and how, then the head of the categories table.
    private var catalogueIntro: String {
        """
        # Categories and features

        <!-- Generated from Sources/SafeguardAnalysis/Resources/lexicon-en.yaml by Lexicon.featureCatalogueMarkdown();
             regenerate with SAFEGUARD_REGENERATE_DOCS=1 swift test --filter FeatureCatalogueDocTests -->

        `safeguard analyze` gives every article or section **one primary category** (and at most two secondary
        ones) and lists its **features**, each with the exact words as evidence (provision eId, span, quote).
        Lexicon version: `\(version)`. How patterns are written: [lexicon-format.md](lexicon-format.md).
        JSON output: [json-analysis.md](json-analysis.md).

        ## How the analysis decides

        - **Categories** come from cue words: in the article's heading (weight 10), in its body (weight 1 each,
          at most 8 in all per category) and in the headings of the chapters or parts around it (weight 3, a
          tie-breaker: an article in "Chapter IV Procedural measures" leans to `procedural-power`). Ties go to
          the cue that comes first. Without any cue, the category is `other`. Articles inside the preamble are
          `preamble`. The deciding words are kept as evidence.
        - **Features** rest on the provision's own words and are reported on the deepest provision holding them;
          the article's features are the union of its sub-provisions' (the rollup). Headings never count, with one
          exception: in an article or section whose primary category is `criminalization`, a heading such as
          "Unauthorised access to computer material", "Cyber harassment" or "Child pornography" names the kind of
          offence (`offence.cyber-dependent`, `offence.cyber-enabled`, `offence.content-sexual-abuse`) even when
          the body words it differently, unless the body says "Nothing in this section ...". Speech headings are
          not evidence (a heading "Offences against national security" may head an attack on systems). A heading
          never hides the body's offences: "Computer fraud" over an access offence keeps both kinds.
        - **Gates**: a feature is only looked for in articles of the categories it belongs to (`offence.*` only
          in criminalization articles, so a definition of "computer data" is not an offence).
        - **Negation and exclusion**: "shall not", "may not", "not be required to", "no State Party shall be
          required", "except", "other than" cancel a feature that follows in the same clause (a chapeau ending in
          ":" — "No State Party shall be required to:" — reaches into the first words of each item); "nothing in this
          article/Convention shall" cancels obligations, powers, scope and offences to the end of its sentence,
          including the points it introduces. A negation stays in its clause: a new actor with its own modal
          ("..., but a judge may order ...") starts another clause. Words that only explain a word of the
          offence ("the word \"means\" refers to— ..."), state its purpose ("with the intention to ... gain
          unauthorised access ...,"), name a measure as an occasion ("during the search and seizure") or
          stand in a worked example ("Example 1.— ...") state no offence, element or power. Exceptions,
          protected groups and duration limits are not cancelled ("shall not apply to authorised testing" *is*
          the exception). Refusal grounds are only read
          where refusal words stand around them ("may be refused:", "Nothing ... shall be interpreted as obliging
          ..."); "shall not be granted if ..." states a ground, while "may not be refused on the sole ground that
          ..." and "none of the offences shall be regarded as a political offence" remove one.
        - **Clauses**: each clause is read for its actor (a Party, a person, the court, an authority) and its
          modal (shall, must, may, shall not, may not); see docs/lexicon-format.md. "A person shall not
          intentionally access ..." is a prohibition that keeps its elements; "A Party may require / may
          restrict ... with dishonest intent" marks the element optional (reported, not counted); "where
          appropriate" inside a subject that names no actor does not qualify the duty.
        - **Stronger readings win**: when a sentence supports both, `harm.optional` replaces `harm.required`,
          and `dual-criminality.optional` / `dual-criminality.conduct-based` replace `dual-criminality.required`.
          In a provision (or the points of a provision) with a fraud, forgery or content offence, the "deletion of
          computer data" it mentions is the means, not a separate cyber-dependent offence.
        - **Drafting genres**: national acts are read as well as treaties. "A person commits an offence if ...
          with intent to / he knows that" gives `mens-rea.intent` ("knowing or having reason to believe" does not:
          an objective standard is not intent; "it is not necessary to prove that he knew" cancels it);
          "Punishment for sending offensive messages" heads a criminalization section ("Punishment for offences"
          heads sanctions); "an authorised officer may, without a warrant ..." gives no judicial authorisation;
          "the judge shall not issue a warrant unless satisfied that it is necessary and proportionate" is a
          condition, so necessity and proportionality are reported.
        - **Judgement calls**: laundering of proceeds is an ordinary offence (no offence kind) unless the text
          names a computer system as its means; "without the consent of the person depicted" is a precise element
          of an intimate-image offence, not a without-right or without-authorisation standard; obscene material
          showing children is sexual abuse material, not a morals offence; a computer or data "relating to
          national security" is the target of an attack, not speech.

        ## Categories

        | Category | Meaning | Heading cues (first ones) |
        |---|---|---|

        """
    }

    /// One feature's entry: title and tone, description, examples, where it is looked for, its patterns.
    private func featureMarkdown(_ feature: FeatureDefinition) -> String {
        var out = ""
        let tone = feature.tone == .protective ? "🟢" : feature.tone == .risk ? "🔴" : "⚪"
        out += "#### `\(feature.id)` — \(feature.title) \(tone)\n\n\(feature.description)\n\n"
        if let example = feature.example { out += "- Example: “\(example)”\n" }
        if let counter = feature.counterExample { out += "- Not this: “\(counter)”\n" }
        var scope: [String] = []
        if let only = feature.onlyIn { scope.append("only in " + only.map { "`\($0.rawValue)`" }.joined(separator: ", ")) }
        if !feature.notIn.isEmpty { scope.append("never in " + feature.notIn.map { "`\($0.rawValue)`" }.joined(separator: ", ")) }
        if !feature.notWhenPrimary.isEmpty {
            scope.append(
                "never where the primary category is " + feature.notWhenPrimary.map { "`\($0.rawValue)`" }.joined(separator: ", "))
        }
        if !scope.isEmpty { out += "- Looked for: " + scope.joined(separator: "; ") + " articles\n" }
        if !feature.negatable { out += "- Not cancelled by negation cues\n" }
        if feature.inHeadings { out += "- Also found in the heading of an article or section\n" }
        if !feature.suppressedBy.isEmpty {
            out += "- Replaced in the same sentence by " + feature.suppressedBy.map { "`\($0)`" }.joined(separator: ", ") + "\n"
        }
        if !feature.suppressedAroundBy.isEmpty {
            out +=
                "- Not reported in a provision that has, or lies inside one that has, "
                + feature.suppressedAroundBy.map { "`\($0)`" }.joined(separator: ", ") + "\n"
        }
        let ids = patternIDs(of: feature.id)
        if !ids.isEmpty { out += "- Patterns: " + ids.map { "`\($0)`" }.joined(separator: ", ") + "\n" }
        out += "\n"
        return out
    }

    /// The heading cues of a category (their ids, which are the phrases unless named), in lexicon order.
    public func headingCueIDs(of category: Category) -> [String] {
        patterns.compactMap { pattern -> String? in
            guard case .headingCue(let c) = pattern.role, c == category else { return nil }
            return String(pattern.trace.split(separator: "#", maxSplits: 1).last ?? "")
        }
    }

    /// The ids of the patterns of a feature, in lexicon order.
    public func patternIDs(of feature: FeatureID) -> [String] {
        var seen = Set<String>()
        return patterns.compactMap { pattern -> String? in
            guard case .feature(let id) = pattern.role, id == feature else { return nil }
            let name = String(pattern.trace.split(separator: "#", maxSplits: 1).last ?? "")
            return seen.insert(name).inserted ? name : nil
        }
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
