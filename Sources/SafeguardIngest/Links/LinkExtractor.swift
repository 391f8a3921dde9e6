import Foundation
import SafeguardModel

/// Finds definitions ("“computer system” means ...") and cross-references ("articles 7 to 16",
/// "paragraph 2 of this article", "this Act") in the own text of each provision, and resolves
/// references to eIds where the instrument has the target.
struct LinkExtractor {
    let instrument: Instrument
    let bytes: [UInt8]
    let documentMode: DocumentMode
    let vocabulary: DraftingVocabulary
}
