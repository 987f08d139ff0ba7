"""Parameterised definitions in the rule language (issue 14, item 9): ``define f(x) = …`` in a
``_määritelmät.tark`` is a function rules call; calls are expanded before the rule is checked
(``lang.defined``), a definition's own variables are renamed so an argument is never captured, and a
wrong call is an error at its place, through the command line as a user's rule directory would be."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from click.testing import CliRunner

from conftest import AS_OF, rule_source
from tarkastus.cli import main
from tarkastus.resources import data_dir
from tarkastus.rulebook import build_rulebook

DEFINITIONS = """\
# Omat määritelmät
define puuttuu(arvo) = not present(arvo)
define montako(kunta) = len([p for p in osapuolet if p.kunta == kunta])
define kahdesti(kunta) = montako(kunta) > 1
"""
def _rule(name: str, body: str) -> str:
    return rule_source(f"OMA-{name}", "cite KL 54 § 2 mom", 'quote "q"', 'why "w"', body)


def _pack(tmp_path, definitions=DEFINITIONS, **rules):
    user = tmp_path / "omat"
    user.mkdir(exist_ok=True)
    (user / "_määritelmät.tark").write_text(definitions, encoding="utf-8")
    for name, body in rules.items():
        (user / f"OMA-{name}.tark").write_text(_rule(name, body), encoding="utf-8")
    return user


def _findings(tmp_path, document: str, *codes):
    (tmp_path / "tarkastus.toml").write_text('rule-dirs = ["omat"]\n', encoding="utf-8")
    (tmp_path / "sopimus.md").write_text(document, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "sopimus.md"), "--format", "json",
                                       "--as-of", AS_OF.isoformat(), "--select", ",".join(codes)])
    return result.exit_code, json.loads(result.output)["diagnostics"]


PARTIES = "---\ntarkastus: 1\ntyyppi: kl54\nosapuolet:\n{}---\n# Sopimus\n"


def _parties(*names):
    return PARTIES.format("".join(f"  - {{kunta: {n}, rooli: jäsenkunta}}\n" for n in names))


def test_a_function_is_called_like_a_built_in_one(tmp_path):
    _pack(tmp_path, PUUTTUU='when puuttuu(ohjaus)\n  message "Ohjaus puuttuu."\n  message sv "x"\n  message en "x"')
    code, found = _findings(tmp_path, _parties("Turku"), "OMA-PUUTTUU")
    assert code == 1 and [d["code"] for d in found] == ["OMA-PUUTTUU"]
    code, found = _findings(tmp_path, _parties("Turku").replace("tyyppi: kl54\n", "tyyppi: kl54\nohjaus: Turku\n"),
                            "OMA-PUUTTUU")
    assert code == 0 and found == []


def test_an_argument_is_not_captured_by_the_definitions_own_variable(tmp_path):
    """``montako`` binds ``p``; the rule's ``p.kunta`` is still the rule's ``p``."""
    _pack(tmp_path, TUPLA='for p in osapuolet\nwhen kahdesti(p.kunta)\n  at p\n  message "{p.kunta} kahdesti."\n'
                         '  message sv "{p.kunta}"\n  message en "{p.kunta}"')
    code, found = _findings(tmp_path, _parties("Turku", "Raisio", "Turku"), "OMA-TUPLA")
    assert code == 1 and sorted(d["message"] for d in found) == ["Turku kahdesti.", "Turku kahdesti."]
    code, found = _findings(tmp_path, _parties("Turku", "Raisio"), "OMA-TUPLA")
    assert (code, found) == (0, [])


@pytest.mark.parametrize(("definitions", "body", "where", "words"), [
    (DEFINITIONS, 'when puuttuu(ohjaus, seuranta)\n  message "x"\n  message sv "x"\n  message en "x"',
     ("OMA-VIRHE.tark", 10, 6), "ottaa 1 argumenttia, annettiin 2"),
    ("define silmukka(x) = silmukka(x)\n", 'when silmukka(1)\n  message "x"\n  message sv "x"\n  message en "x"',
     ("_määritelmät.tark", 1, 22), "kutsuu itseään"),
    ("define len(x) = 1\n", 'when present(ohjaus)\n  message "x"\n  message sv "x"\n  message en "x"',
     ("_määritelmät.tark", 1, 8), "sisäänrakennetun funktion nimi"),
    ("define f(x, x) = x\n", 'when present(ohjaus)\n  message "x"\n  message sv "x"\n  message en "x"',
     ("_määritelmät.tark", 1, 8), "eri nimet"),
])
def test_a_wrong_definition_or_call_is_an_error_at_its_place(tmp_path, definitions, body, where, words):
    user = _pack(tmp_path, definitions, VIRHE=body)
    book = build_rulebook([data_dir("rules"), user])
    errors = [(e.path.rsplit("/", 1)[-1], e.position.line, e.position.column) for e in book.errors if words in e.message]
    assert errors == [where], [(e.path, e.position, e.message) for e in book.errors]
    assert len(book.rules) >= 68  # the shipped rules still load


def test_a_typo_in_a_function_is_found_where_it_is_written(tmp_path):
    user = _pack(tmp_path, "define puuttuu(arvo) = not presnet(arvo)\n",
                 OK='when present(ohjaus)\n  message "x"\n  message sv "x"\n  message en "x"')
    book = build_rulebook([data_dir("rules"), user])
    (error,) = [e for e in book.errors if "presnet" in e.message]
    assert error.path.endswith("_määritelmät.tark") and (error.position.line, error.position.column) == (1, 28)
    assert "present" in error.message  # the closest built-in function


def test_a_chain_of_doubling_definitions_is_bounded(tmp_path):
    chain = "define f0(x) = [x, x]\n" + "".join(f"define f{i}(x) = [f{i - 1}(x), f{i - 1}(x)]\n" for i in range(1, 15))
    user = _pack(tmp_path, chain, ISO='when present(f14(ohjaus))\n  message "x"\n  message sv "x"\n  message en "x"')
    book = build_rulebook([data_dir("rules"), user])
    assert any("liian suuri" in e.message for e in book.errors)


_NAMES = ["f", "g", "h", "x", "y", "p", "osapuolet", "ohjaus", "len", "present"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_NAMES[:3]), st.lists(st.sampled_from(_NAMES[3:6]), max_size=2),
                          st.sampled_from(["x", "[x, y]", "f(x)", "g(x, y)", "h()", "len([p for p in x])",
                                           "any p in x: f(p)", "present(y)", "f(g(x, x))"])),
                min_size=1, max_size=4),
       st.sampled_from(["f(ohjaus)", "g(ohjaus, osapuolet)", "h(1)", "f(f(f(ohjaus)))", "present(f(1))"]))
def test_random_definitions_and_calls_never_crash(tmp_path_factory, definitions, call):
    """Whatever is defined and called, the pack loads: errors are TARK-SAANTO findings, never a traceback."""
    tmp_path = tmp_path_factory.mktemp("f")
    text = "".join(f"define {name}({', '.join(params)}) = {body}\n" if params else f"define {name} = {body}\n"
                   for name, params, body in definitions)
    user = _pack(tmp_path, text, RANDOM=f'when present({call})\n  message "x"\n  message sv "x"\n  message en "x"')
    book = build_rulebook([user])  # the user's directory alone: fast enough for many examples
    assert all(e.code == "TARK-SAANTO" for e in book.errors)
    assert all(r.id == "OMA-RANDOM" for r in book.rules)
