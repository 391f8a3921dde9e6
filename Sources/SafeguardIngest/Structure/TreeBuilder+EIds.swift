import SafeguardModel

/// eIds: once the tree is built, ``EIdAssigner`` gives every node its eId; duplicates become warnings.
extension TreeBuilder {
    mutating func assignEIds() {
        let result = EIdAssigner.assign(nodes.map(\.eIdNode), vocabulary: vocabulary)
        for index in nodes.indices { nodes[index].eId = result.eIds[index] }
        for duplicate in result.duplicates {
            warn(.duplicateEid, "\(duplicate.eId) is used twice; the later one is \(duplicate.unique)", line: nodes[duplicate.node].line)
        }
    }
}

extension TreeBuilder.Node {
    /// What the eId depends on.
    var eIdNode: EIdAssigner.Node {
        EIdAssigner.Node(
            kind: kind, label: label, ordinal: ordinal, isRoman: isRoman, isNumberWord: isNumberWord, isFormula: isFormula,
            listType: listType, parent: parent
        )
    }
}
