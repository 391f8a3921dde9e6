"""Times LexNLP 2.3 extraction over files. Run with the LexNLP venv's python (Python 3.9).

    run_lexnlp.py conditions|definitions FILE...

Loads every file first, imports LexNLP (import time not counted), then times the extractor over
each file's whole text as shipped (`lexnlp.extract.en.conditions.get_conditions`,
`lexnlp.extract.en.definitions.get_definitions`). Prints JSON with files, bytes, seconds, results found,
or {"error": ...} when the extractor cannot run here (get_definitions needs two NLTK data files, the
Punkt sentence model and the averaged-perceptron POS tagger; NLTK's downloader cannot fetch them here, so
bench/tools/make_nltk_data.py builds them from models shipped in PyPI wheels).
"""
import json
import sys
import time


def main(argv):
    mode, files = argv[0], argv[1:]
    texts = [open(path, encoding="utf-8").read() for path in files]
    if mode == "conditions":
        from lexnlp.extract.en.conditions import get_conditions as extract
    else:
        from lexnlp.extract.en.definitions import get_definitions as extract
    try:
        list(extract("For the purposes of this Act, \"data\" means any representation of information, "
                     "if it is stored in a computer system."))
    except LookupError as error:
        missing = str(error).split("Resource")[1].split("not found")[0].strip(" \x1b[0m93") if "Resource" in str(error) else str(error)[:200]
        print(json.dumps({"mode": mode, "error": f"NLTK resource missing: {missing}"}))
        return
    found = 0
    cpu_started = time.process_time()
    started = time.perf_counter()
    for text in texts:
        found += sum(1 for _ in extract(text))
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    print(json.dumps({"mode": mode, "files": len(files), "bytes": sum(len(t.encode()) for t in texts),
                      "seconds": seconds, "cpu_seconds": cpu_seconds, "found": found}))


if __name__ == "__main__":
    main(sys.argv[1:])
