"""The engine's one entry point (``workspace.Workspace``), used through the library as the web page and the
language server will: files grouped by their configuration, per-file-ignores, unknown codes, rule packs
loaded once per workspace, facts. The command line's commands are its front-end (tests/test_cli.py)."""

from __future__ import annotations

import pytest

from conftest import AS_OF, ROOT
from tarkastus.workspace import UnknownCode, Workspace

SAMPLE = ROOT / "samples" / "kl54"


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_files_are_checked_with_the_settings_of_their_closest_configuration(tmp_path):
    source = (SAMPLE / "luonnos-ei-seurantaa.md").read_text(encoding="utf-8")  # fails KL54-SEURANTA
    _write(tmp_path / "a" / "sopimus.md", source)
    _write(tmp_path / "b" / "sopimus.md", source)
    _write(tmp_path / "b" / "tarkastus.toml", 'select = ["KL54-"]\nkieli = "sv"\n')
    _write(tmp_path / "b" / "luonnos" / "sopimus.md", source)
    _write(tmp_path / "b" / "luonnos" / "tarkastus.toml", 'select = ["KL54-"]\n[per-file-ignores]\n"*.md" = ["KL54-"]\n')
    run = Workspace().check([str(tmp_path)], as_of=AS_OF, select=(), language=None)
    assert len(run.groups) == 3 and run.report.files == 3
    found = {(d.path.split("/")[-2], d.code, d.language) for d in run.report.diagnostics}
    assert ("b", "KL54-SEURANTA", "sv") in found and ("a", "KL54-SEURANTA", "fi") in found
    assert not any(d.code.startswith("KL54-") for d in run.report.diagnostics if "/luonnos/" in d.path)
    assert not any(d.code.startswith("OHJE-") for d in run.report.diagnostics if "/b/" in d.path)
    assert run.exit_code() == 1 and run.fail_level("info").label == "info"


def test_an_unknown_code_is_an_error_of_the_caller_and_a_configurations_one_a_finding(tmp_path):
    document = _write(tmp_path / "sopimus.md", next(SAMPLE.glob("*.md")).read_text(encoding="utf-8"))
    with pytest.raises(UnknownCode) as raised:
        Workspace(isolated=True).check([str(document)], select=("KL45-",))
    assert "KL45-" in raised.value.text.render("en")
    _write(tmp_path / "tarkastus.toml", 'select = ["KL45-"]\n')
    run = Workspace().check([str(document)], as_of=AS_OF)
    assert [d.code for d in run.report.diagnostics] == ["TARK-ASETUS"] and run.exit_code() == 2


def test_a_broken_config_file_governs_every_file_and_nothing_is_checked_under_it(tmp_path):
    document = _write(tmp_path / "sopimus.md", next(SAMPLE.glob("*.md")).read_text(encoding="utf-8"))
    broken = _write(tmp_path / "muu.toml", "select = [\n")
    workspace = Workspace(broken)
    run = workspace.check([str(document)], as_of=AS_OF)
    assert [d.code for d in run.report.diagnostics] == ["TARK-ASETUS"] and run.report.files == 0
    documents, problems, _ = workspace.facts([str(document)], as_of=AS_OF)
    assert [p.code for p in problems] == ["TARK-ASETUS"] and len(documents) == 1


def test_a_workspace_loads_a_rule_pack_once(tmp_path):
    workspace = Workspace(isolated=True)
    first = workspace.book()
    for _ in range(2):
        workspace.check([str(SAMPLE)], as_of=AS_OF)
    assert workspace.book() is first and workspace.book(()) is first


def test_facts_of_documents(tmp_path):
    documents, problems, book = Workspace(isolated=True).facts([str(SAMPLE)], as_of=AS_OF)
    assert problems == [] and not book.errors and len(documents) == len(list(SAMPLE.glob("*.md")))
    assert all(d["tyyppi"] == "kl54" for d in documents)
