"""The command line through click's CliRunner (and once as a subprocess):
exit codes 0/1/2, the JSON report's structure, rule listing and
explanations, colour handling and determinism.

Checks that are about exit codes select one rule (KL54-SEURANTA) so that
they do not change when other rules are added.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import tarkastus
from conftest import AS_OF, NO_MONITORING
from tarkastus.cli import main

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|\x1b\]8;[^\x1b]*\x1b\\")  # colours, and OSC 8 hyperlinks

COMPLIANT = """\
---
tarkastus: 1
tyyppi: kl54
seuranta:
  vastuu: Turku
  keinot: [raportointi]
---
# Sopimus
"""

FAILING = NO_MONITORING

WARNING_ONLY = """\
---
tarkastus: 1
tyyppi: kl54
seuranta:
  vastuu: Turku
irtisanomisika: 6 kk
---
"""

MALFORMED = "---\ntarkastus: 1\ntyyppi: kl54\nohjaus: [Turku\n---\n"

ONE_RULE = ("--select", "KL54-SEURANTA", "--as-of", AS_OF.isoformat())


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch):
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def docs(tmp_path):
    """The small documents above, written as files; returns name -> path."""
    written = {}
    for name, text in {"ok": COMPLIANT, "fail": FAILING, "warn": WARNING_ONLY, "bad": MALFORMED}.items():
        path = tmp_path / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        written[name] = str(path)
    return written


def run(runner, *args, env=None):
    return runner.invoke(main, list(args), env=env, catch_exceptions=False)


def run_json(runner, *args):
    result = run(runner, "check", "--format", "json", *args)
    return result, json.loads(result.output)


# ---- exit codes ----------------------------------------------------------------

def test_exit_0_on_compliant_document(runner, docs):
    result = run(runner, "check", docs["ok"], *ONE_RULE)
    assert result.exit_code == 0, result.output
    assert "KL54-SEURANTA" not in result.output
    assert "Ei havaintoja" in result.output


def test_exit_1_on_failing_document(runner, docs):
    result = run(runner, "check", docs["fail"], *ONE_RULE)
    assert result.exit_code == 1, result.output
    assert f"{docs['fail']}:6:1: KL54-SEURANTA" in result.output  # the missing provision: at the title


def test_exit_2_on_malformed_document_and_other_files_still_reported(runner, docs):
    result, data = run_json(runner, docs["ok"], docs["bad"], docs["fail"], *ONE_RULE)
    assert result.exit_code == 2
    found = {(d["code"], d["path"]) for d in data["diagnostics"]}
    assert ("TARK-YAML", docs["bad"]) in found
    assert ("KL54-SEURANTA", docs["fail"]) in found
    (yaml_error,) = [d for d in data["diagnostics"] if d["code"] == "TARK-YAML"]
    assert yaml_error["severity"] == "error"
    assert yaml_error["line"] == 5 and yaml_error["column"] >= 1
    assert data["summary"]["files"] == 3


def test_text_output_shows_yaml_error_position_with_caret(runner, docs):
    result = run(runner, "check", docs["bad"], *ONE_RULE)
    assert result.exit_code == 2
    assert re.search(re.escape(docs["bad"]) + r":5:\d+: TARK-YAML", result.output)
    assert "^" in result.output


def test_exit_2_on_missing_file(runner, tmp_path):
    result = run(runner, "check", str(tmp_path / "ei-ole.md"), *ONE_RULE)
    assert result.exit_code == 2
    assert "TARK-LUKU" in result.output


@pytest.mark.parametrize("args", [
    ("check", "--bogus", "x.md"),
    ("check",),
    ("check", "--format", "xml", "x.md"),
    ("check", "--fail-on", "fatal", "x.md"),
    ("check", "--as-of", "eilen", "x.md"),
    ("frobnicate",),
])
def test_exit_2_on_bad_usage(runner, args):
    result = runner.invoke(main, list(args))
    assert result.exit_code == 2, result.output


def test_fail_on_warning_changes_exit_code(runner, docs):
    default = run(runner, "check", docs["warn"], *ONE_RULE)
    assert default.exit_code == 0, default.output
    assert "TARK-AVAIN" in default.output
    strict = run(runner, "check", docs["warn"], "--fail-on", "warning", *ONE_RULE)
    assert strict.exit_code == 1
    info = run(runner, "check", docs["ok"], "--fail-on", "warning", *ONE_RULE)
    assert info.exit_code == 0


def test_ignore_removes_a_rule(runner, docs):
    result = run(runner, "check", docs["fail"], "--select", "KL54-SEURANTA", "--ignore", "KL54-SEURANTA")
    assert result.exit_code == 0
    assert "KL54-SEURANTA" not in result.output


@pytest.mark.parametrize("prefix", ["kl54-", "KL54"])
def test_select_by_prefix(runner, docs, prefix):
    result, data = run_json(runner, docs["fail"], "--select", prefix, "--as-of", "1.1.2026")
    assert result.exit_code == 1
    found = {d["code"] for d in data["diagnostics"]}
    assert "KL54-SEURANTA" in found
    assert all(code.startswith(("KL54-", "TARK-")) for code in found), found
    assert data["as_of"] == "2026-01-01"


def test_as_of_before_rule_came_into_force(runner, docs):
    result = run(runner, "check", docs["fail"], "--select", "KL54-SEURANTA", "--as-of", "2015-04-30")
    assert result.exit_code == 0
    assert "KL54-SEURANTA" not in result.output


def test_directory_is_checked_recursively(runner, tmp_path):
    sub = tmp_path / "sopimukset" / "2025"
    sub.mkdir(parents=True)
    (sub / "a.md").write_text(FAILING, encoding="utf-8")
    (tmp_path / "sopimukset" / "README.md").write_text("# Ei sopimus\n", encoding="utf-8")
    hidden = tmp_path / "sopimukset" / ".git"
    hidden.mkdir()
    (hidden / "b.md").write_text(FAILING, encoding="utf-8")
    result, data = run_json(runner, str(tmp_path / "sopimukset"), *ONE_RULE)
    assert result.exit_code == 1
    assert data["summary"]["files"] == 1
    assert {Path(d["path"]).name for d in data["diagnostics"]} == {"a.md"}


# ---- JSON report -----------------------------------------------------------------

DIAGNOSTIC_KEYS = {"code", "severity", "path", "line", "column", "message", "citation", "fix"}


def test_json_report_structure(runner, docs):
    result, data = run_json(runner, docs["ok"], docs["fail"], docs["warn"], docs["bad"], *ONE_RULE)
    assert result.exit_code == 2
    assert set(data) == {"version", "tool", "as_of", "diagnostics", "summary"}
    assert data["version"] == 1
    assert data["tool"] == {"name": "tarkastus", "version": tarkastus.__version__}
    assert data["as_of"] == AS_OF.isoformat()
    assert isinstance(data["diagnostics"], list) and data["diagnostics"]
    for d in data["diagnostics"]:
        assert DIAGNOSTIC_KEYS <= set(d) <= DIAGNOSTIC_KEYS | {"related", "autofix"}
        if "autofix" in d:  # a fix check --fix can make, beside the hint in words ("fix")
            assert set(d["autofix"]) == {"applicability", "message", "edits"}
            assert d["autofix"]["applicability"] in ("safe", "unsafe") and d["autofix"]["edits"]
        assert d["severity"] in ("error", "warning", "info")
        assert isinstance(d["line"], int) and d["line"] >= 1
        assert isinstance(d["column"], int) and d["column"] >= 1
        assert all(isinstance(d[k], str) for k in ("code", "path", "message", "citation", "fix"))
    summary = data["summary"]
    assert set(summary) == {"files", "errors", "warnings", "infos", "suppressed", "by_code"}
    assert summary["files"] == 4
    severities = [d["severity"] for d in data["diagnostics"]]
    assert summary["errors"] == severities.count("error")
    assert summary["warnings"] == severities.count("warning")
    assert summary["infos"] == severities.count("info")
    by_code = {}
    for d in data["diagnostics"]:
        by_code[d["code"]] = by_code.get(d["code"], 0) + 1
    assert summary["by_code"] == by_code
    assert list(summary["by_code"]) == sorted(summary["by_code"])


def test_json_diagnostics_are_sorted(runner, docs, tmp_path):
    many = tmp_path / "many.yaml"
    many.write_text("tyyppi: kl54\nb_tuntematon: 1\na_tuntematon: 2\nseuranta:\n  vastu: x\n  keino: y\n",
                    encoding="utf-8")
    result, data = run_json(runner, docs["warn"], str(many), docs["fail"], docs["ok"], *ONE_RULE)
    keys = [(d["path"], d["line"], d["column"], d["code"]) for d in data["diagnostics"]]
    assert len(keys) >= 5
    assert keys == sorted(keys)


def test_json_finding_carries_citation_and_fix(runner, docs):
    _, data = run_json(runner, docs["fail"], *ONE_RULE)
    (finding,) = [d for d in data["diagnostics"] if d["code"] == "KL54-SEURANTA"]
    assert finding["severity"] == "error"
    assert "KL 54 § 2 mom." in finding["citation"]
    assert finding["fix"]
    assert "seurannasta" in finding["message"]


# ---- rules and explain ------------------------------------------------------------

def test_rules_lists_every_rule(runner, book):
    result = run(runner, "rules")
    assert result.exit_code == 0, result.output
    header, *lines = [line for line in result.output.splitlines() if line.strip()]
    assert header.split()[:2] == ["TUNNUS", "VAKAVUUS"]  # the table's column names, in the language asked for
    listed = [line.split()[0] for line in lines]
    assert listed == [r.id for r in book.rules]


def test_rules_json(runner, book):
    result = run(runner, "rules", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [r["id"] for r in data["rules"]] == [r.id for r in book.rules]
    seuranta = next(r for r in data["rules"] if r["id"] == "KL54-SEURANTA")
    assert seuranta["severity"] == "error"
    assert seuranta["applies_to"] == ["kl54"]
    assert seuranta["in_force"]["from"] == "2015-05-01"
    assert all(c["url"].startswith("https://") for c in seuranta["citations"])


def test_explain_quotes_the_provision(runner):
    result = run(runner, "explain", "KL54-SEURANTA")
    assert result.exit_code == 0
    assert result.output.startswith("KL54-SEURANTA: ")
    assert "tehtävän hoidon seurannasta" in result.output
    assert "KL 54 § 2 mom." in result.output
    assert "https://finlex.fi/" in result.output
    # The examples shown are the ones the test suite runs.
    assert "seuranta etusivulla" in result.output


def test_explain_is_case_insensitive(runner):
    assert run(runner, "explain", "kl54-seuranta").exit_code == 0


def test_explain_unknown_rule_suggests(runner):
    result = runner.invoke(main, ["explain", "KL54-SEURANT"])
    assert result.exit_code == 2
    assert "Tarkoititko KL54-SEURANTA?" in result.output


# ---- colour and determinism -------------------------------------------------------

def test_no_ansi_when_not_a_tty(runner, docs):
    result = run(runner, "check", docs["fail"], docs["warn"], *ONE_RULE)
    assert "KL54-SEURANTA" in result.output
    assert not ANSI.search(result.output)


def test_no_color_wins_over_force_color(runner, docs):
    forced = run(runner, "check", docs["fail"], *ONE_RULE, env={"FORCE_COLOR": "1"})
    assert ANSI.search(forced.output), "FORCE_COLOR should colour the output"
    plain = run(runner, "check", docs["fail"], *ONE_RULE, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "KL54-SEURANTA" in plain.output
    assert not ANSI.search(plain.output)
    assert ANSI.sub("", forced.output).split() == plain.output.split()


def test_color_flags(runner, docs):
    assert ANSI.search(run(runner, "check", docs["fail"], "--color", *ONE_RULE).output)
    assert not ANSI.search(run(runner, "check", docs["fail"], "--no-color", *ONE_RULE,
                               env={"FORCE_COLOR": "1"}).output)


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_output_is_deterministic(runner, docs, output_format):
    args = ("check", "--format", output_format, docs["warn"], docs["bad"], docs["fail"], docs["ok"],
            "--as-of", AS_OF.isoformat())
    first, second = run(runner, *args), run(runner, *args)
    assert first.output == second.output
    assert first.exit_code == second.exit_code == 2


def test_path_order_does_not_change_the_report(runner, docs):
    a = run_json(runner, docs["fail"], docs["warn"], *ONE_RULE)[1]
    b = run_json(runner, docs["warn"], docs["fail"], *ONE_RULE)[1]
    assert a == b


# ---- as a real process -----------------------------------------------------------

def _subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    source = str(Path(tarkastus.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [source, env.get("PYTHONPATH")]))
    env.pop("NO_COLOR", None)
    env.pop("FORCE_COLOR", None)
    return env


def test_python_dash_m_tarkastus(docs):
    base = [sys.executable, "-m", "tarkastus", "check", *ONE_RULE]
    env = _subprocess_env()
    ok = subprocess.run([*base, docs["ok"]], capture_output=True, text=True, env=env, timeout=120)
    assert ok.returncode == 0, ok.stderr
    fail = subprocess.run([*base, "--format", "json", docs["fail"]], capture_output=True, text=True,
                          env=env, timeout=120)
    assert fail.returncode == 1, fail.stderr
    assert [d["code"] for d in json.loads(fail.stdout)["diagnostics"]] == ["KL54-SEURANTA"]
    bad = subprocess.run([*base, docs["bad"]], capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 2
    assert "TARK-YAML" in bad.stdout
    assert not ANSI.search(ok.stdout + fail.stdout + bad.stdout)
    version = subprocess.run([sys.executable, "-m", "tarkastus", "--version"], capture_output=True,
                             text=True, env=env, timeout=120)
    assert version.returncode == 0
    assert tarkastus.__version__ in version.stdout
