"""Findings as a lawyer reads them in a terminal (issue 14, items 2 and 4): a finding points at the words
concerned and shows that line with them underlined; a missing provision points at the title (else the
``tyyppi`` key), not at 1:1; one at a placeholder says to replace it; the text report wraps to the
terminal's width with hanging indents and keeps code frames and blocks to paste whole; on a colour terminal
the rule code links to the law it cites (OSC 8)."""

from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner

from conftest import AS_OF
from tarkastus.cli import main

SKELETON_PART = """\
---
tarkastus: 1
tyyppi: kl54
ohjaus: Turku
---

# Sopimus viranomaistehtävän hoitamisesta

## 6. Tehtävien hoidon seuranta

[täydennä]
"""


def _check(tmp_path, text, *args, name="sopimus.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(main, ["check", str(path), "--isolated", "--as-of", AS_OF.isoformat(), *args])


def test_a_finding_at_a_placeholder_shows_it_underlined_and_says_to_replace_it(tmp_path):
    result = _check(tmp_path, SKELETON_PART, "--select", "KL54-SEURANTA")
    lines = result.output.splitlines()
    at = next(i for i, line in enumerate(lines) if "KL54-SEURANTA" in line)
    assert lines[at].split(": KL54")[0].endswith(":11:1")
    assert lines[at + 1:at + 3] == ["      [täydennä]", "      ^^^^^^^^^^"]
    assert "korjaus: Korvaa '[täydennä]' (rivi 11) määräyksellä." in result.output


def test_a_missing_provision_points_at_the_title_else_at_tyyppi(tmp_path):
    result = _check(tmp_path, SKELETON_PART.replace("[täydennä]", "Turku seuraa tehtävän hoitoa."),
                    "--select", "OHJE-VAHINGOT")
    assert ":7:1: OHJE-VAHINGOT" in result.output
    assert "      # Sopimus viranomaistehtävän hoitamisesta\n      ^^^^^^^^^^" in result.output
    no_title = _check(tmp_path, "---\ntarkastus: 1\ntyyppi: kl54\n---\nTeksti.\n", "--select", "OHJE-VAHINGOT")
    assert ":3:1: OHJE-VAHINGOT" in no_title.output and "      tyyppi: kl54\n      ^^^^^^^^^^^^" in no_title.output
    yaml = _check(tmp_path, "tarkastus: 1\nohjaus: Turku\ntyyppi: kl54\n", "--select", "OHJE-VAHINGOT",
                  name="sopimus.yaml")
    assert ":3:1: OHJE-VAHINGOT" in yaml.output


def test_a_placeholder_in_a_word_file_is_named_by_its_place(tmp_path):
    from office_fixtures import docx

    path = tmp_path / "sopimus.docx"
    path.write_bytes(docx([("h", 1, "Sopimus viranomaistehtävän hoitamisesta"),
                           ("p", "Tämä sopimus on kuntalain 54 §:n mukainen sopimus."),
                           ("h", 2, "Tehtävien hoidon seuranta"), ("p", "Sovitaan myöhemmin.")]))
    result = CliRunner().invoke(main, ["check", str(path), "--isolated", "--select", "KL54-SEURANTA", "--kieli", "sv"])
    assert "Ersätt 'Sovitaan myöhemmin.' (punkt 1, 1 st.) med en bestämmelse." in result.output, result.output
    # A Word file has no front matter: the hint's front-matter block goes in the YAML file beside it.
    assert "uppgifterna skrivs i filen sopimus.yaml bredvid den." in result.output
    markdown = _check(tmp_path, SKELETON_PART, "--select", "KL54-SEURANTA")
    assert "etusivua" not in markdown.output


def _report(tmp_path):
    from tarkastus.engine import Options, check
    from tarkastus.rulebook import load_rulebook

    path = tmp_path / "sopimus.md"
    path.write_text(SKELETON_PART, encoding="utf-8")
    book = load_rulebook()
    return check([path], book, Options(as_of=AS_OF, select=("KL54-", "OHJE-"))), book


@pytest.mark.parametrize("width", [50, 80, 120])
def test_the_report_wraps_to_the_width_with_hanging_indents(tmp_path, width):
    from tarkastus.reporters.text import render

    report, book = _report(tmp_path)
    out = io.StringIO()
    render(report, out, colour=False, width=width, book=book)
    lines = out.getvalue().splitlines()
    frames = {i for i, line in enumerate(lines) if set(line.strip()) == {"^"}}
    frames |= {i - 1 for i in frames}
    for i, line in enumerate(lines):
        if i in frames or _is_block(line):
            continue  # a code frame or a block to paste is never wrapped
        if len(line) > width:  # only one word longer than the line may overflow
            assert " " not in line.strip(), line
    details = [line for i, line in enumerate(lines) if line.startswith("  ") and i not in frames]
    assert all(line.startswith(("  " + str(tmp_path), "      ")) for line in details), details
    assert any(re.match(r" {15}\S", line) for line in lines), "a fix continues under its text"
    unwrapped = io.StringIO()
    render(report, unwrapped, colour=False, book=book)
    assert " ".join(unwrapped.getvalue().split()) == " ".join(out.getvalue().split())


def test_a_short_number_stays_with_its_word_when_wrapped():
    from tarkastus.reporters.text import Line, wrap

    broken = wrap(Line([("      peruste: ", ""), ("Kuntaliitto: KL 54 §:n sopimusohje (TE24), kohta 3", "")], 15), 60)
    assert [("".join(t for t, _ in line)).strip() for line in broken] == [
        "peruste: Kuntaliitto: KL 54 §:n sopimusohje (TE24),", "kohta 3"]


def test_blocks_to_paste_are_kept_as_written(tmp_path):
    from tarkastus.diagnostics import Diagnostic, Severity
    from tarkastus.engine import Report
    from tarkastus.reporters.text import render

    fix = "Lisää etusivulle:\n\n    irtisanominen:\n      irtisanomisaika: 6 kk\n\ntai tekstiin otsikko."
    report = Report([Diagnostic("KL54-IRTISANOMINEN", Severity.ERROR, "a.md", __import__("tarkastus").diagnostics.START,
                                "Puuttuu.", fix=fix)], 1, AS_OF)
    out = io.StringIO()
    render(report, out, colour=False, width=40)
    assert ("      korjaus: Lisää etusivulle:\n                   irtisanominen:\n"
            "                     irtisanomisaika: 6 kk\n               tai tekstiin otsikko.") in out.getvalue()


def test_a_colour_terminal_links_the_rule_to_its_law_and_the_place_to_the_file(tmp_path):
    from tarkastus.reporters.text import render

    report, book = _report(tmp_path)
    out = io.StringIO()
    render(report, out, colour=True, book=book)
    text = out.getvalue()
    assert "\x1b]8;" in text and "finlex.fi" in text and (tmp_path / "sopimus.md").as_uri() in text
    plain = io.StringIO()
    render(report, plain, colour=False, book=book)
    assert "\x1b" not in plain.getvalue()


def test_the_command_line_wraps_only_on_a_terminal(tmp_path, monkeypatch):
    from tarkastus import cli

    path = tmp_path / "sopimus.md"
    path.write_text(SKELETON_PART, encoding="utf-8")
    piped = CliRunner().invoke(main, ["check", str(path), "--isolated", "--select", "KL54-SEURANTA"])
    assert max(len(line) for line in piped.output.splitlines()) > 100  # a pipe or file gets whole lines
    monkeypatch.setattr(cli, "_terminal_width", lambda: 60)
    narrow = CliRunner().invoke(main, ["check", str(path), "--isolated", "--select", "KL54-SEURANTA"])
    assert all(len(line) <= 60 for line in narrow.output.splitlines() if " " in line.strip()
               and not set(line.strip()) <= {"^"} and "[täydennä]" not in line and not _is_block(line))


def _is_block(line: str) -> bool:
    """A line of a block to paste: deeper than a detail's hanging text (six, the label, four)."""
    return len(line) - len(line.lstrip()) >= 17
