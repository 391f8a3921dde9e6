import Foundation
public import SafeguardModel

/// Builds small instruments by hand, so the engine can be tested without the parser.
///
/// Nodes come in document order. A node's parent is given explicitly or derived from its eId
/// (`art_5__para_1` → `art_5`). Each node is laid out as "num heading" on its own line (when it has
/// either), then its own words, then its children.
public struct InstrumentBuilder: Sendable {
    /// One provision to lay out.
    public struct Node: Sendable {
        public var eId: String
        public var kind: ProvisionKind
        public var num: String?
        public var heading: String?
        public var text: String
        public var parent: String?
    }

    public var title = "Test instrument"
    public var nodes: [Node] = []
    /// References to add: (source eId, phrase in its own text, kind, targets).
    public var references: [(String, String, CrossReference.Kind, [String])] = []

    public init() {}

    /// Adds a provision (its parent derived from the eId unless given).
    public mutating func add(
        _ eId: String, _ kind: ProvisionKind, num: String? = nil, heading: String? = nil, _ text: String = "",
        parent: String? = nil
    ) {
        var parentEId = parent
        if parentEId == nil, let range = eId.range(of: "__", options: .backwards) {
            parentEId = String(eId[..<range.lowerBound])
        }
        nodes.append(Node(eId: eId, kind: kind, num: num, heading: heading, text: text, parent: parentEId))
    }

    /// An article with a heading and own text (or paragraphs given as children afterwards).
    public mutating func article(_ number: Int, _ heading: String?, _ text: String = "", parent: String? = nil) {
        add("art_\(number)", .article, num: "Article \(number)", heading: heading, text, parent: parent)
    }

    /// A cross-reference from `eId`, at the first occurrence of `phrase` in its own words.
    public mutating func reference(from eId: String, _ phrase: String, _ kind: CrossReference.Kind, to targets: [String]) {
        references.append((eId, phrase, kind, targets))
    }

    /// The instrument: text, provisions with spans, and references.
    public func build() -> Instrument {
        var text = ""
        var provisions: [Provision] = []
        var indexByEId: [String: Int] = [:]
        for node in nodes {
            let start = text.utf8.count
            if node.num != nil || node.heading != nil {
                text += [node.num, node.heading].compactMap { $0 }.joined(separator: " ") + "\n"
            }
            let textStart = text.utf8.count
            text += node.text
            let textEnd = text.utf8.count
            text += "\n\n"
            let parentIndex = node.parent.flatMap { indexByEId[$0] }
            let depth = parentIndex.map { provisions[$0].depth + 1 } ?? 0
            indexByEId[node.eId] = provisions.count
            if let parentIndex { provisions[parentIndex].childIndices.append(provisions.count) }
            provisions.append(
                Provision(
                    eId: EId(node.eId), kind: node.kind, num: node.num, heading: node.heading, parentIndex: parentIndex,
                    parentEId: node.parent.map { EId($0) }, span: TextSpan(start: start, end: textEnd),
                    textSpan: TextSpan(start: textStart, end: textEnd), depth: depth))
        }
        // Each node's span runs to the end of its last descendant.
        for i in provisions.indices.reversed() {
            if let last = provisions[i].childIndices.last, provisions[last].span.end > provisions[i].span.end {
                provisions[i].span = TextSpan(start: provisions[i].span.start, end: provisions[last].span.end)
            }
        }
        var crossReferences: [CrossReference] = []
        for (source, phrase, kind, targets) in references {
            guard let i = indexByEId[source] else { fatalError("no provision \(source)") }
            let own = provisions[i].textSpan
            let utf8 = Array(text.utf8)
            let needle = Array(phrase.utf8)
            var found: Int?
            var k = own.start
            while k + needle.count <= own.end {
                if Array(utf8[k..<(k + needle.count)]) == needle {
                    found = k
                    break
                }
                k += 1
            }
            guard let offset = found else { fatalError("'\(phrase)' not in \(source)") }
            crossReferences.append(
                CrossReference(
                    sourceEId: EId(source), span: TextSpan(start: offset, end: offset + needle.count), kind: kind,
                    targets: targets.map { EId($0) }))
        }
        return Instrument(
            metadata: InstrumentMetadata(title: title), text: text, provisions: provisions,
            references: crossReferences)
    }

    /// One article holding one sentence: the quickest way to test a feature.
    public static func single(heading: String?, _ text: String, chapter: String? = nil) -> Instrument {
        var builder = InstrumentBuilder()
        if let chapter {
            builder.add("chp_1", .chapter, num: "Chapter I", heading: chapter)
            builder.article(1, heading, text, parent: "chp_1")
        } else {
            builder.article(1, heading, text)
        }
        return builder.build()
    }
}
