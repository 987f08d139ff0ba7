"""Property tests (hypothesis).

* The loader never raises: any text or bytes become diagnostics whose
  positions lie inside the file.
* Random front matter built from the format's keys never crashes it.
* Differential: the loader reports TARK-SCHEMA exactly when the pydantic
  model of the format rejects the same data (``documents.model`` promises
  that the two accept and reject the same documents).
* The rule parser raises only ``RuleError``, at a position inside its input.
"""

from __future__ import annotations

import datetime as _dt
import tempfile
from pathlib import Path

import pydantic
import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from tarkastus.documents.loader import load
from tarkastus.documents.model import MODELS
from tarkastus.documents.shape import ListShape, MapShape, Scalar, UnionShape, compile_shapes
from tarkastus.lang.parser import RuleError, parse_expression, parse_rule_source
from tarkastus.resources import data_dir

SHAPES = compile_shapes()
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def load_file(content: str | bytes, suffix: str):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"sopimus{suffix}"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        return load(path, SHAPES), path.read_bytes()


def assert_positions_inside(doc, raw: bytes) -> None:
    try:
        lines = raw.decode("utf-8").removeprefix("\ufeff").splitlines()
    except UnicodeDecodeError:
        lines = [line.decode("utf-8", "replace") for line in raw.split(b"\n")]
    for d in doc.diagnostics:
        line, column = d.position.line, d.position.column
        assert d.code.startswith("TARK-"), d
        assert line >= 1 and column >= 1, d
        assert line <= len(lines) + 1, (d, len(lines))
        if d.code == "TARK-KOODAUS":
            continue  # counted in bytes of an undecodable line
        width = len(lines[line - 1]) if line <= len(lines) else 0
        assert column <= width + 1, (d, lines[line - 1] if line <= len(lines) else "")


# ---- (a) any text or bytes ----------------------------------------------------

_FRAGMENTS = [
    "---\n", "---", "tyyppi: kl54\n", "tyyppi: ", "kl54", "yhteistoimintasopimus", "tarkastus: 1\n",
    "ohjaus: ", "osapuolet:\n", "  - kunta: Turku\n", "    rooli: vastuukunta\n", "voimassaolo:\n",
    "  alkaa: ", "1.1.2025", "31.2.2025", "2025-02-31", "toistaiseksi", "6 kk", "irtisanominen: ",
    "tehtävät:\n", "  - alue: ", "siirretään: ", ": ", "- ", "\n", "  ", "\t", "[", "]", "{", "}", ",",
    "&a ", "*a", "*b", "&b ", "'", '"', "#", "# Otsikko\n", "## 6. Seuranta\n", "```\n", "~~~\n",
    "!!bool ", "!!int ", "!!float ", "!!timestamp ", "!!str ", "!!binary ", "!!set ", "!!null ",
    "!!python/object:os.system ", "? ", "|\n", ">\n", "%YAML 1.1\n", "...\n", "\ufeff", "\r\n", "\r",
    "ä", "…", "\u2028", "\x85", "\x0c", "null", "~", "yes", "maybe", "0x", "",
]
yamlish_text = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=5)), max_size=40).map("".join)


@SETTINGS
@given(content=st.one_of(st.text(), yamlish_text, st.binary()), suffix=st.sampled_from([".md", ".yaml"]))
@example(content="tyyppi: kl54\nohjaus: !!bool maybe\n", suffix=".yaml")
@example(content="tyyppi: kl54\nohjaus: !!int ''\n", suffix=".yaml")
def test_loader_never_raises(content, suffix):
    doc, raw = load_file(content, suffix)
    assert_positions_inside(doc, raw)
    if doc.ok:
        assert doc.doc_type in MODELS
        assert doc.data is not None


# ---- (b) random front matter from the format's keys ---------------------------

_KL54_KEYS = sorted(SHAPES.roots["kl54"].fields)
_UNKNOWN_KEYS = ["irtisanomisika", "liite", "huomautus", "Ohjaus", "tehtavat", "x"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=12), st.dates(), st.sampled_from(["6 kk", "1.1.2025", "toistaiseksi",
                                                                      "vastuukunta", "31.2.2025", "40 %"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(_KL54_KEYS + _UNKNOWN_KEYS + ["kunta", "rooli", "alkaa", "päättyy",
                                                                 "vastuu", "keinot", "osuus"]),
                    inner, max_size=4)), max_leaves=12)
front_matter = st.dictionaries(st.sampled_from(_KL54_KEYS + _UNKNOWN_KEYS), values, max_size=8).map(
    lambda d: {**d, "tyyppi": "kl54"})


@SETTINGS
@given(data=front_matter, as_markdown=st.booleans())
def test_loader_survives_random_front_matter(data, as_markdown):
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    content = f"---\n{text}---\n\n## 1. Sopijapuolet\n\nTeksti.\n" if as_markdown else text
    doc, raw = load_file(content, ".md" if as_markdown else ".yaml")
    assert_positions_inside(doc, raw)
    # tyyppi is always valid here, so the document type is always known.
    assert doc.doc_type == "kl54"
    for unknown in set(data) & set(_UNKNOWN_KEYS) - {"Ohjaus", "tehtavat"}:  # variants of known keys
        assert any(d.code == "TARK-AVAIN" and f"'{unknown}'" in d.message for d in doc.diagnostics)


# ---- (c) differential: loader vs. the pydantic models --------------------------

_DATES = st.one_of(st.dates(min_value=_dt.date(1990, 1, 1), max_value=_dt.date(2060, 12, 31)),
                   st.sampled_from(["1.1.2025", "31.12.2024", "31.2.2025", "2025-1-1", "huomenna",
                                    "1.13.2025", "2025-02-31"]))
_TEXTS = st.one_of(st.sampled_from(["Turku", "Raisio", "hallinto-oikeus", "JärjL 4 luku", "", " "]),
                   st.text(max_size=8))
_PLAUSIBLE = {
    "text": st.one_of(_TEXTS, st.integers(-5, 3000), st.sampled_from([1.5, 2.0]), st.dates()),
    "int": st.one_of(st.integers(-10, 200_000), st.sampled_from(["12 000", "12000", "noin 5000", "1.5", 1.5, 2.0])),
    "bool": st.one_of(st.booleans(), st.sampled_from(["kyllä", "ei", "Kyllä", "ehkä", 1, 0])),
    "date": _DATES,
    "end_date": st.one_of(_DATES, st.sampled_from(["toistaiseksi", "Toistaiseksi voimassa", "määräajan"])),
    "duration": st.sampled_from(["6 kk", "12 kuukautta", "1 vuosi", "3 vk", "30 päivää", "kuusi kuukautta",
                                 "6", 6, "6 kk.", "0,5 vuotta"]),
    "percent": st.one_of(st.integers(-10, 120), st.floats(0, 100, allow_nan=False),
                         st.sampled_from(["40 %", "40,5 %", "40 prosenttia", "neljäkymmentä", "40%"])),
    "text_list": st.one_of(_TEXTS, st.lists(_TEXTS, max_size=3)),
}
_WRONG_SHAPE = st.sampled_from(["teksti", 5, ["a"], {"a": 1}, True])


def plausible(shape, depth: int = 0):
    """Values for ``shape``: mostly well-typed, sometimes not, sometimes missing (null)."""
    if isinstance(shape, UnionShape):
        return st.one_of(*(plausible(option, depth) for option in shape.options))
    if isinstance(shape, MapShape):
        fields = {alias: plausible(f.shape, depth + 1) for alias, f in shape.fields.items()}
        maps = st.fixed_dictionaries({}, optional=fields)
        return st.one_of(maps, st.none(), _WRONG_SHAPE) if depth else maps
    if isinstance(shape, ListShape):
        return st.one_of(st.lists(plausible(shape.item, depth + 1), max_size=3), st.none(), _WRONG_SHAPE)
    assert isinstance(shape, Scalar)
    if shape.kind == "enum":
        good = st.sampled_from(shape.allowed)
        variants = st.sampled_from([v.upper() for v in shape.allowed] + ["tuntematon", 5])
        return st.one_of(good, good, variants, st.none())
    return st.one_of(_PLAUSIBLE[shape.kind], _PLAUSIBLE[shape.kind], st.none(), _WRONG_SHAPE)


def _document(doc_type: str):
    root = SHAPES.roots[doc_type]
    fields = {alias: plausible(f.shape, 1) for alias, f in root.fields.items() if alias != "tyyppi"}
    known = st.fixed_dictionaries({"tyyppi": st.just(doc_type)}, optional=fields)
    unknown = st.dictionaries(st.sampled_from(["irtisanomisika", "liite", "huomautus"]), _TEXTS, max_size=2)
    return st.tuples(known, unknown).map(lambda pair: {**pair[0], **pair[1]})


documents = st.sampled_from(sorted(MODELS)).flatmap(_document)


def _known_only(value, shape):
    """``value`` without the keys that the format does not know (the loader drops them too)."""
    if isinstance(shape, UnionShape):
        for option in shape.options:
            if isinstance(option, MapShape) and isinstance(value, dict):
                return _known_only(value, option)
        return value
    if isinstance(shape, MapShape) and isinstance(value, dict):
        return {k: _known_only(v, shape.fields[k].shape) for k, v in value.items()
                if isinstance(k, str) and k in shape.fields}
    if isinstance(shape, ListShape) and isinstance(value, list):
        return [_known_only(v, shape.item) for v in value]
    return value


@SETTINGS
@given(data=documents)
def test_loader_and_pydantic_agree_on_schema_errors(data):
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    try:
        parsed = yaml.safe_load(text)
    except ValueError:
        assume(False)
    doc, _ = load_file(text, ".yaml")
    loader_rejects = any(d.code == "TARK-SCHEMA" for d in doc.diagnostics)
    model = MODELS[parsed["tyyppi"]]
    try:
        model.model_validate(_known_only(parsed, SHAPES.roots[parsed["tyyppi"]]))
        pydantic_error = None
    except pydantic.ValidationError as exc:
        pydantic_error = str(exc)
    schema = [f"{d.position.line}:{d.position.column} {d.message}" for d in doc.diagnostics
              if d.code == "TARK-SCHEMA"]
    assert loader_rejects == (pydantic_error is not None), (
        f"\n--- document\n{text}--- loader TARK-SCHEMA: {schema}\n--- pydantic: {pydantic_error}")


def test_differential_generator_produces_both_outcomes():
    """The strategy is not degenerate: it yields valid and invalid documents."""
    valid = MODELS["kl54"].model_validate({"tyyppi": "kl54", "ohjaus": "Turku"})
    assert valid.direction == "Turku"
    doc, _ = load_file("tyyppi: kl54\nirtisanominen: {irtisanomisaika: kuusi}\n", ".yaml")
    assert [d.code for d in doc.diagnostics if d.code == "TARK-SCHEMA"]
    with pytest.raises(pydantic.ValidationError):
        MODELS["kl54"].model_validate({"tyyppi": "kl54", "irtisanominen": {"irtisanomisaika": "kuusi"}})


# ---- (d) the rule parser -------------------------------------------------------

def assert_error_inside(exc: RuleError, text: str) -> None:
    # Rule files count lines by "\n" only (as lark does); a stray "\r" is a column.
    lines = text.split("\n")
    line, column = exc.pos.line, exc.pos.column
    assert 1 <= line <= len(lines), (exc, len(lines))
    assert 1 <= column <= len(lines[line - 1]) + 1, (exc, lines[line - 1])


_RULE_SOURCE = (data_dir("rules") / "KL54-SEURANTA.tark").read_text(encoding="utf-8")
_TOKENS = [
    "rule", " ", "\n", "KL54-SEURANTA", "TESTI-A", "title", "severity", "error", "warning", "applies-to",
    "kl54", "all", "aliases", "in-force", "from", "until", "2025-01-01", "2025-02-31", "2025-13-01",
    "cite", "KL", "54", "§", "2", "mom", "k", "url", "guidance", "section", "quote", "why", "fix", "note",
    "for", "in", "let", "=", "when", "at", "message", '"', '"viesti {x}"', '"{', "}", '"""', "example",
    "pass", "fail", "expect", ":", "```yaml\ntyyppi: kl54\n```", "```", "define", "x", "seuranta",
    "tehtävät", "[", "]", "(", ")", ".", ",", "not", "and", "or", "any", "all", "count", "sum", "==",
    "!=", "<=", "~", "!~", "+", "-", "*", "/", "%", "6", "kk", "1.5", "true", "null", "provided",
    "present", "#", "\\", "ä", "\t",
]
rule_text = st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=4)), max_size=40).map("".join)


@st.composite
def mutated_rule(draw):
    text = _RULE_SOURCE
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 20)))
        text = text[:start] + draw(st.one_of(st.just(""), st.sampled_from(_TOKENS), st.text(max_size=3))) + text[end:]
    return text


@SETTINGS
@given(text=st.one_of(st.text(), rule_text, mutated_rule()))
@example(text='rule TESTI-A when x message "{2025-02-31}"')
@example(text="rule TESTI-A in-force from 2025-02-31")
@example(text="rule # kommentti\u2028jatkuu\n")  # U+2028 is not a line break for lark
def test_rule_parser_raises_only_rule_errors_inside_the_input(text):
    try:
        parse_rule_source(text, "TESTI-A.tark")
    except RuleError as exc:
        assert_error_inside(exc, text)


expression_text = st.lists(st.one_of(st.sampled_from(_TOKENS[40:] + ["2025-01-01", "2025-02-31"]),
                                     st.text(max_size=3)), max_size=25).map("".join)


@SETTINGS
@given(text=st.one_of(st.text(), expression_text))
@example(text="2025-02-31")
@example(text="voimassaolo.alkaa < 2025-13-01")
@example(text="#\x1e0")
def test_expression_parser_raises_only_rule_errors_inside_the_input(text):
    try:
        parse_expression(text)
    except RuleError as exc:
        assert_error_inside(exc, text)


@pytest.mark.parametrize("text", [
    "(" * 150 + "x" + ")" * 150,
    "[" * 150 + "]" * 150,
    "not " * 1500 + "x",
    "-" * 1500 + "1",
])
def test_deeply_nested_expression_is_a_rule_error_or_parses(text):
    """Deep nesting must not escape as RecursionError (it would abort loading every rule)."""
    try:
        parse_expression(text)
    except RuleError as exc:
        assert_error_inside(exc, text)
