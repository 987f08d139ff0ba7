"""The statute citation scanner behind VIITE-LAKINUMERO and VIITE-KUMOTTU."""

from __future__ import annotations

import datetime as _dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import AS_OF
from tarkastus.citations import scan


def _scan(book, text, as_of=AS_OF):
    return [dict(c) for c in scan(text, book.statutes.values(), as_of)]


@pytest.mark.parametrize(("text", "named", "number"), [
    ("laki työvoimapalveluiden järjestämisestä (380/2023)", "JärjL", "380/2023"),
    ("työvoimapalvelujen järjestämisestä annetun lain (383/2023) 13 §", "JärjL", "383/2023"),
    ("työvoimapalveluiden järjestämisestä annetun lain ja eräiden siihen liittyvien lakien "
     "voimaanpanosta annetun lain (383/2023) 4 §", "VPL", "383/2023"),
    ("kuntalain (410/2015) 54 §", "KL", "410/2015"),
    ("JärjL 13 luvun, tietosuoja-asetuksen ja tietosuojalain (1050/2018) mukaisesti", None, "1050/2018"),
])
def test_the_name_right_before_the_number_is_the_cited_act(book, text, named, number):
    found = _scan(book, text)
    assert [(c["nimetty"], c["numero"]) for c in found] == [(named, number)]


def test_an_amending_act_is_not_a_wrong_number(book):
    [citation] = _scan(book, "työvoimapalvelujen järjestämisestä annetun lain muuttamisesta (435/2024)")
    assert citation["nimetty"] == "JärjL" and citation["muutos"] is True


def test_repeal_depends_on_the_law_date(book):
    text = "Laki julkisesta työvoima- ja yrityspalvelusta (916/2012) 4 luku"
    assert _scan(book, text, _dt.date(2024, 6, 1))[0]["kumottu"] is None
    assert "916/2012" in _scan(book, text, _dt.date(2025, 1, 1))[0]["kumottu"]


def test_positions_are_line_and_character_column(book):
    text = "otsikko: Sopimus\n\nÄäkköset ensin: kuntalain (410/2015)\n"
    [citation] = scan(text, book.statutes.values(), AS_OF)
    assert (citation.pos.line, citation.pos.column) == (3, 28)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab lain(12/2019) 380/2023 kuntalain\n.-äÄ")), max_size=300))
def test_scanning_never_fails(book, text):
    for citation in scan(text, book.statutes.values(), AS_OF):
        assert 1 <= citation.pos.line <= text.count("\n") + 1


def test_values_are_rendered_per_language(book):
    from tarkastus.values import INDEFINITE, Duration, render

    assert [render(True, lang) for lang in ("fi", "sv", "en")] == ["kyllä", "ja", "yes"]
    assert [render(2.5, lang) for lang in ("fi", "sv", "en")] == ["2,5", "2,5", "2.5"]
    assert [render(Duration(days=14), lang) for lang in ("fi", "sv", "en")] == ["2 vk", "2 veckor", "2 weeks"]
    assert render(Duration(months=1, days=1), "en") == "1 month 1 day" and str(Duration(months=6)) == "6 kk"
    assert [render(INDEFINITE, lang) for lang in ("fi", "sv", "en")] == [INDEFINITE, "tills vidare", "indefinitely"]
    names = ["Porvoo", "Oulu", "Kuopio", "Vasa", "porvoo", "Turun kaupunki"]
    assert render(names, "sv", book.registry) == "Borgå, Uleåborg, Kuopio, Vasa, porvoo, Turun kaupunki"
    assert render(names, "fi") == ", ".join(names)
