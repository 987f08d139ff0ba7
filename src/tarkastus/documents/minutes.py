"""Agreements published inside minutes: find the agreement's lines in a converted file.

Municipalities publish an agreement as an appendix of council or board
minutes (pöytäkirja, protokoll): one PDF holds the meeting's header
("Kokousaika", "Läsnä"), the items ("§ 45", "Päätösehdotus", "Päätös",
"Muutoksenhaku") and somewhere the agreement itself. ``extract_agreement``
returns the agreement's lines with their locators unchanged, so a finding
still says "sivu 14, rivi 3" of the published file.

How it decides, line by line (a bounded head of each line, ``_HEAD`` and
``_TYPE_CHARS`` characters, so the work per line is bounded):

* **Minutes**: at least two different minutes *labels* start a line
  ("Kokousaika 12.3.2024", "Päätös: Hyväksyttiin.", "| Läsnä | …",
  "Sammanträdestid", "Beslut"). A label counts only alone, before a colon
  or a table bar, or before a capital or a digit, so "Päätös tehdään
  yksimielisesti" in an agreement is no label. A text that is not minutes
  is returned unchanged if it is an agreement by the prose reader's own
  test (``prose.doctype.prose_candidate``), else it holds none.
* **Start**: a line that names an agreement by the prose reader's title
  words (``doctype.titled``: "YHTEISTOIMINTASOPIMUS", "Sopimus
  viranomaistehtävän hoitamisesta", "Avtal om …"), short and not a
  sentence, not a minutes item or label, **followed by sections numbered 1
  and 2 before the next minutes label** (so an item's title, "§ 45 Sopimus
  …", or a title quoted in the item's text is passed over). Of several,
  the one with the most numbered sections before the next label wins (an
  agreement has a dozen; a list of parties quoted in an item, two or
  three), the first of equals. Only when no title is so followed, one
  followed by the sentence naming the section of law ("Tämä sopimus on
  kuntalain 54 §:n mukainen") within ``_FALLBACK_LINES`` lines will do.
  The start then takes in the approval stamps and capital lines right
  above the title ("Hyväksytty: Kunnanhallitus 15.4.2024, 45 §", "TURUN
  TYÖLLISYYSALUE").
* **End**, whichever comes first: a minutes label (not a running
  "Pöytäkirja 3/2024" page header); a minutes item ("§ 46 Talousarvio",
  "Kunnanhallitus § 46 12.3.2024"), though before the signatures heading
  ("Allekirjoitukset", "Päiväys ja allekirjoitukset", "Underskrifter") an
  agreement's own articles numbered in turn ("1 §", "2 §" …) are no items;
  an appendix line ("Liite 4", "Bilaga 2") other than the one the agreement
  is (a "Liite 3" stamp on every page of appendix 3 is not an end). Else
  the end of the file. Blank lines at the end are not the agreement's.

Cost: every line is classified once, and each candidate title is judged in
constant time from tables of "the next label / section 1 / section 2 at or
after this line" built in one backward pass: linear in the text. A text
that is not minutes is judged by ``prose_candidate``, whose cost is the
prose reader's own (it reads the whole text for the sentence of law).

Limits: one agreement is found, not a second one; a title the prose
reader's words do not know, or an agreement whose sections are neither
numbered nor say their section of law, is not found; a plan
(järjestämissuunnitelma) inside minutes is not looked for; the agreement's
own appendix ("Liite 1 Kustannustenjako") is cut off; a minutes item whose
number happens to follow the agreement's last "N §" article is read as one
more article; stamps above the title are recognised by their shape (a
short label, a colon, then digits), not by words, because the lexicon's
stamp words (``hyvaksynta``) live in the rule pack, which the loader does
not have; a minutes label that starts a line of the agreement itself
("Lisätiedot: …") ends it there.
"""

from __future__ import annotations

import re

from ..prose.doctype import kind_of, prose_candidate, titled
from ..text import norm, words
from .converted import Converted, locator_part

_HEAD = 200  # characters of a line read to classify it
_TITLE_CHARS = 160  # a title is a line, not a paragraph
_TITLE_WORDS = 24
_STAMP_LINES = 24  # lines above a title searched for its approval stamps (one per municipality)
_FALLBACK_LINES = 60  # a type sentence must follow a title within this many lines
_TYPE_CHARS = 600  # characters of a line searched for that sentence (kind_of's work grows faster than the text)

# Labels of a meeting's header: they show the text is minutes. Normalised
# words (text.norm: lower case, no diacritics), Finnish then Swedish.
HEADER_LABELS = (
    ("kokousaika",), ("kokouspaikka",), ("lasna",), ("poissa",), ("muut", "lasnaolijat"),
    ("poytakirjan", "tarkastus"), ("poytakirjan", "tarkastajat"), ("poytakirjan", "allekirjoitus"),
    ("poytakirjan", "nahtavanapito"), ("poytakirja", "nahtavana"), ("puheenjohtajan", "allekirjoitus"),
    ("sammantradestid",), ("sammantradesplats",), ("narvarande",), ("franvarande",), ("ovriga", "narvarande"),
    ("protokolljustering",), ("justering", "av", "protokollet"), ("protokollet", "justerat"),
    ("protokollet", "framlagt"),
)
# Labels of an item of the minutes (its preparation, proposal, decision, appeal instructions).
ITEM_LABELS = (
    ("paatosehdotus",), ("ehdotus",), ("esittelijan", "ehdotus"), ("paatos",), ("kasittely",),
    ("valmistelija",), ("valmistelu",), ("valmistelijat",), ("esittelija",), ("lisatiedot",), ("lisatietoja",),
    ("muutoksenhaku",), ("muutoksenhakuohje",), ("oikaisuvaatimusohje",), ("oikaisuvaatimusohjeet",),
    ("valitusosoitus",), ("muutoksenhakukielto",), ("tiedoksi",), ("otteet",), ("toimenpiteet",),
    ("beslutsforslag",), ("forslag",), ("foredragandens", "forslag"), ("beslut",), ("behandling",),
    ("beredare",), ("beredning",), ("foredragande",), ("tillaggsuppgifter",), ("narmare", "upplysningar"),
    ("ytterligare", "upplysningar"), ("besvarsanvisning",), ("anvisning", "for", "rattelseyrkande"),
    ("anvisning", "om", "rattelseyrkande"), ("rattelseyrkande",), ("andringssokande",),
    ("sokande", "av", "andring"), ("forbud", "mot", "andringssokande"), ("for", "kannedom"), ("utdrag",),
)
# A running page header of minutes ("Pöytäkirja 3/2024 14 (40)"): it shows the
# text is minutes, but repeats on the appendix's pages too, so it ends nothing.
PAGE_LABELS = (("poytakirja",), ("esityslista",), ("protokoll",), ("foredragningslista",))
_ENDING = frozenset(HEADER_LABELS + ITEM_LABELS)
_LABELS = HEADER_LABELS + ITEM_LABELS + PAGE_LABELS
_LONGEST_LABEL = max(len(label) for label in _LABELS)

# The word of an appendix line: "Liite 3", "LIITE 3 / KH 12.3.2024 § 45", "Bilaga 2".
APPENDIX_WORDS = ("liite", "bilaga")
# Headings of an agreement's signature section (its words, numbering dropped).
SIGNATURE_HEADINGS = frozenset((
    ("allekirjoitukset",), ("allekirjoitus",), ("paivays", "ja", "allekirjoitukset"),
    ("paivays", "ja", "allekirjoitus"), ("sopimuksen", "allekirjoitukset"), ("sopimuksen", "allekirjoittaminen"),
    ("underskrifter",), ("underskrift",), ("datum", "och", "underskrifter"), ("avtalets", "undertecknande"),
))

_MARKUP = "#*_|> \t"  # heading marks, emphasis, table bars, quotes: not words of the line
_TOKEN = re.compile(r"[^\W_]+")
# A minutes item: "§ 45 Sopimus …", "45 § Talousarvio" (its title, if any, in capitals or a date) …
_ITEM_SECTION_FIRST = re.compile(r"§[ \t]*(\d{1,4})(?!\d)[ \t]*(.?)")
_ITEM_NUMBER_FIRST = re.compile(r"(\d{1,4})[ \t]*§(?![:\w])[ \t]*(.?)")
# … or a Dynasty item header: one to three words, "§ 45", perhaps the date ("Kunnanhallitus § 45 12.3.2024").
_ITEM_HEADER = re.compile(r"(?:[^\W\d_]+[ \t]+){1,3}§[ \t]*(\d{1,4})[ \t]*[\d.]*[ \t|]*")
# A section heading numbered N (not N.M): "1. Sopijapuolet", "2 Tarkoitus", "1. LUKU", "3 §", "§ 3 Nimi".
_SECTION = re.compile(r"(\d{1,2})\.?[ \t]*(§|[^\W\d_])")
_ARTICLE = re.compile(r"§[ \t]*(\d{1,2})[ \t]+[^\W\d_]")
_NUMBERING = re.compile(r"\d{1,2}(?:\.\d{1,2}){0,3}\.?[ \t]*")
_STAMP_LABEL = re.compile(r"[^\W\d_]+(?:[ \t][^\W\d_]+){0,2}[ \t]*:")


def extract_agreement(converted: Converted) -> Converted | None:
    """The agreement a converted file holds, or None if it holds none.

    * A file that is not minutes and is an agreement (or a plan) by the prose
      reader's test: ``converted`` itself, unchanged (``extracted_from`` None).
    * Minutes that hold an agreement: a new ``Converted`` of the agreement's
      lines only, each with its original locator, the draft counts
      (``tracked_changes``, ``comments``) kept, and ``extracted_from`` the
      locators of its first and last line.
    * Minutes without an agreement, or a text that is neither: None.

    A text without locators (Markdown) gets "rivi N" locators in the extract.
    """
    lines = _lines(converted.text)
    if not is_minutes(lines):
        return converted if prose_candidate("", converted.text) else None
    span = agreement_span(lines)
    if span is None:
        return None
    start, end = span
    locators = [_locator(converted.locators, lines, i) for i in range(start, end)]
    return Converted("\n".join(lines[start:end]) + "\n", locators, converted.tracked_changes,
                     converted.comments, (locators[0], locators[-1]))


def is_minutes(lines: list[str]) -> bool:
    """Whether at least two different minutes labels start a line ("Kokousaika", "Päätös:")."""
    seen = set()
    for line in lines:
        label = _label(line)
        if label is not None:
            seen.add(label)
            if len(seen) >= 2:
                return True
    return False


def agreement_span(lines: list[str]) -> tuple[int, int] | None:
    """(first, end) line indices of the agreement in minutes' lines (end exclusive), or None if there is none."""
    n = len(lines)
    kinds = [_classify(line) for line in lines]
    # Looking ahead in O(1) for every candidate title: for each line the next
    # minutes label, the next section numbered 1, the next numbered 2, and
    # the next sentence naming a section of law, at or after it.
    next_end, next_one, next_two, next_type = [n] * (n + 1), [n] * (n + 1), [n] * (n + 1), [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        kind = kinds[i]
        next_end[i] = i if kind.label in _ENDING else next_end[i + 1]
        next_one[i] = i if kind.section == 1 else next_one[i + 1]
        next_two[i] = i if kind.section == 2 else next_two[i + 1]
        next_type[i] = i if kind.typed else next_type[i + 1]
    # Sections before each line, to score a title by the sections that follow it before the next label:
    # an agreement has a dozen, a list of parties quoted in an item's text two or three.
    sections = [0] * (n + 1)
    for i in range(n):
        sections[i + 1] = sections[i] + (kinds[i].section is not None)
    titles = [i for i in range(n) if kinds[i].title]
    scored = [(sections[next_end[i + 1]] - sections[i + 1], -i) for i in titles
              if next_two[next_one[i + 1]] < next_end[i + 1]]
    title = -max(scored)[1] if scored else None
    if title is None:
        title = next((i for i in titles if next_type[i + 1] < min(next_end[i + 1], i + 1 + _FALLBACK_LINES)), None)
    if title is None:
        return None
    start = _stamps_above(lines, kinds, title)
    appendix = next((kinds[i].appendix for i in range(start - 1, -1, -1) if kinds[i].appendix is not None), None)
    end = _end(kinds, title, appendix)
    while end > start and not lines[end - 1].strip():
        end -= 1
    return start, end


class _Kind:
    """What one line is, as far as finding an agreement in minutes goes."""

    __slots__ = ("label", "item", "item_number", "section", "appendix", "signatures", "title", "typed", "stamp")

    def __init__(self) -> None:
        self.label = None  # the minutes label the line starts with (a tuple of words)
        self.item = False  # a minutes item ("§ 45 …") or an agreement's article ("3 § …")
        self.item_number = None  # its number, if it could be an article (the § next to the number)
        self.section = None  # the number N of a section heading "N …" (not N.M)
        self.appendix = None  # the number of an appendix line ("Liite 3")
        self.signatures = False  # the heading of the signatures
        self.title = False  # a line that could be an agreement's title
        self.typed = False  # a sentence naming the section of law the agreement is made under
        self.stamp = False  # an approval stamp or a line in capitals, as above a title


def _classify(line: str) -> _Kind:
    kind = _Kind()
    raw = line.strip()
    if not raw:
        return kind
    head = raw[:_HEAD]
    bare = head.lstrip(_MARKUP)
    kind.label = _label(line)
    item = _item(bare)
    if item is not None:
        kind.item, kind.item_number = True, item
    kind.appendix = _appendix(bare, len(raw))
    heading = head.startswith("#")
    plain = head.lstrip("#").strip()
    m = _SECTION.match(plain)
    if m is not None and m.group(2) != "§" and not heading:
        # A numbered line that is no heading ("1. Kemin kaupunki," in a list) must look like one.
        if not m.group(2).isupper() or len(raw) > 100 or raw.endswith((",", ";", ".")):
            m = None
    if m is not None and int(m.group(1)) >= 1:
        kind.section = int(m.group(1))
    elif (article := _ARTICLE.match(plain)) is not None:
        kind.section = int(article.group(1))
    numbering = _NUMBERING.match(plain)
    rest = plain[numbering.end():] if numbering is not None else plain
    kind.signatures = words(rest[:80]) in SIGNATURE_HEADINGS
    ordinary = kind.label is None and not kind.item and kind.appendix is None
    kind.title = (ordinary and len(raw) <= _TITLE_CHARS and not raw.endswith((".", ":", ";", ","))
                  and len(head.split()) <= _TITLE_WORDS and titled(head))
    kind.typed = ordinary and _typed(raw)
    kind.stamp = ordinary and len(raw) <= _TITLE_CHARS and (_stamp(bare) or _capitals(bare))
    return kind


def _tokens(text: str) -> list[tuple[str, int]]:
    """The first words of ``text``, normalised, each with the offset where it ends."""
    out = []
    for m in _TOKEN.finditer(text):
        out.append((norm(m.group()), m.end()))
        if len(out) > _LONGEST_LABEL:
            break
    return out


def _label(line: str) -> tuple | None:
    """The minutes label a line starts with, if it stands as a label (alone, before ':' or '|', or a capital)."""
    bare = line.strip()[:_HEAD].lstrip(_MARKUP)
    if not bare[:1].isalpha():
        return None
    tokens = _tokens(bare[:80])
    for size in range(min(_LONGEST_LABEL, len(tokens)), 0, -1):
        label = tuple(word for word, _ in tokens[:size])
        if label not in _LABELS:
            continue
        after = bare[tokens[size - 1][1]:].lstrip("*_ \t")
        if not after or after[0] in ":|\t–-" or after[0].isupper() or after[0].isdigit() or after[0] == "(":
            return label
    return None


def _item(bare: str) -> int | None:
    """A minutes item line: its number if the § stands next to it ("§ 45", "45 §"), -1 for a header form."""
    for pattern in (_ITEM_SECTION_FIRST, _ITEM_NUMBER_FIRST):
        m = pattern.match(bare)
        if m is not None:
            follow = m.group(2)
            if not follow or follow.isupper() or follow.isdigit() or follow == "|":
                return int(m.group(1))
            return None
    m = _ITEM_HEADER.fullmatch(bare.rstrip())
    if m is not None:
        return -1
    return None


def _appendix(bare: str, length: int) -> int | None:
    tokens = _tokens(bare[:40])
    if length <= 100 and len(tokens) >= 2 and tokens[0][0] in APPENDIX_WORDS and tokens[1][0].isdecimal() \
            and len(tokens[1][0]) <= 3:
        return int(tokens[1][0])
    return None


def _typed(raw: str) -> bool:
    window = raw[:_TYPE_CHARS]
    return "§" in window and kind_of(window) is not None


def _stamp(bare: str) -> bool:
    """An approval stamp's shape: a short label, a colon, digits ("Hyväksytty: Kunnanhallitus 15.4.2024, 45 §")."""
    m = _STAMP_LABEL.match(bare[:40])
    return m is not None and any(ch.isdigit() for ch in bare[m.end():])


def _capitals(bare: str) -> bool:
    """A line in capitals above a title ("TURUN TYÖLLISYYSALUE"), not a title of its own."""
    return len(bare) <= 80 and bare.isupper() and not titled(bare)


def _stamps_above(lines: list[str], kinds: list[_Kind], title: int) -> int:
    """The first line of the agreement: the title, or the stamps and capital lines right above it."""
    start = title
    for i in range(title - 1, max(-1, title - 1 - _STAMP_LINES), -1):
        if not lines[i].strip():
            continue
        if not kinds[i].stamp:
            break
        start = i
    return start


def _end(kinds: list[_Kind], title: int, appendix: int | None) -> int:
    """Where the agreement that starts at ``title`` ends (the index of the first line not its own)."""
    signed = False
    article = 0  # the agreement's last "N §" article
    for i in range(title + 1, len(kinds)):
        kind = kinds[i]
        if kind.label in _ENDING:
            return i
        if kind.appendix is not None and kind.appendix != appendix:
            return i
        if kind.item:
            if not signed and kind.item_number == article + 1:
                article += 1  # the agreement's own next article ("2 §" after "1 §")
            else:
                return i
        if kind.signatures:
            signed = True
    return len(kinds)


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def _locator(locators: list, lines: list[str], i: int) -> str:
    if i < len(locators) and isinstance(locators[i], str) and (locators[i] or not lines[i].strip()):
        return locators[i]
    return locator_part("line", n=i + 1) if lines[i].strip() else ""
