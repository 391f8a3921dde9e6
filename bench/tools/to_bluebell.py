#!/usr/bin/env python3
"""Converts corpus instruments (plain text, Markdown, HTML) into bluebell's light markup.

bluebell-akn does not read raw legal text: it parses its own indented markup
(`CHAPTER II - Criminalization`, `ARTICLE 7 - Illegal access`, `PARA 1.`, `POINT (a)`, ...); raw
`Article 7` lines give no articles at all. So, to time bluebell on the same texts as Safeguard, this
script recognises the structure line by line (chapters/parts/titles, articles, sections including
Commonwealth `3.—(1)` and US Code `§ 1030.`, numbered paragraphs, (a)/(i)/(A)/(1) points) and writes
the markup. It does part of the work a parser does (line classification), so bench/compare reports its
time separately and also adds it to bluebell's.

Python standard library only.

    python3 bench/tools/to_bluebell.py OUT_DIR FILE...   -> writes OUT_DIR/<name>.bluebell, prints JSON timing
"""
from __future__ import annotations

import html
import json
import os
import re
import sys
import time

CONTAINER = re.compile(
    r"^(chapter|part|title|subtitle|division|subchapter)\s+([ivxlcdm]+|\d+[a-z]?)\b\.?\s*(?:[-—–:.]+\s*(.*))?$", re.I)
COE_SECTION = re.compile(r"^(section)\s+(\d+)\s*[-—–]\s*(.*)$", re.I)
ARTICLE = re.compile(r"^(article|art\.)\s+([ivxlcdm]+|\d+)(\s+(?:bis|ter|quater))?\.?\s*(?:[-—–:]\s*(.*))?$", re.I)
USC_SECTION = re.compile(r"^§\s*(\d+[a-z]?)\.\s*(.*)$")
ACT_SECTION = re.compile(r"^(\d+[A-Z]?)\.(?:\s*[—–]|-{1,2})\s*\((\d+)\)\s*(.*)$")  # 3.—(1) text
ACT_SECTION_PLAIN = re.compile(r"^(\d+[A-Z]?)\.\s+(.*)$")  # 4. text (only after a marginal note)
SCHEDULE = re.compile(r"^(schedule|annex|appendix)\b\s*(.*)$", re.I)
LABELS = [
    ("dot", re.compile(r"^(\d+)\.\s+(.*)$")),          # 1. text
    ("tab", re.compile(r"^(\d+)\t(.*)$")),             # 1<tab>text (Council of Europe)
    ("paren-num", re.compile(r"^\((\d+)\)\s*(.*)$")),  # (1) text
    ("paren", re.compile(r"^\(([a-z]{1,2}|[ivxlc]+)\)\s*(.*)$")),  # (a) / (i)
    ("paren-upper", re.compile(r"^\(([A-Z]{1,2})\)\s*(.*)$")),     # (A)
    ("bare", re.compile(r"^([a-z]{1,2}|[ivxlc]+)\t(.*)$")),        # a<tab>text (Council of Europe)
]
ROMAN = re.compile(r"^[ivxlc]+$")
TAG = re.compile(r"<[^>]+>")
BLOCK_TAG = re.compile(r"</(p|h[1-6]|li|div|tr|title)>|<br\s*/?>", re.I)
SPECIAL = re.compile(r"(\*\*|//|__|\{\{|\\)")
ALL_CAPS_START = re.compile(r"^[A-Z]+\b")
NAMES = {"dot": "PARA", "tab": "PARA", "paren-num": "SUBSEC", "paren": "POINT", "paren-upper": "SUBPARA",
         "bare": "POINT", "roman": "SUBPOINT"}


def to_lines(text: str, name: str) -> list[str]:
    if name.endswith((".html", ".htm")):
        body = text.split("<body", 1)[-1].split(">", 1)[-1]
        text = html.unescape(TAG.sub("", BLOCK_TAG.sub("\n", body)))
    elif name.endswith(".md"):
        text = re.sub(r"(?m)^#+\s*", "", text)
    return [line.strip() for line in text.split("\n")]


def escape(words: str) -> str:
    words = SPECIAL.sub(lambda m: "\\" + m.group(1), words)
    if ALL_CAPS_START.match(words):
        words = "\\" + words  # a line starting with BODY, PART, P, ... would be read as markup
    return words


def heading_like(line: str) -> bool:
    return 0 < len(line) <= 120 and not line.endswith((".", ";", ",", ":", "—")) and line[0] not in "(\"“'§" \
        and not LABELS[0][1].match(line) and not ARTICLE.match(line) and not CONTAINER.match(line)


ACT_MARKERS = re.compile(r"^\d+[A-Z]?\.(?:\s*[—–]|-{1,2})\s*\(1\)|ENACTED by|^PART [IVXLC]+ [—–-]", re.M)


def convert(text: str, name: str) -> str:
    all_lines = to_lines(text, name)
    # Marginal notes before sections exist only in acts; a blank line always precedes them.
    act_mode = bool(ACT_MARKERS.search(text))
    after_blank: list[bool] = []
    lines: list[str] = []
    blank = True
    for line in all_lines:
        if not line:
            blank = True
            continue
        lines.append(line)
        after_blank.append(blank)
        blank = False
    out: list[str] = []
    preamble: list[str] = []
    started = False
    container_depth = 0  # 0: none, 1: chapter/part, 2: section inside a chapter (CoE)
    unit_indent = None   # indent of the open article/section, None when none is open
    stack: list[str] = []  # label classes open under the unit
    last_letter = ""
    i = 0

    def emit(indent: int, words: str) -> None:
        out.append(" " * indent + words)

    def start() -> None:
        nonlocal started
        if not started:
            if preamble:
                out.append("PREAMBLE")
                out.extend("  " + escape(line) for line in preamble)
                out.append("BODY")
            started = True

    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        i += 1
        container = CONTAINER.match(line)
        if container and not ARTICLE.match(line):
            start()
            heading = (container.group(3) or "").strip()
            if not heading and heading_like(nxt):
                heading, i = nxt, i + 1
            kind = container.group(1).upper()
            element = {"CHAPTER": "CHAPTER", "PART": "PART", "TITLE": "TITLE", "SUBTITLE": "SUBTITLE",
                       "DIVISION": "DIVISION", "SUBCHAPTER": "SUBCHAPTER"}[kind]
            emit(0, f"{element} {container.group(2)}" + (f" - {escape(heading)}" if heading else ""))
            container_depth, unit_indent, stack = 1, None, []
            continue
        coe_section = COE_SECTION.match(line)
        if coe_section and container_depth:
            emit(2, f"SUBCHAPTER {coe_section.group(2)} - {escape(coe_section.group(3))}")
            container_depth, unit_indent, stack = 2, None, []
            continue
        schedule = SCHEDULE.match(line)
        if schedule and line == line.upper() or (schedule and len(line) < 40 and not line.endswith(".")):
            start()
            emit(0, f"DIVISION {schedule.group(1).upper()}" + (f" - {escape(schedule.group(2))}" if schedule.group(2) else ""))
            container_depth, unit_indent, stack = 1, None, []
            continue
        article = ARTICLE.match(line)
        usc = USC_SECTION.match(line)
        act = ACT_SECTION.match(nxt) or ACT_SECTION_PLAIN.match(nxt)
        marginal = act_mode and act and after_blank[i - 1] and heading_like(line.rstrip(".")) \
            and line[:1].isupper() and not LABELS[0][1].match(line)
        if article or usc or marginal:
            start()
            indent = 2 * container_depth
            if article:
                number = article.group(2) + (article.group(3) or "").replace(" ", "")
                heading = (article.group(4) or "").strip()
                if not heading and heading_like(nxt):
                    heading, i = nxt, i + 1
                emit(indent, f"ARTICLE {number}" + (f" - {escape(heading)}" if heading else ""))
                rest = ""
            elif usc:
                emit(indent, f"SECTION {usc.group(1)} - {escape(usc.group(2))}")
                rest = ""
            else:
                section = ACT_SECTION.match(nxt)
                plain = ACT_SECTION_PLAIN.match(nxt)
                emit(indent, f"SECTION {(section or plain).group(1)} - {escape(line.rstrip('.'))}")
                i += 1
                if section:
                    emit(indent + 2, f"SUBSEC ({section.group(2)})")
                    stack = ["paren-num"]
                    unit_indent = indent
                    if section.group(3):
                        emit(indent + 4, escape(section.group(3)))
                    continue
                rest = plain.group(2)
            unit_indent, stack, last_letter = indent, [], ""
            if rest:
                emit(indent + 2, escape(rest))
            continue
        if unit_indent is None:
            if not started:
                preamble.append(line)
            else:
                emit(2 * container_depth, escape(line))
            continue
        for kind, pattern in LABELS:
            match = pattern.match(line)
            if match:
                label = match.group(1)
                if kind in ("paren", "bare"):
                    follows = len(label) == 1 and last_letter and ord(label) == ord(last_letter) + 1
                    if ROMAN.match(label) and not follows and (stack and stack[-1] in ("paren", "bare") or label != "i"):
                        kind = "roman"
                    else:
                        last_letter = label[-1]
                if kind in stack:
                    del stack[stack.index(kind) + 1:]
                else:
                    stack.append(kind)
                indent = unit_indent + 2 * len(stack)
                shown = f"({label})" if kind.startswith("paren") or kind == "roman" and line.startswith("(") else \
                    (f"{label}." if kind == "dot" else label)
                emit(indent, f"{NAMES[kind]} {shown}")
                if match.group(2):
                    emit(indent + 2, escape(match.group(2)))
                break
        else:
            emit(unit_indent + 2 * len(stack) + 2, escape(line))
    if not started:
        start()
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    out_dir, files = argv[0], argv[1:]
    os.makedirs(out_dir, exist_ok=True)
    texts = []
    for path in files:
        with open(path, encoding="utf-8") as handle:
            texts.append((path, handle.read()))
    converted = []
    cpu_started = time.process_time()
    started = time.perf_counter()
    for path, text in texts:
        converted.append((path, convert(text, path)))
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    for path, markup in converted:
        with open(os.path.join(out_dir, os.path.basename(path) + ".bluebell"), "w", encoding="utf-8") as handle:
            handle.write(markup)
    print(json.dumps({"files": len(texts), "bytes": sum(len(t.encode()) for _, t in texts), "seconds": seconds, "cpu_seconds": cpu_seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
