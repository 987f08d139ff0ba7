"""Fixes (issue 16, items 2 and 3): the fix records, each kind of fix, --fix / --diff / --unsafe-fixes, --watch.

A fix is formal (safe) or adds text still to be written (unsafe); each is
checked by checking the fixed text again, and dropped when that adds a
finding. ``--fix`` keeps every byte outside the edits (line endings, the
byte-order mark, a missing final newline) and the original as NAME.bak;
``--diff`` changes nothing. Through the library and through the command
line (CliRunner), ``--watch`` through a subprocess.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import AS_OF, DATA, ROOT
from tarkastus.cli import main
from tarkastus.diagnostics import Position
from tarkastus.engine import Options, check_text
from tarkastus.fixes import SAFE, UNSAFE, Edit, Fix, applicable, apply_fixes, surviving
from tarkastus.messages import say

SMALL = """\
---
tarkastus: 1
tyyppi: kl54
osapuolet:
  - kunta: Kuopio
    rooli: vastuukunta
  - kunta: Siilinjärvii
    rooli: jäsenkunta
ohjaus: Kuopio
---

# Sopimus viranomaistehtävän hoitamisesta

## 1. Sopijapuolet

Kuopion kaupunki ja Siilinjärven kunta.
"""
# A whole agreement without findings (samples/alueet), but for one misspelt party: line 10, columns 12-24.
MISSPELT = (ROOT / "samples" / "alueet" / "kuopio-siilinjarvi-kl54.md").read_text(encoding="utf-8").replace(
    "  - kunta: Siilinjärvi\n    rooli: jäsenkunta", "  - kunta: Siilinjärvii\n    rooli: jäsenkunta", 1)
RUN = ("--isolated", "--as-of", AS_OF.isoformat())


def _fix(*edits) -> Fix:
    return Fix(say("fix.key", written="a", key="b"), SAFE,
               tuple(Edit(Position(*start), Position(*end), text) for start, end, text in edits))


def _check(book, text: str, name: str = "sopimus.md", fixes: bool = True):
    return check_text(text, name, book, Options(as_of=AS_OF), fixes=fixes)


def _fixes(book, text: str, name: str = "sopimus.md") -> dict:
    found, _ = _check(book, text, name)
    return {d.code: d.autofix for d in found if d.autofix is not None}


# ---- the records and apply_fixes ---------------------------------------------------------------

def test_apply_fixes_back_to_front_keeping_line_endings():
    text = "abc\r\ndef\r\nghi"
    fixes = [_fix(((1, 2), (1, 3), "X")), _fix(((3, 4), (3, 4), "!")), _fix(((2, 1), (2, 1), ">"))]
    assert apply_fixes(text, fixes) == "aXc\r\n>def\r\nghi!"


def test_of_two_overlapping_fixes_the_first_is_kept_whole():
    text = "Siilinjärvii ja Kuopioo"
    first = _fix(((1, 1), (1, 13), "Siilinjärvi"), ((1, 17), (1, 24), "Kuopio"))
    second = _fix(((1, 5), (1, 8), "????"))
    assert applicable(text, [first, second]) == [first]
    assert apply_fixes(text, [first, second]) == "Siilinjärvi ja Kuopio"
    assert apply_fixes(text, [second, first]) == "Siil????ärvii ja Kuopioo"


def test_a_fix_outside_the_text_or_overlapping_itself_is_skipped():
    text = "yksi\nkaksi\n"
    assert apply_fixes(text, [_fix(((9, 1), (9, 1), "x"))]) == text
    assert apply_fixes(text, [_fix(((1, 9), (1, 9), "x"))]) == text  # past the line's end
    assert apply_fixes(text, [_fix(((1, 1), (1, 3), "x"), ((1, 2), (1, 4), "y"))]) == text
    assert apply_fixes(text, [_fix(((3, 1), (3, 1), "kolme\n"))]) == text + "kolme\n"  # at the very end


def _lines_text():
    return st.lists(st.text(alphabet="ab ä\r", max_size=6), min_size=1, max_size=6).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_lines_text(), st.data())
@example("ab\r\nc", None)
def test_random_non_overlapping_edits_never_touch_the_text_outside_them(text, data):
    """Edits at random places (insertions too, CRLF lines too), given in a random order: the text outside
    the edits that are made is kept exactly; of two at the same place the one given first is made."""
    from tarkastus.diagnostics import SourceLines

    lines = SourceLines(text)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8))) if data else [1, 2]
    spans = [(cuts[i], cuts[i + 1], data.draw(st.text(alphabet="xy\n", max_size=3)) if data else "Z")
             for i in range(0, len(cuts) - 1, 2)]
    order = data.draw(st.permutations(range(len(spans)))) if data else list(range(len(spans)))
    given_spans = [spans[k] for k in order]
    fixes = [_fix((tuple(lines.position(s)), tuple(lines.position(e)), new)) for s, e, new in given_spans]
    kept = []
    for span in given_spans:  # sorted cuts never overlap; two that begin at the same place conflict
        if all(span[0] != other[0] for other in kept):
            kept.append(span)
    expected, last = [], 0
    for start, end, new in sorted(kept):
        expected.append(text[last:start] + new)
        last = end
    assert apply_fixes(text, fixes) == "".join(expected) + text[last:]


def test_the_fix_survives_the_result_cache_and_is_said_in_each_language(tmp_path, monkeypatch):
    from tarkastus import cache

    found = [d for d in _check_fix_book(MISSPELT) if d.autofix is not None]
    again = cache.decode(cache.encode(found[0]))
    assert [d.code for d in found] == ["KUNTA-TUNTEMATON"]
    assert again.autofix == found[0].autofix and again.autofix.edits[0].start == Position(10, 12)
    path = tmp_path / "sopimus.md"
    path.write_text(MISSPELT, encoding="utf-8")
    monkeypatch.setenv("TARKASTUS_CACHE_DIR", str(tmp_path / "cache"))
    runs = [CliRunner().invoke(main, ["check", str(path), "--format", "json", "--show-fixes", *RUN, "--kieli", lang])
            for lang in ("fi", "sv", "en")]  # the second and third from the stored results
    messages = [next(d["autofix"]["message"] for d in json.loads(r.stdout)["diagnostics"] if "autofix" in d)
                for r in runs]
    assert messages == ["Korjaa 'Siilinjärvii' → 'Siilinjärvi'", "Rätta 'Siilinjärvii' → 'Siilinjärvi'",
                        "Correct 'Siilinjärvii' → 'Siilinjärvi'"]


def _check_fix_book(text):
    from tarkastus.rulebook import load_rulebook

    return _check(load_rulebook(), text)[0]


# ---- each kind of fix ----------------------------------------------------------------------------------

def test_a_misspelt_municipality_in_a_party_a_flow_mapping_and_a_task_area(book):
    text = SMALL.replace("ohjaus: Kuopio\n", "ohjaus: Kuopio\ntehtävät:\n  - tehtävä: Työkokeilu\n"
                                              "    alue: [Kuopio, \"Kuopioo\"]\n"
                                              "    työpanos:\n      - {kunta: Siilijärvi, osuus: 100}\n")
    found, _ = _check(book, text)
    fixed = {(d.position, d.message): d.autofix for d in found if d.code == "KUNTA-TUNTEMATON"}
    assert all(fix is not None and fix.applicability == SAFE for fix in fixed.values()) and len(fixed) == 3
    result = apply_fixes(text, fixed.values())
    assert "Siilinjärvii" not in result and "Kuopioo" not in result and "Siilijärvi" not in result
    assert "alue: [Kuopio, \"Kuopio\"]" in result and "{kunta: Siilinjärvi, osuus: 100}" in result
    assert [f.message.render("fi") for (at, _), f in fixed.items() if at.line == 7] == [
        "Korjaa 'Siilinjärvii' → 'Siilinjärvi'"]


@pytest.mark.parametrize("name", ["Honkajoki", "Joioinen", "Ylikylä"])  # merged; Jokioinen or Joroinen; none
def test_a_former_municipality_or_an_unclear_name_has_no_fix(book, name):
    found, _ = _check(book, SMALL.replace("Siilinjärvii", name))
    assert not [d for d in found if d.code == "KUNTA-TUNTEMATON" and d.autofix is not None]


def test_a_statute_cited_by_a_wrong_or_a_repealed_number(book):
    body = ("\n## 2. Sopimuksen tarkoitus\n\nSopimus perustuu järjestämislakiin (383/2023) ja kuntalain "
            "(365/1995) 54 §:ään. Erimielisyydet ratkaistaan hallintolainkäyttölain (586/1996) mukaan.\n")
    text = SMALL.replace("Siilinjärvii", "Siilinjärvi") + body
    found, _ = _check(book, text)
    fixes = {(d.code, d.position.column): d.autofix for d in found if d.code.startswith("VIITE-")}
    assert {k: (f.message.render("fi") if f else None) for k, f in fixes.items()} == {
        ("VIITE-LAKINUMERO", 37): "Korjaa säädöksen numero 383/2023 → 380/2023",
        ("VIITE-KUMOTTU", 61): "Korjaa säädöksen numero 365/1995 → 410/2015",
        ("VIITE-KUMOTTU", 1): None,  # the repealed act by its own name needs other words, not a number
    } or fixes
    result = apply_fixes(text, [f for f in fixes.values() if f])
    assert "järjestämislakiin (380/2023) ja kuntalain (410/2015)" in result


@pytest.mark.parametrize(("written", "right"), [
    ("alkaa: 2025-31-01", "alkaa: 2025-01-31"),  # PVM-JARJESTYS: the day and the month swapped
    ("alkaa: 1.13.2025", "alkaa: 13.1.2025"),
    ("alkaa: 2025/01/31", "alkaa: 2025-01-31"),  # TARK-SCHEMA: year first with slashes
    ("alkaa: \"31/1/2025\"", "alkaa: \"2025-01-31\""),
    ("alkaa: 20250131", "alkaa: 2025-01-31"),
])
def test_a_date_whose_intent_is_certain(book, written, right):
    text = SMALL.replace("Siilinjärvii", "Siilinjärvi").replace(
        "ohjaus: Kuopio\n", f"ohjaus: Kuopio\nvoimassaolo:\n  {written}\n  päättyy: toistaiseksi\n")
    fixes = [d.autofix for d in _check(book, text)[0] if d.autofix is not None and d.autofix.applicability == SAFE]
    assert len(fixes) == 1
    assert apply_fixes(text, fixes) == text.replace(written, right)


@pytest.mark.parametrize("written", ["alkaa: 31.2.2025", "alkaa: 5/3/2025", "alkaa: 2025-13-13"])
def test_a_date_whose_intent_is_not_certain_has_no_fix(book, written):
    text = SMALL.replace("Siilinjärvii", "Siilinjärvi").replace(
        "ohjaus: Kuopio\n", f"ohjaus: Kuopio\nvoimassaolo:\n  {written}\n  päättyy: toistaiseksi\n")
    found, _ = _check(book, text)
    assert any(d.code in ("PVM-JARJESTYS", "TARK-SCHEMA") for d in found)
    assert not [d for d in found if d.autofix is not None and d.autofix.applicability == SAFE]


def test_a_misspelt_key_and_one_whose_fix_would_add_a_finding(book):
    text = SMALL.replace("ohjaus: Kuopio\n", "ohjaus: Kuopio\ntietosuja: Tiedot käsitellään lain mukaan.\n")
    fix = _fixes(book, text)["TARK-AVAIN"]
    assert apply_fixes(text, [fix]) == text.replace("tietosuja:", "tietosuoja:")
    # The known key is there already: renaming would make it a duplicate (TARK-YAML), so there is no fix.
    twice = text.replace("ohjaus: Kuopio\n", "ohjaus: Kuopio\ntietosuoja: Tiedot.\n")
    assert "TARK-AVAIN" not in _fixes(book, twice)
    assert any(d.code == "TARK-AVAIN" for d in _check(book, twice)[0])


NUMBERED = """\
---
tarkastus: 1
tyyppi: kl54
ohjaus: Turku
---

# Sopimus

## 1. Sopijapuolet

Turku ja Raisio.

## 2. Vastuu vahingoista

Kumpikin vastaa omistaan.

## 3. Erimielisyyksien ratkaiseminen

Neuvotellaan.
"""


def test_a_missing_section_is_an_unsafe_fix_at_its_place_in_the_numbering(book):
    fixes = _fixes(book, NUMBERED)
    fix = fixes["KL54-SEURANTA"]
    assert fix.applicability == UNSAFE
    assert fix.message.render("fi") == ("Lisää otsikko '2. Tehtävien hoidon seuranta, ohjaus ja valvonta' "
                                        "ja sen alle paikka määräykselle")
    result = apply_fixes(NUMBERED, [fix])
    assert result == NUMBERED.replace(
        "## 2. Vastuu vahingoista", "## 2. Tehtävien hoidon seuranta, ohjaus ja valvonta\n\n[täydennä]\n\n"
                                    "## 3. Vastuu vahingoista").replace("## 3. Erimielisyyksien", "## 4. Erimielisyyksien")
    # The finding stays (now at the placeholder): the provision's words are still to be written.
    assert [d.code for d in _check(book, result)[0]].count("KL54-SEURANTA") == 1


def test_a_swedish_agreement_gets_the_swedish_heading_and_placeholder(book):
    text = NUMBERED.replace("# Sopimus", "# Avtal om skötseln av en myndighetsuppgift").replace(
        "Sopijapuolet", "Avtalsparter").replace("Turku ja Raisio.", "Åbo stad och Reso stad är avtalsparter.")
    fix = _fixes(book, text)["KL54-SEURANTA"]
    assert "## 2. Uppföljning, styrning och tillsyn av hur uppgifterna sköts\n\n[komplettera]\n" in fix.edits[0].text


def test_fixes_for_a_language_server_later_from_a_check_without_them(book):
    found, doc = _check(book, MISSPELT, fixes=False)
    assert all(d.autofix is None for d in found)
    pairs = surviving(doc, found, book, Options(as_of=AS_OF))
    assert [(d.code, f.applicability) for d, f in pairs] == [("KUNTA-TUNTEMATON", SAFE)]
    assert pairs[0][1] == next(d.autofix for d in _check(book, MISSPELT)[0] if d.autofix is not None)


# ---- check --fix, --diff, --unsafe-fixes ---------------------------------------------------------

def _invoke(*args):
    return CliRunner().invoke(main, ["check", *args, *RUN], catch_exceptions=False)


@pytest.fixture(params=["\n", "\r\n"], ids=["LF", "CRLF"])
def misspelt(tmp_path, request):
    path = tmp_path / "sopimus.md"
    path.write_bytes(MISSPELT.replace("\n", request.param).encode("utf-8"))
    return path


def test_fix_diff_prints_the_diff_and_changes_nothing(misspelt):
    before = misspelt.read_bytes()
    result = _invoke("--fix", "--diff", str(misspelt))
    assert result.exit_code == 1, result.output
    newline = "\r\n" if b"\r\n" in before else "\n"
    printed = result.stdout_bytes.decode("utf-8")  # (click's .stdout reads CRLF as LF)
    assert f"-  - kunta: Siilinjärvii{newline}+  - kunta: Siilinjärvi{newline}" in printed
    assert printed.startswith(f"--- {misspelt}\n+++ {misspelt}\n@@ ")
    assert misspelt.read_bytes() == before and not misspelt.with_name("sopimus.md.bak").exists()
    assert _invoke("--diff", str(misspelt)).stdout == result.stdout  # --diff alone is the same


def test_fix_applies_it_and_keeps_the_file_otherwise_byte_identical(misspelt):
    before = misspelt.read_bytes()
    result = _invoke("--fix", "--format", "json", str(misspelt))
    assert result.exit_code == 0, result.output
    assert misspelt.read_bytes() == before.replace("Siilinjärvii".encode(), "Siilinjärvi".encode())
    assert misspelt.with_name("sopimus.md.bak").read_bytes() == before
    assert json.loads(result.stdout)["diagnostics"] == []  # the report shows what is left: nothing
    assert "1 korjaus; alkuperäinen tallennettiin nimellä" in result.stderr
    assert _invoke("--diff", str(misspelt)).exit_code == 0  # nothing left to fix
    assert _invoke("--diff", str(misspelt)).stdout == ""


def test_fix_keeps_a_byte_order_mark_and_a_missing_final_newline(tmp_path):
    path = tmp_path / "sopimus.md"
    before = b"\xef\xbb\xbf" + MISSPELT.rstrip("\n").replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(before)
    assert _invoke("--fix", "-q", str(path)).exit_code == 0
    assert path.read_bytes() == before.replace("Siilinjärvii".encode(), "Siilinjärvi".encode())


def test_unsafe_fixes_only_with_unsafe_fixes_and_a_second_backup(tmp_path):
    path = tmp_path / "sopimus.md"
    path.write_bytes(NUMBERED.replace("\n", "\r\n").encode("utf-8"))
    result = _invoke("--fix", str(path))
    assert result.exit_code == 1 and path.read_bytes() == NUMBERED.replace("\n", "\r\n").encode("utf-8")
    assert "--unsafe-fixes" in result.stderr and not path.with_name("sopimus.md.bak").exists()
    diff = _invoke("--diff", "--unsafe-fixes", str(path))
    assert diff.exit_code == 1
    printed = diff.stdout_bytes.decode("utf-8")
    # Each missing section in turn, at its place in the skeleton's order, the sections after it renumbered.
    assert [line for line in printed.split("\r\n") if line.startswith(("+#", "-#"))] == [
        "-## 2. Vastuu vahingoista", "+## 2. Sopimuksen sisältö ja tehtävät",
        "+## 3. Tehtävien hoidon seuranta, ohjaus ja valvonta", "+## 4. Vastuu vahingoista",
        "-## 3. Erimielisyyksien ratkaiseminen", "+## 5. Erimielisyyksien ratkaiseminen",
        "+## 6. Asiakastietojen käsittely ja tietosuoja", "+## 7. Sopimuksen muuttaminen",
        "+## 8. Sopimuksen voimassaolo ja irtisanominen"]
    path.with_name("sopimus.md.bak").write_text("an earlier backup", encoding="utf-8")
    result = _invoke("--fix", "--unsafe-fixes", str(path))
    text = path.read_bytes().decode("utf-8")
    assert "\r\n## 3. Tehtävien hoidon seuranta, ohjaus ja valvonta\r\n\r\n[täydennä]\r\n\r\n## 4. Vastuu" in text
    assert "\n" not in text.replace("\r\n", "")  # every line ending is the file's own
    assert path.with_name("sopimus.md.bak").read_text(encoding="utf-8") == "an earlier backup"
    assert path.with_name("sopimus.md.bak.2").read_bytes() == NUMBERED.replace("\n", "\r\n").encode("utf-8")
    assert "KL54-SEURANTA" in result.stdout  # what is left: the placeholder to fill in


def test_fix_leaves_word_and_pdf_files_and_says_so_once(tmp_path):
    from office_fixtures import blocks_of_markdown, docx

    for name in ("a", "b"):
        (tmp_path / f"{name}.docx").write_bytes(docx(blocks_of_markdown(
            "# Sopimus viranomaistehtävän hoitamisesta\n\nTämä sopimus on kuntalain 54 §:n mukainen sopimus.\n")))
    (tmp_path / "sopimus.md").write_text(MISSPELT, encoding="utf-8")
    result = _invoke("--fix", str(tmp_path))
    assert result.stderr.count("Word-, OpenDocument- ja PDF-tiedostoja ei korjata") == 1, result.output
    assert "Siilinjärvii" not in (tmp_path / "sopimus.md").read_text(encoding="utf-8")


def test_json_and_sarif_carry_the_fix(misspelt):
    data = json.loads(_invoke("--format", "json", "--show-fixes", str(misspelt)).stdout)
    (finding,) = [d for d in data["diagnostics"] if d["code"] == "KUNTA-TUNTEMATON"]
    assert isinstance(finding["fix"], str) and finding["fix"]  # the hint in words, as it always was
    assert finding["autofix"] == {"applicability": "safe", "message": "Korjaa 'Siilinjärvii' → 'Siilinjärvi'",
                                  "edits": [{"start": {"line": 10, "column": 12}, "end": {"line": 10, "column": 24},
                                             "text": "Siilinjärvi"}]}
    log = json.loads(_invoke("--format", "sarif", "--show-fixes", str(misspelt)).stdout)
    jsonschema.validate(log, json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")))
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "KUNTA-TUNTEMATON"]
    (change,) = result["fixes"][0]["artifactChanges"]
    assert change["replacements"] == [{"deletedRegion": {"startLine": 10, "startColumn": 12, "endLine": 10,
                                                         "endColumn": 24},
                                       "insertedContent": {"text": "Siilinjärvi"}}]
    assert result["fixes"][0]["properties"] == {"applicability": "safe"}


def test_diff_is_not_written_to_a_report_file(misspelt, tmp_path):
    result = _invoke("--diff", "-o", str(tmp_path / "out.txt"), str(misspelt))
    assert result.exit_code == 2 and "--output" in result.output


# ---- check --watch ---------------------------------------------------------------------------------

def _read_until(stream, marker: str, deadline: float) -> str:
    """Lines of ``stream`` up to one containing ``marker`` (a bounded wait: the test fails, it never hangs)."""
    import selectors

    seen = ""
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while marker not in seen:
            if time.monotonic() > deadline or not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                raise AssertionError(f"no {marker!r} in time; got {seen!r}")
            line = stream.readline()
            if not line:
                raise AssertionError(f"ended before {marker!r}; got {seen!r}")
            seen += line
    return seen


def test_watch_checks_again_after_a_change_and_stops_cleanly_on_ctrl_c(tmp_path):
    pytest.importorskip("watchfiles")
    path = tmp_path / "sopimus.md"
    path.write_text(MISSPELT, encoding="utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "tarkastus", "check", "--watch", "--format", "concise",
                                *RUN, str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env, cwd=ROOT)
    try:
        first = _read_until(process.stdout, "KUNTA-TUNTEMATON", time.monotonic() + 60)
        assert "Siilinjärvii" in first
        time.sleep(0.5)
        path.write_text(MISSPELT.replace("Siilinjärvii", "Kuopioo"), encoding="utf-8")
        second = _read_until(process.stdout, "Kuopioo", time.monotonic() + 30)
        assert "KUNTA-TUNTEMATON" in second
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        errors = process.stderr.read()
        assert "Traceback" not in errors and "Tarkastus seuraa muutoksia" in errors and "Muuttui:" in errors
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_fixes_are_made_only_when_wanted(misspelt):
    """A plain check is one pass over the document: fixes (each checked by checking the fixed text again)
    are made for --fix, --diff and --show-fixes, and the JSON report carries them only then."""
    plain = json.loads(_invoke("--format", "json", str(misspelt)).stdout)
    assert not any("autofix" in d for d in plain["diagnostics"])
    shown = json.loads(_invoke("--format", "json", "--show-fixes", str(misspelt)).stdout)
    assert any("autofix" in d for d in shown["diagnostics"])
