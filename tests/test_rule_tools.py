"""The rule author's tools: ``tarkastus test`` (a rule pack's examples as tests) and ``check --explain-rule``.

Through the command line (click's runner on ``tarkastus.cli.main``) and
the library: the shipped rules pass; a wrong ``expect … at`` fails with
exit 1 and names the example; a syntax error is exit 2 with line, column
and caret; ``-k`` selects; ``--kieli`` says it in Swedish. The trace of a
rule shows the facts it reads and each case's value, and the evaluator's
trace finds exactly what the engine's fast path finds.
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
DRAFT = ROOT / "samples" / "kl54" / "luonnos-ei-seurantaa.md"
RAISIO = ROOT / "samples" / "kl54" / "turku-raisio.md"
DEFERRING = """\
---
tarkastus: 1
tyyppi: kl54
---
# Sopimus

## 6. Seuranta

Sovitaan myöhemmin.
"""


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


# ---- check --explain-rule ------------------------------------------------------------------------

def test_explain_rule_on_a_draft_without_monitoring(runner):
    result = runner.invoke(main, ["check", "--explain-rule", "KL54-SEURANTA", str(DRAFT), "--as-of",
                                  AS_OF.isoformat()])
    assert result.exit_code == 1, result.output  # as check: the rule's finding is an error
    out = result.output
    assert "seuranta (tehtävän hoidon seuranta): puuttuu" in out
    assert re.search(r"1\. rivi \d+  when deferred\(seuranta\)  → null\n", out)
    assert re.search(r"2\. rivi \d+  when not provided\(seuranta\) and not deferred\(seuranta\)  → true\n"
                     r" +havainto: 54:1 \[virhe\] Sopimuksesta puuttuu määräys tehtävän hoidon seurannasta", out), out


def test_explain_rule_shows_the_deferral_case_true_and_its_finding(runner, tmp_path):
    path = tmp_path / "luonnos.md"
    path.write_text(DEFERRING, encoding="utf-8")
    result = runner.invoke(main, ["check", "--explain-rule", "KL54-SEURANTA", str(path)])
    assert result.exit_code == 1, result.output
    assert "seuranta (tehtävän hoidon seuranta): lykätty 9:1  “Sovitaan myöhemmin.”" in result.output
    assert re.search(r"when deferred\(seuranta\)  → true \(6\. Seuranta\)\n +havainto: 9:1 \[virhe\] Kohdan "
                     r"'6\. Seuranta' teksti lykkää", result.output), result.output
    assert re.search(r"when not provided\(seuranta\) and not deferred\(seuranta\)  → false", result.output)


def test_explain_rule_on_a_compliant_agreement_shows_the_cases_false(runner):
    result = runner.invoke(main, ["check", "--explain-rule", "KL54-SEURANTA", str(RAISIO)])
    assert result.exit_code == 0, result.output
    assert re.search(r"seuranta \(tehtävän hoidon seuranta\): avain \d+:1  “seuranta: Turku", result.output)
    assert "→ true" not in result.output and "havainto" not in result.output
    assert result.output.count("→ null") == 1 and result.output.count("→ false") == 1


def test_explain_rule_shows_the_facts_read_and_each_round_of_a_for(runner):
    result = runner.invoke(main, ["check", "--explain-rule", "KL54-VIRANHALTIJA", str(RAISIO), "--format", "json"])
    assert result.exit_code == 0, result.output
    (trace,) = json.loads(result.output)["traces"]
    facts = {(f["key"], f["source"], f["line"]): f["value"] for f in trace["facts"]}
    assert facts[("tehtävät[0].viranhaltija", "etusivu", 22)] == "työllisyysasiantuntija"
    assert len(trace["rounds"]) == 2  # one per task
    for round_ in trace["rounds"]:
        (bound,) = round_["bound"]
        assert bound["kind"] == "for" and bound["name"] == "t" and bound["line"] in (14, 38)
        assert [c["value"] for c in round_["cases"]] == [False, False]


def test_explain_rule_of_a_rule_over_the_set_of_documents(runner):
    result = runner.invoke(main, ["check", "--explain-rule", "ALUE-VASTUUKUNTA", str(ROOT / "samples" / "alueet"),
                                  "--format", "json"])
    assert result.exit_code == 1, result.output
    (trace,) = json.loads(result.output)["traces"]
    assert trace["path"] is None and len(trace["documents"]) == 6
    fired = [c["finding"] for r in trace["rounds"] for c in r["cases"] if c.get("finding")]
    assert [f["path"] for f in fired] == [d for d in trace["documents"] if d.endswith("kuopio-tuusniemi-kl54.md")]


@pytest.mark.parametrize("lang, words", [("sv", "Fallen (when) och deras värden"),
                                         ("en", "The cases (when) and their values")])
def test_explain_rule_in_swedish_and_english(runner, lang, words):
    result = runner.invoke(main, ["check", "--explain-rule", "KL54-SEURANTA", str(DRAFT), "--kieli", lang])
    assert words in result.output


def test_explain_rule_of_an_unknown_rule_is_a_usage_error_with_the_closest_id(runner):
    result = runner.invoke(main, ["check", "--explain-rule", "KL54-SEURANTX", str(RAISIO)])
    assert result.exit_code == 2
    assert "Tuntematon sääntö KL54-SEURANTX" in result.output and "KL54-SEURANTA" in result.output
    result = runner.invoke(main, ["check", "--explain-rule", "KL54-SEURANTA", "--format", "sarif", str(RAISIO)])
    assert result.exit_code == 2


def test_explain_rule_says_when_a_rule_does_not_apply(runner):
    other = ROOT / "samples" / "kokkola" / "kokkola-yhteistoimintasopimus.md"
    result = runner.invoke(main, ["check", "--explain-rule", "KL54-SEURANTA", str(other)])
    assert result.exit_code == 0
    assert "Sääntö ei koske tätä asiakirjaa: se koskee tyyppiä kl54, asiakirja on yhteistoimintasopimus." \
        in result.output


# ---- the evaluator's trace -----------------------------------------------------------------------

SAMPLES = sorted(p for p in (ROOT / "samples").rglob("*.md"))


def test_the_trace_finds_what_the_engine_finds(book):
    """For every shipped rule on every sample: the trace's findings are the fast path's, in the same order."""
    from tarkastus import prose
    from tarkastus.documents.loader import load
    from tarkastus.lang.evaluator import Context

    compared = 0
    for path in SAMPLES:
        doc = load(path, book.shapes, str(path), prose=True)
        prose.apply(doc, book)
        if not doc.ok:
            continue
        for compiled in book.compiled:
            if compiled.corpus or not compiled.applies_to(doc.doc_type):
                continue
            fast = list(compiled.run(Context(doc, book, AS_OF)))
            traced = compiled.trace(Context(doc, book, AS_OF))
            assert traced.error is None
            found = [c.finding for r in traced.rounds for c in r.cases if c.finding is not None]
            assert found == fast, (compiled.rule.id, path)
            compared += 1
    assert compared > 300


def test_the_trace_keeps_the_bounds(book, tmp_path):
    """A rule that goes past a bound ends its trace with that error, as check reports it (TARK-SAANTO)."""
    from tarkastus.documents.loader import load
    from tarkastus.engine import CompiledRule
    from tarkastus.lang.evaluator import Compiler, Context, EvaluationError
    from tarkastus.lang.parser import parse_rule_source

    rule_path = tmp_path / "OMA-RAJA.tark"
    rule_path.write_text('rule OMA-RAJA\ntitle "x"\nseverity error\napplies-to kl54\ncite KL 54 §\nquote "q"\n'
                         'why "w"\nfix "f"\nfor t in tehtävät\nwhen len(t.tehtävä * 1000000) > 0\n'
                         '  message "m"\n', encoding="utf-8")
    rule = parse_rule_source(rule_path.read_text(encoding="utf-8"), str(rule_path))
    compiled = CompiledRule(rule, Compiler(type(book)(**{**{f: getattr(book, f) for f in book._fields},
                                                          "rules": [rule]})))
    doc = load(RAISIO, book.shapes, str(RAISIO))
    traced = compiled.trace(Context(doc, book, AS_OF))
    assert isinstance(traced.error, EvaluationError) and traced.error.pos.line == 10
    assert traced.rounds == []
    with pytest.raises(EvaluationError):
        list(compiled.run(Context(doc, book, AS_OF)))


def test_the_trace_counts_but_does_not_keep_rounds_past_its_limit(book):
    from tarkastus.documents.loader import load
    from tarkastus.lang.evaluator import Context, trace

    compiled = next(c for c in book.compiled if c.rule.id == "KL54-VIRANHALTIJA")
    doc = load(RAISIO, book.shapes, str(RAISIO))
    traced = trace(compiled.bindings, [case[0] for case in compiled.cases], Context(doc, book, AS_OF),
                   lambda i, ctx: None, limit=1)
    assert len(traced.rounds) == 1 and traced.more == 1


def test_explain_rule_shows_a_path_it_could_not_check_and_a_rule_file_that_did_not_load(runner, tmp_path,
                                                                                         monkeypatch):
    result = runner.invoke(main, ["check", "--explain-rule", "KL54-SEURANTA", str(tmp_path / "puuttuu.md"),
                                  str(RAISIO)])
    assert result.exit_code == 2
    assert "puuttuu.md: (" in result.output and "1:1  TARK-LUKU  Tiedostoa tai hakemistoa ei ole." in result.output
    assert "turku-raisio.md: KL54-SEURANTA" in result.output  # the other file is still traced
    own = tmp_path / "omat"
    own.mkdir()
    (own / "OMA-RIKKI.tark").write_text('rule OMA-RIKKI\ntitle "x"\nwhen not present(ohjaus\n', encoding="utf-8")
    (tmp_path / "tarkastus.toml").write_text('rule-dirs = ["omat"]\n', encoding="utf-8")
    (tmp_path / "sopimus.md").write_text(RAISIO.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["check", "--explain-rule", "KL54-SEURANTA", "sopimus.md"])
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    at = lines.index("  Sääntötiedosto ei latautunut:")
    assert lines[at + 1].startswith("    3:24  TARK-SAANTO  Syntaksivirhe")
    assert lines[at + 2].strip() == "when not present(ohjaus" and lines[at + 3].strip() == "^"


def test_explain_rule_under_kieli_auto_speaks_the_documents_language(runner):
    swedish = ROOT / "samples" / "svenska" / "utkast-ingen-uppfoljning.md"
    result = runner.invoke(main, ["check", "--explain-rule", "KL54-SEURANTA", str(swedish), "--kieli", "auto"])
    assert "Fallen (when) och deras värden" in result.output
    assert "fynd: " in result.output and "skjuter upp bestämmelsen" in result.output
