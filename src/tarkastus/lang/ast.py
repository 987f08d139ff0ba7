"""The rule language's abstract syntax tree: plain dataclasses with positions.

Every node carries ``pos`` (1-based line and column in its rule file) so
that load-time checks point at the exact place with a caret. The tree
pickles, which is how compiled rules are cached between runs.
"""

from __future__ import annotations

import datetime as _dt

from ..diagnostics import Position, Severity
from ..record import Factory, Record


class Expr(Record):
    pos: Position


class Lit(Expr):
    value: object


class Name(Expr):
    name: str


class Attr(Expr):
    obj: Expr
    name: str


class Flatten(Expr):
    obj: Expr


class Index(Expr):
    obj: Expr
    index: Expr


class Call(Expr):
    func: str
    args: list[Expr]


class ListLit(Expr):
    items: list[Expr]


class Comprehension(Expr):
    expr: Expr
    var: str
    coll: Expr
    cond: Expr | None


class Quant(Expr):
    kind: str  # any, all, none, count, sum
    var: str
    coll: Expr
    body: Expr


class BoolOp(Expr):
    op: str  # and, or
    items: list[Expr]


class Not(Expr):
    expr: Expr


class Compare(Expr):
    op: str
    left: Expr
    right: Expr


class BinOp(Expr):
    op: str
    left: Expr
    right: Expr


class Neg(Expr):
    expr: Expr


class Template(Record):
    """A message with ``{expression}`` placeholders (and ``{cite}``: a citation said in the message's language)."""

    source: str
    parts: list  # str | Expr | Cite
    pos: Position


class Cite(Record):
    """``{cite}`` in a message: the rule's first statute citation; ``{cite KL 51 §}``: that one."""

    citation: "Citation | None"
    pos: Position


class Case(Record):
    when: Expr
    at: Expr | None
    message: Template
    pos: Position
    also: Expr | None = None  # further places the finding concerns (other documents)
    severity: Severity | None = None  # this case's own severity (default: the rule's)
    messages: dict = Factory(dict)  # translations: {"sv": Template, "en": Template}


class Citation(Record):
    """A statute reference (KL 54 § 2 mom.) or a named guidance document."""

    statute: str  # abbreviation from rules/statutes.yaml, or "" for guidance
    section: str = ""
    subsection: str = ""  # momentti
    item: str = ""  # kohta
    url: str = ""
    guidance: str = ""
    display: str = ""  # the statute's short name, from rules/statutes.yaml
    guidance_key: str = ""  # an entry of rules/ohjeet.yaml (cite guidance KEY): guidance and url come from it

    @property
    def label(self) -> str:
        """The citation in Finnish: "KL 54 § 2 mom.", "Kuntaliitto: …, kohta 6"."""
        return self.label_in("fi")

    def label_in(self, lang: str) -> str:
        """The citation in ``lang``: "54 § 2 mom. KomL", "Local Government Act 54 § (2)" (messages.STATUTE_NAMES)."""
        from ..messages import statute_name, text

        if self.guidance:
            return text("cite.guidance_section", lang, guidance=self.guidance, n=self.section) if self.section \
                else self.guidance
        ref = text("cite.section", lang, n=self.section)
        if self.subsection:
            ref += text("cite.subsection", lang, n=self.subsection)
        if self.item:
            ref += text("cite.item", lang, n=self.item)
        return text("cite.statute", lang, name=statute_name(self.statute, self.display, lang), ref=ref)


class QuoteKey(Record):
    """``quote from KEY``: the rule's quote is the passage ``KEY`` of ``lainaukset.yaml``."""

    key: str
    pos: Position


class Expectation(Record):
    code: str
    position: Position | None
    document: int = 1  # which document of a several-document example (expect … in 2)


class Example(Record):
    kind: str  # pass, fail
    name: str
    expectations: list[Expectation]
    content: str
    suffix: str  # .md or .yaml, from the fence's info string
    pos: Position
    more: list = Factory(list)  # further documents (content, suffix): rules over asiakirjat


class Rule(Record):
    id: str
    path: str
    pos: Position
    title: str = ""
    severity: Severity = Severity.ERROR
    applies: tuple[str, ...] = ("all",)
    aliases: tuple[str, ...] = ()
    in_force_from: _dt.date | None = None
    in_force_until: _dt.date | None = None
    citations: list[Citation] = Factory(list)
    quote: str = ""
    why: str = ""
    fix: str = ""
    note: str = ""
    titles: dict = Factory(dict)  # translations of title: {"sv": …, "en": …}
    fixes: dict = Factory(dict)  # translations of fix
    whys: dict = Factory(dict)  # translations of why
    notes: dict = Factory(dict)  # translations of note
    bindings: list[tuple[str, str, Expr]] = Factory(list)  # (for|let, name, expr)
    cases: list[Case] = Factory(list)
    examples: list[Example] = Factory(list)

    def title_in(self, lang: str) -> str:
        return self.titles.get(lang) or self.title

    def fix_in(self, lang: str) -> str:
        return self.fixes.get(lang) or self.fix

    def why_in(self, lang: str) -> str:
        return self.whys.get(lang) or self.why

    def note_in(self, lang: str) -> str:
        return self.notes.get(lang) or self.note

    @property
    def citation(self) -> str:
        return self.citation_in("fi")

    def citation_in(self, lang: str) -> str:
        """Every citation of the rule, in ``lang``, as the reports' "peruste:" shows them."""
        return "; ".join(c.label_in(lang) for c in self.citations)

    def in_force(self, day: _dt.date) -> bool:
        if self.in_force_from and day < self.in_force_from:
            return False
        if self.in_force_until and day > self.in_force_until:
            return False
        return True


class Definition(Record):
    name: str
    expr: Expr
    pos: Position
    path: str = ""  # the definitions file, for errors found when it is evaluated
    depth: int = 0  # how deep its evaluation goes, its own definitions included (checker)
    params: tuple[str, ...] = ()  # a function's parameters: calls are expanded (lang.defined)


def children(node):
    """The expressions directly below ``node`` (its fields and list items that are expressions)."""
    for value in node.__dict__.values():
        if isinstance(value, Expr):
            yield value
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, Expr):
                    yield item


def rule_expressions(rule: Rule, bindings: bool = True):
    """Every expression of a rule: bindings (unless ``bindings=False``), conditions, places, placeholders."""
    if bindings:
        for _, _, expr in rule.bindings:
            yield expr
    for case in rule.cases:
        yield case.when
        for expr in (case.at, case.also):
            if expr is not None:
                yield expr
        for template in (case.message, *case.messages.values()):
            for part in template.parts:
                if isinstance(part, Expr):
                    yield part


def rule_nodes(rule: Rule):
    """Every expression node of a rule's bindings and conditions, places and other places, without recursion."""
    stack = [expr for _, _, expr in rule.bindings] + [e for case in rule.cases
                                                     for e in (case.when, case.at, case.also) if e is not None]
    while stack:
        node = stack.pop()
        yield node
        for value in vars(node).values():
            if isinstance(value, Expr):
                stack.append(value)
            elif isinstance(value, list):
                stack.extend(v for v in value if isinstance(v, Expr))
