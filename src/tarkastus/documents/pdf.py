"""PDF agreements as the text the prose reader reads, with a page and line for every line.

Agreements are published as PDF attachments of the minutes, made from Word
or LibreOffice. A PDF has no paragraphs or headings, only glyphs at
positions, so the text model of ``office.py`` is rebuilt from the layout:

- **Lines**: the text pieces pypdf reports (with their position, font and
  size) are grouped by baseline; within a line a gap wider than about an
  em is a tab or a table cell boundary. Each piece's width is computed from
  the font's own widths (``/Widths``, ``/W``, mapped through ``/ToUnicode``).
- **Headers and footers**: a line in the top or bottom band of the page
  that repeats on at least half of the pages (its page number aside) is a
  header or footer and is removed, as are page numbers there ("Sivu 3 (12)",
  "3/12", "- 3 -", a bare "3"). An approval stamp among them
  ("Hyväksytty: Kaupunginvaltuusto 23.10.2023, 63 §") is kept once, at the
  top of the text, where the approvals reader looks for it.
- **Headings**: the PDF's bookmarks first (LibreOffice and Word export one
  for every heading, with its number and level); then lines in a larger or
  bold font that are short, do not end like a sentence and may carry a
  number ("1.", "1.1", "3.6.", "§ 5", "5 §", "1. LUKU"). A title wrapped
  over lines is one heading; a number left alone on its line ("12.") is
  put back in front of the heading below it. A numbered line in the body
  font ("1. Tampere") is a list item, not a heading.
- **Paragraphs**: lines are joined with spaces; a paragraph ends at a
  vertical gap larger than the line spacing, at a heading, list item or
  table row, and a line that ends early although the next line's first word
  would have fitted ends its line ("Vastuukunta:" / "Turun kaupunki").
  A hyphen at the end of a line before a lowercase letter is a hyphenation
  and is removed ("työllisyysalu-" + "een"), except before a conjunction
  ("kunta- ja kaupunkialue"), after a capital or a digit ("EU-", "Y-") and
  between two equal vowels ("toiminta-" + "alue"), where it is the word's.
- **Tables**: consecutive lines of two or more cells become pipe rows, the
  first one the header; a line whose first cell is empty continues the row
  above it, as does a line of one cell under the first cell at a
  paragraph's line spacing (a wrapped first cell). A table broken by a page
  goes on without a new header.

Each line of the text has the locator "sivu 3, rivi 12": the page, and the
line on that page counted as printed (headers and footers included), so a
lawyer finds it; a paragraph's line is located at its first printed line.

Not read: scanned pages (a PDF with fewer than ``MIN_CHARACTERS`` letters a
page on average is a ``TARK-TEKSTITON`` error: it needs text recognition),
password-protected PDFs (an owner-password-only one, openable with an empty
password, is read; AES needs the ``cryptography`` package), rotated text,
several text columns side by side (read as one), table cells without a
visible gap between them. Headings in the body font are found only through
bookmarks, and a paragraph that ends on a full line with no space below it
runs on into the next one: nothing on the page tells them apart.

Reading is bounded: at most ``MAX_PAGES`` pages, ``MAX_CONTENT`` bytes of
decoded page content (pypdf parses about 0.7 MB a second here, so about
25 s at worst; an agreement's page has 10-20 KB), ``MAX_LINES`` printed
lines and four times ``MAX_TEXT`` characters: more is an error, not a
partial reading (TARK-KOKO), as is converted text longer than
``MAX_TEXT`` characters. Bookmarks after the first ``MAX_OUTLINE`` are not used. pypdf has its
own limits on decompression (75 MB a stream) and outline depth. Whatever
the bytes, only ``ConversionError`` is raised, and pypdf's warnings about a
damaged file are not printed (the error says what matters).

pypdf is imported here only, when a PDF is read: a Markdown check does not
load it.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
from collections import Counter

from ..messages import say
from .converted import STAMP, ConversionError, Converted, locator_part

# A line's locator, "sivu 3, rivi 12": the catalogue's words, made into one format once (every line has one).
_WHERE = f"{locator_part('page', n='{0}')}, {locator_part('line', n='{1}')}"
from .office import MAX_TEXT

MAX_PAGES = 500
MAX_CONTENT = 16 * 1024 * 1024  # decoded content-stream bytes, all pages together (pypdf reads ~0.7 MB/s)
MAX_OUTLINE = 5_000  # bookmarks
MAX_LINES = 200_000  # printed lines, all pages together
MIN_CHARACTERS = 10  # letters and digits a page, on average, below which the PDF has no text layer
_CMAP_BYTES = 2 * 1024 * 1024  # of one font's /ToUnicode map
_CMAP_ENTRIES = 70_000

_DAMAGED_FIX = say("pdf.damaged.fix")


# ---- reading --------------------------------------------------------------------------------------

_TOO_LARGE_FIX = say("size.split.fix")


def read_pdf(data: bytes) -> Converted:
    """The text of a PDF agreement, with a "sivu N, rivi M" locator for every line.

    Raises ``ConversionError`` (and nothing else) for a file that cannot be
    read: damaged, password-protected, without a text layer, or too large.
    """
    try:
        import pypdf
    except ImportError:  # pragma: no cover (a dependency of the package)
        raise ConversionError(say("pdf.no_pypdf"), say("pdf.no_pypdf.fix")) from None
    logger = logging.getLogger("pypdf")
    level = logger.level
    # pypdf logs every oddity of a damaged file as a warning; our error says what matters.
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _Reader(pypdf, data).read()
    except ConversionError:
        raise
    except RecursionError:
        raise ConversionError(say("pdf.deep"), _DAMAGED_FIX) from None
    except MemoryError:
        raise ConversionError(say("pdf.memory"), _TOO_LARGE_FIX) from None
    except Exception as exc:  # noqa: BLE001 (whatever pypdf meets in damaged bytes)
        raise ConversionError(say("pdf.damaged", error=type(exc).__name__), _DAMAGED_FIX) from None
    finally:
        logger.setLevel(level)


class _Reader:
    def __init__(self, pypdf, data: bytes) -> None:
        self.pypdf = pypdf
        self.data = data
        self.fonts: dict[int, _Font] = {}
        self.content = 0
        self.chars = 0

    def read(self) -> Converted:
        pypdf = self.pypdf
        if b"%PDF" not in self.data[:1024]:
            raise ConversionError(say("pdf.no_header"), _DAMAGED_FIX)
        reader = pypdf.PdfReader(io.BytesIO(self.data), strict=False)
        if reader.is_encrypted:
            self.decrypt(reader)
        count = len(reader.pages)
        if count == 0:
            raise ConversionError(say("pdf.no_pages"), _DAMAGED_FIX)
        if count > MAX_PAGES:
            raise ConversionError(say("pdf.too_many_pages", count=count, limit=MAX_PAGES),
                                  say("pdf.too_many_pages.fix"), "TARK-KOKO")
        pages = []
        lines = 0
        for index in range(count):
            try:
                page = reader.pages[index]
                self.budget(page)
                found = self.page_lines(page, index + 1)
            except ConversionError:
                raise
            except Exception as exc:  # noqa: BLE001 (a damaged page: say which one)
                raise ConversionError(say("pdf.bad_page", page=index + 1, error=type(exc).__name__),
                                      _DAMAGED_FIX) from None
            lines += len(found[2])
            if lines > MAX_LINES or self.chars > 4 * MAX_TEXT:
                raise ConversionError(say("pdf.too_much_text"), _TOO_LARGE_FIX, "TARK-KOKO")
            pages.append(found)
        outline = self.outline(reader)
        return _Layout(pages, outline).convert()

    def decrypt(self, reader) -> None:
        try:
            opened = reader.decrypt("")
        except self.pypdf.errors.DependencyError:
            raise ConversionError(say("pdf.aes"), say("pdf.aes.fix")) from None
        if not opened:
            raise ConversionError(say("pdf.password"), say("pdf.password.fix"))

    def budget(self, page) -> None:
        """Count the page's decoded content against ``MAX_CONTENT`` before pypdf parses it."""
        contents = page.get("/Contents")
        contents = contents.get_object() if contents is not None else None
        streams = contents if isinstance(contents, list) else [contents]
        for stream in streams[:10_000]:
            stream = stream.get_object() if stream is not None else None
            if stream is not None and hasattr(stream, "get_data"):
                self.content += len(stream.get_data())
        if self.content > MAX_CONTENT:
            raise ConversionError(say("pdf.content", mb=MAX_CONTENT // (1024 * 1024)), _TOO_LARGE_FIX, "TARK-KOKO")

    def page_lines(self, page, number: int):
        try:
            box = page.mediabox
            bottom, top = sorted((float(box.bottom), float(box.top)))
        except Exception:  # noqa: BLE001 (a broken /MediaBox: A4, where the text usually is)
            bottom, top = 0.0, 842.0
        pieces: list[_Piece] = []
        fonts = self.fonts

        def visit(text, cm, tm, font, size) -> None:
            if not text or self.chars > 4 * MAX_TEXT:
                return
            text = text.replace("\n", "")
            if not text.strip():
                return
            a = tm[0] * cm[0] + tm[1] * cm[2]
            b = tm[0] * cm[1] + tm[1] * cm[3]
            c = tm[2] * cm[0] + tm[3] * cm[2]
            d = tm[2] * cm[1] + tm[3] * cm[3]
            if a <= 0 or d <= 0 or abs(b) > 0.05 * a or abs(c) > 0.05 * d:
                return  # rotated or mirrored text: a stamp in the margin, not the agreement's lines
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            height = abs(float(size)) * d
            if not 1.0 <= height <= 400.0:
                return
            info = fonts.get(id(font)) if font is not None else None
            if info is None:
                info = _Font(font)
                if font is not None:
                    fonts[id(font)] = info
                    info.keep = font  # the id stays this font's while it is cached
            text = text.strip()
            width = info.width(text) * abs(float(size)) * a / 1000
            self.chars += len(text)
            pieces.append(_Piece(x, y, x + width, height, info.bold, text, info, abs(float(size)) * a))

        page.extract_text(visitor_text=visit)
        return number, (bottom, top), _lines(pieces, number)

    def outline(self, reader) -> list:
        """(page number, top or None, level, title) of each bookmark, in document order."""
        try:
            items = reader.outline
        except Exception:  # noqa: BLE001 (a damaged outline: read the headings from the fonts)
            return []
        found = []
        stack = [iter(items)]
        while stack and len(found) < MAX_OUTLINE:
            item = next(stack[-1], None)
            if item is None:
                stack.pop()
                continue
            if isinstance(item, list):
                if len(stack) < 12:
                    stack.append(iter(item))
                continue
            try:
                page = reader.get_destination_page_number(item)
                title = str(item.title or "")
            except Exception:  # noqa: BLE001 (a bookmark to nowhere)
                continue
            top = _value(item, "/Top")
            top = float(top) if isinstance(top, (int, float)) else None  # "/Fit", or a null top: the page
            if page is not None and page >= 0 and title.strip():
                found.append((page + 1, top, len(stack), title))
        return found


# ---- fonts ----------------------------------------------------------------------------------------

_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|fett", re.I)
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>|\[|\]")


class _Font:
    """What the layout needs of a font: whether it is bold and how wide its characters are (1/1000 em)."""

    __slots__ = ("widths", "default", "bold", "keep")

    def __init__(self, font) -> None:
        self.widths: dict[str, float] = {}
        self.default = 500.0
        self.bold = False
        self.keep = None
        if font is None:
            return
        try:
            self._read(font)
        except Exception:  # noqa: BLE001 (odd metrics: estimate with the default width)
            pass

    def _read(self, font) -> None:
        subtype = _value(font, "/Subtype")
        name = str(_value(font, "/BaseFont") or "")
        descendant = font["/DescendantFonts"][0].get_object() if subtype == "/Type0" else None
        descriptor = _value(descendant if descendant is not None else font, "/FontDescriptor")
        weight = _value(descriptor, "/FontWeight") if isinstance(descriptor, dict) else None
        flags = _value(descriptor, "/Flags") if isinstance(descriptor, dict) else None
        self.bold = bool(_BOLD_NAME.search(name.split("+", 1)[-1])) or \
            (isinstance(weight, (int, float)) and weight >= 600) or (isinstance(flags, int) and bool(flags & 1 << 18))
        codes: dict[int, float] = {}
        if descendant is not None:
            self.default = float(_value(descendant, "/DW", 1000))
            codes = _cid_widths(_value(descendant, "/W"))
        else:
            widths = _value(font, "/Widths")
            if widths is not None:
                first = int(_value(font, "/FirstChar", 0))
                codes = {first + i: float(w.get_object()) for i, w in enumerate(widths[:256])}
            known = [w for w in codes.values() if w > 0]
            self.default = sum(known) / len(known) if known else (600.0 if "courier" in name.lower() else 500.0)
        unicode = _to_unicode(font)
        if not unicode and descendant is None:
            encoding = _value(font, "/Encoding")
            base = _value(encoding, "/BaseEncoding") if isinstance(encoding, dict) else encoding
            codec = "mac_roman" if base == "/MacRomanEncoding" else "cp1252"
            unicode = {code: bytes([code]).decode(codec, "ignore") for code in codes if 0 <= code < 256}
        for code, width in codes.items():
            char = unicode.get(code)
            if char and len(char) == 1 and width > 0:
                self.widths.setdefault(char, width)

    def width(self, text: str) -> float:
        widths, default = self.widths, self.default
        return sum(widths.get(char, default) for char in text)


def _value(dictionary, key: str, default=None):
    """``dictionary[key]`` with an indirect reference followed (``DictionaryObject.get`` does not)."""
    value = dictionary.get(key, default)
    return value.get_object() if hasattr(value, "get_object") else value


def _cid_widths(array) -> dict[int, float]:
    """A CID font's /W array: ``c [w1 w2 …]`` and ``c_first c_last w``."""
    out: dict[int, float] = {}
    if array is None:
        return out
    items = list(array.get_object())
    i = 0
    while i < len(items) and len(out) < _CMAP_ENTRIES:
        first = int(items[i].get_object())
        nxt = items[i + 1].get_object() if i + 1 < len(items) else None
        if isinstance(nxt, list):
            for k, w in enumerate(nxt[:_CMAP_ENTRIES]):
                out[first + k] = float(w.get_object())
            i += 2
        elif i + 2 < len(items):
            last, width = int(items[i + 1].get_object()), float(items[i + 2].get_object())
            for code in range(first, min(last, first + _CMAP_ENTRIES) + 1):
                out[code] = width
            i += 3
        else:
            break
    return out


def _to_unicode(font) -> dict[int, str]:
    """A font's /ToUnicode map (character code -> text), read from its bfchar and bfrange sections."""
    stream = _value(font, "/ToUnicode")
    if not hasattr(stream, "get_data"):
        return {}
    data = stream.get_data()[:_CMAP_BYTES]
    out: dict[int, str] = {}
    for kind in (b"bfchar", b"bfrange"):
        start = 0
        while len(out) < _CMAP_ENTRIES:
            begin = data.find(b"begin" + kind, start)
            if begin < 0:
                break
            end = data.find(b"end" + kind, begin)
            end = len(data) if end < 0 else end
            tokens = [m.group(1) if m.group(1) is not None else m.group(0) for m in _HEX.finditer(data, begin, end)]
            start = end + 1
            if kind == b"bfchar":
                for src, dst in zip(tokens[0::2], tokens[1::2]):
                    if src not in (b"[", b"]") and dst not in (b"[", b"]"):
                        out[_hex_int(src)] = _hex_text(dst)
                continue
            i = 0
            while i + 2 < len(tokens) and len(out) < _CMAP_ENTRIES:
                low, high, dst = _hex_int(tokens[i]), _hex_int(tokens[i + 1]), tokens[i + 2]
                high = min(high, low + _CMAP_ENTRIES)
                if dst == b"[":
                    i += 3
                    code = low
                    while i < len(tokens) and tokens[i] != b"]":
                        out[code] = _hex_text(tokens[i])
                        code += 1
                        i += 1
                    i += 1
                    continue
                text = _hex_text(dst)
                if text:
                    base = ord(text[-1])
                    for code in range(low, high + 1):
                        if base + code - low < 0x110000:
                            out[code] = text[:-1] + chr(base + code - low)
                i += 3
    return out


def _hex_int(token: bytes) -> int:
    digits = re.sub(rb"\s+", b"", token) if isinstance(token, bytes) else b""
    return int(digits, 16) if digits and len(digits) <= 8 and re.fullmatch(rb"[0-9A-Fa-f]+", digits) else -1


def _hex_text(token: bytes) -> str:
    digits = re.sub(rb"\s+", b"", token) if isinstance(token, bytes) else b""
    if len(digits) % 2:
        digits += b"0"
    try:
        return bytes.fromhex(digits.decode("ascii")).decode("utf-16-be", "ignore")
    except ValueError:
        return ""


# ---- lines ----------------------------------------------------------------------------------------

class _Piece:
    __slots__ = ("x", "y", "end", "size", "bold", "text", "font", "scale")

    def __init__(self, x, y, end, size, bold, text, font, scale) -> None:
        self.x, self.y, self.end, self.size, self.bold, self.text = x, y, end, size, bold, text
        self.font, self.scale = font, scale


class _Line:
    """One printed line: where it is, its cells (pieces with a wide gap between them), its font."""

    __slots__ = ("page", "number", "y", "x0", "x1", "size", "bold", "cells", "text", "first_word",
                 "heading", "level", "row", "margin", "wrapped")

    def __init__(self, page, number, y, cells, size, bold, first_word) -> None:
        self.page, self.number, self.y = page, number, y
        self.cells = cells  # [(x0, x1, text)]
        self.x0, self.x1 = cells[0][0], cells[-1][1]
        self.size, self.bold = size, bold
        self.text = " ".join(cell[2] for cell in cells)
        self.first_word = first_word  # width of the first word, to tell whether it fitted on the line above
        self.heading = False
        self.level = 0
        self.row = False
        self.margin = False  # a header, footer or page number: not the body's
        self.wrapped = False  # a table cell's wrapped text: continues the row above

    @property
    def where(self) -> str:
        return _WHERE.format(self.page, self.number)


_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\t": " ",
                            "\u200b": None, "\ufeff": None, "\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "•"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r" {2,}")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text.translate(_LIGATURES))
    text = _CONTROL.sub("", text)
    # A soft hyphen shows only where a word was broken: inside a line it is nothing.
    end = text.endswith("\u00ad")
    text = text.replace("\u00ad", "")
    return _SPACES.sub(" ", text) + ("\u00ad" if end else "")  # _join() removes it, and _render() what is left


def _lines(pieces: list[_Piece], page: int) -> list[_Line]:
    """The page's pieces grouped by baseline, top to bottom, each line's pieces left to right."""
    pieces.sort(key=lambda p: (-p.y, p.x))
    groups: list[list[_Piece]] = []
    for piece in pieces:
        if groups and abs(groups[-1][0].y - piece.y) <= 0.4 * min(groups[-1][0].size, piece.size):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    lines = []
    for group in groups:
        group.sort(key=lambda p: p.x)
        cells: list[list] = []
        weights: Counter = Counter()
        bold = None
        previous = None
        for piece in group:
            if previous is not None and piece.text == previous.text and abs(piece.x - previous.x) < 1.0:
                continue  # the same text printed twice, slightly offset (a "bold" made by overprinting)
            text = _clean(piece.text)
            if not text.strip():
                continue
            weights[round(piece.size * 2) / 2] += len(text)
            if any(ch.isalnum() for ch in text):
                bold = piece.bold if bold is None else bold and piece.bold
            gap = piece.x - cells[-1][1] if cells else 0.0
            if cells and gap <= 1.2 * piece.size:
                cell = cells[-1]
                joint = "" if gap < 0.12 * piece.size and not cell[2].endswith(" ") else " "
                cell[2] = (cell[2] + joint + text) if joint == "" else (cell[2].rstrip() + " " + text.lstrip())
                cell[1] = max(cell[1], piece.end)
            else:
                cells.append([piece.x, piece.end, text.strip()])
            previous = piece
        cells = [(c[0], c[1], c[2].strip()) for c in cells if c[2].strip()]
        if not cells:
            continue
        first = group[0]
        word = cells[0][2].split(" ", 1)[0]
        first_word = first.font.width(word) * first.scale / 1000
        lines.append(_Line(page, len(lines) + 1, group[0].y, cells, weights.most_common(1)[0][0], bool(bold),
                           first_word))
    return lines


# ---- layout ---------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"(?:(?:sivu|sivut|sida|page|s\.|p\.)\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?"
    r"(?:\s*(?:/|\(|av|of|kautta)\s*\d{1,4}\s*\)?)?", re.I)
_STAMP = STAMP  # shared with the Word reader's page headers (converted.STAMP)
_NUMBER = re.compile(r"(?:(?:\d{1,3}\.){1,4}\d{0,3}|\d{1,3}|§\s*\d{1,3}\s*[a-z]?|\d{1,3}\s*[a-z]?\s*§|[IVX]{1,5}\.?)"
                     r"(?:\s*(?:luku|kap\.?|kapitel))?", re.I)
_HEADING_NUMBER = re.compile(r"((?:\d{1,3}\.)*\d{1,3}\.?|§\s*\d{1,3}\s*[a-z]?|\d{1,3}\s*[a-z]?\s*§)(?=\s|$)")
_MARKER = re.compile(r"(\(?\d{1,3}[.)]|\(?[a-zåäö]\)|[•◦▪▫■□●○·*\-–—])(?:\s+|$)")
_CHAPTER = re.compile(r"(?:\d{1,2}\.?|[IVX]{1,5}\.?)\s*luku\b|luku\s+\d", re.I)
_SENTENCE_END = (".", ",", ";", ":", "!", "?")
_CONJUNCTIONS = frozenset(("ja", "tai", "sekä", "eli", "ynnä", "taikka", "eikä", "och", "eller", "samt", "and", "or"))
_VOWELS = frozenset("aeiouyäöå")
_HYPHENS = ("-", "\u2010", "\u00ad")


def _masked(line: _Line, page: int) -> tuple[str, str]:
    """A margin line's text as it repeats from page to page: without its page number cells, as it is
    and with the page's number masked ("Turun kaupunki, sivu #"; not the 2 of a date "2.12.2024")."""
    text = " ".join(cell[2] for cell in line.cells if not _page_number(cell[2], page))
    return "=" + _key(text), "#" + _key(re.sub(rf"(?<![\d.,]){page}(?![\d.,])", "#", text))


def _page_number(text: str, page: int) -> bool:
    """Whether ``text`` is the page's number ("3", "Sivu 3 (12)", "3/12", "- 3 -"); printed numbering may
    start after a cover page or two."""
    return _page_offset(text, page) is not None


def _page_offset(text: str, page: int) -> int | None:
    """How many pages the printed number ``text`` is behind the page (0-3), or None if it is no page number."""
    if not _PAGE_NUMBER.fullmatch(text.strip()):
        return None
    number = int(re.search(r"\d+", text).group())
    return page - number if page - 3 <= number <= page else None


def _line_page_offset(line: _Line, page: int) -> int | None:
    """``_page_offset`` of a line that is a page number, or of its last cell ("Turun kaupunki    Sivu 3")."""
    offset = _page_offset(line.text, page)
    if offset is None and len(line.cells) > 1:
        offset = _page_offset(line.cells[-1][2], page)
    return offset


def _key(text: str) -> str:
    """Letters and digits only, lower case: a bookmark's title and its printed lines compare equal."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


class _Block:
    __slots__ = ("kind", "text", "level", "header", "where", "cells")

    def __init__(self, kind: str, line: _Line, text: str = "") -> None:
        self.kind = kind  # "heading", "paragraph", "item", "row", "stamp"
        self.text = text or line.text
        self.level = 0
        self.header = False
        self.where = [line.where]  # one locator per line of the block's text
        self.cells: list = []


class _Layout:
    def __init__(self, pages: list, outline: list) -> None:
        self.pages = pages  # (page number, (bottom, top), lines)
        self.outline = outline
        self.count = len(pages)

    def convert(self) -> Converted:
        stamps = self.strip_margins()
        body = [line for _, _, lines in self.pages for line in lines if not line.margin]
        letters = sum(1 for line in body for ch in line.text if ch.isalnum())
        if letters < MIN_CHARACTERS * self.count:
            raise ConversionError(say("pdf.no_text"), say("pdf.no_text.fix"), code="TARK-TEKSTITON")
        self.body = body
        self.measure()
        self.bookmarks()
        self.tables()
        self.font_headings()
        blocks = [_Block("stamp", line) for line in stamps] + self.blocks()
        return _render(blocks)

    # -- headers and footers ---------------------------------------------------------------------------

    def strip_margins(self) -> list[_Line]:
        """Remove headers, footers and page numbers; return the approval stamps among them, once each."""
        bands = []
        seen: Counter = Counter()
        # A page's number, one a side at most: the band's line nearest the page's edge that is or ends in
        # one, with how far its number is behind the page's index; and on how many pages each side and
        # distance were seen.
        numbers: dict[int, int] = {}
        numbered: Counter = Counter()
        for page, (bottom, top), lines in self.pages:
            height = max(top - bottom, 1.0)
            band = []
            for i, line in enumerate(lines):
                side = "top" if i < 4 and line.y >= top - 0.15 * height else \
                    "bottom" if i >= len(lines) - 4 and line.y <= bottom + 0.15 * height else ""
                if side:
                    band.append((side, line, _masked(line, page)))
            bands.append((page, band))
            for key in {(side, key) for side, _, keys in band for key in keys if key}:
                seen[key] += 1
            for edge in ("top", "bottom"):
                candidates = [(line, offset) for side, line, _ in band if side == edge
                              for offset in [_line_page_offset(line, page)] if offset is not None]
                if candidates:
                    line, offset = candidates[0] if edge == "top" else candidates[-1]
                    numbers[id(line)] = offset
                    numbered[(edge, offset)] += 1
        repeated = max(2, (self.count + 1) // 2)
        stamps: dict[str, _Line] = {}
        for page, band in bands:
            for side, line, keys in band:
                if self.count > 1 and any(key and seen[(side, key)] >= repeated for key in keys):
                    line.margin = True  # a header or footer
                    text = " ".join(cell[2] for cell in line.cells if not _page_number(cell[2], page))
                    if _STAMP.match(text) and _key(text) not in stamps:
                        line.text = text
                        stamps[_key(text)] = line
                elif id(line) in numbers and (self.count == 1 or numbered[(side, numbers[id(line)])] >= repeated):
                    # Pages number alike: the same side, the same distance from the page's index on at least
                    # half of them. Not the "1" ending the rows of a table that a page break left at the foot
                    # of page 2 and the head of page 3 ("Kannus | 1", "Perho | 1").
                    if _page_number(line.text, page):
                        line.margin = True
                    else:
                        line.cells = line.cells[:-1]  # "Turun kaupunki        Sivu 3 (12)"
                        line.x1 = line.cells[-1][1]
                        line.text = " ".join(cell[2] for cell in line.cells)
        return list(stamps.values())

    # -- measures ----------------------------------------------------------------------------------------

    def measure(self) -> None:
        sizes: Counter = Counter()
        for line in self.body:
            sizes[line.size] += len(line.text)
        self.size = sizes.most_common(1)[0][0] if sizes else 11.0
        # The usual distance between two lines of a paragraph, for each font size.
        pitches: dict[float, Counter] = {}
        for a, b in zip(self.body, self.body[1:]):
            if a.page == b.page and a.size == b.size and 0.9 * a.size < a.y - b.y < 2.5 * a.size:
                pitches.setdefault(a.size, Counter())[round(a.y - b.y, 1)] += 1
        # The smallest distance seen often: with paragraph spacing, one-line paragraphs are common too.
        self.pitch = {}
        for size, counter in pitches.items():
            often = max(2, sum(counter.values()) // 20)
            frequent = [d for d, n in counter.items() if n >= often] or [counter.most_common(1)[0][0]]
            self.pitch[size] = min(frequent)
        # The right edge of the text: where full lines end. Not the very last line end, in case a long
        # word or web address ran into the margin: too far an edge would break every paragraph up.
        ends = sorted(line.x1 for line in self.body if abs(line.size - self.size) < 0.6 and len(line.cells) == 1)
        self.edge = ends[len(ends) - 1 - len(ends) // 33] if ends else 0.0  # the 97th percentile

    def line_pitch(self, line: _Line) -> float:
        return self.pitch.get(line.size, 1.2 * line.size)

    # -- headings ----------------------------------------------------------------------------------------

    def bookmarks(self) -> None:
        """Mark the lines each bookmark names as one heading at the bookmark's level."""
        by_page: dict[int, list[_Line]] = {}
        for line in self.body:
            by_page.setdefault(line.page, []).append(line)
        start: dict[int, int] = {}
        for page, top, depth, title in self.outline:
            lines = by_page.get(page)
            wanted = _key(title)
            if not lines or not wanted:
                continue
            begin = start.get(page, 0)
            if top is not None:  # the bookmark's heading is the first line at its top, or a few lines below
                while begin < len(lines) and lines[begin].y > top + 2 * lines[begin].size:
                    begin += 1
            for i in range(begin, min(begin + 40, len(lines))):
                line = lines[i]
                if line.heading:
                    continue
                span = self.match(lines, i, wanted)
                if span:
                    for k in range(i, i + span):
                        lines[k].heading = True
                        lines[k].level = -1  # not the first line of its heading
                    line.level = min(depth, 6)
                    start[page] = i + span
                    break

    @staticmethod
    def match(lines: list[_Line], i: int, wanted: str) -> int:
        """How many lines from ``lines[i]`` spell ``wanted`` (a title's key, its number optional), or 0."""
        for numberless in (False, True):
            got = ""
            for k in range(i, min(i + 4, len(lines))):
                text = lines[k].text
                if numberless and k == i:
                    # The bookmark may leave out the printed number ("Sopijapuolet" for "1. Sopijapuolet").
                    m = _HEADING_NUMBER.match(text)
                    if m is None:
                        break
                    text = text[m.end():]
                key = _key(text)
                if not key:
                    break
                got += key
                if got == wanted:
                    return k - i + 1
                if not wanted.startswith(got):
                    break
        return 0

    def font_headings(self) -> None:
        """Headings from the fonts: short lines larger or bolder than the body, not ending like a sentence."""
        styles: dict[tuple, Counter] = {}
        for line in self.body:
            if line.heading and line.level > 0:
                styles.setdefault((line.size, line.bold), Counter())[line.level] += 1
        chapters = any(_CHAPTER.match(line.text) for line in self.body)
        biggest = max((line.size for line in self.body), default=self.size)
        first = not any(line.heading for line in self.body)
        body = self.body
        i = 0
        while i < len(body):
            line = body[i]
            if line.heading or line.row or not self.strong(line):
                i += 1
                continue
            group = [line]
            while i + len(group) < len(body) and len(group) < 4:
                nxt, prev = body[i + len(group)], group[-1]
                if nxt.heading or nxt.row or nxt.page != prev.page or nxt.size != prev.size or \
                        nxt.bold != prev.bold or not 0 < prev.y - nxt.y <= 2.2 * prev.size:
                    break
                if not _NUMBER.fullmatch(prev.text) and _HEADING_NUMBER.match(nxt.text):
                    break  # the next numbered heading
                group.append(nxt)
            text = " ".join(g.text for g in group)
            if _NUMBER.fullmatch(text) or len(text) > 200 or text.endswith(_SENTENCE_END) or \
                    not (text[:1].isupper() or text[:1].isdigit() or text[:1] == "§"):
                i += len(group)  # a bold sentence, a label line ("Vastuukunta:"), a number alone
                continue
            for g in group:
                g.heading, g.level = True, -1
            m = _HEADING_NUMBER.match(text)
            number = m.group(1) if m else ""
            if _CHAPTER.match(text):
                line.level = 2
            elif "§" in number:
                line.level = 3 if chapters else 2
            elif number:
                line.level = min(2 + number.rstrip(".").count("."), 6)
            elif (line.size, line.bold) in styles:
                line.level = styles[(line.size, line.bold)].most_common(1)[0][0]
            elif first and line.size >= biggest - 0.1 and line.size > self.size:
                line.level = 1  # the title
            else:
                line.level = 2
            first = False
            i += len(group)
        # The title is the one heading larger than all others; among headings of one size, none is.
        tops = [line for line in body if line.heading and line.level == 1]
        if len(tops) == 1 and not self.outline and any(
                line.heading and line.level > 1 and line.size >= tops[0].size - 0.1 for line in body):
            tops[0].level = 2
        # A number alone on its line ("12.") belongs to the heading right below it.
        for line, nxt in zip(body, body[1:]):
            if not line.heading and not line.row and nxt.heading and nxt.level > 0 and \
                    _NUMBER.fullmatch(line.text) and nxt.page == line.page and 0 < line.y - nxt.y < 3 * line.size:
                line.heading, line.level, nxt.level = True, nxt.level, -1

    def strong(self, line: _Line) -> bool:
        return line.size >= self.size + 0.9 or (line.bold and line.size >= self.size - 0.6)

    # -- tables ------------------------------------------------------------------------------------------

    def tables(self) -> None:
        body = self.body
        i = 0
        while i < len(body):
            if not self.cellular(body[i]):
                i += 1
                continue
            run = [body[i]]
            k = i + 1
            while k < len(body):
                line, prev = body[k], run[-1]
                if line.page != prev.page or line.heading or prev.y - line.y > 2.5 * self.line_pitch(prev):
                    break
                if self.cellular(line):
                    run.append(line)
                elif run and self.continues(line, run):
                    run.append(line)
                    line.wrapped = True
                else:
                    break
                k += 1
            rows = [line for line in run if self.cellular(line)]
            if len(rows) >= 2 and not all(r.cells[0][2].endswith(":") for r in rows):
                reference = max(rows, key=lambda r: len(r.cells))
                bounds = [(a[1] + b[0]) / 2 for a, b in zip(reference.cells, reference.cells[1:])]
                for line in run:
                    line.row = True
                    cells = [""] * (len(bounds) + 1)
                    for x0, x1, text in line.cells:
                        column = sum(1 for b in bounds if (x0 + x1) / 2 > b)
                        cells[column] = (cells[column] + " " + text).strip()
                    line.cells = cells  # plain texts from here on
                i = k
            else:
                i += 1

    def cellular(self, line: _Line) -> bool:
        if line.heading or len(line.cells) < 2:
            return False
        if len(line.cells) == 2 and _MARKER.fullmatch(line.cells[0][2] + " "):
            return False  # "1." and a tab: a numbered item or heading
        return True

    def continues(self, line: _Line, run: list[_Line]) -> bool:
        """A line of one cell under a row: a cell's wrapped text.

        In a column other than the first, at up to the spacing of rows; in the first column ("Henkilö- ja"
        / "toimintakustannukset"), only at the spacing of a paragraph's lines, as ``gap()`` joins them:
        the paragraph after a table starts there too, below the last row's spacing.
        """
        first = run[0]
        if len(line.cells) != 1:
            return False
        drop = run[-1].y - line.y
        if line.x0 > first.cells[0][1] + 0.5 * line.size:
            return drop <= 1.6 * self.line_pitch(run[-1])
        return abs(line.x0 - first.cells[0][0]) < 0.5 * line.size and line.x1 < first.cells[1][0] and \
            0 < drop <= 1.3 * self.line_pitch(run[-1]) + 0.5

    # -- blocks ------------------------------------------------------------------------------------------

    def blocks(self) -> list[_Block]:
        blocks: list[_Block] = []
        current: _Block | None = None
        previous: _Line | None = None
        table_first = True
        for line in self.body:
            if line.heading:
                if line.level < 0 and blocks and blocks[-1].kind == "heading":
                    blocks[-1].text = _join(blocks[-1].text, line.text)  # a wrapped title
                else:
                    block = _Block("heading", line)
                    block.level = max(line.level, 1)
                    blocks.append(block)
                current, previous = None, line
                table_first = True
                continue
            if line.row:
                cells = line.cells
                if previous is not None and previous.row and blocks and blocks[-1].kind == "row" and \
                        cells and (line.wrapped or not cells[0]) and line.page == previous.page:
                    row = blocks[-1]
                    row.cells = [_join(a, b) for a, b in zip(row.cells, cells)] + row.cells[len(cells):]
                else:
                    block = _Block("row", line, " | ".join(c.replace("|", "/") for c in cells))
                    block.header = table_first or not (previous is not None and previous.row)
                    block.cells = list(cells)
                    blocks.append(block)
                    table_first = False
                current, previous = None, line
                continue
            table_first = True
            marker = _MARKER.match(line.text)
            gap = self.gap(previous, line) if previous is not None else 2
            separate_marker = marker is not None and len(line.cells) > 1 and _MARKER.fullmatch(line.cells[0][2] + " ")
            if current is not None and gap == 0 and not (marker and (separate_marker or current.kind == "item")):
                current.text = _join(current.text, line.text)
            elif current is not None and gap == 1 and not marker and current.kind != "item":
                current.text += "\n" + line.text
                current.where.append(line.where)
            else:
                if marker is not None and (gap > 0 or separate_marker or current is None or current.kind == "item"):
                    current = _Block("item", line)
                else:
                    current = _Block("paragraph", line)
                blocks.append(current)
            previous = line
        for block in blocks:
            if block.kind == "row":
                block.text = " | ".join(c.replace("|", "/") for c in block.cells)
        return blocks

    def gap(self, a: _Line, b: _Line) -> int:
        """0: the same paragraph; 1: a new line of it (a line ended early); 2: a new paragraph."""
        if a.heading or a.row:
            return 2
        if a.text.endswith(":") and _MARKER.match(b.text):
            return 2  # "Sopimuksen osapuolet ovat:" and the list under it
        room = self.edge - a.x1
        early = room > b.first_word + 0.35 * b.size + max(3.0, 0.3 * b.size)
        if a.page != b.page:
            return 2 if early else 0
        drop = a.y - b.y
        if drop <= 0 or drop > 1.3 * self.line_pitch(a) + 0.5:
            return 2
        if b.x0 > a.x0 + 1.5 * b.size and not _MARKER.match(a.text):
            return 2  # an indented first line
        return 1 if early else 0


def _join(text: str, line: str) -> str:
    """Two lines of one paragraph as one: a space between, or a line-break hyphen removed."""
    if not text:
        return line
    if not line:
        return text
    if text[-1] in _HYPHENS and len(text) >= 2 and text[-2].isalnum():
        word = line.split(" ", 1)[0]
        before = text[-2]
        follow = line[0]
        if text[-1] == "\u00ad":
            return text[:-1] + line
        if word.rstrip(",.;:") in _CONJUNCTIONS:
            return text + " " + line  # "kunta- ja kaupunkialue"
        if not follow.isalnum():
            return text + " " + line
        if not follow.islower():
            return text + line  # "Etelä-" "Savon", "1.1.2025-" "31.12.2025": a hyphen between words
        if before.isupper() or before.isdigit():
            return text + line  # "EU-" "tietosuoja", "25-" "vuotiaille": the word's own hyphen
        if before.lower() == follow and follow in _VOWELS:
            return text + line  # "toiminta-" "alue": Finnish writes the hyphen between equal vowels
        return text[:-1] + line
    if text[-1] in "-–" and text[-2:-1].isdigit() and line[:1].isdigit():
        return text + line  # "2025–" "2029"
    if text[-1] == "–" and text[-2:-1].isalpha() and line[:1].isalpha() and \
            line.split(" ", 1)[0].rstrip(",.;:") not in _CONJUNCTIONS:
        return text + line  # "Tornion–" "Haaparannan": a dash between names is never a hyphenation
    return text + " " + line


def _render(blocks: list[_Block]) -> Converted:
    lines: list[str] = []
    locators: list[str] = []
    size = 0
    previous = None
    for block in blocks:
        if block.kind == "heading":
            text = [("#" * min(block.level, 6)) + " " + " ".join(block.text.split("\n"))]
        elif block.kind == "row":
            text = ["| " + block.text + " |"]
        elif block.kind == "item":
            m = _MARKER.match(block.text)
            marker = m.group(1) if m else "-"
            rest = block.text[m.end():] if m else block.text
            if not re.fullmatch(r"\(?[0-9]{1,3}[.)]|[a-zåäö]\)|-", marker):
                marker = "-"
            text = (f"{marker} {rest}").split("\n")
        else:
            text = block.text.split("\n")
        text = [(_escape(t) if i or block.kind in ("paragraph", "stamp") else t).replace("\u00ad", "")
                for i, t in enumerate(text)]
        wheres = block.where + [block.where[-1]] * (len(text) - len(block.where))
        # A line that was only soft hyphens is no line: every line kept has text and a locator.
        kept = [(part, where) for part, where in zip(text, wheres) if part.strip()]
        if not kept:
            continue
        text = [part for part, _ in kept]
        if previous is not None and not (previous.kind == "row" and block.kind == "row" and not block.header):
            lines.append("")
            locators.append("")
        for part, where in kept:
            lines.append(part)
            locators.append(where)
        if block.kind == "row" and block.header:
            lines.append("|" + "---|" * (block.text.count(" | ") + 1))
            locators.append(block.where[0])
        size += sum(len(t) + 1 for t in text)
        previous = block
        if size > MAX_TEXT:  # not a partial reading: provisions past the cut would be reported missing
            raise ConversionError(say("pdf.text_too_long", mb=MAX_TEXT // (1024 * 1024)), _TOO_LARGE_FIX, "TARK-KOKO")
    return Converted("\n".join(lines) + "\n" if lines else "", locators)


def _escape(text: str) -> str:
    """A line of text that Markdown would read as a heading, table row or list item is kept as text."""
    stripped = text.lstrip()
    if stripped.startswith(("#", "|", "```", "~~~", "<!--")):
        return "\\" + stripped
    return text
