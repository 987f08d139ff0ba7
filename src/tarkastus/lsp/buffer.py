"""An open document as the language server reads it: lines, front matter, YAML keys, headings.

Positions here are 0-based (line, column in code points), the lines being
the text split at "\\n" as tarkastus counts them; the server converts them
to the client's units (UTF-16 by default) at the boundary. Nothing here
imports the protocol libraries, so it is tested and benchmarked directly.

The YAML of a buffer is composed with PyYAML (the loader's own C parser,
with marks) to tell which key the cursor is on. A document being typed is
often not valid YAML ("roo" alone on a line), so ``locate`` puts a sentinel
where the cursor is and composes that instead: the sentinel's place in the
tree says whether a key or a value is being written, and under which keys.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

MARKDOWN = (".md", ".markdown")
YAML = (".yaml", ".yml")
SUFFIXES = MARKDOWN + YAML
SENTINEL = "tarkastus_kohdistin_9f3c"  # what ``locate`` writes at the cursor (never a key of the format)
ITEM = "[]"  # a list item in a key path
MAX_COMPOSE = 256 * 1024  # characters of YAML composed for a hover or a completion (larger: no help)
_NUMBERED = re.compile(r"(?P<pre>§\s*)?(?P<n>\d{1,4})(?P<post>[.)]|\s*§)?\s+(?P<rest>\S.*)")
_TYPE_LINE = re.compile(r"[\"']?tyyppi[\"']?[ \t]*:[ \t]*(\S+)", re.IGNORECASE)
_RULE_ID = re.compile(r"[\wÄÖÅäöå]+(?:-[\wÄÖÅäöå]+)+")


class TextEdit(NamedTuple):
    """Replace the text from ``start`` to ``end`` ((line, column), 0-based, code points) by ``text``."""

    start: tuple[int, int]
    end: tuple[int, int]
    text: str


class Heading(NamedTuple):
    line: int  # 0-based
    level: int
    title: str  # as written, numbering included
    number: int | None  # "6. Seuranta" -> 6
    name: str  # the title without its number


class Buffer:
    """The text of an open document, as the file at ``path`` would hold it."""

    def __init__(self, text: str, path: Path) -> None:
        self.text = text
        self.path = Path(path)
        self.lines = text.split("\n")
        self.suffix = self.path.suffix.lower()
        self._region: tuple[int, int] | None | bool = False
        self._tree = False

    @property
    def is_markdown(self) -> bool:
        return self.suffix in MARKDOWN

    @property
    def is_yaml(self) -> bool:
        return self.suffix in YAML

    def line(self, number: int) -> str:
        """Line ``number`` (0-based) without its line end, "" outside the text."""
        return self.lines[number].rstrip("\r") if 0 <= number < len(self.lines) else ""

    # ---- the YAML part: a YAML file, or a Markdown file's front matter -------------------------------

    def yaml_region(self) -> tuple[int, int] | None:
        """The lines [first, end) holding YAML: the whole YAML file, or between the front matter's fences."""
        if self._region is False:
            self._region = None
            if self.is_yaml:
                self._region = (0, len(self.lines))
            elif self.is_markdown and self.lines and self.line(0).lstrip("\ufeff").rstrip() == "---":
                for i in range(1, len(self.lines)):
                    if self.line(i).rstrip() in ("---", "..."):
                        self._region = (1, i)
                        break
        return self._region

    def in_yaml(self, line: int) -> bool:
        region = self.yaml_region()
        return region is not None and region[0] <= line < region[1]

    def body_start(self) -> int:
        """The first line after the front matter (0 when there is none)."""
        region = self.yaml_region()
        if region is None or self.is_yaml:
            return 0 if not self.is_yaml else len(self.lines)
        return region[1] + 1

    def tree(self):
        """The composed YAML node tree of the region (None when it is not valid YAML)."""
        if self._tree is False:
            region = self.yaml_region()
            self._tree = _compose(self.lines[region[0]:region[1]]) if region is not None else None
        return self._tree

    def locate(self, line: int, start: int, end: int, replacement: str):
        """Where a sentinel put at [start, end) of ``line`` lands: (key path, is_key, mapping node), or None.

        ``replacement`` holds ``SENTINEL`` (as a key, "SENTINEL:", or as a
        value). The key path leads to the sentinel (``ITEM`` for a list
        item); ``mapping`` is the mapping the sentinel is a key of (its other
        keys are the ones already written), else None.
        """
        region = self.yaml_region()
        if region is None or not region[0] <= line < region[1]:
            return None
        lines = list(self.lines[region[0]:region[1]])
        row = line - region[0]
        text = lines[row].rstrip("\r")
        lines[row] = text[:start] + replacement + text[end:]
        # The whole YAML; failing that (something below is half-written too), the lines up to the cursor's.
        for candidate in (lines, lines[:row + 1]):
            root = _compose(candidate)
            if root is None:
                continue
            for path, node, is_key, mapping in walk(root):
                if node.value == SENTINEL and getattr(node, "tag", "").endswith(":str"):
                    return path, is_key, mapping
            return None
        return None

    def key_at(self, line: int, column: int):
        """(key path, key node) of the front-matter key written at (line, column), or None."""
        root = self.tree()
        region = self.yaml_region()
        if root is None:
            return None
        row = line - region[0]
        for path, node, is_key, _ in walk(root):
            if is_key and node.start_mark.line == row and node.start_mark.line == node.end_mark.line \
                    and node.start_mark.column <= column <= node.end_mark.column:
                return path, node
        return None

    def root_value(self, key: str):
        """The scalar value of a top-level key (``tyyppi``), as written, or None."""
        from yaml import ScalarNode

        found = self.root_key(key)
        return found[1].value if found is not None and isinstance(found[1], ScalarNode) else None

    def root_key(self, key: str):
        """(key node, value node) of a top-level key, or None."""
        from yaml import MappingNode, ScalarNode

        from ..documents.shape import key_norm

        root = self.tree()
        if not isinstance(root, MappingNode):
            return None
        for k, v in root.value:
            if isinstance(k, ScalarNode) and key_norm(str(k.value)) == key_norm(key):
                return k, v
        return None

    # ---- the Markdown body -------------------------------------------------------------------------

    def headings(self) -> list[Heading]:
        """The ATX headings of the body, outside code fences (as the loader reads them)."""
        from ..documents.loader import parse_sections

        start = self.body_start() if self.is_markdown else len(self.lines)
        found = []
        for section in parse_sections([self.line(i) for i in range(start, len(self.lines))], start):
            title = section.title
            numbered = _NUMBERED.fullmatch(title)
            number = int(numbered.group("n")) if numbered else None
            found.append(Heading(section.pos.line - 1, section.level, title, number,
                                 numbered.group("rest") if numbered else title))
        return found

    def word_at(self, line: int, column: int, pattern: re.Pattern = _RULE_ID) -> tuple[str, int, int] | None:
        """The match of ``pattern`` on ``line`` that holds ``column``: (text, start, end)."""
        text = self.line(line)
        for match in pattern.finditer(text):
            if match.start() <= column <= match.end():
                return match.group(), match.start(), match.end()
            if match.start() > column:
                break
        return None


def _compose(lines: list[str]):
    """The YAML node tree of ``lines``, or None: invalid, too large, too deep (the loader's bounds)."""
    import yaml

    from ..documents.loader import MAX_DEPTH, _Loader, nesting_depth

    text = "\n".join(line.rstrip("\r") for line in lines) + "\n"
    if len(text) > MAX_COMPOSE:
        return None
    try:
        depth, _ = nesting_depth(text)
        if depth > MAX_DEPTH:
            return None
        return yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None


def walk(root):
    """(key path, node, is_key, mapping) for every scalar of the tree, in document order (no recursion;
    a node reached twice through an alias is visited once)."""
    from yaml import MappingNode, ScalarNode, SequenceNode

    stack = [(root, (), None)]
    seen = set()
    while stack:
        node, path, _ = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            children = []
            for key, value in node.value:
                name = key.value if isinstance(key, ScalarNode) else "?"
                if isinstance(key, ScalarNode):
                    yield path + (name,), key, True, node
                children.append((value, path + (name,), None))
            stack.extend(reversed(children))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed([(item, path + (ITEM,), None) for item in node.value]))
        elif isinstance(node, ScalarNode):
            yield path, node, False, None


def shape_at(shapes, doc_type: str | None, path: tuple):
    """The shape of the format at ``path`` (keys and ``ITEM``s) in a document of ``doc_type``, or None."""
    from ..documents.shape import ListShape, MapShape, UnionShape

    shape = shapes.roots.get(doc_type) if doc_type else None
    shape = shape or shapes.common
    for part in path:
        if isinstance(shape, UnionShape):
            shape = next((o for o in shape.options if isinstance(o, (MapShape, ListShape))), None)
        if part == ITEM:
            if not isinstance(shape, ListShape):
                return None
            shape = shape.item
            continue
        if not isinstance(shape, MapShape):
            return None
        alias = shape.canonical(part)
        if alias is None:
            return None
        shape = shape.fields[alias].shape
    if isinstance(shape, UnionShape):
        shape = next((o for o in shape.options if isinstance(o, (MapShape, ListShape))), shape)
    return shape


def field_at(shapes, doc_type: str | None, path: tuple):
    """The ``FieldShape`` of the key at the end of ``path`` (its description, its shape), or None."""
    from ..documents.shape import MapShape

    if not path or path[-1] == ITEM:
        return None
    parent = shape_at(shapes, doc_type, path[:-1])
    if not isinstance(parent, MapShape):
        return None
    alias = parent.canonical(path[-1])
    return parent.fields[alias] if alias is not None else None


def document_type(buffer: Buffer, shapes) -> str | None:
    """The buffer's ``tyyppi`` as the format names it (any case or spelling the loader accepts), or None."""
    from ..text import norm

    value = buffer.root_value("tyyppi")
    region = buffer.yaml_region()
    if value is None and buffer.tree() is None and region is not None:  # half-written YAML: its tyyppi line
        for i in range(*region):
            match = _TYPE_LINE.match(buffer.line(i))
            if match:
                value = match.group(1).strip("\"'")
                break
    if value is None:
        return None
    wanted = norm(str(value)).replace(" ", "")
    return next((name for name in shapes.roots if norm(name) == wanted), None)
