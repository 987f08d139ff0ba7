"""Word and OpenDocument files built in the tests, from a small list of blocks or a Markdown agreement.

No document library: the parts are written as the XML Word and LibreOffice
write (document.xml, styles.xml, numbering.xml; content.xml), so each
feature under test (heading styles, automatic numbering, tracked changes,
comments, tables) is exactly what the fixture says.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEADING = re.compile(r"(#{1,6})\s+(?:(\d+(?:\.\d+)*)\.?\s+)?(.*)")


def _run(text: str, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def docx(blocks, numbered_headings: bool = True, macros: bool = False) -> bytes:
    """A .docx of blocks: ("h", level, text), ("p", text), ("bold", text), ("item", text),
    ("ins", before, inserted, after), ("del", before, deleted, after), ("comment", text), ("table", rows).

    With ``numbered_headings``, level-2 headings get Word's automatic
    numbering (numId 1) and are written without their number.
    """
    body = []
    comments = []
    for block in blocks:
        kind = block[0]
        if kind == "h":
            _, level, text = block
            num = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if numbered_headings and level == 2 else ""
            body.append(f'<w:p><w:pPr><w:pStyle w:val="Heading{level}"/>{num}</w:pPr>{_run(text)}</w:p>')
        elif kind == "p":
            body.append(f"<w:p>{_run(block[1])}</w:p>")
        elif kind == "bold":
            body.append(f"<w:p>{_run(block[1], bold=True)}</w:p>")
        elif kind == "item":
            body.append(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr>'
                        f"{_run(block[1])}</w:p>")
        elif kind == "ins":
            _, before, inserted, after = block
            body.append(f'<w:p>{_run(before)}<w:ins w:id="1" w:author="A">{_run(inserted)}</w:ins>{_run(after)}</w:p>')
        elif kind == "del":
            _, before, deleted, after = block
            body.append(f'<w:p>{_run(before)}<w:del w:id="2" w:author="A"><w:r><w:delText>{escape(deleted)}'
                        f"</w:delText></w:r></w:del>{_run(after)}</w:p>")
        elif kind == "comment":
            n = len(comments)
            comments.append(f'<w:comment w:id="{n}" w:author="A"><w:p>{_run("Tarkista tämä.")}</w:p></w:comment>')
            body.append(f'<w:p><w:commentRangeStart w:id="{n}"/>{_run(block[1])}<w:commentRangeEnd w:id="{n}"/>'
                        f'<w:r><w:commentReference w:id="{n}"/></w:r></w:p>')
        elif kind == "table":
            rows = "".join("<w:tr>" + "".join(f"<w:tc><w:p>{_run(cell)}</w:p></w:tc>" for cell in row) + "</w:tr>"
                           for row in block[1])
            body.append(f"<w:tbl>{rows}</w:tbl>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{W_NS}"><w:body>{"".join(body)}</w:body></w:document>')
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W_NS}">'
              + "".join(f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/>'
                        f'<w:basedOn w:val="Normal"/></w:style>' for n in range(1, 4))
              + '<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>')
    numbering = (f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W_NS}">'
                 '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                 '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                 '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
                 '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", document)
        archive.writestr("word/styles.xml", styles)
        archive.writestr("word/numbering.xml", numbering)
        if comments:
            archive.writestr("word/comments.xml", f'<w:comments xmlns:w="{W_NS}">{"".join(comments)}</w:comments>')
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00" * 16)
    return out.getvalue()


def odt(blocks) -> bytes:
    """An .odt of the same blocks (headings keep their number in text:number, as LibreOffice writes it)."""
    t = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    body = []
    changes = []
    number = 0
    for block in blocks:
        kind = block[0]
        if kind == "h":
            _, level, text = block
            label = ""
            if level == 2:
                number += 1
                label = f"<text:number>{number}.</text:number>"
            body.append(f'<text:h text:outline-level="{level}">{label}{escape(text)}</text:h>')
        elif kind in ("p", "bold"):
            body.append(f"<text:p>{escape(block[1])}</text:p>")
        elif kind == "item":
            body.append(f"<text:list><text:list-item><text:p>{escape(block[1])}</text:p></text:list-item></text:list>")
        elif kind == "ins":
            _, before, inserted, after = block
            n = len(changes)
            changes.append(f'<text:changed-region text:id="c{n}"><text:insertion/></text:changed-region>')
            body.append(f'<text:p>{escape(before)}<text:change-start text:change-id="c{n}"/>{escape(inserted)}'
                        f'<text:change-end text:change-id="c{n}"/>{escape(after)}</text:p>')
        elif kind == "del":
            _, before, deleted, after = block
            n = len(changes)
            changes.append(f'<text:changed-region text:id="c{n}"><text:deletion><text:p>{escape(deleted)}</text:p>'
                           f'</text:deletion></text:changed-region>')
            body.append(f'<text:p>{escape(before)}<text:change text:change-id="c{n}"/>{escape(after)}</text:p>')
        elif kind == "comment":
            body.append(f'<text:p><office:annotation><text:p>Tarkista.</text:p></office:annotation>'
                        f"{escape(block[1])}</text:p>")
        elif kind == "table":
            rows = "".join("<table:table-row>" + "".join(f"<table:table-cell><text:p>{escape(c)}</text:p>"
                                                          "</table:table-cell>" for c in row) + "</table:table-row>"
                           for row in block[1])
            body.append(f"<table:table>{rows}</table:table>")
    tracked = f"<text:tracked-changes>{''.join(changes)}</text:tracked-changes>" if changes else ""
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               f'xmlns:text="{t}" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">'
               f"<office:body><office:text>{tracked}{''.join(body)}</office:text></office:body>"
               "</office:document-content>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
    return out.getvalue()


def blocks_of_markdown(text: str) -> list:
    """A Markdown agreement (no front matter) as blocks: headings (level 2 without its number), paragraphs, tables.

    Each line is a paragraph of its own, as in a Word document written from
    it (a label line "Hyväksytty: …" is one); "<!-- … -->" comments are left out.
    """
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    blocks: list = []
    paragraph: list[str] = []
    table: list[list[str]] = []

    def flush():
        if paragraph:
            blocks.append(("p", " ".join(paragraph)))
            paragraph.clear()
        if table:
            blocks.append(("table", [row[:] for row in table]))
            table.clear()

    for line in text.split("\n"):
        stripped = line.strip()
        m = _HEADING.fullmatch(stripped)
        if m:
            flush()
            level = len(m.group(1))
            # Level 2 is numbered by Word (docx() and odt() write the number as automatic numbering);
            # other levels keep the number typed in the heading ("6.1 Kustannustenjaon perusteet", "1 § Nimi").
            blocks.append(("h", level, m.group(3) if level == 2 else stripped[level:].strip()))
        elif stripped.startswith("|"):
            if paragraph:
                blocks.append(("p", " ".join(paragraph)))
                paragraph.clear()
            if not re.fullmatch(r"[\s|:\-]*", stripped):
                table.append([cell.strip() for cell in stripped.strip("|").split("|")])
        elif not stripped:
            flush()
        elif re.match(r"(\d+\.|[-*])\s", stripped):
            flush()
            blocks.append(("item", re.sub(r"^(\d+\.|[-*])\s+", "", stripped)))
        else:
            flush()
            paragraph.append(stripped)
            flush()
    flush()
    return blocks
