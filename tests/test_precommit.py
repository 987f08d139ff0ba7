"""The pre-commit hook, for real: `pre-commit try-repo` against this checkout.

pre-commit builds the hook's own virtual environment from this repository
(the first run installs tarkastus and its dependencies, so the test is
slow), then runs it on the files of a temporary git repository: the good
agreement passes, the broken draft fails with its finding shown, and a
README beside them is not mistaken for an agreement.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("sopimukset")
    shutil.copy(ROOT / "samples" / "kl54" / "turku-raisio.md", repo / "hyva.md")
    shutil.copy(ROOT / "samples" / "kl54" / "luonnos-ei-seurantaa.md", repo / "luonnos.md")
    (repo / "README.md").write_text("# Sopimukset\n\nTämä ei ole sopimus.\n", encoding="utf-8")
    env = _environment(tmp_path_factory.mktemp("pre-commit-home"))
    for command in (["git", "init", "-q"], ["git", "add", "."]):
        subprocess.run(command, cwd=repo, check=True, env=env)
    return repo, env


def _environment(home) -> dict:
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(home)
    env.update({"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"})
    return env


def _try_repo(repository, *files):
    repo, env = repository
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "tarkastus",
                           "--verbose", "--files", *files],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def test_the_hook_passes_a_good_agreement_and_skips_a_readme(repository):
    result = _try_repo(repository, "hyva.md", "README.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_the_hook_fails_a_broken_draft_and_shows_the_finding(repository):
    result = _try_repo(repository, "luonnos.md", "hyva.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    assert "luonnos.md:1:1: KL54-SEURANTA" in result.stdout
