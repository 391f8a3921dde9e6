"""Times redlines and diff-match-patch (word mode) comparing two revisions of one text.

Run with the bluebell venv's python (Python 3.12, where redlines and diff-match-patch are installed):

    run_textdiff.py OLD NEW [RUNS]

redlines: `Redlines(old, new).output_markdown` (its documented use: the word-level diff plus the
track-changes markdown). diff-match-patch word mode: the library's line-mode recipe with words as the
unit (each word with its trailing whitespace becomes one character), `diff_main(..., checklines=False)`,
then `diff_charsToLines` and `diff_cleanupSemantic`. Each is run RUNS times (default 5); prints JSON
with the median and minimum seconds and the number of changed segments found.
"""
import json
import re
import statistics
import sys
import time

from diff_match_patch import diff_match_patch
from redlines import Redlines

WORD = re.compile(r"\S+\s*|\s+")


def words_to_chars(text1, text2):
    tokens, index = [""], {}

    def munge(text):
        out = []
        for token in WORD.findall(text):
            code = index.get(token)
            if code is None:
                tokens.append(token)
                code = index[token] = len(tokens) - 1
            out.append(chr(code))
        return "".join(out)

    return munge(text1), munge(text2), tokens


def dmp_words(old, new):
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    chars1, chars2, tokens = words_to_chars(old, new)
    diffs = dmp.diff_main(chars1, chars2, False)
    dmp.diff_charsToLines(diffs, tokens)
    dmp.diff_cleanupSemantic(diffs)
    return sum(1 for op, _ in diffs if op != 0)


def redlines(old, new):
    return len(Redlines(old, new).output_markdown)


def timed(function, old, new, runs):
    times, cpu, result = [], [], None
    for _ in range(runs):
        cpu_started = time.process_time()
        started = time.perf_counter()
        result = function(old, new)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return {"median": statistics.median(times), "min": min(times), "cpu_median": statistics.median(cpu),
            "runs": runs, "result": result}


def main(argv):
    old = open(argv[0], encoding="utf-8").read()
    new = open(argv[1], encoding="utf-8").read()
    runs = int(argv[2]) if len(argv) > 2 else 5
    print(json.dumps({"bytes_old": len(old.encode()), "bytes_new": len(new.encode()),
                      "dmp_words": timed(dmp_words, old, new, runs),
                      "redlines": timed(redlines, old, new, max(1, runs // 2))}))


if __name__ == "__main__":
    main(sys.argv[1:])
