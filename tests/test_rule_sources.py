"""Guidance and quotes written once (issue 14, item 9): ``cite guidance KEY section "6"`` takes the
guidance's name and URL from ``rules/ohjeet.yaml``, ``quote from KEY`` the passage from
``rules/lainaukset.yaml``; an unknown key is an error at its place with the closest key, and a user's rule
directory may add entries. A meta-test keeps the shipped rules from writing a shared one out again."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from conftest import rule_source, shipped_rulebook
from tarkastus.resources import data_dir
from tarkastus.rulebook import build_rulebook

def _rule(guidance: str, quote: str) -> str:
    return rule_source("OMA-LAHDE", "cite KL 54 § 2 mom", f'cite guidance {guidance} section "6"', f"quote from {quote}",
                       'why "w"', 'when not present(ohjaus)\n  message "x ({cite})"\n  message sv "x ({cite})"\n'
                       '  message en "x ({cite})"')


def _book(tmp_path, guidance="kl54_sopimusohje", quote="KL_54_2", tables=None):
    user = tmp_path / "omat"
    user.mkdir(exist_ok=True)
    (user / "OMA-LAHDE.tark").write_text(_rule(guidance, quote), encoding="utf-8")
    for name, text in (tables or {}).items():
        (user / name).write_text(text, encoding="utf-8")
    return build_rulebook([data_dir("rules"), user])


def test_a_key_gives_the_guidance_and_the_passage(tmp_path):
    book = _book(tmp_path)
    rule = book.rule("OMA-LAHDE")
    assert book.errors == [] and rule is not None
    guidance = rule.citations[1]
    assert guidance.label_in("fi") == "Kuntaliitto: KL 54 §:n sopimusohje (TE24), kohta 6"
    assert guidance.url.startswith("https://www.kuntaliitto.fi/")
    assert rule.quote.startswith("KL 54 § 2 mom.: Sopimukseen on otettava tarpeelliset määräykset ainakin")


def test_an_unknown_key_is_an_error_with_the_closest(tmp_path):
    book = _book(tmp_path, guidance="kl54_sopimusohj")
    (error,) = [e for e in book.errors if "OMA-LAHDE" in e.path]
    assert "kl54_sopimusohj'" in error.message and "kl54_sopimusohje" in error.message
    book = _book(tmp_path, quote="KL_54_3")
    (error,) = [e for e in book.errors if "OMA-LAHDE" in e.path]
    assert "KL_54_3" in error.message and "KL_54_2" in error.message
    assert (error.position.line, error.position.column) == (9, 12)


def test_a_users_directory_adds_its_own(tmp_path):
    book = _book(tmp_path, guidance="oma_ohje", quote="OMA_KOHTA", tables={
        "ohjeet.yaml": "oma_ohje:\n  nimi: 'Oma ohje'\n  url: https://example.invalid/ohje\n",
        "lainaukset.yaml": "OMA_KOHTA:\n  lähde: KL 8 § 1 mom.\n  teksti: Kunta voi järjestää …\n"})
    rule = book.rule("OMA-LAHDE")
    assert book.errors == [] and rule.citations[1].label_in("sv") == "Oma ohje, avsnitt 6"
    assert rule.quote == "KL 8 § 1 mom.: Kunta voi järjestää …"
    assert book.rule("KL54-SEURANTA").citations[1].guidance.startswith("Kuntaliitto")  # the shipped still load


def test_a_malformed_table_is_an_error_at_its_value(tmp_path):
    book = _book(tmp_path, tables={"ohjeet.yaml": "rikki:\n  url: https://example.invalid\n"})
    errors = [e for e in book.errors if e.path.endswith("ohjeet.yaml")]
    assert [(e.position.line, "nimi" in e.message) for e in errors] == [(2, True)]


def test_no_shipped_rule_writes_out_a_shared_guidance_or_passage():
    """A guidance URL or a quoted passage in two rule files belongs in ohjeet.yaml / lainaukset.yaml."""
    texts = {path.name: path.read_text(encoding="utf-8") for path in Path(data_dir("rules")).glob("*.tark")}
    urls = Counter(url for text in texts.values()
                   for url in re.findall(r'^cite guidance "[^"]*"(?: section "[^"]*")? url "([^"]*)"', text, re.M))
    assert [url for url, n in urls.items() if n > 1] == []
    quotes = Counter(" ".join(q.split()) for rule in shipped_rulebook().rules for q in [rule.quote] if q)
    book = shipped_rulebook()
    shared = {" ".join((f"{q.source}: {q.text}" if q.source else q.text).split()) for q in book.quotes.values()}
    written_out = [rule.id for rule in book.rules if " ".join(rule.quote.split()) in shared
                   and "quote from" not in texts[Path(rule.path).name]]
    assert written_out == []
    assert all(n == 1 or q in shared for q, n in quotes.items()), [q[:60] for q, n in quotes.items() if n > 1]
