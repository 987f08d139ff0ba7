"""Rebuild the PDF fixtures of tests/test_pdf.py (needs LibreOffice; run on purpose, never in CI).

    .venv/bin/python tests/data/pdf/regenerate.py            # every fixture
    .venv/bin/python tests/data/pdf/regenerate.py leimattu   # the ones whose name contains a word

Each agreement is the .docx that ``tests/office_fixtures.py`` writes from a
Markdown sample (``docx(blocks_of_markdown(md))``), dressed as a real Word
document before LibreOffice sees it: a package LibreOffice opens (content
types, relationships), heading styles with sizes, bold and outline levels
(so the PDF gets bookmarks, as Word's and LibreOffice's PDFs do), 11 pt body
text with space after paragraphs, an A4 page; then
``soffice --headless --convert-to pdf``. Fixtures:

- ``<sample>.pdf``: every prose sample (``samples/proosa/**/*.md``, named
  by ``fixture_name``: its stem, or ``<folder>-<stem>`` when two folders
  have a sample of that stem), read by the tests to the same facts and
  findings as its Markdown (``SAMPLES``). A new sample needs its PDF made
  here: ``regenerate.py <its name>``, then ``regenerate.py snapshots``.
- ``leimattu.pdf``: ``leimattu.md`` laid out as published attachments are:
  its approval stamps in the page header of every page, "Sivu N (M)" and
  the area's name in the footer, a title wrapped over two lines, section 10
  as a bold "10." paragraph with the heading text on the next line (the
  number split off), section 11 as a bold line without a heading style,
  and soft hyphens in the long words of every paragraph, so that lines end
  in a hyphenation. ``leimattu.md`` is what the PDF must read as.
- ``pitka-30-sivua.pdf``: 30 pages (``long_agreement()``: a sample and
  numbered sections of filler), for the benchmark of reading a PDF
  (``python -c "from tarkastus.documents.pdf import read_pdf; ..."`` on it)
  and a test that a long PDF reads to the facts of its Markdown.
- ``skannattu.pdf``: two pages that are only an image (no text layer),
  written by hand here.
- ``salattu.pdf``: turku-lieto.pdf encrypted with a user password
  ("salasana", RC4-128, which pypdf opens without extra libraries);
  ``suojattu.pdf``: the same with an owner password only, which opens
  with an empty password (copying and printing restrictions).
- ``<name>.expected.txt``: what each agreement PDF reads as, every line
  with its locator in front (``snapshot()``); ``regenerate.py snapshots``
  rewrites them from the PDFs without LibreOffice, after a change to the
  reader that is meant to change its text. Look at the diff before you
  commit it.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from office_fixtures import W_NS, blocks_of_markdown, docx  # noqa: E402

PROSE = ROOT / "samples" / "proosa"


def fixture_name(sample: Path, samples: list[Path]) -> str:
    """The fixture name of a prose sample: its stem, or ``<folder>-<stem>`` if another sample has the same stem.

    Two folders hold a yla-savo-yhteistoimintasopimus.md; the other names
    stay the stems the tests have always used (turku-lieto.pdf is also read
    by tests/test_documents_check.py).
    """
    if sum(1 for other in samples if other.stem == sample.stem) > 1:
        return f"{sample.parent.name}-{sample.stem}"
    return sample.stem


def prose_samples() -> dict[str, Path]:
    """Every prose sample (samples/proosa/**/*.md) by its fixture name."""
    samples = sorted(PROSE.rglob("*.md"))
    return {fixture_name(sample, samples): sample for sample in samples}


SAMPLES = prose_samples()

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Sans" w:hAnsi="Liberation Sans" w:cs="Liberation Sans"/>
<w:sz w:val="22"/><w:lang w:val="fi-FI"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
<w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="240"/><w:outlineLvl w:val="0"/></w:pPr>
<w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>
<w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr>
<w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/>
<w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="160" w:after="80"/><w:outlineLvl w:val="2"/></w:pPr>
<w:rPr><w:b/><w:sz w:val="23"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>
<w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style>
</w:styles>"""


def _paragraphs(texts, style="Header") -> str:
    return "".join(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve">{t}</w:t></w:r></w:p>'
                   for t in texts)


def _page_number_paragraph() -> str:
    def field(name):
        return f'<w:fldSimple w:instr="{name}"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    return ('<w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="right"/></w:pPr>'
            f'<w:r><w:t xml:space="preserve">Sivu </w:t></w:r>{field("PAGE")}'
            f'<w:r><w:t xml:space="preserve"> (</w:t></w:r>{field("NUMPAGES")}<w:r><w:t>)</w:t></w:r></w:p>')


def package(data: bytes, header: list[str] | None = None, footer: list[str] | None = None) -> bytes:
    """The fixture .docx as a package LibreOffice opens, with real styles, an A4 page, a header and a footer."""
    overrides = {"/word/document.xml": f"{_WML}.document.main+xml", "/word/styles.xml": f"{_WML}.styles+xml",
                 "/word/numbering.xml": f"{_WML}.numbering+xml"}
    rels = [("rId1", "styles", "styles.xml"), ("rId2", "numbering", "numbering.xml")]
    refs = ""
    parts = {}
    if header:
        overrides["/word/header1.xml"] = f"{_WML}.header+xml"
        rels.append(("rId3", "header", "header1.xml"))
        refs += '<w:headerReference w:type="default" r:id="rId3"/>'
        parts["word/header1.xml"] = f'<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{_paragraphs(header)}</w:hdr>'
    if footer is not None:
        overrides["/word/footer1.xml"] = f"{_WML}.footer+xml"
        rels.append(("rId4", "footer", "footer1.xml"))
        refs += '<w:footerReference w:type="default" r:id="rId4"/>'
        parts["word/footer1.xml"] = (f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{_paragraphs(footer)}'
                                     f"{_page_number_paragraph()}</w:ftr>")
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides.items())
             + "</Types>")
    package_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
                    "</Relationships>")
    document_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     + "".join(f'<Relationship Id="{i}" Type="{_REL}/{kind}" Target="{target}"/>'
                               for i, kind, target in rels) + "</Relationships>")
    section = (f"<w:sectPr>{refs}<w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1418\" w:right=\"1134\" "
               'w:bottom="1418" w:left="1134" w:header="567" w:footer="567"/></w:sectPr>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "[Content_Types].xml":
                body = types.encode()
            elif item.filename == "word/styles.xml":
                body = STYLES.encode()
            elif item.filename == "word/document.xml":
                text = body.decode()
                text = text.replace(f'<w:document xmlns:w="{W_NS}">', f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}">')
                body = text.replace("</w:body>", section + "</w:body>").encode()
            target.writestr(item.filename, body)
        target.writestr("_rels/.rels", package_rels)
        target.writestr("word/_rels/document.xml.rels", document_rels)
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def soft_hyphens(text: str) -> str:
    """Soft hyphens at the syllable breaks of long words (before a consonant and a vowel), so lines break inside words."""
    def word(m):
        w = m.group()
        if len(w) < 10:
            return w
        out = w[:2]
        for i in range(2, len(w) - 2):
            if w[i].lower() not in "aeiouyäöå" and w[i + 1].lower() in "aeiouyäöå" and w[i - 1].isalpha():
                out += "\u00ad"
            out += w[i]
        return out + w[len(w) - 2:]
    return re.sub(r"[^\W\d_]+", word, text)


def leimattu_blocks() -> tuple[list, list[str]]:
    """leimattu.md as blocks, its approval stamps taken out for the page header."""
    md = (HERE / "leimattu.md").read_text(encoding="utf-8")
    stamps = [line for line in md.split("\n") if line.startswith(("Hyväksytty:", "Käsitelty:"))]
    blocks = []
    for block in blocks_of_markdown(md):
        if block[0] == "p" and block[1] in stamps:
            continue
        if block == ("h", 2, "Sopimuksen muuttaminen"):
            blocks += [("bold", "10."), ("bold", "Sopimuksen muuttaminen")]  # the number split off its heading
        elif block == ("h", 2, "Sopimuksen voimassaolo ja irtisanominen"):
            blocks.append(("bold", "11. Sopimuksen voimassaolo ja irtisanominen"))  # bold, no heading style
        elif block[0] == "p":
            blocks.append(("p", soft_hyphens(block[1])))
        else:
            blocks.append(block)
    return blocks, stamps


def long_agreement() -> str:
    """A 30-page agreement in Markdown: a sample and numbered sections of lawful filler."""
    md = (SAMPLES["kuopio-yhteistoimintasopimus"]).read_text(encoding="utf-8")
    md = re.sub(r"<!--.*?-->", "", md, flags=re.S).rstrip()
    sections = []
    for i in range(1, 58):
        paragraphs = [f"Työllisyysalueen palvelut järjestetään asiakkaan tarpeen mukaan lähipalveluina, ja "
                      f"sopijakunnat seuraavat palvelujen saatavuutta yhdessä. Tämä kappale {j} kuvaa liitteen {i} "
                      "käytännön toimintaa, eikä se muuta sopimuksen määräyksiä." for j in range(1, 6)]
        sections.append(f"## {19 + i}. Toiminnan kuvaus {i}\n\n" + "\n\n".join(paragraphs))
    return md + "\n\n" + "\n\n".join(sections) + "\n"


def scanned() -> bytes:
    """Two A4 pages that are only a grey image with dark bars where lines of text would be: no text layer."""
    width, height = 120, 170
    rows = bytearray()
    for y in range(height):
        line = bytearray([235] * width)
        if 10 < y < 160 and y % 6 < 2:
            line[10:110] = bytes([40]) * 100
        rows += line
    import zlib
    image = zlib.compress(bytes(rows))
    content = b"q 495 0 0 700 50 71 cm /Im1 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> "
        b"/Contents 6 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> "
        b"/Contents 6 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % (width, height, len(image)) + image + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    return minimal_pdf(objects)


def minimal_pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (numbered from 1, the first the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def encrypted(source: Path, user: str, owner: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="RC4-128", permissions_flag=0)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def snapshot(converted) -> str:
    """A reading as stored in ``<name>.expected.txt``: each line of the text after its locator."""
    return "".join(f"{where:<19}| {line}\n".replace(" \n", "\n")
                   for line, where in zip(converted.text.split("\n"), converted.locators))


def snapshots() -> None:
    from tarkastus.documents.pdf import read_pdf

    for name in [*SAMPLES, "leimattu"]:
        text = snapshot(read_pdf((HERE / f"{name}.pdf").read_bytes()))
        (HERE / f"{name}.expected.txt").write_text(text, encoding="utf-8")


def convert(name: str, data: bytes) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed to regenerate the PDF fixtures.")
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / f"{name}.docx"
        source.write_bytes(data)
        # A profile of its own, so a running LibreOffice of the user's is not disturbed.
        subprocess.run([soffice, f"-env:UserInstallation=file://{work}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", work, str(source)],
                       check=True, capture_output=True, timeout=300)
        (HERE / f"{name}.pdf").write_bytes((Path(work) / f"{name}.pdf").read_bytes())
    print(f"{name}.pdf: {(HERE / f'{name}.pdf').stat().st_size} bytes")


def main(words: list[str]) -> None:
    def wanted(name):
        return not words or any(w in name for w in words)

    for name, path in SAMPLES.items():
        if wanted(name):
            markdown = path.read_text(encoding="utf-8")
            convert(name, package(docx(blocks_of_markdown(markdown))))
    if wanted("leimattu"):
        blocks, stamps = leimattu_blocks()
        convert("leimattu", package(docx(blocks), header=stamps, footer=["Kuopion työllisyysalue"]))
    if wanted("pitka-30-sivua"):
        convert("pitka-30-sivua", package(docx(blocks_of_markdown(long_agreement()))))
    if wanted("skannattu"):
        (HERE / "skannattu.pdf").write_bytes(scanned())
    if wanted("salattu"):
        (HERE / "salattu.pdf").write_bytes(encrypted(HERE / "turku-lieto.pdf", "salasana", "omistaja"))
    if wanted("suojattu"):
        (HERE / "suojattu.pdf").write_bytes(encrypted(HERE / "turku-lieto.pdf", "", "omistaja"))
    if wanted("snapshots"):
        snapshots()


if __name__ == "__main__":
    main(sys.argv[1:])
