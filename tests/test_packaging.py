"""The built wheel ships the grammar and the rule pack (pre-commit installs
tarkastus from git, so a wheel without them would not run at all).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

REQUIRED = [
    "tarkastus/grammar/tarkastus.lark",
    "tarkastus/rules/KL54-SEURANTA.tark",
    "tarkastus/rules/_määritelmät.tark",
    "tarkastus/rules/provisions.yaml",
    "tarkastus/rules/statutes.yaml",
    "tarkastus/cli.py",
    "tarkastus/__main__.py",
]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    if importlib.util.find_spec("build") is None:
        pytest.skip("the 'build' package is not installed (pip install build)")
    out = tmp_path_factory.mktemp("dist")
    command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out)]
    if importlib.util.find_spec("hatchling") is not None:
        # The backend is already here: build offline, without a fresh environment.
        command.append("--no-isolation")
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"wheel build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    (path,) = out.glob("tarkastus-*.whl")
    return path


def test_wheel_contains_grammar_rules_and_cli(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in REQUIRED if name not in names]
    assert not missing, f"missing from {wheel.name}: {missing}"


def test_wheel_contains_every_rule_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"tarkastus/rules/{p.name}" for p in (ROOT / "rules").iterdir()
               if p.suffix in (".tark", ".yaml")}
    assert shipped and shipped <= names, sorted(shipped - names)


def test_wheel_declares_the_console_script(wheel):
    archive = zipfile.ZipFile(wheel)
    (entry_points,) = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
    text = archive.read(entry_points).decode("utf-8")
    assert "tarkastus = tarkastus.cli:run" in text
