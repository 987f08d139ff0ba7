"""Every rule's pass/fail examples, run as tests: the examples are the docs.

One parametrized test over every (rule, example) pair; ids look like
``KL54-SEURANTA:pass:seuranta etusivulla`` so ``pytest -k KL54-SEURANTA``
runs one rule. The pairs are collected when this module is imported, from
the rule files themselves (no cache), so a new rule file is a new test.
The harness is the package's (``tarkastus.ruletest``, also ``tarkastus
test``), on the suite's fixed date.
"""

from __future__ import annotations

import pytest

from conftest import AS_OF, shipped_rulebook
from tarkastus.resources import data_dir
from tarkastus.rulebook import build_rulebook
from tarkastus.ruletest import example_problems

_BOOK = shipped_rulebook()
CASES = [
    pytest.param(rule.id, index, id=f"{rule.id}:{example.kind}:{example.name}")
    for rule in _BOOK.rules
    for index, example in enumerate(rule.examples)
]


@pytest.mark.parametrize(("rule_id", "index"), CASES)
def test_rule_example(rule_id, index, book, tmp_path):
    rule = book.rule(rule_id)
    assert rule is not None, f"{rule_id} ei latautunut: {[e.message for e in book.errors]}"
    problems = example_problems(rule, rule.examples[index], book, tmp_path, AS_OF)
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
    results = {example.name: example_problems(rule, example, book, tmp_path, AS_OF) for example in rule.examples}
    assert "pass-esimerkistä tuli havainto" in results["väittää hyväksyvänsä, mutta ohjaus puuttuu"][0]
    assert "kohdassa 3:1" in results["väärä kohta"][0]
    assert "saatiin []" in results["ei havaintoa"][0]
    assert "syötevirhe" in results["avaimen kirjoitusvirhe"][0]
    assert results["oikein"] == []
