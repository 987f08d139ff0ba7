"""Parse rule files with lark into the dataclass AST.

Lark is configured as the house style asks: the grammar in its own file,
LALR with ``strict=True`` so that grammar conflicts fail loudly, positions
propagated and the tree transformed *after* parsing with ``v_args(meta=True)``.
Syntax errors become ``RuleSyntaxError`` with file:line:col, a caret, and a
Finnish explanation of what was expected.
"""

from __future__ import annotations

import datetime as _dt
import re
import textwrap
from functools import lru_cache

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from ..diagnostics import Position, Severity, TarkastusError, caret_context
from ..resources import data_dir
from . import ast


class RuleError(TarkastusError):
    """A problem in a rule file, with its position."""

    code = "TARK-SAANTO"

    def __init__(self, path: str, pos: Position, message: str, source: str = "") -> None:
        self.path = path
        self.pos = pos
        self.message = message
        self.context = caret_context(source, pos) if source else ""
        super().__init__(f"{path}:{pos.line}:{pos.column}: {message}")


class RuleSyntaxError(RuleError):
    pass


_TOKEN_NAMES = {
    "RULE_ID": "säännön tunnus (esim. KL54-SEURANTA)", "STRING": "merkkijono \"…\"",
    "LONG_STRING": "monirivinen merkkijono \"\"\"…\"\"\"", "NAME": "nimi", "FENCE": "esimerkki ```…```",
    "SEVERITY": "error, warning tai info", "DATE": "päivämäärä (2025-01-01)", "INT": "kokonaisluku",
    "NUMBER": "luku", "DOC_TYPE": "asiakirjatyyppi", "COMP_OP": "vertailu", "RPAR": ")", "RSQB": "]",
    "COLON": ":", "EXAMPLE_KIND": "pass tai fail", "$END": "tiedoston loppu",
}


@lru_cache(maxsize=1)
def _lark() -> Lark:
    grammar = (data_dir("grammar") / "tarkastus.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", propagate_positions=True, strict=True,
                start=["start", "expr"], maybe_placeholders=True)


def _pos(meta_or_token) -> Position:
    return Position(getattr(meta_or_token, "line", 1) or 1, getattr(meta_or_token, "column", 1) or 1)


def _string(token: Token) -> str:
    text = str(token)
    if text.startswith('"""'):
        # Paragraphs are separated by blank lines; line breaks inside one are
        # only the rule file's layout.
        paragraphs = re.split(r"\n\s*\n", textwrap.dedent(text[3:-3]).strip("\n"))
        return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)
    body = text[1:-1]
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


@v_args(meta=True)
class _ToAst(Transformer):
    def __init__(self, path: str, source: str) -> None:
        super().__init__()
        self.path = path
        self.source = source

    # ---- expressions
    def string(self, meta, c):
        return ast.Lit(_pos(meta), _string(c[0]))

    def number(self, meta, c):
        text = str(c[0])
        return ast.Lit(_pos(meta), float(text) if "." in text else int(text))

    def percent(self, meta, c):
        return ast.Lit(_pos(meta), float(str(c[0])))

    def date(self, meta, c):
        return ast.Lit(_pos(meta), _dt.date.fromisoformat(str(c[0])))

    def duration(self, meta, c):
        from ..values import to_duration
        return ast.Lit(_pos(meta), to_duration(f"{c[0]} {c[1]}"))

    def severity_level(self, meta, c):
        return str(c[0])

    doc_type = example_kind = quant_kind = duration_unit = severity_level

    def comp_op(self, meta, c):
        return " ".join(str(t) for t in c)

    def true(self, meta, c):
        return ast.Lit(_pos(meta), True)

    def false(self, meta, c):
        return ast.Lit(_pos(meta), False)

    def null(self, meta, c):
        return ast.Lit(_pos(meta), None)

    def name(self, meta, c):
        return ast.Name(_pos(meta), str(c[0]))

    def attr(self, meta, c):
        key = _string(c[1]) if c[1].type == "STRING" else str(c[1])
        return ast.Attr(_pos(meta), c[0], key)

    def flatten(self, meta, c):
        return ast.Flatten(_pos(meta), c[0])

    def index(self, meta, c):
        return ast.Index(_pos(meta), c[0], c[1])

    def call(self, meta, c):
        return ast.Call(_pos(meta), str(c[0]), [a for a in c[1:] if a is not None])

    def list_(self, meta, c):
        return ast.ListLit(_pos(meta), [a for a in c if a is not None])

    def comprehension(self, meta, c):
        expr, var, coll, cond = c
        return ast.Comprehension(_pos(meta), expr, str(var), coll, cond)

    def quantifier(self, meta, c):
        return ast.Quant(_pos(meta), str(c[0]), str(c[1]), c[2], c[3])

    def or_(self, meta, c):
        if len(c) == 1:
            return c[0]
        return ast.BoolOp(_pos(meta), "or", list(c))

    def and_(self, meta, c):
        if len(c) == 1:
            return c[0]
        return ast.BoolOp(_pos(meta), "and", list(c))

    def not_(self, meta, c):
        return ast.Not(_pos(meta), c[0])

    def compare(self, meta, c):
        if len(c) == 1:
            return c[0]
        left, op, right = c
        return ast.Compare(_pos(meta), str(op), left, right)

    def arith(self, meta, c):
        result = c[0]
        for op, operand in zip(c[1::2], c[2::2]):
            result = ast.BinOp(_pos(meta), str(op), result, operand)
        return result

    def neg(self, meta, c):
        return ast.Neg(_pos(meta), c[0])

    # ---- rule clauses
    def start(self, meta, c):
        return c[0]

    def rule_file(self, meta, c):
        rule = ast.Rule(id=str(c[0]), path=self.path, pos=_pos(c[0]))
        seen: dict[str, Position] = {}
        for kind, pos, value in c[1:]:
            if kind in {"title", "severity", "applies", "aliases", "in_force", "quote", "why", "fix", "note"}:
                if kind in seen:
                    raise RuleSyntaxError(self.path, pos, f"'{kind}' on jo annettu rivillä {seen[kind].line}.",
                                          self.source)
                seen[kind] = pos
            if kind == "in_force":
                rule.in_force_from, rule.in_force_until = value
            elif kind == "cite":
                rule.citations.append(value)
            elif kind in ("for", "let"):
                rule.bindings.append((kind, value[0], value[1]))
            elif kind == "case":
                rule.cases.append(value)
            elif kind == "example":
                rule.examples.append(value)
            elif ":" in kind:  # title:sv, fix:en
                field, lang = kind.split(":")
                translations = rule.titles if field == "title" else rule.fixes
                if lang in translations:
                    raise RuleSyntaxError(self.path, pos, f"'{field} {lang}' on jo annettu.", self.source)
                translations[lang] = value
            else:
                setattr(rule, kind, value)
        return rule

    def definitions_file(self, meta, c):
        return [ast.Definition(str(name), expr, _pos(name)) for name, expr in zip(c[0::2], c[1::2])]

    def title(self, meta, c):
        if c[0] is not None:
            return ("title:" + str(c[0]), _pos(meta), _string(c[1]))
        return ("title", _pos(meta), _string(c[1]))

    def lang(self, meta, c):
        return str(c[0])

    def translation(self, meta, c):
        return (str(c[0]), c[1])

    def severity(self, meta, c):
        return ("severity", _pos(meta), Severity.parse(str(c[0])))

    def applies(self, meta, c):
        return ("applies", _pos(meta), tuple(str(t) for t in c))

    def aliases(self, meta, c):
        return ("aliases", _pos(meta), tuple(str(t) for t in c))

    def in_force(self, meta, c):
        start = _dt.date.fromisoformat(str(c[0]))
        until = _dt.date.fromisoformat(str(c[1])) if c[1] is not None else None
        return ("in_force", _pos(meta), (start, until))

    def quote(self, meta, c):
        return ("quote", _pos(meta), _string(c[0]))

    def why(self, meta, c):
        return ("why", _pos(meta), _string(c[0]))

    def fix(self, meta, c):
        if c[0] is not None:
            return ("fix:" + str(c[0]), _pos(meta), _string(c[1]))
        return ("fix", _pos(meta), _string(c[1]))

    def note(self, meta, c):
        return ("note", _pos(meta), _string(c[0]))

    def number_ref(self, meta, c):
        return str(c[0]) if c[1] is None else f"{c[0]}–{c[1]}"

    def statute_ref(self, meta, c):
        return ast.Citation(statute=str(c[0]), section=c[1], subsection=c[2] or "", item=c[3] or "")

    def cite(self, meta, c):
        citation = c[0]
        citation.url = _string(c[1]) if c[1] is not None else ""
        return ("cite", _pos(meta), citation)

    def cite_guidance(self, meta, c):
        return ("cite", _pos(meta), ast.Citation(
            statute="", guidance=_string(c[0]), section=_string(c[1]) if c[1] else "",
            url=_string(c[2]) if c[2] else ""))

    def for_clause(self, meta, c):
        return ("for", _pos(meta), (str(c[0]), c[1]))

    def let_clause(self, meta, c):
        return ("let", _pos(meta), (str(c[0]), c[1]))

    def case(self, meta, c):
        when, at, also, severity, message, *translations = c
        level = Severity.parse(str(severity)) if severity is not None else None
        case = ast.Case(when, at, self.template(message), _pos(meta), also, level)
        for lang, text in translations:
            if lang in case.messages:
                raise RuleSyntaxError(self.path, _pos(text), f"'message {lang}' on jo annettu.", self.source)
            case.messages[lang] = self.template(text)
        return ("case", _pos(meta), case)

    def expectation(self, meta, c):
        position = Position(int(c[1]), int(c[2])) if c[1] is not None else None
        return ast.Expectation(str(c[0]), position, int(c[3]) if c[3] is not None else 1)

    def example(self, meta, c):
        kind, name = c[0], c[1]
        expectations = [x for x in c[2:] if isinstance(x, ast.Expectation)]
        documents = []
        for fence in (x for x in c[2:] if isinstance(x, Token)):
            info, _, rest = str(fence)[3:].partition("\n")
            content = textwrap.dedent(rest.rsplit("```", 1)[0])
            documents.append((content, ".yaml" if info.strip().lower() in ("yaml", "yml") else ".md"))
        content, suffix = documents[0]
        return ("example", _pos(meta), ast.Example(str(kind), _string(name), expectations,
                                                   content, suffix, _pos(meta), documents[1:]))

    def template(self, token: Token) -> ast.Template:
        """Split a message into text and parsed ``{expression}`` placeholders."""
        source = _string(token)
        parts: list = []
        for i, piece in enumerate(re.split(r"(\{[^{}]*\})", source)):
            if i % 2 == 0:
                if piece:
                    parts.append(piece)
                continue
            offset = token.column + 1 + source.find(piece)
            pos = Position(token.line, offset)
            parts.append(parse_expression(piece[1:-1], self.path, pos, self.source))
        return ast.Template(source, parts, _pos(token))


def _explain(exc: UnexpectedInput) -> str:
    if isinstance(exc, UnexpectedCharacters):
        return f"odottamaton merkki {exc.char!r}"
    if isinstance(exc, UnexpectedEOF):
        return "tiedosto päättyy kesken"
    if isinstance(exc, UnexpectedToken):
        expected = sorted({_TOKEN_NAMES.get(t, t.strip('"').lower() if not t.isupper() else t)
                           for t in exc.expected if not t.startswith("__")})
        got = "tiedoston loppu" if exc.token.type == "$END" else repr(str(exc.token))
        shown = ", ".join(expected[:8]) + (" …" if len(expected) > 8 else "")
        return f"odottamaton {got}; odotettiin: {shown}"
    return str(exc)


def _syntax_error(exc: UnexpectedInput, path: str, source: str, base: Position | None = None) -> RuleSyntaxError:
    line = getattr(exc, "line", 1) or 1
    column = getattr(exc, "column", 1) or 1
    if isinstance(exc, UnexpectedEOF) or (isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
        lines = source.split("\n")  # lark counts lines by "\n" only
        if len(lines) > 1 and lines[-1] == "":
            lines.pop()
        line, column = len(lines), len(lines[-1]) + 1
    if base is not None:
        column = base.column + column if line == 1 else column
        line = base.line + line - 1
    return RuleSyntaxError(path, Position(line, column), "Syntaksivirhe: " + _explain(exc), source)


def parse_rule_source(source: str, path: str):
    """Parse a rule or definitions file into ``ast.Rule`` or a list of ``ast.Definition``."""
    try:
        tree = _lark().parse(source, start="start")
    except UnexpectedInput as exc:
        raise _syntax_error(exc, path, source) from None
    except RecursionError:
        raise RuleSyntaxError(path, Position(1, 1), "Lauseke on liian syvälle sisäkkäinen.", source) from None
    return _transform(tree, path, source)


def _transform(tree, path: str, source: str):
    try:
        return _ToAst(path, source).transform(tree)
    except VisitError as exc:
        if isinstance(exc.orig_exc, RuleError):
            raise exc.orig_exc from None
        meta = getattr(exc.obj, "meta", None)
        pos = Position(getattr(meta, "line", 1) or 1, getattr(meta, "column", 1) or 1)
        raise RuleSyntaxError(path, pos, f"Virheellinen arvo: {exc.orig_exc}", source) from None
    except RecursionError:
        raise RuleSyntaxError(path, Position(1, 1), "Lauseke on liian syvälle sisäkkäinen.", source) from None


def parse_expression(text: str, path: str = "<lauseke>", base: Position | None = None, source: str = ""):
    try:
        tree = _lark().parse(text, start="expr")
    except UnexpectedInput as exc:
        error = _syntax_error(exc, path, text, base)
        if source:
            error.context = caret_context(source, error.pos)
        raise error from None
    except RecursionError:
        raise RuleSyntaxError(path, base or Position(1, 1), "Lauseke on liian syvälle sisäkkäinen.",
                              source or text) from None
    result = _transform(tree, path, source or text)
    if base is not None:
        _shift(result, base)
    return result


def _shift(node, base: Position) -> None:
    """Move positions of a placeholder expression into its rule file's coordinates."""
    if isinstance(node, ast.Expr):
        node.pos = Position(base.line + node.pos.line - 1,
                            base.column + node.pos.column - 1 if node.pos.line == 1 else node.pos.column)
    for value in vars(node).values() if hasattr(node, "__dict__") else ():
        if isinstance(value, ast.Expr):
            _shift(value, base)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, ast.Expr):
                    _shift(item, base)
