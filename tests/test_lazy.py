"""Lazy ``let`` values are computed at most once, whoever reads them first.

A later ``let`` keeps a snapshot of the variables; if that snapshot held an
unevaluated earlier ``let``, the earlier value would be recomputed for every
document of a ``for`` loop, and a rule over the set of documents would turn
quadratic (this happened: 2,000 documents took 12 s instead of 1).
"""

from __future__ import annotations

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
