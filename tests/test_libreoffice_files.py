"""Files LibreOffice itself wrote (.odt, and .docx saved as Word 2007–365) read like their Markdown.

The fixtures in tests/data/libreoffice were made once from prose samples
by LibreOffice (``tests/data/libreoffice/regenerate.py`` says how); the
other tests' .docx and .odt files are written by our own fixture writer
or by python-docx. Same facts, same findings, a locator for every finding.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AS_OF, ROOT
from tarkastus.documents.office import read_docx, read_odt
from tarkastus.engine import Options, check
from tarkastus.prose import read_facts

DATA = ROOT / "tests" / "data" / "libreoffice"
SAMPLES = {p.stem: p for p in (ROOT / "samples" / "proosa").rglob("*.md")}
FIXTURES = sorted(p for p in DATA.iterdir() if p.suffix in (".odt", ".docx"))
READERS = {".odt": read_odt, ".docx": read_docx}


def test_there_are_fixtures_of_both_formats():
    assert {p.suffix for p in FIXTURES} == {".odt", ".docx"} and len(FIXTURES) >= 8


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_a_libreoffice_file_reads_to_the_facts_of_its_markdown(book, fixture):
    markdown = SAMPLES[fixture.stem].read_text(encoding="utf-8")
    converted = READERS[fixture.suffix](fixture.read_bytes())
    assert read_facts(converted.text, book).plain() == read_facts(markdown, book).plain()
    # LibreOffice writes the section numbers as automatic numbering: they are computed.
    assert "kohta 1" in converted.locators and any(loc.startswith("kohta 2") for loc in converted.locators)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_a_libreoffice_file_gives_the_findings_of_its_markdown(book, tmp_path, fixture):
    (tmp_path / fixture.name).write_bytes(fixture.read_bytes())
    (tmp_path / "md").mkdir()
    (tmp_path / "md" / f"{fixture.stem}.md").write_text(SAMPLES[fixture.stem].read_text(encoding="utf-8"),
                                                         encoding="utf-8")
    options = Options(as_of=AS_OF, jobs=1)
    document = check([tmp_path / fixture.name], book, options).diagnostics
    markdown = check([tmp_path / "md" / f"{fixture.stem}.md"], book, options).diagnostics
    assert [(d.code, d.severity, d.message) for d in document] == [(d.code, d.severity, d.message) for d in markdown]
    assert all(d.locator for d in document), document
