"""Parse rule files with lark into the dataclass AST.

Lark is configured as the house style asks: the grammar in its own file,
LALR with ``strict=True`` so that grammar conflicts fail loudly, positions
propagated and the tree transformed *after* parsing with ``v_args(meta=True)``.
Syntax errors become ``RuleSyntaxError`` with file:line:col, a caret, and a
Finnish explanation of what was expected.

A rule file is input (``rule-dirs``), so nothing in it may make loading
recurse without bound: bracket nesting is measured on the text before it is
parsed (lark's parser is iterative, but a million brackets still take it
seconds), the tree is transformed without recursion, and the AST is
measured again (``limits.MAX_NESTING``), so the checker, the compiler, the
evaluator and the cache never recurse deeper than that.
"""

from __future__ import annotations

import datetime as _dt
import re
import textwrap
from functools import lru_cache

from lark import Lark, Token, Transformer_NonRecursive, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from ..diagnostics import BLOCK_INDENT, Position, Severity, caret_context
from ..messages import Message, say
from ..resources import data_dir
from . import ast
from .errors import RuleError, RuleSyntaxError
from .limits import MAX_NESTING, MAX_NUMBER, MAX_TOKENS, finnish_number

__all__ = ["RuleError", "RuleSyntaxError", "parse_expression", "parse_rule_source"]

# What a syntax error names a grammar token (catalogue keys; signs are themselves).
_TOKEN_NAMES = {name: f"lang.token.{name}" for name in (
    "RULE_ID", "STRING", "LONG_STRING", "NAME", "FENCE", "SEVERITY", "DATE", "INT", "NUMBER", "DOC_TYPE", "COMP_OP",
    "EXAMPLE_KIND")}
_TOKEN_NAMES["$END"] = "lang.token.END"
_SIGNS = {"RPAR": ")", "RSQB": "]", "COLON": ":"}


def grammar_text() -> str:
    """The grammar, its vocabularies written from ``vocabulary`` (the languages of a translation, the
    document types of ``applies-to``): the grammar file's own lines for them are replaced."""
    from ..vocabulary import RULE_SCOPES, SEVERITIES, TRANSLATIONS

    grammar = (data_dir("grammar") / "tarkastus.lark").read_text(encoding="utf-8")
    for rule, words in (("!lang", TRANSLATIONS), ("!doc_type", RULE_SCOPES), ("!severity_level", SEVERITIES)):
        line = f"{rule}: " + " | ".join(f'"{word}"' for word in words)
        grammar, n = re.subn(rf"^{re.escape(rule)}:.*$", line, grammar, count=1, flags=re.M)
        if n != 1:
            raise RuntimeError(f"grammar/tarkastus.lark has no {rule} rule")
    return grammar


@lru_cache(maxsize=1)
def _lark() -> Lark:
    return Lark(grammar_text(), parser="lalr", propagate_positions=True, strict=True,
                start=["start", "expr"], maybe_placeholders=True)


def _pos(meta_or_token) -> Position:
    return Position(getattr(meta_or_token, "line", 1) or 1, getattr(meta_or_token, "column", 1) or 1)


def _string(token: Token) -> str:
    text = str(token)
    if text.startswith('"""'):
        # Paragraphs are separated by blank lines; line breaks inside one are
        # only the rule file's layout. A paragraph indented four spaces more
        # than the text is a block to paste (front matter, a heading, a
        # sentence), kept line by line and indented by four, as Markdown
        # writes code.
        paragraphs = re.split(r"\n\s*\n", textwrap.dedent(text[3:-3]).strip("\n"))
        return "\n\n".join(_block(p) if p.startswith(BLOCK_INDENT) else " ".join(line.strip() for line in p.splitlines())
                           for p in paragraphs)
    body = text[1:-1]
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def _block(paragraph: str) -> str:
    lines = textwrap.dedent(paragraph).splitlines()
    return "\n".join(BLOCK_INDENT + line.rstrip() for line in lines)


_MAX_DIGITS = len(str(MAX_NUMBER))


@v_args(meta=True)
class _ToAst(Transformer_NonRecursive):
    # Non-recursive: a tree nested thousands of levels deep is measured
    # (``_check_nesting``) after this, instead of ending in RecursionError.
    def __init__(self, path: str, source: str) -> None:
        super().__init__()
        self.path = path
        self.source = source

    def _number(self, token: Token):
        """A number literal, at most ``MAX_NUMBER`` (int() of 5,000 digits would even raise)."""
        text = str(token)
        whole = text.partition(".")[0].lstrip("0")
        value = None
        if len(whole) <= _MAX_DIGITS:
            value = float(text) if "." in text else int(text)
        if value is None or abs(value) > MAX_NUMBER:
            raise RuleSyntaxError(self.path, _pos(token), say("lang.number_too_large"), self.source)
        return value

    def _date(self, token: Token) -> _dt.date:
        try:
            return _dt.date.fromisoformat(str(token))
        except ValueError:
            raise RuleSyntaxError(self.path, _pos(token), say("lang.no_such_date", date=str(token)),
                                  self.source) from None

    # ---- expressions
    def string(self, meta, c):
        return ast.Lit(_pos(meta), _string(c[0]))

    def number(self, meta, c):
        return ast.Lit(_pos(meta), self._number(c[0]))

    def percent(self, meta, c):
        return ast.Lit(_pos(meta), float(self._number(c[0])))

    def date(self, meta, c):
        return ast.Lit(_pos(meta), self._date(c[0]))

    def duration(self, meta, c):
        from ..values import to_duration
        self._number(c[0])
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
                    raise RuleSyntaxError(self.path, pos, say("lang.given_twice_at", kind=kind, line=seen[kind].line),
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
            elif ":" in kind:  # title:sv, fix:en, why:sv, note:en
                field, lang = kind.split(":")
                translations = {"title": rule.titles, "fix": rule.fixes, "why": rule.whys, "note": rule.notes}[field]
                if lang in translations:
                    raise RuleSyntaxError(self.path, pos, say("lang.given_twice", what=f"{field} {lang}"), self.source)
                translations[lang] = value
            else:
                setattr(rule, kind, value)
        return rule

    def definitions_file(self, meta, c):
        return list(c)

    def definition(self, meta, c):
        name, params, expr = c
        return ast.Definition(str(name), expr, _pos(name), path=self.path, params=tuple(params or ()))

    def params(self, meta, c):
        return [str(name) for name in c]

    def title(self, meta, c):
        return self._translatable("title", meta, c)

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
        start = self._date(c[0])
        until = self._date(c[1]) if c[1] is not None else None
        return ("in_force", _pos(meta), (start, until))

    def quote(self, meta, c):
        return ("quote", _pos(meta), _string(c[0]))

    def quote_key(self, meta, c):
        """``quote from KL_54_2``: the passage of ``lainaukset.yaml``, filled in when the rule is checked."""
        return ("quote", _pos(meta), ast.QuoteKey(str(c[0]), _pos(c[0])))

    def why(self, meta, c):
        return self._translatable("why", meta, c)

    def fix(self, meta, c):
        return self._translatable("fix", meta, c)

    def note(self, meta, c):
        return self._translatable("note", meta, c)

    @staticmethod
    def _translatable(field, meta, c):
        """``field [sv|en] text``: the Finnish text, or its translation as ``field:lang``."""
        return (field if c[0] is None else f"{field}:{c[0]}", _pos(meta), _string(c[1]))

    def number_ref(self, meta, c):
        return str(c[0]) if c[1] is None else f"{c[0]}–{c[1]}"

    def statute_ref(self, meta, c):
        return ast.Citation(statute=str(c[0]), section=c[1], subsection=c[2] or "", item=c[3] or "")

    def cite(self, meta, c):
        citation = c[0]
        citation.url = _string(c[1]) if c[1] is not None else ""
        return ("cite", _pos(meta), citation)

    def cite_guidance_key(self, meta, c):
        """``cite guidance kl54_sopimusohje section "6"``: name and URL from ``ohjeet.yaml`` (the checker)."""
        return ("cite", _pos(meta), ast.Citation(statute="", guidance_key=str(c[0]),
                                                 section=_string(c[1]) if c[1] else ""))

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
                raise RuleSyntaxError(self.path, _pos(text), say("lang.given_twice", what=f"message {lang}"), self.source)
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
        """Split a message into text and parsed ``{expression}`` placeholders.

        ``{cite}`` and ``{cite KL 51 § 1 mom}`` are no expressions but
        citations (``ast.Cite``), said in each message's own language.
        """
        source = _string(token)
        parts: list = []
        for i, piece in enumerate(re.split(r"(\{[^{}]*\})", source)):
            if i % 2 == 0:
                if piece:
                    parts.append(piece)
                continue
            offset = token.column + 1 + source.find(piece)
            pos = Position(token.line, offset)
            if _CITE.fullmatch(piece[1:-1].strip()) or piece[1:-1].strip() == "cite":
                parts.append(self.cite_placeholder(piece[1:-1].strip(), pos))
                continue
            parts.append(parse_expression(piece[1:-1], self.path, pos, self.source))
        return ast.Template(source, parts, _pos(token))

    def cite_placeholder(self, text: str, pos: Position) -> ast.Cite:
        found = _CITE.fullmatch(text)
        if found is None:
            return ast.Cite(None, pos)
        statute, section, subsection, item = found.groups()
        dash = lambda value: re.sub(r"\s*[-–]\s*", "–", value) if value else ""  # noqa: E731 (as number_ref does)
        return ast.Cite(ast.Citation(statute=statute, section=dash(section), subsection=dash(subsection),
                                     item=dash(item)), pos)


# ``{cite KL 54 § 2 mom}``: a citation as the ``cite`` clause writes one.
_NUMBER = r"(\d+(?:\s*[-–]\s*\d+)?)"
_CITE = re.compile(rf"cite\s+(\S+)\s+{_NUMBER}\s*§(?:\s+{_NUMBER}\s+mom)?(?:\s+{_NUMBER}\s+k)?")


def _explain(exc: UnexpectedInput):
    if isinstance(exc, UnexpectedCharacters):
        return say("lang.syntax.char", char=repr(exc.char))
    if isinstance(exc, UnexpectedEOF):
        return say("lang.syntax.eof")
    if isinstance(exc, UnexpectedToken):
        names = {t: (Message(_TOKEN_NAMES[t]) if t in _TOKEN_NAMES else _SIGNS.get(t) or
                     (t.strip('"').lower() if not t.isupper() else t))
                 for t in exc.expected if not t.startswith("__")}
        expected = sorted(names.values(), key=lambda name: str(name))  # in Finnish order, as always
        expected = list(dict.fromkeys(expected))
        got = Message(_TOKEN_NAMES["$END"]) if exc.token.type == "$END" else repr(str(exc.token))
        return say("lang.syntax.token", got=got, expected=tuple(expected[:8]), more=" …" if len(expected) > 8 else "")
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
    return RuleSyntaxError(path, Position(line, column), say("lang.syntax", problem=_explain(exc)), source)


# The scan before parsing takes strings, long strings, example fences and
# comments whole (the grammar's STRING, LONG_STRING, FENCE and COMMENT), so
# that what is in a message or an example does not count; the rest one
# token (a word, a number or a sign) at a time.
_SCAN = re.compile(r'"""[\s\S]*?"""|"(?:\\.|[^"\\\n])*"|```[^\n`]*\n[\s\S]*?\n[ \t]*```|#[^\n]*|\w+|\S')
_TOO_DEEP = say("lang.too_deep", n=MAX_NESTING)
_TOO_MANY_TOKENS = say("lang.too_many_tokens", n=finnish_number(MAX_TOKENS))
_TOO_MANY_TERMS = say("lang.too_many_terms", n=MAX_NESTING)


def _check_size(text: str, path: str, source: str, base: Position | None = None) -> None:
    """Before lark parses ``text``: brackets deeper than ``MAX_NESTING``, more than ``MAX_TOKENS`` tokens.

    Lark parses some 70,000 tokens a second: a megabyte of ``1+1+…`` would
    take it a quarter of a minute, and a million brackets as long.
    """
    depth = tokens = 0
    for match in _SCAN.finditer(text):
        token = match.group()
        if token[0] in "\"#`" and len(token) > 1:
            continue
        tokens += 1
        problem = None
        if token in "([":
            depth += 1
            if depth > MAX_NESTING:
                problem = _TOO_DEEP
        elif token in ")]":
            depth = max(depth - 1, 0)
        if tokens > MAX_TOKENS:
            problem = _TOO_MANY_TOKENS
        if problem is not None:
            offset = match.start()
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            if base is not None:
                column = base.column + column if line == 1 else column
                line = base.line + line - 1
            raise RuleSyntaxError(path, Position(line, column), problem, source)


def _check_nesting(expr, path: str, source: str) -> None:
    """An expression tree deeper than ``MAX_NESTING`` (without recursing into it)."""
    stack = [(expr, 1, 0)]  # node, depth, how many BinOps lead to it through their left operands
    while stack:
        node, depth, chain = stack.pop()
        children = list(ast.children(node))
        if children and depth == MAX_NESTING:
            # Reported at the node whose children would go past the limit: for
            # a long sum that is the sum (every BinOp of it is at its start).
            message = _TOO_MANY_TERMS if chain >= MAX_NESTING // 2 else _TOO_DEEP
            raise RuleSyntaxError(path, node.pos, message, source)
        for child in children:
            left = isinstance(node, ast.BinOp) and child is node.left and isinstance(child, ast.BinOp)
            stack.append((child, depth + 1, chain + 1 if left else 0))


def parse_rule_source(source: str, path: str):
    """Parse a rule or definitions file into ``ast.Rule`` or a list of ``ast.Definition``."""
    _check_size(source, path, source)
    try:
        tree = _lark().parse(source, start="start")
    except UnexpectedInput as exc:
        raise _syntax_error(exc, path, source) from None
    except RecursionError:
        raise RuleSyntaxError(path, Position(1, 1), _TOO_DEEP, source) from None
    result = _transform(tree, path, source)
    expressions = (d.expr for d in result) if isinstance(result, list) else ast.rule_expressions(result)
    for expr in expressions:
        _check_nesting(expr, path, source)
    return result


def _transform(tree, path: str, source: str):
    try:
        return _ToAst(path, source).transform(tree)
    except VisitError as exc:
        if isinstance(exc.orig_exc, RuleError):
            raise exc.orig_exc from None
        meta = getattr(exc.obj, "meta", None)
        pos = Position(getattr(meta, "line", 1) or 1, getattr(meta, "column", 1) or 1)
        raise RuleSyntaxError(path, pos, say("lang.invalid_value", error=str(exc.orig_exc)), source) from None
    except RecursionError:
        raise RuleSyntaxError(path, Position(1, 1), _TOO_DEEP, source) from None


def parse_expression(text: str, path: str = "<lauseke>", base: Position | None = None, source: str = ""):
    _check_size(text, path, source or text, base)
    try:
        tree = _lark().parse(text, start="expr")
    except UnexpectedInput as exc:
        error = _syntax_error(exc, path, text, base)
        if source:
            error.context = caret_context(source, error.pos)
        raise error from None
    except RecursionError:
        raise RuleSyntaxError(path, base or Position(1, 1), _TOO_DEEP, source or text) from None
    result = _transform(tree, path, source or text)
    if base is not None:
        _shift(result, base)
    _check_nesting(result, path, source or text)
    return result


def _shift(node, base: Position) -> None:
    """Move positions of a placeholder expression into its rule file's coordinates."""
    stack = [node]
    while stack:
        node = stack.pop()
        node.pos = Position(base.line + node.pos.line - 1,
                            base.column + node.pos.column - 1 if node.pos.line == 1 else node.pos.column)
        stack.extend(ast.children(node))
