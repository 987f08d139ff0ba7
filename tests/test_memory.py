"""Memory bound of a large run (issue 10): ``tarkastus check`` over 20,000 files stays within 250 MB.

The benchmark's generator writes 20,000 agreements (kl54 agreements, areas'
cooperation agreements, service plans); the check runs in a process of its
own, started from a fresh interpreter so that the maximum resident size
measured is that run's alone (``RUSAGE_CHILDREN`` of the fresh interpreter:
the check and its worker processes). Both the first run (every file checked,
the result store written) and the unchanged run (everything from the store)
are measured.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

FILES = 20_000
BUDGET_MB = 250

_MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
print(json.dumps([done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.stderr.decode()]))
"""


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import run as bench
    finally:
        sys.path.remove(str(ROOT / "bench"))
    directory = tmp_path_factory.mktemp("many")
    bench.generate(directory, FILES, seed=0)
    return directory


def _peak_mb(directory, cache) -> tuple[int, float]:
    env = {**os.environ, "TARKASTUS_CACHE_DIR": str(cache)}
    env.pop("TARKASTUS_NO_CACHE", None)
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "tarkastus", "check", str(directory),
               "--format", "json"]
    out = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=True).stdout
    code, kilobytes, stderr = json.loads(out)
    assert stderr == "", stderr
    return code, kilobytes / 1024


def test_twenty_thousand_files_within_the_memory_budget(many, tmp_path):
    cache = tmp_path / "cache"
    code, first = _peak_mb(many, cache)
    assert code == 1  # the generated set has broken drafts
    assert first < BUDGET_MB, f"first run: {first:.0f} MB"
    code, unchanged = _peak_mb(many, cache)
    assert code == 1
    assert unchanged < BUDGET_MB, f"unchanged run: {unchanged:.0f} MB"
