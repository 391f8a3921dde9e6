#!/usr/bin/env python3
"""Deterministic benchmark corpus generator for Safeguard.

Builds a large corpus (default: 1,000 instruments, at least 200 MB) from the project's own example
instruments (examples/*.txt) by recombining and varying their provisions: articles are pooled,
renumbered, shuffled across chapters, worded with swapped synonyms, and rendered in the drafting
styles Safeguard must read (UN treaty, Council-of-Europe, Commonwealth act, US Code, Roman-numeral
articles, plus HTML and Markdown renderings). It also builds two revisions of a ~64 KB convention
(bench/corpus/diff/) from the examples' rev1 and rev2 for the revision-comparison benchmarks, plus a lightly
edited copy of rev1 (same numbering, a few words changed in place).

Everything derives from a seed, so the same seed and the same examples give byte-identical output.
The corpus is generated at benchmark time and never committed (bench/corpus/ is git-ignored).

Python standard library only: this is a benchmark tool, not a runtime dependency.

    python3 bench/gen_corpus.py [--examples examples] [--out bench/corpus] [--count 1000]
                                [--megabytes 210] [--seed 20261129]
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import random
import re
import sys
import time
from dataclasses import dataclass, field

GENERATOR_VERSION = "1"

# ----------------------------------------------------------------------------------------------
# Reading the examples into a pool of provisions
# ----------------------------------------------------------------------------------------------


@dataclass
class Point:
    label: str  # "a", "i", "A"
    text: str
    children: list["Point"] = field(default_factory=list)


@dataclass
class Paragraph:
    text: str  # lead-in words ("" when the paragraph is only points)
    points: list[Point] = field(default_factory=list)
    tail: str = ""  # words after the points ("traffic data, in real time, ...")


@dataclass
class Unit:
    """An article or section: heading and numbered paragraphs."""
    heading: str
    paragraphs: list[Paragraph]
    source: str

    def size(self) -> int:
        total = len(self.heading)
        for para in self.paragraphs:
            total += len(para.text) + len(para.tail) + 8
            for point in para.points:
                total += len(point.text) + 8 + sum(len(c.text) + 8 for c in point.children)
        return total


ROMAN = re.compile(r"^[ivxlc]+$")
CONTAINER = re.compile(
    r"^(?:#+\s*)?(chapter|part|title|section|division)\s+([ivxlcdm]+|\d+[a-z]?)\b\.?\s*(?:[-—–:.]+\s*(.*))?$",
    re.I)
ARTICLE = re.compile(r"^(?:#+\s*)?(article|art\.)\s+([ivxlcdm]+|\d+)(?:\s+(bis|ter|quater))?\.?\s*(?:[-—–:]\s*(.*))?$",
                     re.I)
ACT_SECTION = re.compile(r"^(\d+[A-Z]?)\.\s*(?:—|-{1,2}|–)?\s*(?:\((\d+)\)\s*)?(.*)$")
NUMBERED_PARA = re.compile(r"^(\d+)\.\s+(.*)$")
SUBSECTION = re.compile(r"^\((\d+)\)\s+(.*)$")
LABELLED = re.compile(r"^\(([a-z]{1,2}|[ivxlc]+|[A-Z])\)\s+(.*)$")
ANNEX = re.compile(r"^(SCHEDULE|Schedule|ANNEX|Annex|APPENDIX|Appendix)\b")
PAGE_NOISE = re.compile(r"^(?:-\s*\d+\s*-|\d+|page \d+( of \d+)?)$", re.I)


TOC_LINE = re.compile(r"\.{4,}\s*\d+\s*$")
MASTHEAD = re.compile(r"\S\s{6,}\S")
NOISE = re.compile(r"^(?:-\s*\d+\s*-|\d+|\d+/\d+|page \d+( of \d+)?|[A-Z]/[A-Z0-9./]+|V\.\d\d-\d+.*)$", re.I)
FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹]\s")


def clean_lines(text: str) -> list[str]:
    """Lines with page furniture, contents and masthead removed; "" marks a blank line."""
    out: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\f", "\n").split("\n"):
        line = raw.strip()
        if line and (TOC_LINE.search(line) or MASTHEAD.search(raw.strip()) or NOISE.match(line)
                     or FOOTNOTE.match(line)):
            continue
        line = line.replace("¹", "").replace("²", "")
        if not line and out and out[-1] == "":
            continue
        out.append(line)
    return out


def looks_like_heading(line: str) -> bool:
    """A short line without a final full stop or semicolon, not starting with a label."""
    return (0 < len(line) <= 120 and not line.endswith((".", ";", ",", ":", "—")) and line[0] not in "(\"“'"
            and not NUMBERED_PARA.match(line) and not line[0].islower())


def join(words: str, more: str) -> str:
    if not words:
        return more
    if words.endswith("-") and len(words) > 1 and words[-2].isalpha() and more[:1].islower():
        return words[:-1] + more  # a word hyphenated across a line break
    return words + " " + more


def parse_instrument(text: str, source: str) -> tuple[list[Unit], list[str], list[str]]:
    """Splits an example into units (articles/sections), container headings and preamble lines.

    Deliberately forgiving: it only needs to recover provisions well enough to recombine them. Hard-wrapped
    lines are joined; a blank line ends a block.
    """
    lines = clean_lines(text)
    units: list[Unit] = []
    containers: list[str] = []
    preamble: list[str] = []
    current: Unit | None = None
    target = None  # (object, attribute) the next wrapped line continues
    last_letter = ""
    seen_first_unit = False

    def next_text(i: int) -> tuple[int, str]:
        j = i
        while j < len(lines) and not lines[j]:
            j += 1
        return j, (lines[j] if j < len(lines) else "")

    i = 0
    while i < len(lines):
        line = lines[i]
        blank_before = i == 0 or lines[i - 1] == ""
        i += 1
        if not line:
            continue
        # Continuation of a hard-wrapped block.
        if not blank_before and target is not None:
            obj, attribute = target
            if isinstance(obj, list):
                obj[attribute] = join(obj[attribute], line)
            else:
                setattr(obj, attribute, join(getattr(obj, attribute), line))
            continue
        target = None
        if re.match(r"^(IN WITNESS WHEREOF|DONE at)", line):
            current = None
            continue
        container = CONTAINER.match(line)
        if container and not ARTICLE.match(line):
            heading = (container.group(3) or "").strip()
            if not heading:
                j, candidate = next_text(i)
                if looks_like_heading(candidate) and not ARTICLE.match(candidate) and not CONTAINER.match(candidate):
                    heading, i = candidate, j + 1
            if heading:
                containers.append(heading.rstrip(".").strip())
            current = None
            continue
        if ANNEX.match(line):
            current = None
            seen_first_unit = True
            continue
        article = ARTICLE.match(line)
        if article:
            heading = (article.group(4) or "").strip()
            if not heading:
                j, candidate = next_text(i)
                if looks_like_heading(candidate):
                    heading, i = candidate, j + 1
            current = Unit(heading=heading or "General provision", paragraphs=[], source=source)
            units.append(current)
            seen_first_unit = True
            last_letter = ""
            continue
        # A Commonwealth marginal note: a heading-like line, then a section "5.—(1) ..." or "6. ...".
        j, candidate = next_text(i)
        section = ACT_SECTION.match(candidate)
        if blank_before and looks_like_heading(line) and section and not article and \
                (section.group(2) or "—" in candidate[:8] or re.match(r"^\d+[A-Z]?\. [A-Z]", candidate)):
            current = Unit(heading=line.rstrip("."), paragraphs=[], source=source)
            units.append(current)
            seen_first_unit = True
            para = Paragraph(text=section.group(3).strip())
            current.paragraphs.append(para)
            target = (para, "text")
            i = j + 1
            last_letter = ""
            continue
        if current is None:
            if not seen_first_unit:
                if line.lower() == "preamble":
                    preamble.clear()  # keep only what follows the "Preamble" heading
                    continue
                preamble.append(line)
                target = (preamble, len(preamble) - 1)
            continue
        numbered = NUMBERED_PARA.match(line) or SUBSECTION.match(line)
        if numbered:
            para = Paragraph(text=numbered.group(2))
            current.paragraphs.append(para)
            target = (para, "text")
            last_letter = ""
            continue
        labelled = LABELLED.match(line)
        if labelled:
            label = labelled.group(1)
            # "(c)" after "(b)" is a letter, "(i)" after "(h)" too; otherwise a Roman-looking label is a sub-point.
            follows_letter = bool(last_letter) and len(label) == 1 and ord(label) == ord(last_letter) + 1
            kind = "roman" if ROMAN.match(label) and not follows_letter and (label != "i" or last_letter) else "letter"
            if not current.paragraphs:
                current.paragraphs.append(Paragraph(text=""))
            para = current.paragraphs[-1]
            point = Point(label=label, text=labelled.group(2))
            if kind == "roman" and para.points:
                para.points[-1].children.append(point)
            else:
                para.points.append(point)
                last_letter = label
            target = (point, "text")
            continue
        # A new block of plain words: a definition, the words after the points, or an unnumbered paragraph.
        if not current.paragraphs:
            para = Paragraph(text=line)
            current.paragraphs.append(para)
            target = (para, "text")
        elif line.startswith(("\"", "“")):
            point = Point(label="", text=line)
            current.paragraphs[-1].points.append(point)
            target = (point, "text")
        elif current.paragraphs[-1].points and not current.paragraphs[-1].tail:
            current.paragraphs[-1].tail = line
            target = (current.paragraphs[-1], "tail")
        else:
            para = Paragraph(text=line)
            current.paragraphs.append(para)
            target = (para, "text")
    units = [u for u in units if u.paragraphs and any(len(p.text) + len(p.points) > 1 for p in u.paragraphs)
             and not u.heading[:1].isdigit() and u.size() > 80]
    return units, containers, preamble


# ----------------------------------------------------------------------------------------------
# Variation
# ----------------------------------------------------------------------------------------------

# Each group lists interchangeable drafting variants; an instrument picks one variant per group and
# rewrites every other variant to it, so wording differs across the corpus but stays consistent
# inside an instrument.
SYNONYM_GROUPS: list[list[str]] = [
    ["State Party", "Contracting Party", "Member State"],
    ["States Parties", "Contracting Parties", "Member States"],
    ["domestic law", "national law", "internal law"],
    ["computer system", "information system", "computer or information system"],
    ["computer data", "electronic data", "digital data"],
    ["competent authorities", "designated authorities", "relevant authorities"],
    ["shall adopt", "shall take", "shall enact"],
    ["legislative and other measures", "legislative or other measures"],
    ["criminal offence", "criminal offense"],
    ["without right", "without lawful excuse", "without justification"],
    ["service provider", "communications provider", "intermediary service provider"],
    ["intentionally", "wilfully", "knowingly"],
    ["as may be necessary", "as necessary", "as may be required"],
    ["mutual legal assistance", "mutual assistance"],
    ["human rights", "human rights and fundamental freedoms"],
]

TREATY_TITLES = [
    "{region} Convention on {topic}", "Convention of the {region} Union on {topic}",
    "Protocol to the {region} Convention on {topic}", "Draft {region} Convention on {topic}",
    "{region} Framework Agreement on {topic}",
]
REGIONS = ["Northern", "Southern", "Eastern", "Western", "Central", "Coastal", "Island", "Highland", "Riverine",
           "Continental", "Inter-Regional", "Lakeland", "Desert", "Archipelagic"]
TOPICS = ["Cybercrime", "Countering the Criminal Misuse of Information Systems", "Electronic Evidence",
          "Cooperation against Computer-Related Crime", "the Security of Information Networks",
          "Offences against Information Systems", "Cross-Border Access to Data"]
ACT_TITLES = ["Computer Misuse Act", "Cybercrimes Act", "Electronic Transactions and Cybercrime Act",
              "Information Systems (Offences) Act", "Computer and Cybercrimes Act", "Digital Security Act",
              "Cyber Security and Crimes Act"]
JURISDICTIONS = ["Aldoria", "Belvena", "Corvania", "Drelmont", "Estavia", "Fenwick Islands", "Galdera", "Harrowmere",
                 "Istrana", "Jovania", "Kestrel Coast", "Lumeria", "Marovia", "Norhaven", "Ostrava Bay", "Pellucia"]


A_BEFORE_VOWEL = re.compile(r"\b([Aa]) ([aeio]\w)")


def compile_synonyms(rng: random.Random) -> list[tuple[re.Pattern[str], str]]:
    rules = []
    party = rng.randrange(3)  # singular and plural of "State Party" move together
    for number, group in enumerate(SYNONYM_GROUPS):
        choice = group[party] if number < 2 else rng.choice(group)
        # One pass over every variant, the chosen one included and longest first, so a variant that
        # contains another ("computer or information system") is never rewritten twice.
        variants = sorted(group, key=len, reverse=True)
        pattern = re.compile(r"\b(" + "|".join(re.escape(v) for v in variants) + r")\b")
        rules.append((pattern, choice))
    return rules


def vary(text: str, rules: list[tuple[re.Pattern[str], str]], rng: random.Random, soften: float,
         extras: bool = True) -> str:
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    text = A_BEFORE_VOWEL.sub(r"\1n \2", text)
    if not extras or not text:
        return text
    if soften and rng.random() < soften:
        text = text.replace("shall ", "may ", 1)
    if rng.random() < 0.08:
        text = text.replace(" and ", " and, where appropriate, ", 1)
    if rng.random() < 0.05 and text.endswith("."):
        text = text[:-1] + ", in accordance with its domestic law."
    return text


def vary_unit(unit: Unit, rules, rng: random.Random) -> Unit:
    soften = 0.1
    paragraphs = []
    for para in unit.paragraphs:
        points = [Point(p.label, vary(p.text, rules, rng, 0, False), [Point(c.label, vary(c.text, rules, rng, 0, False)) for c in p.children])
                  for p in para.points]
        if len(points) > 2 and rng.random() < 0.15:
            rng.shuffle(points)  # reorder a list of points, relabelled on rendering
        paragraphs.append(Paragraph(vary(para.text, rules, rng, soften), points, vary(para.tail, rules, rng, 0)))
    if len(paragraphs) > 2 and rng.random() < 0.2:
        paragraphs = paragraphs[:-1]
    heading = unit.heading
    for pattern, replacement in rules:
        heading = pattern.sub(replacement, heading)
    return Unit(heading=heading, paragraphs=paragraphs, source=unit.source)


# ----------------------------------------------------------------------------------------------
# Rendering in drafting styles
# ----------------------------------------------------------------------------------------------


LABEL_WORD = re.compile(r"^\(?[0-9a-zA-Z]{1,4}[.)]$|^§$")


def wrap(text: str, width: int) -> str:
    """Greedy hard wrap as in text extracted from a PDF, never starting a line with something that
    looks like a label ("2.", "(a)")."""
    if len(text) <= width:
        return text
    lines: list[str] = []
    current: list[str] = []
    length = 0
    for word in text.split(" "):
        if current and length + 1 + len(word) > width:
            if LABEL_WORD.match(word) and len(current) > 1:
                carried = current.pop()
                lines.append(" ".join(current))
                current, length = [carried], len(carried)
            else:
                lines.append(" ".join(current))
                current, length = [], -1
        current.append(word)
        length += len(word) + 1
    if current:
        lines.append(" ".join(current))
    return "\n".join(lines)


def roman(number: int, upper: bool = True) -> str:
    values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
              (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out.upper() if upper else out


def letter(index: int, upper: bool = False) -> str:
    """a..z, aa, bb, ... as drafters do."""
    base = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if upper else "abcdefghijklmnopqrstuvwxyz"
    return base[index % 26] * (index // 26 + 1)


@dataclass
class Chapter:
    heading: str
    units: list[Unit]


def points_lines(points: list[Point], style: str) -> list[str]:
    lines = []
    for index, point in enumerate(points):
        if style == "coe":
            lines.append(f"{letter(index)}\t{point.text}" if point.label else point.text)
        elif style == "uscode":
            lines.append(f"({letter(index, upper=True)}) {point.text}" if point.label else point.text)
        else:
            lines.append(f"({letter(index)}) {point.text}" if point.label else point.text)
        for sub_index, child in enumerate(point.children):
            label = roman(sub_index + 1, upper=False)
            lines.append(f"{label}\t{child.text}" if style == "coe" else f"({label}) {child.text}")
    return lines


def render_treaty(title: str, preamble: list[str], chapters: list[Chapter], style: str, rng: random.Random) -> str:
    """UN style (Chapter II / Criminalization / Article 7 / Illegal access / 1. ...), Council-of-Europe style
    (Chapter II – Heading / Article 7 – Heading / 1 ... / a ...) or Roman-numeral articles (ARTICLE VII)."""
    out: list[str] = [title, ""]
    width = 88 if style in ("un", "roman") and rng.random() < 0.7 else 0

    def block(words: str) -> None:
        out.extend([wrap(words, width) if width else words, ""])

    if preamble:
        out += ["Preamble", ""] if style != "coe" else []
        for line in preamble:
            block(line)
    number = 0
    noisy = style == "un" and rng.random() < 0.3
    symbol = f"A/AC.{rng.randrange(100, 999)}/L.{rng.randrange(1, 9)}"
    job = rng.randrange(1000, 99999)
    page = 1
    for chapter_index, chapter in enumerate(chapters, start=1):
        if style == "coe":
            out += [f"Chapter {roman(chapter_index)} – {chapter.heading}", ""]
        elif style == "roman":
            out += [f"PART {roman(chapter_index)}", chapter.heading.upper(), ""]
        else:
            out += [f"Chapter {roman(chapter_index)}", "", chapter.heading, ""]
        for unit in chapter.units:
            number += 1
            suffix = ""
            if number > 2 and rng.random() < 0.03:
                number -= 1
                suffix = " bis"
            if style == "coe":
                out += [f"Article {number}{suffix} – {unit.heading}", ""]
            elif style == "roman":
                out += [f"ARTICLE {roman(number)}{suffix.upper()}", unit.heading, ""]
            else:
                out += [f"Article {number}{suffix}", "", unit.heading, ""]
            numbered = len(unit.paragraphs) > 1
            for p_index, para in enumerate(unit.paragraphs, start=1):
                lead = para.text
                if numbered:
                    lead = (f"{p_index}\t{lead}" if style == "coe" else f"{p_index}. {lead}") if lead else f"{p_index}."
                if lead:
                    block(lead)
                for line in points_lines(para.points, style):
                    block(line)
                if para.tail:
                    block(para.tail)
            if noisy and number % 4 == 0:
                # PDF page furniture as pdftotext leaves it: footer, form feed, running header
                page += 1
                out += [f"V.26-{job:05d}{' ' * 50}{page}/{len(chapters) * 3}", f"\f{symbol}", ""]
    return "\n".join(out)


def render_commonwealth(title: str, preamble: list[str], chapters: list[Chapter], rng: random.Random) -> str:
    """PART II — OFFENCES / marginal note / 3.—(1) A person ... if— / (a) ... / SCHEDULE."""
    year = 1990 + rng.randrange(36)
    out = [f"{title.upper()} {year}", "", f"ARRANGEMENT OF SECTIONS omitted.", "",
           f"An Act to make provision for {rng.choice(TOPICS).lower()} and for connected purposes.", "",
           "BE IT ENACTED by the Parliament as follows:", ""]
    number = 0
    dotted = rng.random() < 0.5  # marginal notes with or without a full stop
    width = 88 if rng.random() < 0.7 else 0

    def wrapped(words: str) -> str:
        return wrap(words, width) if width else words

    for chapter_index, chapter in enumerate(chapters, start=1):
        out += [f"PART {roman(chapter_index)} — {chapter.heading.upper()}", ""]
        for unit in chapter.units:
            number += 1
            out += [unit.heading.rstrip(".") + ("." if dotted else ""), ""]
            paragraphs = unit.paragraphs
            for p_index, para in enumerate(paragraphs, start=1):
                lead = para.text or ""
                if para.points and lead and not lead.endswith(("—", ":")):
                    lead = lead.rstrip(":;,. ") + "—"
                if len(paragraphs) == 1:
                    prefix = f"{number}. "
                else:
                    prefix = f"{number}.—({p_index}) " if p_index == 1 else f"({p_index}) "
                out += [wrapped(prefix + lead), ""]
                for line in points_lines(para.points, "commonwealth"):
                    out += [wrapped(line), ""]
                if para.tail:
                    out += [wrapped(para.tail), ""]
    out += ["SCHEDULE", "", "Transitional provisions", "",
            "1. Proceedings begun before the commencement of this Act shall continue under the law then in force.", ""]
    return "\n".join(out)


def render_uscode(title: str, chapters: list[Chapter], rng: random.Random) -> str:
    """TITLE 18—... / CHAPTER 47—... / § 1030. Heading / (a) ... (1) ... (A) ... (i) ..."""
    title_number = rng.randrange(5, 50)
    section = rng.randrange(100, 2000)
    out = [f"TITLE {title_number}—{title.upper()}", ""]
    for chapter_index, chapter in enumerate(chapters, start=1):
        out += [f"CHAPTER {chapter_index * 2 + 40}—{chapter.heading.upper()}", ""]
        for unit in chapter.units:
            section += 1
            out += [f"§ {section}. {unit.heading.rstrip('.')}", ""]
            for p_index, para in enumerate(unit.paragraphs):
                lead = para.text
                label = f"({letter(p_index)})"
                if para.points:
                    out.append(f"{label} {lead}".rstrip())
                    for index, point in enumerate(para.points):
                        out.append(f"({index + 1}) {point.text}")
                        for sub_index, child in enumerate(point.children):
                            out.append(f"({letter(sub_index, upper=True)}) {child.text}")
                    if para.tail:
                        out.append(para.tail)
                else:
                    out.append(f"{label} {lead}" if len(unit.paragraphs) > 1 else lead)
                out.append("")
    return "\n".join(out)


def render_html(text_title: str, preamble: list[str], chapters: list[Chapter], rng: random.Random) -> str:
    esc = html.escape
    out = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">", f"<title>{esc(text_title)}</title>",
           "<style>body{font-family:serif}</style></head><body>", f"<h1>{esc(text_title)}</h1>"]
    if preamble:
        out.append("<h2>Preamble</h2>")
        out += [f"<p>{esc(line)}</p>" for line in preamble]
    number = 0
    for chapter_index, chapter in enumerate(chapters, start=1):
        out.append(f"<h2>Chapter {roman(chapter_index)}<br>{esc(chapter.heading)}</h2>")
        for unit in chapter.units:
            number += 1
            out.append(f"<h3>Article {number}</h3>\n<h4>{esc(unit.heading)}</h4>")
            numbered = len(unit.paragraphs) > 1
            for p_index, para in enumerate(unit.paragraphs, start=1):
                if para.text or numbered:
                    out.append(f"<p>{p_index}. {esc(para.text)}</p>" if numbered else f"<p>{esc(para.text)}</p>")
                for line in points_lines(para.points, "un"):
                    out.append(f"<p class=\"point\">{esc(line)}</p>")
                if para.tail:
                    out.append(f"<p>{esc(para.tail)}</p>")
    out.append("</body></html>")
    return "\n".join(out)


def render_markdown(text_title: str, preamble: list[str], chapters: list[Chapter], rng: random.Random) -> str:
    out = [f"# {text_title}", ""]
    if preamble:
        out += ["## Preamble", ""]
        for line in preamble:
            out += [line, ""]
    number = 0
    for chapter_index, chapter in enumerate(chapters, start=1):
        out += [f"## Chapter {roman(chapter_index)} — {chapter.heading}", ""]
        for unit in chapter.units:
            number += 1
            out += [f"### Article {number} — {unit.heading}", ""]
            numbered = len(unit.paragraphs) > 1
            for p_index, para in enumerate(unit.paragraphs, start=1):
                if para.text or numbered:
                    out += [f"{p_index}. {para.text}" if numbered else para.text, ""]
                for line in points_lines(para.points, "un"):
                    out += [line, ""]
                if para.tail:
                    out += [para.tail, ""]
    return "\n".join(out)


# Share of each style in the corpus (weights), with the file extension it is written with.
STYLES = [("un", 30, "txt"), ("coe", 15, "txt"), ("roman", 5, "txt"), ("commonwealth", 20, "txt"),
          ("uscode", 10, "txt"), ("html", 10, "html"), ("markdown", 10, "md")]


def build_chapters(pool: list[Unit], headings: list[str], target_bytes: int, rules, rng: random.Random) -> list[Chapter]:
    """Draws varied units until the target size, then deals them into chapters of 3-14 units."""
    units: list[Unit] = []
    total = 0
    order = list(range(len(pool)))
    rng.shuffle(order)
    cursor = 0
    while total < target_bytes:
        if cursor == len(order):
            rng.shuffle(order)
            cursor = 0
        unit = vary_unit(pool[order[cursor]], rules, rng)
        cursor += 1
        units.append(unit)
        total += unit.size() + 40
    chapters = []
    while units:
        take = rng.randrange(3, 15)
        heading = rng.choice(headings) if headings else "General provisions"
        for pattern, replacement in rules:
            heading = pattern.sub(replacement, heading)
        chapters.append(Chapter(heading=heading, units=units[:take]))
        units = units[take:]
    return chapters


def render(style: str, chapters: list[Chapter], preamble: list[str], rng: random.Random) -> str:
    if style in ("commonwealth",):
        title = f"{rng.choice(ACT_TITLES)} of {rng.choice(JURISDICTIONS)}"
        return render_commonwealth(title, [], chapters, rng)
    if style == "uscode":
        return render_uscode(f"{rng.choice(['Crimes and criminal procedure', 'Computer crime', 'Electronic evidence'])}",
                             chapters, rng)
    title = rng.choice(TREATY_TITLES).format(region=rng.choice(REGIONS), topic=rng.choice(TOPICS))
    if style == "html":
        return render_html(title, preamble, chapters, rng)
    if style == "markdown":
        return render_markdown(title, preamble, chapters, rng)
    return render_treaty(title, preamble, chapters, style, rng)


# ----------------------------------------------------------------------------------------------
# The 64 KB convention pair for revision comparison
# ----------------------------------------------------------------------------------------------


def build_diff_pair(examples: str, pool: list[Unit], headings: list[str], out_dir: str, seed: int) -> dict:
    """rev1 and rev2 of the examples' convention, each padded to ~64 KB with the same extra chapter of
    pooled articles (lightly varied in rev2), so the pair carries the examples' intended changes."""
    rev1_path = os.path.join(examples, "model-convention-rev1.txt")
    rev2_path = os.path.join(examples, "model-convention-rev2.txt")
    if not (os.path.exists(rev1_path) and os.path.exists(rev2_path)):
        return {}
    rng = random.Random(seed * 7 + 64)
    rev1 = open(rev1_path, encoding="utf-8").read().rstrip() + "\n"
    rev2 = open(rev2_path, encoding="utf-8").read().rstrip() + "\n"
    target = 64 * 1024
    rev1_units = len(re.findall(r"(?m)^Article \d+", rev1))
    rev2_units = len(re.findall(r"(?m)^Article \d+", rev2))
    extra: list[Unit] = []
    size = len(rev1.encode())
    order = list(range(len(pool)))
    rules: list[tuple[re.Pattern[str], str]] = []  # keep the convention's own wording
    while size < target:
        rng.shuffle(order)
        for index in order:
            if size >= target:
                break
            unit = vary_unit(pool[index], rules, rng)
            extra.append(unit)
            size += int((unit.size() + 40) * 1.1)  # size() undercounts the rendered bytes by ~10 %
    identity: list[tuple[re.Pattern[str], str]] = []
    rng2 = random.Random(seed * 7 + 65)

    def appendix(units: list[Unit], first_number: int, chapter_number: int) -> str:
        lines = [f"Chapter {roman(chapter_number)}", "Supplementary provisions", ""]
        for offset, unit in enumerate(units):
            lines += [f"Article {first_number + offset}", unit.heading, ""]
            numbered = len(unit.paragraphs) > 1
            for p_index, para in enumerate(unit.paragraphs, start=1):
                if para.text or numbered:
                    lines += [f"{p_index}. {para.text}" if numbered else para.text, ""]
                for line in points_lines(para.points, "un"):
                    lines += [line, ""]
                if para.tail:
                    lines += [para.tail, ""]
        return "\n".join(lines)

    chapters1 = len(re.findall(r"(?m)^Chapter [IVXLC]+", rev1))
    chapters2 = len(re.findall(r"(?m)^Chapter [IVXLC]+", rev2))
    extra2 = [vary_unit(u, identity, rng2) for u in extra]
    text1 = rev1 + "\n" + appendix(extra, rev1_units + 1, chapters1 + 1) + "\n"
    text2 = rev2 + "\n" + appendix(extra2, rev2_units + 1, chapters2 + 1) + "\n"
    # A light revision of rev1 as well: the same articles and numbers, a few words changed in place
    # ("shall" -> "may", a qualifier added or dropped), the case a word diff handles best.
    edit_rng = random.Random(seed * 7 + 66)
    edited_lines = []
    for line in text1.split("\n"):
        roll = edit_rng.random()
        if roll < 0.08 and " shall " in line:
            line = line.replace(" shall ", " may ", 1)
        elif roll < 0.11 and " and " in line:
            line = line.replace(" and ", " and, where appropriate, ", 1)
        elif roll < 0.13 and " intentionally" in line:
            line = line.replace(" intentionally", "", 1)
        edited_lines.append(line)
    text3 = "\n".join(edited_lines)
    os.makedirs(out_dir, exist_ok=True)
    paths = {}
    for name, text in (("convention-64k-rev1.txt", text1), ("convention-64k-rev2.txt", text2),
                       ("convention-64k-rev1-edited.txt", text3)):
        path = os.path.join(out_dir, name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        paths[name] = len(text.encode())
    return paths


# ----------------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", default="examples")
    parser.add_argument("--out", default="bench/corpus")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--megabytes", type=float, default=210.0, help="total size to aim for (MB, 10^6 bytes)")
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--big-mb", type=float, default=20.0,
                        help="also write one large UN-style instrument of this size (MB) to OUT/big/ for the memory check")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    started = time.time()
    sources = sorted(f for f in os.listdir(args.examples) if f.endswith(".txt"))
    if not sources:
        print(f"gen_corpus: no examples/*.txt in {args.examples}", file=sys.stderr)
        return 66
    pool: list[Unit] = []
    headings: list[str] = []
    preambles: list[str] = []
    digest = hashlib.sha256()
    for name in sources:
        with open(os.path.join(args.examples, name), encoding="utf-8") as handle:
            text = handle.read()
        digest.update(name.encode() + b"\0" + text.encode())
        units, containers, preamble = parse_instrument(text, name)
        pool += units
        headings += containers
        if "convention" in name:
            preambles += [line for line in preamble[1:] if len(line) > 20 and line not in preambles]
    if not pool:
        print("gen_corpus: found no articles or sections in the examples", file=sys.stderr)
        return 65
    headings = sorted(set(headings)) or ["General provisions"]

    os.makedirs(args.out, exist_ok=True)
    for stale in os.listdir(args.out):
        if stale.startswith("inst-"):
            os.remove(os.path.join(args.out, stale))
    rng = random.Random(args.seed)
    target_total = int(args.megabytes * 1_000_000)
    mean = target_total / args.count
    weights = [w for _, w, _ in STYLES]
    files = []
    total = 0
    for index in range(args.count):
        style, _, ext = rng.choices(STYLES, weights=weights)[0]
        item_rng = random.Random(rng.getrandbits(64))
        # Sizes spread from a short protocol to a long act, averaging `mean`.
        remaining = args.count - index
        aim = max(8_000, int((target_total - total) / remaining * item_rng.uniform(0.4, 1.6)))
        rules = compile_synonyms(item_rng)
        chapters = build_chapters(pool, headings, int(aim * 0.93), rules, item_rng)
        preamble = [vary(line, rules, item_rng, 0, extras=False) for line in preambles] if style not in ("commonwealth", "uscode") else []
        text = render(style, chapters, preamble, item_rng)
        data = text.encode("utf-8")
        name = f"inst-{index + 1:04d}-{style}.{ext}"
        with open(os.path.join(args.out, name), "wb") as handle:
            handle.write(data)
        total += len(data)
        files.append({"file": name, "style": style, "bytes": len(data)})
    big = {}
    if args.big_mb > 0:
        big_rng = random.Random(args.seed * 7 + 20)
        rules = compile_synonyms(big_rng)
        chapters = build_chapters(pool, headings, int(args.big_mb * 1_000_000 * 1.08), rules, big_rng)
        data = render("un", chapters, preambles, big_rng).encode("utf-8")
        os.makedirs(os.path.join(args.out, "big"), exist_ok=True)
        name = f"instrument-{int(args.big_mb)}mb.txt"
        with open(os.path.join(args.out, "big", name), "wb") as handle:
            handle.write(data)
        big = {"file": "big/" + name, "bytes": len(data)}
    diff = build_diff_pair(args.examples, pool, headings, os.path.join(args.out, "diff"), args.seed)
    manifest = {
        "generator": GENERATOR_VERSION, "seed": args.seed, "count": args.count, "bytes": total,
        "examples": sources, "examples_sha256": digest.hexdigest(), "pool_units": len(pool),
        "styles": {s: sum(1 for f in files if f["style"] == s) for s, _, _ in STYLES},
        "files": files, "diff": diff, "big": big,
    }
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1)
    if not args.quiet:
        print(f"gen_corpus: {len(files)} instruments, {total / 1e6:.1f} MB from {len(pool)} pooled provisions "
              f"of {len(sources)} examples in {time.time() - started:.1f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
