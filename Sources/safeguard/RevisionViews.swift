import ArgumentParser

/// `--view` of `diff` and `history`: the whole comparison, or victims' rights only.
enum RevisionView: String, ExpressibleByArgument, CaseIterable {
    case all
    case victims
}

/// `--view` of `assess` in corpus mode: the principle matrix, or the victim-guarantees view.
enum CorpusView: String, ExpressibleByArgument, CaseIterable {
    case principles
    case victimGuarantees = "victim-guarantees"
}
