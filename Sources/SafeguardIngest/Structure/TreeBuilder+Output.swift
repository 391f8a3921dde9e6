import SafeguardModel

/// Output: the built nodes become provisions with trimmed spans, and the title block becomes metadata.
extension TreeBuilder {
    func makeProvisions() -> [Provision] {
        var provisions: [Provision] = []
        provisions.reserveCapacity(nodes.count)
        var depths = [Int](repeating: 0, count: nodes.count)
        for (index, node) in nodes.enumerated() {
            let depth = node.parent.map { depths[$0] + 1 } ?? 0
            depths[index] = depth
            let end = max(node.end, node.start)
            let spanEnd = Bytes.trimEnd(bytes, node.start, end)
            var textStart = node.textStart ?? node.headEnd
            var textEnd = node.textEnd ?? textStart
            if let firstChild = node.children.first, node.kind != .preamble {
                textEnd = min(textEnd, nodes[firstChild].start)
            }
            textStart = min(max(textStart, node.start), spanEnd)
            textEnd = max(textStart, min(textEnd, spanEnd))
            textStart = Bytes.trimStart(bytes, textStart, textEnd)
            textEnd = Bytes.trimEnd(bytes, textStart, textEnd)
            provisions.append(
                Provision(
                    eId: EId(node.eId), kind: node.kind, num: node.num, heading: node.heading,
                    parentIndex: node.parent, parentEId: node.parent.map { EId(nodes[$0].eId) }, childIndices: node.children,
                    span: TextSpan(start: node.start, end: max(node.start, spanEnd)),
                    textSpan: TextSpan(start: textStart, end: textEnd), depth: depth
                ))
        }
        return provisions
    }

    func fillMetadata(_ metadata: inout InstrumentMetadata) {
        MetadataReader(bytes: bytes, lines: lines, titleLines: titleLines, frontLines: frontLines, mode: mode, vocabulary: vocabulary).fill(
            &metadata)
    }
}
