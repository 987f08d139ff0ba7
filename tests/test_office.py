"""Word (.docx) and OpenDocument (.odt) agreements read into the text the prose reader reads.

The fixtures are written in the tests (office_fixtures.py). The reader is
not yet wired into ``tarkastus check`` (issue 12 goes on): these tests pin
down the conversion, that every prose sample reads to the same facts and
findings from .docx and .odt as from Markdown, and that no bytes crash it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import AS_OF, ROOT
from office_fixtures import blocks_of_markdown, docx, odt
from tarkastus.documents.office import MAX_MEMBER, OfficeError, read_docx, read_odt
from tarkastus.engine import Options, check
from tarkastus.prose import read_facts

PROSE = sorted((ROOT / "samples" / "proosa").rglob("*.md"))
READERS = {"docx": (docx, read_docx), "odt": (odt, read_odt)}


@pytest.mark.parametrize("kind", list(READERS))
@pytest.mark.parametrize("sample", PROSE, ids=lambda p: p.relative_to(ROOT / "samples").as_posix())
def test_every_prose_sample_reads_to_the_same_facts(book, sample, kind):
    write, read = READERS[kind]
    markdown = sample.read_text(encoding="utf-8")
    converted = read(write(blocks_of_markdown(markdown)))
    assert len(converted.locators) == converted.text.count("\n")
    assert read_facts(converted.text, book).plain() == read_facts(markdown, book).plain()


@pytest.mark.parametrize("kind", list(READERS))
def test_every_prose_sample_gives_the_same_findings(book, tmp_path, kind):
    write, read = READERS[kind]
    for sample in PROSE:  # a folder each, as in samples/proosa (two samples share a file name)
        for folder in ("md", kind):
            (tmp_path / folder / sample.parent.name).mkdir(parents=True, exist_ok=True)
        (tmp_path / "md" / sample.parent.name / sample.name).write_text(sample.read_text(encoding="utf-8"),
                                                                        encoding="utf-8")
        converted = read(write(blocks_of_markdown(sample.read_text(encoding="utf-8"))))
        (tmp_path / kind / sample.parent.name / sample.name).write_text(converted.text, encoding="utf-8")

    def codes(directory):
        report = check([directory], book, Options(as_of=AS_OF, jobs=1))
        return sorted((Path(d.path).relative_to(directory).as_posix(), d.code) for d in report.diagnostics)

    assert codes(tmp_path / kind) == codes(tmp_path / "md")


def test_word_numbering_styles_and_locators():
    converted = read_docx(docx([("h", 1, "Sopimus viranomaistehtävän hoitamisesta"), ("p", "Johdanto."),
                                ("h", 2, "Sopijapuolet"), ("p", "Turku ja Lieto."), ("h", 2, "Seuranta"),
                                ("p", "Turku seuraa tehtävän hoitoa."), ("p", "Lieto raportoi."),
                                ("bold", "Kustannukset"), ("item", "Turku maksaa."), ("item", "Lieto laskuttaa."),
                                ("table", [["Kunta", "Osuus"], ["Turku", "60 %"], ["Lieto", "40 %"]])]))
    lines = converted.text.split("\n")
    assert "# Sopimus viranomaistehtävän hoitamisesta" in lines
    assert "## 1. Sopijapuolet" in lines and "## 2. Seuranta" in lines  # Word's automatic numbers
    assert "## Kustannukset" in lines  # a bold line used as a heading
    assert "1. Turku maksaa." in lines and "2. Lieto laskuttaa." in lines
    assert "| Kunta | Osuus |" in lines and "| Turku | 60 % |" in lines
    where = dict(zip(lines, converted.locators))
    assert where["Lieto raportoi."] == "kohta 2, 2. kappale"
    assert where["## 2. Seuranta"] == "kohta 2"
    assert where["| Lieto | 40 % |"].endswith("taulukon 3. rivi")


@pytest.mark.parametrize("kind", list(READERS))
def test_tracked_changes_are_read_as_accepted_and_counted(kind):
    write, read = READERS[kind]
    converted = read(write([("h", 2, "Voimassaolo"),
                            ("ins", "Sopimus on voimassa ", "toistaiseksi", "."),
                            ("del", "Irtisanomisaika on ", "kolme kuukautta", "kuusi kuukautta."),
                            ("comment", "Sopimus allekirjoitetaan sähköisesti.")]))
    assert "Sopimus on voimassa toistaiseksi." in converted.text
    assert "Irtisanomisaika on kuusi kuukautta." in converted.text and "kolme" not in converted.text
    assert converted.tracked_changes >= 2 and converted.comments == 1
    assert "Tarkista" not in converted.text  # a comment's words are not the agreement's


def test_a_line_break_inside_a_word_paragraph_keeps_label_lines_apart(book):
    body = docx([("h", 2, "Sopijapuolet")])  # the fixture's other parts, and this document.xml
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = (f'<w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>Sopimus viranomaistehtävän hoitamisesta</w:t>'
                '</w:r></w:p><w:p><w:r><w:t>Vastuukunta:</w:t><w:br/><w:t>Turun kaupunki</w:t><w:br/>'
                '<w:t>Muut osapuolet:</w:t><w:br/><w:t>Liedon kunta</w:t></w:r></w:p></w:body></w:document>')
    data = _replace(body, "word/document.xml", document)
    converted = read_docx(data)
    assert "Vastuukunta:\nTurun kaupunki" in converted.text
    parties = read_facts(converted.text, book).plain()["osapuolet"]
    assert {p["kunta"]: p.get("rooli") for p in parties} == {"Turku": "vastuukunta", "Lieto": "jäsenkunta"}


def _replace(data: bytes, name: str, content) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == name else source.read(item))
    return out.getvalue()


@pytest.mark.parametrize(("make", "words"), [
    (lambda: b"PK\x03\x04 not a zip at all", "zip-rakenne on rikki"),
    (lambda: docx([("p", "x")], macros=True), "makroja"),
    (lambda: _replace(docx([("p", "x")]), "word/document.xml",
                      '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><w:document/>'), "DTD"),
    (lambda: _replace(docx([("p", "x")]), "word/document.xml", "<w:document"), "ei ole kelvollista XML"),
    (lambda: _zip({"word/styles.xml": "<a/>"}), "word/document.xml puuttuu"),
])
def test_bad_word_files_are_clear_errors(make, words):
    with pytest.raises(OfficeError) as caught:
        read_docx(make())
    assert words in caught.value.message


def _zip(members: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_a_zip_bomb_is_refused_without_unpacking_it():
    bomb = _zip({"word/document.xml": "<w:document>" + " " * (MAX_MEMBER + 10) + "</w:document>"})
    assert len(bomb) < MAX_MEMBER // 100  # a small file that unpacks to more than the budget
    with pytest.raises(OfficeError) as caught:
        read_docx(bomb)
    assert "Mt purettuna" in caught.value.message


def test_an_odt_without_content_is_a_clear_error():
    with pytest.raises(OfficeError) as caught:
        read_odt(_zip({"mimetype": "application/vnd.oasis.opendocument.text"}))
    assert "content.xml puuttuu" in caught.value.message


FIXTURES = {"docx": docx(blocks_of_markdown(PROSE[0].read_text(encoding="utf-8"))),
            "odt": odt(blocks_of_markdown(PROSE[0].read_text(encoding="utf-8")))}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(FIXTURES)), cuts=st.lists(st.tuples(st.integers(0, 10**6), st.binary(max_size=8)),
                                                           max_size=6))
def test_corrupt_bytes_of_each_fixture_never_crash(kind, cuts):
    data = bytearray(FIXTURES[kind])
    for at, junk in cuts:
        at %= max(len(data), 1)
        data[at:at + len(junk)] = junk
    try:
        converted = READERS[kind][1](bytes(data))
    except OfficeError as exc:
        assert exc.message
    else:
        assert len(converted.locators) == converted.text.count("\n")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(
    st.tuples(st.just("h"), st.integers(1, 9), st.text(max_size=40)),
    st.tuples(st.just("p"), st.text(max_size=80)), st.tuples(st.just("item"), st.text(max_size=40)),
    st.tuples(st.just("bold"), st.text(max_size=40)),
    st.tuples(st.just("ins"), st.text(max_size=10), st.text(max_size=10), st.text(max_size=10)),
    st.tuples(st.just("table"), st.lists(st.lists(st.text(max_size=10), min_size=1, max_size=3), max_size=3))),
    max_size=12))
def test_random_documents_convert_with_a_locator_for_every_line(blocks):
    clean = [tuple(_xml_safe(part) if isinstance(part, str) else
                   [[_xml_safe(c) for c in row] for row in part] if isinstance(part, list) else part
                   for part in block) for block in blocks]
    for kind, (write, read) in READERS.items():
        converted = read(write(clean))
        assert len(converted.locators) == converted.text.count("\n"), kind


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold control characters or surrogates, so neither can a real document."""
    return "".join(ch for ch in text if ch in "\t\n" or (" " <= ch and not "\ud800" <= ch <= "\udfff"
                                                        and ch not in "\ufffe\uffff"))
