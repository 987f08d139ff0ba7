"""Meta-tests of the rule pack: every rule is documented, cited and tested,
its id is the file name and is in the catalogue, and the pack loads cleanly
(also from the cache).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DATA, shipped_rulebook
from tarkastus import rulebook as rulebook_module
from tarkastus.resources import data_dir
from tarkastus.rulebook import build_rulebook, load_rulebook

RULES = shipped_rulebook().rules
RULE_PARAMS = [pytest.param(rule, id=rule.id) for rule in RULES]


def catalogue_ids() -> list[str]:
    lines = (DATA / "catalogue_ids.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_catalogue_list_is_complete():
    ids = catalogue_ids()
    assert len(ids) == len(set(ids))
    assert {"KL54-SEURANTA", "KL8-JARJESTAMISVASTUU", "KL56-1", "KL56-11", "ALUE-JASENYYS"} <= set(ids)
    assert [i for i in ids if i.startswith("KL56-")] == [f"KL56-{n}" for n in range(1, 12)]


def test_every_catalogue_id_is_implemented(book):
    """Issue 3's bar: every rule of rules-catalogue.md (all sections) exists."""
    assert sorted(set(catalogue_ids()) - {r.id for r in book.rules}) == []


def test_shipped_rulebook_has_no_errors(book):
    assert book.errors == [], "\n".join(
        f"{e.path}:{e.position.line}:{e.position.column}: {e.message}\n{e.context}" for e in book.errors)


def test_every_rule_file_loaded(book):
    files = sorted(p.stem for p in data_dir("rules").glob("*.tark") if not p.name.startswith("_"))
    assert sorted(r.id for r in book.rules) == files
    assert "KL54-SEURANTA" in files


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_rule_is_documented(rule):
    assert rule.title.strip(), "title puuttuu"
    assert rule.quote.strip(), "quote (lainattu säännös) puuttuu"
    assert rule.why.strip(), "why puuttuu"
    assert rule.fix.strip(), "fix puuttuu"


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_rule_cites_its_source(rule):
    assert rule.citations, "cite puuttuu"
    for citation in rule.citations:
        assert citation.label.strip()
        assert re.match(r"https?://\S+$", citation.url), f"viittaukselta {citation.label} puuttuu url"


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_rule_has_a_condition_with_a_message(rule):
    assert rule.cases, "when-ehto puuttuu"
    for case in rule.cases:
        assert case.message.source.strip(), f"rivin {case.pos.line} when-ehdolta puuttuu viesti"


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_rule_has_pass_and_fail_examples(rule):
    kinds = [example.kind for example in rule.examples]
    assert "pass" in kinds, "pass-esimerkki puuttuu"
    assert "fail" in kinds, "fail-esimerkki puuttuu"
    names = [example.name for example in rule.examples]
    assert len(names) == len(set(names)), "esimerkkien nimet toistuvat"
    for example in rule.examples:
        assert example.name.strip()
        assert example.content.strip()
        assert example.suffix in (".md", ".yaml")


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_rule_id_is_file_name_and_in_catalogue(rule):
    assert Path(rule.path).name == f"{rule.id}.tark"
    assert re.fullmatch(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)+", rule.id)
    assert rule.id in catalogue_ids(), f"{rule.id} ei ole sääntöluettelossa (rules-catalogue.md)"
    others = {r.id for r in RULES if r is not rule}
    assert not set(rule.aliases) & others, "alias on toisen säännön tunnus"


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_rule_in_force_window_is_ordered(rule):
    assert rule.in_force_from is not None, "in-force from puuttuu"
    if rule.in_force_until is not None:
        assert rule.in_force_from <= rule.in_force_until


def test_load_rulebook_round_trips_through_cache(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("TARKASTUS_CACHE_DIR", str(cache))
    monkeypatch.delenv("TARKASTUS_NO_CACHE", raising=False)
    first = load_rulebook()
    files = list(cache.glob("rules-*.json"))
    assert len(files) == 1, "välimuistitiedostoa ei kirjoitettu"

    def must_not_build(dirs):
        raise AssertionError("the second load should come from the cache")

    monkeypatch.setattr(rulebook_module, "build_rulebook", must_not_build)
    second = load_rulebook()
    assert [r.id for r in second.rules] == [r.id for r in first.rules]
    assert [r.id for r in second.rules]
    assert len(second.compiled) == len(first.compiled) == len(first.rules)
    assert set(second.provisions) == set(first.provisions)
    assert second.errors == first.errors


def test_corrupt_cache_is_rebuilt(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("TARKASTUS_CACHE_DIR", str(cache))
    first = load_rulebook()
    (cached,) = cache.glob("rules-*.json")
    cached.write_bytes(b"not a pickle at all")
    again = load_rulebook()
    assert [r.id for r in again.rules] == [r.id for r in first.rules]


def test_load_without_cache_writes_nothing(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("TARKASTUS_CACHE_DIR", str(cache))
    book = load_rulebook(use_cache=False)
    assert book.rules
    assert not cache.exists() or not any(cache.iterdir())


# ---- load-time checks of rule files ---------------------------------------

_RULE = '''rule TESTI-KENTTA
title "Testi"
applies-to kl54
in-force from 2015-05-01
cite KL 54 § 2 mom
quote "q"
why "w"
fix "f"
when not present({field})
  message "m"
example pass "p" ```yaml
tyyppi: kl54
ohjaus: Turku
```
example fail "f" expect TESTI-KENTTA ```yaml
tyyppi: kl54
```
'''


def _build_with(tmp_path, name: str, source: str):
    rules = tmp_path / "extra"
    rules.mkdir(exist_ok=True)
    (rules / name).write_text(source, encoding="utf-8")
    return build_rulebook([data_dir("rules"), rules])


def test_rule_with_known_field_loads(tmp_path):
    book = _build_with(tmp_path, "TESTI-KENTTA.tark", _RULE.format(field="ohjaus"))
    assert book.errors == []
    assert book.rule("TESTI-KENTTA") is not None


def test_field_typo_in_rule_fails_at_load_with_position_and_suggestion(tmp_path):
    book = _build_with(tmp_path, "TESTI-KENTTA.tark", _RULE.format(field="ohjas"))
    assert book.rule("TESTI-KENTTA") is None
    (error,) = [e for e in book.errors if e.path.endswith("TESTI-KENTTA.tark")]
    assert error.code == "TARK-SAANTO"
    assert (error.position.line, error.position.column) == (9, 18)
    assert "ohjas" in error.message and "ohjaus" in error.message
    assert error.context.splitlines()[-1] == " " * 17 + "^"
    # The other rules still load.
    assert book.rule("KL54-SEURANTA") is not None


def test_rule_id_must_match_file_name(tmp_path):
    book = _build_with(tmp_path, "TESTI-MUU.tark", _RULE.format(field="ohjaus"))
    assert book.rule("TESTI-KENTTA") is None
    assert any("TESTI-MUU.tark" in e.path and "tiedoston nimeä" in e.message for e in book.errors)


def test_unknown_statute_in_citation_is_an_error(tmp_path):
    source = _RULE.format(field="ohjaus").replace("cite KL 54", "cite KLX 54")
    book = _build_with(tmp_path, "TESTI-KENTTA.tark", source)
    assert any("KLX" in e.message for e in book.errors)


def test_readme_lists_every_rule(book):
    """The README's rule table is the users' overview: no rule may be missing from it."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    missing = [rule.id for rule in book.rules if f"| `{rule.id}` |" not in readme]
    assert not missing, f"add to README.md's rule table (tarkastus rules): {missing}"


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_rule_speaks_swedish_and_english(rule):
    """--kieli sv|en: every title, why, message, fix hint and note exists in both, with the same placeholders."""
    for lang in ("sv", "en"):
        assert rule.titles.get(lang), f"{rule.id}: title {lang} puuttuu"
        assert rule.fixes.get(lang), f"{rule.id}: fix {lang} puuttuu"
        assert not rule.why or rule.whys.get(lang), f"{rule.id}: why {lang} puuttuu"
        assert not rule.note or rule.notes.get(lang), f"{rule.id}: note {lang} puuttuu"
        for case in rule.cases:
            assert lang in case.messages, f"{rule.id}:{case.pos.line}: message {lang} puuttuu"
            finnish = sorted(re.findall(r"\{[^{}]*\}", case.message.source))  # word order may differ
            assert sorted(re.findall(r"\{[^{}]*\}", case.messages[lang].source)) == finnish, (
                f"{rule.id}:{case.pos.line}: message {lang} has other placeholders than the Finnish one")


def test_an_empty_word_pattern_is_an_error_in_the_language_asked_for(tmp_path):
    from conftest import rule_source

    source = rule_source("TESTI-KUVIO", "cite KL 54 § 2 mom", 'quote "q"', 'why "w"',
                         'when ohjaus ~ "!ei"\n  message "x"\n  message sv "x"\n  message en "x"')
    book = _build_with(tmp_path, "TESTI-KUVIO.tark", source)
    (error,) = [e for e in book.errors if "TESTI-KUVIO" in e.path]
    assert (error.position.line, error.position.column) == (10, 15) and "Tyhjä hakulauseke" in error.message
    assert error.in_language("sv").message.startswith("Tomt sökmönster: '!ei'")
    assert error.in_language("en").message.startswith("Empty search pattern: '!ei'")


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_why_and_note_are_no_templates(rule):
    """A why or note is shown as written (explain, SARIF): a placeholder such as {cite KL 51 §} would be printed raw."""
    for text in (rule.why, *rule.whys.values(), rule.note, *rule.notes.values()):
        assert not re.search(r"\{[^{}]*\}", text), f"{rule.id}: {text[:80]}"
