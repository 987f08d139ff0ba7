"""The document type: the sentence that names the section of law, else the title.

"Tämä sopimus on kuntalain 54 §:n mukainen sopimus …" is a kl54 agreement;
"kuntalain 51 ja 52 §:ssä tarkoitettu" a cooperation agreement with a lead
municipality (malli: vastuukunta), 55–56 § a joint authority's founding
agreement (malli: kuntayhtymä); a plan under JärjL 15 § a
järjestämissuunnitelma. Titles vary too much to decide alone
(real-documents.md), so the title is used only when no sentence says it.
"""

from __future__ import annotations

from ..diagnostics import Position
from ..text import index_of, norm, words

# "54 §", "51 ja 52 §", "55–56 §", "51, 52 och 54 §": the section numbers before a §.
# "51 ja 52 §", "54 §": read backwards from each "§" (section_mentions), at most this far.
# A pattern read forwards ("(\d{1,3})((?:[ \t]*,[ \t]*\d{1,3})*)[ \t]*§") tried the whole
# list of numbers again from every number in it: 48 KB of "1, 1, " without a § took 10 s.
_LOOKBACK = 160
_SEPARATORS = (",", "ja", "och", "–", "-")
_WINDOW = 48  # characters before the numbers in which the act must be named
_AFTER = 24  # or after the §, as Swedish has it ("enligt 54 § i kommunallagen")
_AFTER_ACT = 64  # "15 § 4 mom. i lagen om ordnande av arbetskraftsservice"
# These run before any rule pack is loaded (``prose_candidate`` decides which files are agreements),
# so they are not lexicon entries; both languages' words are here.
_KUNTALAKI = ("kuntala", "kommunallag", "kl ", "koml")
_JARJL = ("jarjestamisla", "tyovoimapalvelu", "jarjl", "380/2023", "arbetskraftsservice", "organiseringslag")
_PLAN = ("suunnitelm", "plan")
_TITLE_KINDS = (("otsikko_suunnitelma", "järjestämissuunnitelma", None),
                ("otsikko_kl54", "kl54", None),
                ("otsikko_kuntayhtyma", "yhteistoimintasopimus", "kuntayhtymä"),
                ("otsikko_vastuukuntamalli", "yhteistoimintasopimus", "vastuukunta"),
                ("otsikko_yhteistoiminta", "yhteistoimintasopimus", None))
_TITLES = 3  # level-1 headings read for the type ("TURUN TYÖLLISYYSALUE" above the real title)


def section_mentions(text: str):
    """(start, end, numbers) of every "51 ja 52 §" in ``text``, end just past the "§".

    Linear: each "§" is read backwards over at most ``_LOOKBACK`` characters
    (numbers of up to three digits, joined by ",", "ja", "och" or a dash).
    """
    at = text.find("§")
    while at >= 0:
        floor = max(0, at - _LOOKBACK)
        numbers: list[int] = []
        start = None
        j = _blank_before(text, at, floor)
        while True:
            k = j
            while k > floor and j - k < 3 and "0" <= text[k - 1] <= "9":
                k -= 1
            if k == j:
                break
            numbers.append(int(text[k:j]))
            start = k
            gap = _blank_before(text, k, floor)
            separator = next((sep for sep in _SEPARATORS if gap - len(sep) >= floor
                              and text.startswith(sep, gap - len(sep))), None)
            if separator is None:
                break
            j = _blank_before(text, gap - len(separator), floor)
        if numbers:
            yield start, at + 1, numbers[::-1]
        at = text.find("§", at + 1)


def _blank_before(text: str, index: int, floor: int) -> int:
    while index > floor and text[index - 1] in " \t":
        index -= 1
    return index


def kind_of(text: str):
    """(type, model) that a sentence naming sections of law gives, or None."""
    found = set()
    plan = False
    for start, end, numbers in section_mentions(text):
        before = norm(text[max(0, start - _WINDOW):start])
        after = norm(text[end:end + _AFTER])  # Swedish: "enligt 54 § i kommunallagen"
        numbers = set(numbers)
        if any(word in before for word in _KUNTALAKI) or "kommunallag" in after or "koml" in after:
            found |= numbers
        elif 15 in numbers and (any(word in before for word in _JARJL)
                                or any(word in norm(text[end:end + _AFTER_ACT]) for word in _JARJL)):
            plan = True
    if plan and any(word in norm(text) for word in _PLAN):
        return "järjestämissuunnitelma", None
    if found & {55, 56}:
        return "yhteistoimintasopimus", "kuntayhtymä"
    if found & {51, 52}:
        return "yhteistoimintasopimus", "vastuukunta"
    if 54 in found:
        return "kl54", None
    return None


def stated_kind(text: str, book):
    """(type, model) that ``text`` states, read as ``read_facts`` reads them, or None.

    The first sentence that names its section of law decides, else the
    title. ``kind_of`` of a whole text mixes every section the text names,
    and a cooperation agreement that is to be sent "järjestämislain 15 §:n
    mukaisesti yhdessä suunnitelman kanssa" would be a plan.
    """
    from .body import read_body
    from .facts import Reader

    reader = Reader(read_body(text.removeprefix("\ufeff")), book)
    read(reader)
    doc_type = reader.facts.data.get("tyyppi")
    return (doc_type, reader.facts.data.get("malli")) if doc_type else None


def title(reader):
    """(text, position) of the title: the first level-1 heading, else the first heading or line."""
    body = reader.body
    from ..diagnostics import Position

    heading = next((h for h in body.headings if h.level == 1), None)
    if heading is not None:
        return heading.title, Position(heading.line, heading.column)
    stamp = reader.words("hyvaksynta")
    for number, line in body.preamble[:6]:
        # An ALL CAPS first line: a title written without '#'.
        if line.isupper() and not stamp.match_index(index_of(line)):
            return line, Position(number, body.lines[number - 1].index(line[0]) + 1)
    return None


def read(reader) -> None:
    sentence = reader.words("tyyppilause")
    for unit in reader.body.units:
        if not sentence.match_index(unit.index):
            continue
        kind = kind_of(unit.text)
        if kind is None:
            continue
        doc_type, model = kind
        pos = unit.pos(0)
        reader.put("tyyppi", doc_type, pos, unit.text)
        if model:
            reader.put("malli", model, pos, unit.text)
        break
    found = title(reader)
    if found is None:
        return
    text, pos = found
    reader.put("otsikko", text, pos, text)
    titles = [(text, pos)] + [(h.title, Position(h.line, h.column)) for h in reader.body.headings
                              if h.level == 1 and h.title != text][:_TITLES - 1]
    for name, doc_type, model in _TITLE_KINDS:
        for title_text, at in titles:
            if reader.words(name).match_index(index_of(title_text)):
                reader.put("tyyppi", doc_type, at, title_text)
                if model and reader.get("tyyppi") == doc_type:
                    reader.put("malli", model, at, title_text)
                return


# Words of a title that name one of the three documents (normalised, as text.norm gives them).
TITLE_WORDS = frozenset(("sopimus", "sopimusluonnos", "yhteistoimintasopimus", "jarjestamissuunnitelma",
                         "perussopimus", "avtal", "avtalet", "samarbetsavtal", "avtalsutkast", "grundavtal"))
NEGATIONS = frozenset(("ei", "inte", "not"))  # "# Ei sopimus": a title that says it is none
DOCUMENTATION = ("readme", "changelog", "contributing", "license")  # a repository's own documents
_TITLE_LINES = 12  # non-empty lines at the top where the title may be (after approval stamps)


def titled(line: str) -> bool:
    """Whether a line is a title that names an agreement ("# Sopimus …", "YHTEISTOIMINTASOPIMUS")."""
    title = set(words(line.lstrip("# ")[:200]))
    return bool(TITLE_WORDS & title) and not title & NEGATIONS


def prose_candidate(name: str, text: str) -> bool:
    """Whether a Markdown file without front matter is to be checked as an agreement.

    Its text names the section of law it is made under ("kuntalain 54 §:n
    mukainen"), or one of its first lines is a title that names an
    agreement (a heading, or a line in capitals). Never a repository's own
    README or CHANGELOG. The type itself is decided when the file is read
    (``read``); a candidate that turns out untyped gets a warning.
    """
    if name.lower().startswith(DOCUMENTATION):
        return False
    if kind_of(text) is not None:
        return True
    seen = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        seen += 1
        if seen > _TITLE_LINES:
            break
        stripped = line.strip()
        if (stripped.startswith("#") or stripped.isupper()) and titled(stripped):
            return True
    return False
