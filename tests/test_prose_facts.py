"""Facts read from an agreement's prose: ``tarkastus.prose.read_facts``.

The phrasings are data (tests/data/prose_phrasings.yaml): each case is a
Markdown text written the way municipal lawyers write agreements and what
``read_facts(text, book).plain()`` must hold for it, path by path. One
parametrized test per property runs every case (``pytest -k voimassaolo``
runs the validity cases, ``-k osapuolet-nimiorivit`` one case):

- the values (``expect``, ``contains``, ``absent``, ``count``);
- the positions (``at``): a Fact with that key at that line and column;
- the evidence of every fact: its position lies in the text, its quote
  occurs in it, and the text at the position starts with the quote;
- ``plain()`` fits the front-matter schema (the shapes the loader checks
  front matter against), so the engine can treat the two alike.

Hypothesis then checks that the reader never raises, on random text and on
the cases' lines shuffled, truncated and repeated, that every fact it
returns lies inside the text and quotes it, and (a test of its own, so
that a failure there does not hide a crash) that each points at its quote.

The reader is imported inside a fixture, so this module collects even
before ``tarkastus.prose`` has it.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DATA = Path(__file__).resolve().parent / "data" / "prose_phrasings.yaml"
CASES = yaml.safe_load(DATA.read_text(encoding="utf-8"))
CASE_FIELDS = {"name", "text", "expect", "contains", "absent", "count", "at"}
DOC_TYPES = {"kl54", "yhteistoimintasopimus", "järjestämissuunnitelma", None}
MISSING = object()


def by_name(cases):
    return [pytest.param(case, id=case["name"]) for case in cases]


@pytest.fixture(scope="session")
def read(book):
    """``read_facts`` bound to the shipped rule pack."""
    from tarkastus.prose import read_facts

    return lambda text: read_facts(text, book)


# ---- paths and comparison ---------------------------------------------------------

_STEP = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def resolve(data, path: str):
    """The value at a dotted path (``osapuolet[0].rooli``), or MISSING."""
    node = data
    for name, index in _STEP.findall(path):
        if name:
            if not isinstance(node, dict) or name not in node:
                return MISSING
            node = node[name]
        else:
            if not isinstance(node, list) or int(index) >= len(node):
                return MISSING
            node = node[int(index)]
    return node


def matches(actual, expected) -> bool:
    """Exact for scalars; a mapping by the keys expected; a list in any order."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(actual) is type(expected) and actual == expected
    if isinstance(expected, (int, float)):
        return isinstance(actual, (int, float)) and math.isclose(actual, expected, abs_tol=1e-9)
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and matches(actual[key], value) for key, value in expected.items())
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return False
        unused = list(actual)
        for item in expected:
            hit = next((i for i, candidate in enumerate(unused) if matches(candidate, item)), None)
            if hit is None:
                return False
            unused.pop(hit)
        return True
    return actual == expected


def as_text(value) -> str:
    if isinstance(value, dict):
        return " ".join(as_text(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(as_text(v) for v in value)
    return str(value)


def is_empty(value) -> bool:
    return value is MISSING or value is None or value == [] or value == {} or value == ""


def offset_of(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    return sum(len(lines[i]) + 1 for i in range(line - 1)) + column - 1


def assert_sound(text: str, facts) -> None:
    """Whatever the text, the result is well-formed and every fact shows its evidence."""
    assert facts.doc_type in DOC_TYPES
    plain = facts.plain()
    assert isinstance(plain, dict)
    json.dumps(plain, ensure_ascii=False)
    lines = text.split("\n")
    for fact in facts.items:
        assert isinstance(fact.key, str) and fact.key, fact
        line, column = fact.pos.line, fact.pos.column
        assert 1 <= line <= len(lines), (fact, len(lines))
        assert 1 <= column <= len(lines[line - 1]) + 1, (fact, lines[line - 1])
        quote = fact.quote
        assert isinstance(quote, str) and quote.strip(), fact
        if quote not in text:  # a quote across lines may have its line breaks as spaces
            for word in quote.split():
                assert word in text, (fact, word)


def assert_quoted_at_position(text: str, facts) -> None:
    """A fact's position is where its words are: the text there starts with the quote."""
    lines = text.split("\n")
    for fact in facts.items:
        first = fact.quote.split()[0]
        at = text[offset_of(text, fact.pos.line, fact.pos.column):]
        assert at.startswith(first), (f"{fact.key} at {fact.pos.line}:{fact.pos.column} quotes {fact.quote!r}, "
                                      f"but the line there reads {lines[fact.pos.line - 1]!r}")


# ---- the cases as data --------------------------------------------------------------

def _municipalities(case):
    """Every name an expectation gives as a municipality."""
    def walk(value, key):
        if isinstance(value, dict):
            for k, v in value.items():
                yield from walk(v, k)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item, key)
        elif key in ("kunta", "vastuukunta", "alue", "työnantaja", "vastuu") and isinstance(value, str):
            yield value

    for path, value in case.get("expect", {}).items():
        yield from walk(value, path.rsplit(".", 1)[-1].split("[")[0])


def test_cases_are_well_formed(book):
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    for case in CASES:
        assert set(case) <= CASE_FIELDS, (case["name"], set(case) - CASE_FIELDS)
        assert isinstance(case["text"], str) and case["text"].strip(), case["name"]
        assert set(case) & {"expect", "contains", "absent", "count", "at"}, case["name"]
        lines = case["text"].split("\n")
        for path, where in case.get("at", {}).items():
            assert isinstance(where, str), (case["name"], path, "quote 'line:col', or YAML reads a number")
            line, _, column = where.partition(":")
            assert 1 <= int(line) <= len(lines), (case["name"], path)
            if column:
                assert 1 <= int(column) <= len(lines[int(line) - 1]), (case["name"], path)
        for path, value in case.get("expect", {}).items():
            assert not isinstance(value, _dt.date), (case["name"], path, "quote dates: '2025-01-01'")
        for name in _municipalities(case):
            if "oy" in name.lower().split():
                continue
            assert book.registry.canonical(name) == name, (case["name"], name, "not a canonical municipality name")


# ---- the reader on the cases ----------------------------------------------------------

@pytest.mark.parametrize("case", by_name(CASES))
def test_phrasing(read, case):
    facts = read(case["text"])
    plain = facts.plain()
    shown = json.dumps(plain, ensure_ascii=False, indent=1)
    for path, expected in case.get("expect", {}).items():
        actual = resolve(plain, path)
        assert actual is not MISSING, f"{path}: not read\n{shown}"
        assert matches(actual, expected), f"{path}: {actual!r} != {expected!r}\n{shown}"
        if path == "tyyppi":
            assert facts.doc_type == expected
    for path, words in case.get("contains", {}).items():
        actual = resolve(plain, path)
        assert not is_empty(actual), f"{path}: not read\n{shown}"
        written = as_text(actual).casefold()
        for word in [words] if isinstance(words, str) else words:
            assert word.casefold() in written, f"{path}: {word!r} not in {actual!r}"
    for path in case.get("absent", []):
        actual = resolve(plain, path)
        assert is_empty(actual), f"{path}: read as {actual!r}, but the text does not state it\n{shown}"
        if path == "tyyppi":
            assert facts.doc_type is None
    for path, number in case.get("count", {}).items():
        actual = resolve(plain, path)
        assert isinstance(actual, list), f"{path}: {actual!r} is not a list\n{shown}"
        assert len(actual) == number, f"{path}: {len(actual)} items, not {number}\n{shown}"


@pytest.mark.parametrize("case", by_name([case for case in CASES if "at" in case]))
def test_phrasing_positions(read, case):
    facts = read(case["text"])
    for path, where in case["at"].items():
        found = [fact for fact in facts.items if fact.key == path]
        assert found, f"no fact with key {path!r}; keys: {sorted({fact.key for fact in facts.items})}"
        places = [(fact.pos.line, fact.pos.column) for fact in found]
        line, _, column = where.partition(":")
        if column:
            assert (int(line), int(column)) in places, (path, places, found)
        else:
            assert int(line) in [place[0] for place in places], (path, places, found)


@pytest.mark.parametrize("case", by_name(CASES))
def test_phrasing_evidence(read, case):
    facts = read(case["text"])
    assert_sound(case["text"], facts)
    assert_quoted_at_position(case["text"], facts)


def _fits(value, shape, where: str) -> None:
    from tarkastus.documents.shape import ListShape, MapShape, UnionShape

    if isinstance(shape, UnionShape):
        failures = []
        for option in shape.options:
            try:
                _fits(value, option, where)
                return
            except AssertionError as exc:
                failures.append(str(exc))
        raise AssertionError(f"{where}: {value!r} fits none of the forms ({failures})")
    if isinstance(shape, MapShape):
        assert isinstance(value, dict), f"{where}: {value!r} is not a mapping"
        for key, item in value.items():
            assert key in shape.fields, f"{where}.{key}: not a front-matter key (known: {sorted(shape.fields)})"
            _fits(item, shape.fields[key].shape, f"{where}.{key}")
    elif isinstance(shape, ListShape):
        assert isinstance(value, list), f"{where}: {value!r} is not a list"
        for i, item in enumerate(value):
            _fits(item, shape.item, f"{where}[{i}]")
    else:
        assert value is not None, f"{where}: null (a fact not read is left out)"
        try:
            shape.convert(value)
        except (ValueError, TypeError) as exc:
            raise AssertionError(f"{where}: {value!r} is not a front-matter value: {exc}") from None


@pytest.mark.parametrize("case", by_name(CASES))
def test_plain_is_shaped_like_front_matter(read, shapes, case):
    facts = read(case["text"])
    plain = facts.plain()
    if facts.doc_type is None:
        assert plain.get("tyyppi") is None
    else:
        assert plain.get("tyyppi") == facts.doc_type
    for key, value in plain.items():
        root = shapes.roots.get(facts.doc_type)
        field = root.fields.get(key) if root is not None else None
        if field is None:  # a key of another document type: still a front-matter key
            field = next((r.fields[key] for r in shapes.roots.values() if key in r.fields), None)
        assert field is not None, f"{key}: not a front-matter key"
        _fits(value, field.shape, key)


# ---- hypothesis: never raises, evidence always sound ------------------------------------

TEXTS = [case["text"] for case in CASES]
LINES = sorted({line for text in TEXTS for line in text.split("\n")})
MARKUP = ["", "---", "...", "#", "## 1.", "| Kunta | Osuus |", "|---|---:|", "| Kemi |", "```", "<!--", "-->",
          "- ", "1. ", "**", "Vastuukunta:", "(jäljempänä", "ei", "\u00a0", "\u2010", "\r"]

recombined = st.one_of(
    # lines of every case, in any order and number
    st.lists(st.sampled_from(LINES), max_size=80).map("\n".join),
    # one case shuffled
    st.sampled_from(TEXTS).flatmap(lambda text: st.permutations(text.split("\n"))).map("\n".join),
    # one case cut anywhere, inside a word or a multi-byte character's neighbours
    st.tuples(st.sampled_from(TEXTS), st.integers(min_value=0, max_value=10_000)).map(
        lambda pair: pair[0][: pair[1] % (len(pair[0]) + 1)]),
    # lines with their tails cut, and markup between them
    st.lists(st.one_of(st.sampled_from(LINES).flatmap(lambda line: st.integers(0, len(line)).map(lambda n: line[:n])),
                       st.sampled_from(MARKUP), st.text(max_size=30)), max_size=60).map("\n".join),
    # a case with Windows line ends
    st.sampled_from(TEXTS).map(lambda text: text.replace("\n", "\r\n")),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_random_text_never_raises(read, text):
    assert_sound(text, read(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recombined)
def test_recombined_case_lines_never_raise(read, text):
    assert_sound(text, read(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recombined)
def test_recombined_case_facts_point_at_their_quotes(read, text):
    facts = read(text)
    assert_sound(text, facts)
    assert_quoted_at_position(text, facts)


def test_many_disagreeing_statements_are_one_conflict_per_fact_and_linear(read):
    """A generated text stating the start date 8 000 times differently: one conflict each fact, no quadratic work."""
    import time

    def text(n):
        return "# Sopimus viranomaistehtävän hoitamisesta\n\n" + "".join(
            f"Sopimus tulee voimaan {1 + i % 28}.1.2025. Irtisanomisaika on {1 + i % 11} kuukautta.\n\n"
            for i in range(n))

    started = time.perf_counter()
    small = read(text(2000))
    middle = time.perf_counter()
    large = read(text(8000))
    ended = time.perf_counter()
    assert sorted(c.fact for c in large.conflicts) == ["IRTISANOMISAIKA", "VOIMASSAOLO"]
    assert len(small.conflicts) == 2
    assert ended - middle < 8 * (middle - started) + 0.5  # four times the text, not sixteen times the work


@pytest.mark.parametrize("piece", [".", "1, ", "1 ja ", "! ", "| 1 | ", "Hyväksytty: ", "kuntalain 1, "])
def test_pathological_text_is_read_in_linear_time(read, piece):
    import time

    # Each of these was, or could be, a pattern that tries a long run again from every character:
    # 32 000 dots took 4 s (sentence ends), 48 KB of "1, " 10 s (the "51 ja 52 §" lists).
    text = piece * (64_000 // len(piece))
    started = time.process_time()
    read(text)
    assert time.process_time() - started < 3.0
