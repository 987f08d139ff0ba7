"""Every rule's pass/fail examples, run as tests: the examples are the docs.

One parametrized test over every (rule, example) pair; ids look like
``KL54-SEURANTA:pass:seuranta etusivulla`` so ``pytest -k KL54-SEURANTA``
runs one rule. The pairs are collected when this module is imported, from
the rule files themselves (no cache), so a new rule file is a new test.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from conftest import AS_OF, shipped_rulebook
from tarkastus.diagnostics import Position, Severity
from tarkastus.engine import Options, check
from tarkastus.resources import data_dir
from tarkastus.rulebook import build_rulebook

_BOOK = shipped_rulebook()
CASES = [
    pytest.param(rule.id, index, id=f"{rule.id}:{example.kind}:{example.name}")
    for rule in _BOOK.rules
    for index, example in enumerate(rule.examples)
]


def law_date(rule) -> _dt.date:
    """A date on which ``rule`` is in force: the fixed test date if possible."""
    if rule.in_force(AS_OF):
        return AS_OF
    if rule.in_force_until and AS_OF > rule.in_force_until:
        return rule.in_force_until
    return rule.in_force_from


def _describe(diagnostics) -> str:
    return "\n".join(f"  {d.position.line}:{d.position.column} {d.code} [{d.severity.label}] {d.message}"
                     for d in diagnostics) or "  (ei havaintoja)"


def example_problems(rule, example, book, directory: Path) -> list[str]:
    """Why ``example`` does not behave as it says (empty when it does)."""
    documents = [(example.content, example.suffix), *example.more]
    paths = []
    for number, (content, suffix) in enumerate(documents, start=1):
        name = f"esimerkki{suffix}" if len(documents) == 1 else f"esimerkki-{number}{suffix}"
        paths.append(directory / name)
        paths[-1].write_text(content, encoding="utf-8")
    expected_codes = {e.code for e in example.expectations}
    wanted = {rule.id} | expected_codes
    report = check(paths, book, Options(as_of=law_date(rule), select=tuple(sorted(wanted)), jobs=1))
    shown = [str(path) for path in paths]
    mine = [d for d in report.diagnostics if d.path in shown]
    found = [d for d in mine if d.code in wanted]
    where = f"{rule.path}: esimerkki {example.kind} '{example.name}'"
    problems = []

    # The example document itself must be well-formed: an input error (or a
    # misspelt key) would make a pass example pass for the wrong reason.
    if any(d.is_input_error and d.severity >= Severity.WARNING for d in mine):
        problems.append("esimerkissä on syötevirhe")
    if example.kind == "pass":
        if expected_codes:
            problems.append("pass-esimerkillä ei voi olla expect-rivejä")
        if any(d.code == rule.id for d in found):
            problems.append(f"pass-esimerkistä tuli havainto {rule.id}")
    else:
        if not expected_codes:
            problems.append("fail-esimerkiltä puuttuu expect-rivi")
        if {d.code for d in found} != expected_codes:
            problems.append(f"odotettiin havainnot {sorted(expected_codes)}, "
                            f"saatiin {sorted({d.code for d in found})}")
        for expectation in example.expectations:
            if expectation.position is None:
                continue
            at = Position(expectation.position.line, expectation.position.column)
            if not 1 <= expectation.document <= len(shown):
                problems.append(f"expect … in {expectation.document}: esimerkissä ei ole niin monta asiakirjaa")
                continue
            path = shown[expectation.document - 1]
            if not any(d.code == expectation.code and d.position == at and d.path == path for d in found):
                problems.append(f"odotettiin {expectation.code} kohdassa {at.line}:{at.column} "
                                f"(asiakirja {expectation.document})")
    return [f"{where}: {p}\n{_describe(mine)}" for p in problems]


@pytest.mark.parametrize(("rule_id", "index"), CASES)
def test_rule_example(rule_id, index, book, tmp_path):
    rule = book.rule(rule_id)
    assert rule is not None, f"{rule_id} ei latautunut: {[e.message for e in book.errors]}"
    problems = example_problems(rule, rule.examples[index], book, tmp_path)
    assert not problems, "\n".join(problems)


def test_examples_were_collected():
    """The parametrization above is not silently empty."""
    assert CASES, "sääntöjä tai esimerkkejä ei löytynyt"
    assert any(p.id.startswith("KL54-SEURANTA:pass:") for p in CASES)
    assert any(p.id.startswith("KL54-SEURANTA:fail:") for p in CASES)


_WRONG_RULE = '''rule TESTI-VAARA
title "Testisääntö, jonka esimerkit ovat väärin"
severity warning
applies-to kl54
in-force from 2015-05-01
cite KL 54 § 2 mom
quote "testi"
why "testi"
fix "testi"
when not present(ohjaus)
  message "Ohjaus puuttuu."

example pass "väittää hyväksyvänsä, mutta ohjaus puuttuu" ```yaml
tyyppi: kl54
otsikko: x
```

example fail "väärä kohta" expect TESTI-VAARA at 3:1 ```yaml
tyyppi: kl54
otsikko: x
```

example fail "ei havaintoa" expect TESTI-VAARA ```yaml
tyyppi: kl54
ohjaus: Turku
```

example pass "avaimen kirjoitusvirhe" ```yaml
tyyppi: kl54
ohjaus: Turku
irtisanomisika: 6 kk
```

example fail "oikein" expect TESTI-VAARA at 1:1 ```yaml
tyyppi: kl54
```
'''


def test_harness_catches_wrong_examples(tmp_path):
    """The checker of examples fails on examples that do not hold."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "TESTI-VAARA.tark").write_text(_WRONG_RULE, encoding="utf-8")
    book = build_rulebook([data_dir("rules"), rules]).compile()
    assert not book.errors, [e.message for e in book.errors]
    rule = book.rule("TESTI-VAARA")
    results = {example.name: example_problems(rule, example, book, tmp_path) for example in rule.examples}
    assert "pass-esimerkistä tuli havainto" in results["väittää hyväksyvänsä, mutta ohjaus puuttuu"][0]
    assert "kohdassa 3:1" in results["väärä kohta"][0]
    assert "saatiin []" in results["ei havaintoa"][0]
    assert "syötevirhe" in results["avaimen kirjoitusvirhe"][0]
    assert results["oikein"] == []
