"""Citations said in each language from one table, and ``{cite}`` in rule messages.

A rule's message writes ``{cite}`` (its first statute citation) or
``{cite KL 51 §}`` instead of the citation's text, so that each language
says it its own way: "KL 54 § 2 mom." / "54 § 2 mom. KomL" / "Local
Government Act 54 § (2)" (messages.STATUTE_NAMES and cite.*).
"""

from __future__ import annotations

import re

import pytest

from conftest import AS_OF
from tarkastus.engine import Options, check
from tarkastus.lang.ast import Citation
from tarkastus.messages import LANGUAGES
from tarkastus.rulebook import load_rulebook

RULE = '''rule TESTI-VIITE
title "Testi"
title sv "Test"
title en "Test"
applies-to kl54
in-force from 2015-05-01
{cite}
quote "q"
why "w"
fix "f"
fix sv "f"
fix en "f"
when not present(ohjaus)
  message "Puuttuu ({placeholder})."
  message sv "Saknas ({placeholder})."
  message en "Missing ({placeholder})."
example pass "p" ```yaml
tyyppi: kl54
ohjaus: Turku
```
example fail "f" expect TESTI-VIITE ```yaml
tyyppi: kl54
```
'''


def _book(tmp_path, cite: str = "cite KL 54 § 2 mom", placeholder: str = "{cite}"):
    rules = tmp_path / "extra"
    rules.mkdir(exist_ok=True)
    (rules / "TESTI-VIITE.tark").write_text(RULE.replace("{cite}", cite, 1).replace("{placeholder}", placeholder),
                                            encoding="utf-8")
    return load_rulebook([rules], use_cache=False, examples=False)


@pytest.mark.parametrize("citation, fi, sv, en", [
    (Citation("KL", "54", "2", display="KL"), "KL 54 § 2 mom.", "54 § 2 mom. KomL", "Local Government Act 54 § (2)"),
    (Citation("KL", "52", "1", "3", display="KL"), "KL 52 § 1 mom. 3 k.", "52 § 1 mom. 3 punkten KomL",
     "Local Government Act 52 § (1)(3)"),
    (Citation("KL", "63", display="KL"), "KL 63 §", "63 § KomL", "Local Government Act 63 §"),
    (Citation("JärjL", "12", "1–2", display="JärjL"), "JärjL 12 § 1–2 mom.",
     "12 § 1–2 mom. i lagen om ordnande av arbetskraftsservice",
     "Act on the Organisation of Employment Services 12 § (1–2)"),
    (Citation("VPL", "4", "1", display="383/2023"), "383/2023 4 § 1 mom.", "4 § 1 mom. i införandelagen 383/2023",
     "Implementing Act 383/2023 4 § (1)"),
    (Citation("", "6", guidance="Kuntaliitto: KL 54 §:n sopimusohje (TE24)"),
     "Kuntaliitto: KL 54 §:n sopimusohje (TE24), kohta 6", "Kuntaliitto: KL 54 §:n sopimusohje (TE24), avsnitt 6",
     "Kuntaliitto: KL 54 §:n sopimusohje (TE24), section 6"),
])
def test_a_citation_in_each_language(citation, fi, sv, en):
    assert (citation.label, citation.label_in("sv"), citation.label_in("en")) == (fi, sv, en)


def test_the_shipped_rules_say_their_citations_in_each_language(tmp_path):
    draft = tmp_path / "a.md"
    draft.write_text("---\ntarkastus: 1\ntyyppi: kl54\nohjaus: Turku\n---\n# Sopimus\n", encoding="utf-8")
    book = load_rulebook(use_cache=False, examples=False)
    said = {}
    for lang in LANGUAGES:
        report = check([str(draft)], book, Options(as_of=AS_OF, language=lang, select=("KL54-SEURANTA",)))
        (finding,) = report.diagnostics
        said[lang] = finding
    assert said["fi"].message.endswith("(KL 54 § 2 mom.).") and said["fi"].citation.startswith("KL 54 § 2 mom.;")
    assert said["sv"].message.endswith("(54 § 2 mom. KomL).") and said["sv"].citation.startswith("54 § 2 mom. KomL;")
    assert said["en"].message.endswith("(Local Government Act 54 § (2)).")
    assert said["en"].citation.endswith("section 6")


def test_no_rule_message_writes_out_a_citation_of_its_own(book):
    """Each is a {cite}: the citation is worded once, by the table, in every language."""
    written = re.compile(r"\((?:[^(){}]*[\s(])?(?:KL|KomL|JärjL|383/2023|Local Government Act|Act on the Organisation)"
                         r"[^(){}]*§[^(){}]*\)|\([^(){}]*§[^(){}]*(?:KomL|i lagen om ordnande)[^(){}]*\)")
    found = [f"{rule.id}: {template.source}" for rule in book.rules for case in rule.cases
             for template in (case.message, *case.messages.values()) if written.search(template.source)]
    assert not found, found


def test_cite_names_another_provision(tmp_path):
    book = _book(tmp_path, placeholder="{cite KL 51 § 1 mom}; {cite}")
    assert not [e for e in book.errors if "TESTI-VIITE" in e.path], [e.message for e in book.errors]
    draft = tmp_path / "a.md"
    draft.write_text("---\ntarkastus: 1\ntyyppi: kl54\n---\n", encoding="utf-8")
    report = check([str(draft)], book, Options(as_of=AS_OF, language="sv", select=("TESTI-VIITE",)))
    (finding,) = report.diagnostics
    assert finding.message == "Saknas (51 § 1 mom. KomL; 54 § 2 mom. KomL)."


def test_cite_needs_a_statute_the_rule_cites(tmp_path):
    book = _book(tmp_path, cite='cite guidance "Ohje"')
    (error,) = [e for e in book.errors if "TESTI-VIITE" in e.path]
    assert "{cite}" in error.message and (error.position.line, error.position.column) == (14, 21)


def test_cite_of_an_unknown_statute_is_an_error(tmp_path):
    book = _book(tmp_path, placeholder="{cite KLL 51 §}")
    (error,) = [e for e in book.errors if "TESTI-VIITE" in e.path]
    assert "KLL" in error.message and "KL" in error.message
