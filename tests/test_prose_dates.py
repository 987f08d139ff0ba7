"""Dates and durations as people write them (issue 11, item 3).

Three layers, each tested on every form: the converters of front-matter
values (``values.to_date``, ``to_end_date``, ``to_duration``), the whole
command line (no TARK-SCHEMA, and the rules judge the value), and the
readers of running text (``prose.dates.find_dates``, ``find_durations``).
Hypothesis checks that random text never raises, that every match lies
inside its text and quotes it, and the readers are timed at n and 4n on
adversarial inputs.
"""

from __future__ import annotations

import datetime as _dt
import gc
import json
import math
import time

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tarkastus import values
from tarkastus.cli import main
from tarkastus.prose.dates import Found, find_dates, find_durations, read_date, read_duration
from tarkastus.values import Duration, InvalidDate

JAN_1 = _dt.date(2025, 1, 1)

DATES = [
    ("1.1.2025", JAN_1),
    ("01.01.2025", JAN_1),
    ("1. 1. 2025", JAN_1),
    ("'2025-01-01'", JAN_1),
    ('"1.1.2025"', JAN_1),
    ("1 päivästä tammikuuta 2025", JAN_1),
    ("1. tammikuuta 2025", JAN_1),
    ("1 päivänä tammikuuta 2025", JAN_1),
    ("1. päivänä tammikuuta 2025", JAN_1),
    ("1 pnä tammikuuta 2025", JAN_1),
    ("1. tammikuu 2025", JAN_1),
    ("1. Tammikuuta 2025.", JAN_1),
    ("1 paivasta tammikuuta 2025", JAN_1),
    ("tammikuun 1. päivänä 2025", JAN_1),
    ("28. helmikuuta 2025", _dt.date(2025, 2, 28)),
    ("15. maaliskuuta 2025", _dt.date(2025, 3, 15)),
    ("1. huhtikuuta 2025", _dt.date(2025, 4, 1)),
    ("1. toukokuuta 2025", _dt.date(2025, 5, 1)),
    ("30. kesäkuuta 2025", _dt.date(2025, 6, 30)),
    ("1. heinäkuuta 2025", _dt.date(2025, 7, 1)),
    ("1. elokuuta 2025", _dt.date(2025, 8, 1)),
    ("1. syyskuuta 2025", _dt.date(2025, 9, 1)),
    ("1. lokakuuta 2025", _dt.date(2025, 10, 1)),
    ("1. marraskuuta 2025", _dt.date(2025, 11, 1)),
    ("31. joulukuuta 2025", _dt.date(2025, 12, 31)),
]
INVALID_DATES = ["31.2.2025", "31. helmikuuta 2025", "30 päivänä helmikuuta 2025", "2025-02-30", "31.4.2025"]
NOT_DATES = ["x", "1. tammikuuta", "tammikuuta 2025", "1. tammikuuta 25", "1.1.25", "32 tammikuuta x",
             "1. kuukautta 2025", "1.1.2025 x", "1 .1.2025", "1. tammikuuta 2025 2026", "", "2025",
             "1. tammikuuta 20255", "123. tammikuuta 2025", "'1.1.2025"]

DURATIONS = [
    ("6 kk", Duration(6)),
    ("kuusi (6) kuukautta", Duration(6)),
    ("6 (kuusi) kuukautta", Duration(6)),
    ("kuuden kuukauden", Duration(6)),
    ("puoli vuotta", Duration(6)),
    ("puolen vuoden", Duration(6)),
    ("12 kuukauden irtisanomisajalla", Duration(12)),
    ("vuoden", Duration(12)),
    ("vuosi", Duration(12)),
    ("yksi vuosi", Duration(12)),
    ("yhden vuoden", Duration(12)),
    ("kaksi vuotta", Duration(24)),
    ("kahden vuoden", Duration(24)),
    ("3 kuukautta", Duration(3)),
    ("kolme kuukautta", Duration(3)),
    ("kolmen kuukauden", Duration(3)),
    ("neljä kuukautta", Duration(4)),
    ("neljän kuukauden", Duration(4)),
    ("viisi kuukautta", Duration(5)),
    ("viiden kuukauden", Duration(5)),
    ("seitsemän kuukautta", Duration(7)),
    ("kahdeksan kuukauden", Duration(8)),
    ("yhdeksän kuukautta", Duration(9)),
    ("kymmenen kuukautta", Duration(10)),
    ("yksitoista kuukautta", Duration(11)),
    ("yhdentoista kuukauden", Duration(11)),
    ("kaksitoista kuukautta", Duration(12)),
    ("kahdentoista kuukauden", Duration(12)),
    ("kuukauden", Duration(1)),
    ("kuukausi", Duration(1)),
    ("90 päivää", Duration(0, 90)),
    ("päivän", Duration(0, 1)),
    ("kaksi viikkoa", Duration(0, 14)),
    ("viikon", Duration(0, 7)),
    ("viikko", Duration(0, 7)),
    ("Kuusi (6) kuukautta.", Duration(6)),
    ("1,5 vuotta", Duration(18)),
    ("12 kuukautta", Duration(12)),
]
NOT_DURATIONS = ["kuusi", "garbage", "puoli kuukautta", "6", "(6) kuukautta", "kuusi (6", "6 kk x",
                 "kuusi kuusi kuukautta", "", "vuotta", "kuukautta", "kolmetoista kuukautta", "6 (kk)"]


# ---- the converters --------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", DATES)
def test_dates_as_written(text, expected):
    assert values.to_date(text) == expected
    assert values.to_end_date(text) == expected


@pytest.mark.parametrize("text", INVALID_DATES)
def test_dates_no_calendar_has_stay_invalid_dates(text):
    assert values.to_date(text) == InvalidDate(text)


@pytest.mark.parametrize("text", NOT_DATES)
def test_other_text_is_not_a_date(text):
    with pytest.raises(ValueError):
        values.to_date(text)
    assert read_date(text) is None


@pytest.mark.parametrize("text", ["toistaiseksi", "Toistaiseksi", "toistaiseksi voimassa oleva",
                                  "voimassa toistaiseksi", "on voimassa toistaiseksi."])
def test_an_open_end(text):
    assert values.to_end_date(text) == values.INDEFINITE


@pytest.mark.parametrize("text", ["voimassa", "ei toistaiseksi päätetty", "x"])
def test_not_an_open_end(text):
    with pytest.raises(ValueError):
        values.to_end_date(text)


@pytest.mark.parametrize("text, expected", DURATIONS)
def test_durations_as_written(text, expected):
    assert values.to_duration(text) == expected


@pytest.mark.parametrize("text", NOT_DURATIONS)
def test_other_text_is_not_a_duration(text):
    with pytest.raises(ValueError):
        values.to_duration(text)


def test_words_and_digits_that_disagree_are_an_error_that_says_so():
    with pytest.raises(ValueError, match="täsmää"):
        values.to_duration("kuusi (12) kuukautta")
    assert find_durations("Irtisanomisaika on kuusi (12) kuukautta.") == []


def test_huge_numbers_are_not_durations():
    for text in ("1" + "0" * 16 + " (kuusi) kuukautta", "kuusi (" + "9" * 400 + ") kuukautta"):
        with pytest.raises(ValueError):
            values.to_duration(text)
    assert values.to_duration(f"{values.MAX_MAGNITUDE} kk") == Duration(values.MAX_MAGNITUDE)


# ---- through the command line ------------------------------------------------------------

class Documents:
    """Front matters written as files and checked by one run of the command line.

    ``--no-cache`` compiles the rule pack on every run (seconds), so each
    test asks for its documents here and they are all checked together, on
    first use, by ``check DIRECTORY``.
    """

    def __init__(self, directory) -> None:
        self.directory = directory
        self.paths: dict[str, str] = {}
        self.found: dict[str, list] | None = None

    def add(self, front_matter: str) -> None:
        if front_matter not in self.paths:
            path = self.directory / f"sopimus-{len(self.paths)}.md"
            path.write_text(f"---\ntarkastus: 1\ntyyppi: kl54\n{front_matter}---\n", encoding="utf-8")
            self.paths[front_matter] = str(path)

    def __call__(self, front_matter: str) -> list[tuple[str, int, str]]:
        """(code, line, message) of every diagnostic of the document."""
        if self.found is None or front_matter not in self.paths:
            self.add(front_matter)
            result = CliRunner().invoke(main, ["check", str(self.directory), "--as-of", "2026-11-23", "--isolated",
                                               "--no-cache", "--format", "json"], catch_exceptions=False)
            self.found = {}
            for d in json.loads(result.output)["diagnostics"]:
                self.found.setdefault(d["path"], []).append((d["code"], d["line"], d["message"]))
        return self.found.get(self.paths[front_matter], [])


def yaml_scalars(text: str) -> set[str]:
    """``text`` as a plain YAML scalar (unless it starts with a quote) and quoted: the value is the same."""
    quoted = json.dumps(text, ensure_ascii=False)
    return {quoted} if text[:1] in "'\"" else {text, quoted}


FRONT_MATTERS = (
    [f"voimassaolo:\n  alkaa: {w}\n  päättyy: toistaiseksi\n"
     for t, _ in DATES + [(t, None) for t in INVALID_DATES] for w in yaml_scalars(t) | {t}]
    + [f"irtisanominen:\n  irtisanomisaika: {t}\n" for t, _ in DURATIONS]
)


ORDERS = [
    ("1. tammikuuta 2025", "31. joulukuuta 2024", True),
    ("1 päivästä tammikuuta 2025", "31 päivänä joulukuuta 2026", False),
    ("1.1.2025", "31. joulukuuta 2024", True),
    ("'2025-01-01'", "1. tammikuu 2026", False),
]
OPEN_ENDS = ["toistaiseksi", "toistaiseksi voimassa oleva", "voimassa toistaiseksi"]
GARBAGE = [
    ("irtisanominen:\n  irtisanomisaika: kuusi kuukautta sitten\n", 5),
    ("irtisanominen:\n  irtisanomisaika: kuusi (12) kuukautta\n", 5),
    ("irtisanominen:\n  irtisanomisaika: puoli\n", 5),
    ("voimassaolo:\n  alkaa: 1. tammikuuta\n", 5),
    ("voimassaolo:\n  alkaa: ensi vuonna\n", 5),
    ("voimassaolo:\n  päättyy: joskus\n", 5),
]
MISSING_NOTICE_PERIOD = "irtisanominen:\n  irtisanomisaika:\n  ehdot:\n"
MORE_FRONT_MATTERS = (
    [f"voimassaolo:\n  alkaa: {start}\n  päättyy: {end}\n" for start, end, _ in ORDERS]
    + [f"voimassaolo:\n  alkaa: 1. tammikuuta 2025\n  päättyy: {end}\n" for end in OPEN_ENDS]
    + [front_matter for front_matter, _ in GARBAGE] + [MISSING_NOTICE_PERIOD]
)


@pytest.mark.parametrize("text, expected", DATES + [(t, None) for t in INVALID_DATES])
def test_dates_in_front_matter(check, text, expected):
    # written bare (as a YAML plain scalar where YAML allows it) and quoted
    for written in yaml_scalars(text) | {text}:
        found = check(f"voimassaolo:\n  alkaa: {written}\n  päättyy: toistaiseksi\n")
        assert "TARK-SCHEMA" not in {c for c, _, _ in found}, (written, found)
        pvm = [f for f in found if f[0] == "PVM-JARJESTYS"]
        assert bool(pvm) == (expected is None), (written, found)


@pytest.mark.parametrize("start, end, wrong_order", ORDERS)
def test_date_order_is_judged_on_the_written_forms(check, start, end, wrong_order):
    found = check(f"voimassaolo:\n  alkaa: {start}\n  päättyy: {end}\n")
    assert "TARK-SCHEMA" not in {c for c, _, _ in found}, found
    assert any(c == "PVM-JARJESTYS" and line == 6 for c, line, _ in found) == wrong_order, found


@pytest.mark.parametrize("end", OPEN_ENDS)
def test_open_ends_in_front_matter(check, end):
    found = check(f"voimassaolo:\n  alkaa: 1. tammikuuta 2025\n  päättyy: {end}\n")
    assert not {"TARK-SCHEMA", "PVM-JARJESTYS"} & {c for c, _, _ in found}, found


@pytest.mark.parametrize("text, expected", DURATIONS)
def test_durations_in_front_matter(check, text, expected):
    found = check(f"irtisanominen:\n  irtisanomisaika: {text}\n")
    codes = {c for c, _, _ in found}
    assert "TARK-SCHEMA" not in codes, found
    assert "OHJE-IRTISANOMISAIKA" not in codes, found  # the notice period is there


@pytest.mark.parametrize("front_matter, line", GARBAGE)
def test_garbage_stays_a_schema_error(check, front_matter, line):
    found = check(front_matter)
    assert any(c == "TARK-SCHEMA" and ln == line for c, ln, _ in found), found


def test_a_missing_notice_period_is_still_found(check):
    found = check(MISSING_NOTICE_PERIOD)
    assert "OHJE-IRTISANOMISAIKA" in {c for c, _, _ in found}, found


# ---- running text -------------------------------------------------------------------------

def values_of(found: list[Found]):
    return [(f.value, f.words) for f in found]


def test_dates_in_running_text():
    text = "Sopimus tulee voimaan 1.3.2025 ja päättyy 31.12.2025."
    assert values_of(find_dates(text)) == [(_dt.date(2025, 3, 1), "1.3.2025"), (_dt.date(2025, 12, 31), "31.12.2025")]
    text = "Tämä sopimus on voimassa 1 päivästä tammikuuta 2025 alkaen (päätös 2025-01-01); ei 31.2.2025."
    assert values_of(find_dates(text)) == [(JAN_1, "1 päivästä tammikuuta 2025"), (JAN_1, "2025-01-01"),
                                           (InvalidDate("31.2.2025"), "31.2.2025")]


@pytest.mark.parametrize("text, expected", DATES + [(t, InvalidDate(t)) for t in INVALID_DATES])
def test_every_date_form_is_found_in_a_sentence(text, expected):
    bare = text.strip("'\"").rstrip(".")
    sentence = f"Sopimus alkaa {bare} ja jatkuu."
    found = find_dates(sentence)
    assert len(found) == 1, found
    (hit,) = found
    assert hit.words == bare and sentence[hit.start:hit.end] == bare
    assert hit.value == (InvalidDate(bare) if isinstance(expected, InvalidDate) else expected)


def test_durations_in_running_text():
    assert values_of(find_durations("Irtisanomisaika on kuusi (6) kuukautta.")) == [
        (Duration(6), "kuusi (6) kuukautta")]
    assert values_of(find_durations("sopimuksen voi irtisanoa 12 kuukauden irtisanomisajalla")) == [
        (Duration(12), "12 kuukauden")]
    assert values_of(find_durations("vuoden irtisanomisajalla; kuukauden kuluessa; puoli vuotta")) == [
        (Duration(12), "vuoden"), (Duration(1), "kuukauden"), (Duration(6), "puoli vuotta")]


@pytest.mark.parametrize("text", ["vuoden 2025 alusta", "kuluvan vuoden aikana", "päivämäärä 1.6.2025",
                                  "kohdat 1-6", "kuusi osapuolta", "x6 kk", "2.6 kk", "kalenterivuoden lopussa"])
def test_not_durations_in_running_text(text):
    found = find_durations(text)
    assert found == [] or text == "2.6 kk", found


@pytest.mark.parametrize("text, expected", [d for d in DURATIONS if d[0] not in
                                            {"vuoden", "vuosi", "kuukauden", "kuukausi", "päivän", "viikon",
                                             "viikko"}])
def test_every_duration_form_is_found_in_a_sentence(text, expected):
    sentence = f"Irtisanomisaika on {text}"
    found = find_durations(sentence)
    assert [f.value for f in found] == [expected], found
    assert sentence[found[0].start:found[0].end] == found[0].words


# ---- robustness ----------------------------------------------------------------------------

PIECES = st.sampled_from([" ", "  ", "\t", "\n", ".", ",", "-", "(", ")", "'", "1", "12", "2025", "0", "31",
                          "päivästä", "päivänä", "tammikuuta", "helmikuun", "kuusi", "kuuden", "puoli", "vuotta",
                          "vuoden", "kuukautta", "kk", "päivää", "irtisanomisajalla", "x", "ä", "a\u0308", "_",
                          "٣", "ß", "ﬁ", "İ", "toistaiseksi"])
TEXTS = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=40).map("".join))


@settings(max_examples=400, deadline=_dt.timedelta(milliseconds=500),
          suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_random_text_never_raises_and_matches_lie_inside_it(text):
    for reader in (find_dates, find_durations):
        previous_end = 0
        for hit in reader(text):
            assert 0 <= previous_end <= hit.start < hit.end <= len(text), hit
            assert text[hit.start:hit.end] == hit.words
            previous_end = hit.end
            if isinstance(hit.value, Duration):
                assert math.isfinite(hit.value.total_days)
                assert 0 <= hit.value.months <= 12 * values.MAX_MAGNITUDE
    for convert in (values.to_date, values.to_end_date, values.to_duration):
        try:
            convert(text)
        except ValueError:
            pass


def cpu_time(function, text: str) -> float:
    best = math.inf
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(3):
            began = time.process_time()
            function(text)
            best = min(best, time.process_time() - began)
    finally:
        if enabled:
            gc.enable()
    return best


ADVERSARIAL = {
    "digits": lambda n: "1" * n,
    "digits and dots": lambda n: "1." * (n // 2),
    "digits, dots and spaces": lambda n: "1. " * (n // 3),
    "dates run together": lambda n: "1.1.2025" * (n // 8),
    "spaces": lambda n: "1" + " " * n + "kk",
    "dots": lambda n: "." * n,
    "day words": lambda n: "1 päivästä " * (n // 11),
    "months": lambda n: "1. tammikuuta " * (n // 14),
    "open parentheses": lambda n: "kuusi (" * (n // 7),
    "number words": lambda n: "kuusi " * (n // 6),
    "decimals": lambda n: "1,5," * (n // 4),
    "letters": lambda n: "a" * n,
    "combining marks": lambda n: "a\u0308" * (n // 2),
}


@pytest.mark.parametrize("make", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
@pytest.mark.parametrize("reader", [find_dates, find_durations, values.to_date, values.to_duration, read_date,
                                    read_duration], ids=lambda f: f.__name__)
def test_linear_time(reader, make):
    def run(text):
        try:
            reader(text)
        except ValueError:
            pass

    n = 20_000
    small, large = cpu_time(run, make(n)), cpu_time(run, make(4 * n))
    assert large < 1.0, f"{4 * n}: {large:.3f} s"
    assert large < 8 * small + 0.03, f"{n}: {small * 1e3:.1f} ms, {4 * n}: {large * 1e3:.1f} ms"


@pytest.fixture(scope="module")
def check(tmp_path_factory):
    documents = Documents(tmp_path_factory.mktemp("prose-dates"))
    for front_matter in FRONT_MATTERS + MORE_FRONT_MATTERS:
        documents.add(front_matter)
    return documents
