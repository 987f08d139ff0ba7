"""Laziness: ``let`` values computed at most once, and libraries imported only where they are used.

A later ``let`` keeps a snapshot of the variables; if that snapshot held an
unevaluated earlier ``let``, the earlier value would be recomputed for every
document of a ``for`` loop, and a rule over the set of documents would turn
quadratic (this happened: 2,000 documents took 12 s instead of 1).

The language server's libraries (pygls, lsprotocol and what they bring:
cattrs, attrs) are for ``tarkastus lsp`` only; ``tarkastus check`` must not
pay for importing them.
"""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT
from tarkastus.lang.evaluator import Lazy


class _Ctx:
    def __init__(self) -> None:
        self.vars: dict = {}


def test_a_let_is_computed_once_even_through_a_later_snapshot():
    calls = []
    ctx = _Ctx()
    ctx.vars["index"] = Lazy(lambda c: calls.append(1) or ["built"], ctx)
    later = Lazy(lambda c: c.vars["index"].force(c), ctx)  # snapshot holds the unevaluated index
    for _ in range(5):
        assert later.force(ctx) == ["built"]
        assert ctx.vars["index"].force(ctx) == ["built"]
    assert calls == [1]


def test_a_let_sees_the_variables_of_when_it_was_bound():
    ctx = _Ctx()
    ctx.vars["d"] = "first"
    bound = Lazy(lambda c: c.vars["d"], ctx)
    ctx.vars["d"] = "second"
    assert bound.force(ctx) == "first"
    assert ctx.vars["d"] == "second"


def _imported(tmp_path, *args: str) -> set[str]:
    """The modules ``python -m tarkastus ARGS`` imports (-X importtime lists them on stderr)."""
    env = {"TARKASTUS_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "tarkastus", *args], capture_output=True,
                         text=True, check=False, env=env)
    assert out.returncode in (0, 1), out.stderr[-2000:]
    return {line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines() if "|" in line}


def test_check_does_not_import_the_language_server(tmp_path):
    imported = _imported(tmp_path, "check", str(ROOT / "samples" / "kl54" / "luonnos-ei-seurantaa.md"), "--isolated")
    assert "tarkastus.engine" in imported  # (the listing works)
    top = {name.split(".")[0] for name in imported}
    assert not {"pygls", "lsprotocol", "cattrs"} & top
    assert not {name for name in imported if name.startswith("tarkastus.lsp")}


def test_the_language_servers_help_does_not_start_it(tmp_path):
    imported = _imported(tmp_path, "lsp", "--help")
    assert not {"pygls", "lsprotocol"} & {name.split(".")[0] for name in imported}
