"""The rule author's tools: ``tarkastus test`` (a rule pack's examples as tests).

Through the command line (click's runner on ``tarkastus.cli.main``) and
the library: the shipped rules pass; a wrong ``expect … at`` fails with
exit 1 and names the example; a syntax error is exit 2 with line, column
and caret; ``-k`` selects; ``--kieli`` says it in Swedish.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from conftest import AS_OF, ROOT
from tarkastus.cli import main

RULES = ROOT / "rules"
SEURANTA = RULES / "KL54-SEURANTA.tark"


@pytest.fixture
def runner(monkeypatch):
    for name in ("TARKASTUS_KIELI", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return CliRunner()


def _own_rule(directory, expect_from: str = "", expect_to: str = ""):
    """KL54-SEURANTA copied into ``directory`` as OMA-SEURANTA (an id of its own), one text replaced."""
    directory.mkdir(exist_ok=True)
    source = SEURANTA.read_text(encoding="utf-8").replace("KL54-SEURANTA", "OMA-SEURANTA")
    if expect_from:
        assert expect_from in source
        source = source.replace(expect_from, expect_to)
    path = directory / "OMA-SEURANTA.tark"
    path.write_text(source, encoding="utf-8")
    return path


# ---- tarkastus test ------------------------------------------------------------------------------

def test_the_shipped_rules_pass_in_a_few_seconds(runner):
    import time

    runner.invoke(main, ["test", "-k", "KL54-SEURANTA"])  # the compiled pack in the cache, as after any run
    start = time.perf_counter()
    result = runner.invoke(main, ["test", str(RULES), "--as-of", AS_OF.isoformat()])
    seconds = time.perf_counter() - start
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"\d+ esimerkkiä, 0 epäonnistui\.\n", result.output), result.output
    assert seconds < 5, f"tarkastus test took {seconds:.1f} s"


def test_without_a_directory_the_shipped_rules_and_the_configurations_are_run(runner, tmp_path, monkeypatch):
    own = tmp_path / "omat"
    _own_rule(own)
    (tmp_path / "tarkastus.toml").write_text('rule-dirs = ["omat"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["test", "--format", "json", "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    rules = {item["rule"] for item in json.loads(result.output)["results"]}
    assert {"OMA-SEURANTA", "KL54-SEURANTA", "ALUE-VASTUUKUNTA"} <= rules


def test_a_wrong_expect_at_fails_and_names_the_example(runner, tmp_path):
    path = _own_rule(tmp_path / "omat", "expect OMA-SEURANTA at 6:1", "expect OMA-SEURANTA at 5:1")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if "at 5:1" in text)
    result = runner.invoke(main, ["test", str(tmp_path / "omat")])
    assert result.exit_code == 1, result.output
    first = result.output.splitlines()[0]
    assert first.startswith(f"{path}:{line}:1: OMA-SEURANTA: esimerkki fail 'seuranta lykätään myöhemmäksi': ")
    assert "odotettiin OMA-SEURANTA kohdassa 5:1 (asiakirja 1)" in first
    assert "6:1 OMA-SEURANTA [virhe] Kohdan '6. Seuranta' teksti lykkää" in result.output  # what was found
    assert result.output.splitlines()[-1] == "9 esimerkkiä, 1 epäonnistui."
    assert "KL54-SEURANTA" not in result.output  # only the named directory's rules are run


def test_a_syntax_error_is_exit_2_with_line_column_and_caret(runner, tmp_path):
    own = tmp_path / "omat"
    _own_rule(own)
    (own / "OMA-RIKKI.tark").write_text('rule OMA-RIKKI\ntitle "x"\nwhen not present(ohjaus\n', encoding="utf-8")
    result = runner.invoke(main, ["test", str(own)])
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    at = next(i for i, text in enumerate(lines) if "OMA-RIKKI.tark:3:24: TARK-SAANTO [virhe] Syntaksivirhe" in text)
    assert lines[at + 1] == "    when not present(ohjaus"
    assert lines[at + 2] == " " * (4 + 23) + "^"  # under column 24, where the file ends
    assert lines[-1] == "9 esimerkkiä, 0 epäonnistui; sääntötiedostoissa 1 virhe."  # the others still ran


def test_k_runs_only_that_rules_examples(runner):
    result = runner.invoke(main, ["test", "-k", "KL54-SEURANTA", "--format", "json", "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {item["rule"] for item in data["results"]} == {"KL54-SEURANTA"}
    assert data["examples"] == len(data["results"]) >= 2 and data["failed"] == 0
    kinds = {item["kind"] for item in data["results"]}
    assert kinds == {"pass", "fail"} and all(item["passed"] for item in data["results"])


def test_k_is_a_prefix_and_repeatable_and_an_unknown_one_is_a_usage_error(runner):
    result = runner.invoke(main, ["test", "-k", "KL54-SEURANTA", "-k", "ALUE-", "--format", "json"])
    rules = {item["rule"] for item in json.loads(result.output)["results"]}
    assert "KL54-SEURANTA" in rules and {r for r in rules if r != "KL54-SEURANTA"} == {
        "ALUE-JASENYYS", "ALUE-PAALLEKKAISYYS", "ALUE-VASTUUKUNTA"}
    result = runner.invoke(main, ["test", "-k", "KL45-SEURANTA"])
    assert result.exit_code == 2 and "KL54-SEURANTA" in result.output


@pytest.mark.parametrize("lang, summary, problem", [
    ("sv", "9 exempel, 1 misslyckades.", "väntade OMA-SEURANTA vid 5:1 (dokument 1)"),
    ("en", "9 examples, 1 failed.", "expected OMA-SEURANTA at 5:1 (document 1)")])
def test_the_summary_in_swedish_and_english(runner, tmp_path, lang, summary, problem):
    _own_rule(tmp_path / "omat", "expect OMA-SEURANTA at 6:1", "expect OMA-SEURANTA at 5:1")
    result = runner.invoke(main, ["test", str(tmp_path / "omat"), "--kieli", lang])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == summary
    assert problem in result.output


def test_the_harness_says_what_is_wrong_in_every_language(book, tmp_path):
    from tarkastus.ruletest import describe, run_example

    rule = book.rule("KL54-SEURANTA")
    example = next(e for e in rule.examples if e.kind == "fail")
    example = type(example)(**{**{f: getattr(example, f) for f in example._fields}, "expectations": []})
    outcome = run_example(rule, example, book, tmp_path, AS_OF)
    assert not outcome.passed
    assert "fail-esimerkiltä puuttuu expect-rivi" in describe(outcome)
    assert "fail-exemplet saknar en expect-rad" in describe(outcome, "sv")
    assert "the fail example has no expect line" in describe(outcome, "en")
