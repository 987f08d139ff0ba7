"""The everyday command line as people used to ruff expect it (issue 14, items 1 and 5): ``check`` without a
path checks the current directory, ``--exit-zero``, ``-q/--quiet``, ``--output-format`` as ``--format``,
the summary's Finnish, and ``init --tyyppi`` without diacritics."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import AS_OF, NO_MONITORING as FAILING
from tarkastus.cli import main
ONE_RULE = ("--select", "KL54-SEURANTA", "--isolated", "--as-of", AS_OF.isoformat())


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("TARKASTUS_KIELI", raising=False)
    return CliRunner()


@pytest.fixture
def failing(tmp_path, monkeypatch):
    (tmp_path / "sopimukset").mkdir()
    (tmp_path / "sopimukset" / "luonnos.md").write_text(FAILING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_without_a_path_checks_the_current_directory(runner, failing):
    bare = runner.invoke(main, ["check", *ONE_RULE])
    dot = runner.invoke(main, ["check", ".", *ONE_RULE])
    assert bare.exit_code == dot.exit_code == 1
    assert bare.output == dot.output and "sopimukset/luonnos.md" in bare.output


def test_check_without_a_path_in_an_empty_directory(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["check", *ONE_RULE])
    assert result.exit_code == 0 and result.output.startswith("Ei havaintoja (0 tiedostoa")


def test_exit_zero_keeps_the_report_and_input_errors(runner, failing):
    result = runner.invoke(main, ["check", "--exit-zero", *ONE_RULE])
    assert result.exit_code == 0 and "KL54-SEURANTA" in result.output
    (failing / "rikki.md").write_text("---\ntyyppi: kl54\nohjaus: [x\n---\n", encoding="utf-8")
    assert runner.invoke(main, ["check", "--exit-zero", *ONE_RULE]).exit_code == 2
    assert runner.invoke(main, ["check", "--exit-zero", "puuttuu.md", *ONE_RULE]).exit_code == 2


def test_quiet_prints_nothing_and_keeps_the_exit_code(runner, failing):
    result = runner.invoke(main, ["check", "-q", *ONE_RULE])
    assert (result.exit_code, result.output) == (1, "")
    result = runner.invoke(main, ["check", "--quiet", "-o", "raportti.json", "--format", "json", *ONE_RULE])
    assert (result.exit_code, result.output) == (1, "")
    assert json.loads((failing / "raportti.json").read_text(encoding="utf-8"))["summary"]["errors"] == 1
    broken = runner.invoke(main, ["check", "-q", "puuttuu.md", *ONE_RULE])
    assert (broken.exit_code, broken.output) == (2, "")


def test_output_format_is_format(runner, failing):
    one = runner.invoke(main, ["check", "--output-format", "concise", *ONE_RULE])
    other = runner.invoke(main, ["check", "--format", "concise", *ONE_RULE])
    assert one.exit_code == 1 and one.output == other.output
    assert one.output.startswith("sopimukset/luonnos.md:") and "KL54-SEURANTA" in one.output


@pytest.mark.parametrize(("lang", "summary"), [
    ("fi", "(1 tiedosto tarkastettu; {date} voimassa olevan lain mukaan)."),
    ("sv", "(1 fil granskad; lagen per {date})."),
    ("en", "(1 file checked; law as of {date})."),
])
def test_the_summary_says_which_days_law(runner, failing, lang, summary):
    result = runner.invoke(main, ["check", "--kieli", lang, *ONE_RULE])
    date = f"{AS_OF.day}.{AS_OF.month}.{AS_OF.year}"
    assert result.output.rstrip().endswith(summary.format(date=date)), result.output


@pytest.mark.parametrize("written", ["jarjestamissuunnitelma", "Järjestämissuunnitelma", "JARJESTAMISSUUNNITELMA"])
def test_init_takes_a_type_without_diacritics_or_case(runner, tmp_path, written):
    target = tmp_path / "suunnitelma.md"
    result = runner.invoke(main, ["init", str(target), "--tyyppi", written])
    assert result.exit_code == 0, result.output
    assert "tyyppi: järjestämissuunnitelma" in target.read_text(encoding="utf-8")
    wrong = runner.invoke(main, ["init", str(tmp_path / "x.md"), "--tyyppi", "jarjestamis"])
    assert wrong.exit_code == 2 and "järjestämissuunnitelma" in wrong.output


@pytest.fixture
def area(tmp_path, monkeypatch):
    from conftest import ROOT

    (tmp_path / "alue").mkdir()
    (tmp_path / "muut").mkdir()
    for source, target in [("alueet/kuopio-yhteistoimintasopimus.md", "alue/yhteistoimintasopimus.md"),
                           ("alueet/kuopio-tuusniemi-kl54.md", "tuusniemi.md"),
                           ("kl54/luonnos-ei-seurantaa.md", "muut/luonnos.md")]:
        (tmp_path / target).write_text((ROOT / "samples" / source).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _concise(runner, *args):
    result = runner.invoke(main, ["check", "--agreements-only", "--format", "concise", "--isolated",
                                  "--as-of", AS_OF.isoformat(), *args])
    return result.exit_code, sorted(line.split(" ")[0] + " " + line.split(" ")[1] for line in result.output.splitlines())


def test_context_checks_a_named_agreement_with_the_other_agreements(runner, area):
    assert _concise(runner, "tuusniemi.md") == (0, [])  # alone, the area's agreement is not seen
    assert _concise(runner, "--context", ".", "tuusniemi.md") == (1, ["tuusniemi.md:8:5: ALUE-VASTUUKUNTA"])
    # The area's agreement changed: what it breaks elsewhere, and its own findings; the unrelated draft's not.
    code, found = _concise(runner, "--context", ".", "alue/yhteistoimintasopimus.md")
    assert code == 1 and "tuusniemi.md:8:5: ALUE-VASTUUKUNTA" in found
    assert all(f.startswith(("tuusniemi.md", "alue/yhteistoimintasopimus.md")) for f in found)


def test_context_counts_only_the_named_files_and_adds_nothing_without_an_agreement(runner, area):
    result = runner.invoke(main, ["check", "--agreements-only", "--context", ".", "--isolated", "tuusniemi.md",
                                  "--select", "ALUE-"])
    assert "(1 tiedosto tarkastettu;" in result.output
    (area / "README.md").write_text("# Sopimukset\n", encoding="utf-8")
    quiet = runner.invoke(main, ["check", "--agreements-only", "--context", ".", "--isolated", "README.md"])
    assert quiet.exit_code == 0 and "(0 tiedostoa tarkastettu;" in quiet.output
