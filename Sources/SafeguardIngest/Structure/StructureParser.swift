import Logging
public import SafeguardModel

/// Reads the structure of a legal text: title block, preamble, containers, articles or sections,
/// paragraphs and points, with Akoma Ntoso eIds and byte spans into the normalised text.
///
/// Works line by line over UTF-8 bytes. Handles UN treaty style, Council-of-Europe style, Commonwealth
/// acts, US Code style and plain numbered paragraphs; skips tables of contents, page furniture and
/// footnotes; reports what it could not decide as ``ParseWarning``s instead of guessing silently.
public enum StructureParser {
    /// Parses `text` (normalised first, see ``TextNormalizer``) into an ``Instrument``.
    ///
    /// - Parameters:
    ///   - text: the extracted text of the instrument.
    ///   - metadata: facts already known (source, format); title, kind, date are filled from the title block
    ///     when empty or `.other`.
    ///   - warnings: warnings from earlier stages (decoding, extraction), kept in front of the parser's own.
    /// - Throws: ``SafeguardError`` `.noStructure` when the text holds no provision at all.
    ///   - paragraphPerLine: each line is a whole paragraph (DOCX, HTML), so a new line is never a hard wrap.
    ///   - vocabulary: the drafting vocabulary (heading keywords, markers, ...); the shipped one when nil.
    public static func parse(
        text: String,
        metadata: InstrumentMetadata = InstrumentMetadata(title: ""),
        warnings: [ParseWarning] = [],
        paragraphPerLine: Bool = false,
        vocabulary: DraftingVocabulary? = nil
    ) throws -> Instrument {
        let vocabulary = try vocabulary ?? DraftingVocabulary.shipped()
        let normalized = TextNormalizer.normalize(text)
        var builder = TreeBuilder(bytes: Array(normalized.utf8), vocabulary: vocabulary)
        builder.warnings = warnings
        builder.paragraphPerLine = paragraphPerLine
        try builder.run()
        var meta = metadata
        builder.fillMetadata(&meta)
        let provisions = builder.makeProvisions()
        var instrument = Instrument(
            metadata: meta, text: normalized, provisions: provisions, warnings: builder.warnings
        )
        let extras = LinkExtractor(instrument: instrument, bytes: builder.bytes, documentMode: builder.mode, vocabulary: vocabulary)
        instrument.definitions = extras.definitions()
        instrument.references = extras.references()
        return instrument
    }
}

/// How units are written in the document, decided once from the whole text.
enum DocumentMode {
    /// Articles ("Article 7"): treaties, conventions, model laws.
    case treaty
    /// Numbered sections ("3.—(1)", "§ 1030", "SEC. 2."): national acts and codes.
    case act
    /// Numbered paragraphs only ("1.", "2."): resolutions, short drafts.
    case plain
}
