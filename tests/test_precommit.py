"""The pre-commit hook, for real: `pre-commit run` with a configuration naming this checkout.

The configuration points at a commit of this checkout with its uncommitted
changes (``hook_source``: what `pre-commit try-repo` would make, made once
here), so pre-commit builds the hook's own virtual environment once (the
first run installs tarkastus and its dependencies, so it is slow) and every
test reuses it, as a user's repository does. It runs the hook on the files
of a temporary git repository: the good
agreement passes, the broken draft fails with its finding shown, and a
README beside them is not mistaken for an agreement. A staged agreement is
checked together with the repository's other agreements: a kl54 agreement
whose organiser is not its area's lead fails although the area's
agreement is not staged, and a finding of an unstaged file that has
nothing to do with the staged ones is not reported.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """pre-commit's home, shared by the repositories here: the hook's environment is built once."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return _environment(tmp_path_factory.mktemp("pre-commit-home"))


@pytest.fixture(scope="module")
def hook_source(tmp_path_factory, env) -> tuple[str, str]:
    """(repository, commit) of this checkout as it is: a clone with the uncommitted changes committed."""
    shadow = tmp_path_factory.mktemp("hook-source") / "tarkastus"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(shadow)], check=True, env=env)
    changed = subprocess.run(["git", "diff", "--name-only", "HEAD"], cwd=ROOT, check=True, env=env,
                             capture_output=True, text=True).stdout.split("\n")
    for name in filter(None, changed):
        if (ROOT / name).exists():
            (shadow / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, shadow / name)
        else:
            (shadow / name).unlink(missing_ok=True)
    subprocess.run(["git", "add", "-A"], cwd=shadow, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "the checkout as tested"], cwd=shadow,
                   check=True, env=env)
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=shadow, check=True, env=env, capture_output=True,
                         text=True).stdout.strip()
    return str(shadow), rev


def _repository(tmp_path_factory, env, hook_source, files: dict) -> tuple:
    repo = tmp_path_factory.mktemp("sopimukset")
    for name, source in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, str):
            (repo / name).write_text(source, encoding="utf-8")
        else:
            shutil.copy(source, repo / name)
    source, rev = hook_source
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {json.dumps(source)}\n    rev: {rev}\n    hooks:\n      - id: tarkastus\n",
        encoding="utf-8")
    for command in (["git", "init", "-q"], ["git", "add", "."]):
        subprocess.run(command, cwd=repo, check=True, env=env)
    return repo, env


@pytest.fixture(scope="module")
def repository(tmp_path_factory, env, hook_source):
    return _repository(tmp_path_factory, env, hook_source, {
        "hyva.md": ROOT / "samples" / "kl54" / "turku-raisio.md",
        "luonnos.md": ROOT / "samples" / "kl54" / "luonnos-ei-seurantaa.md",
        "README.md": "# Sopimukset\n\nTämä ei ole sopimus.\n"})


@pytest.fixture(scope="module")
def area(tmp_path_factory, env, hook_source):
    """An area's agreement in a folder, a kl54 agreement whose organiser is not its lead, an unrelated draft."""
    return _repository(tmp_path_factory, env, hook_source, {
        "alue/kuopio-yhteistoimintasopimus.md": ROOT / "samples" / "alueet" / "kuopio-yhteistoimintasopimus.md",
        "kuopio-tuusniemi-kl54.md": ROOT / "samples" / "alueet" / "kuopio-tuusniemi-kl54.md",
        "muut/luonnos.md": ROOT / "samples" / "kl54" / "luonnos-ei-seurantaa.md"})


def _environment(home) -> dict:
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(home)
    env.update({"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"})
    return env


def _run_hook(repository, *files):
    repo, env = repository
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "tarkastus", "--verbose", "--files", *files],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def test_the_hook_passes_a_good_agreement_and_skips_a_readme(repository):
    result = _run_hook(repository, "hyva.md", "README.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_the_hook_fails_a_broken_draft_and_shows_the_finding(repository):
    result = _run_hook(repository, "luonnos.md", "hyva.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    assert "luonnos.md:54:1: KL54-SEURANTA" in result.stdout  # the missing provision, at the title


def test_a_staged_agreement_is_checked_with_its_areas_other_documents(area):
    result = _run_hook(area, "kuopio-tuusniemi-kl54.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "kuopio-tuusniemi-kl54.md:8:5: ALUE-VASTUUKUNTA" in result.stdout
    assert "muut/luonnos.md" not in result.stdout and "KL51-EDUSTUS" not in result.stdout


def test_a_staged_area_agreement_reports_what_it_breaks_in_another_file(area):
    result = _run_hook(area, "alue/kuopio-yhteistoimintasopimus.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "kuopio-tuusniemi-kl54.md:8:5: ALUE-VASTUUKUNTA" in result.stdout  # it points at the staged file
    assert "muut/luonnos.md" not in result.stdout


def test_staged_files_that_are_no_agreements_add_no_context(area):
    (area[0] / "README.md").write_text("# Sopimukset\n", encoding="utf-8")
    result = _run_hook(area, "README.md")
    assert result.returncode == 0, result.stdout + result.stderr
