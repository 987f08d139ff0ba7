"""Evaluate rules against documents.

Rules are compiled once into nested Python closures (no ``eval``, no code
generation): each AST node becomes a function of an evaluation context.
That is two to three times faster than walking the tree for every document,
which matters when a thousand agreements are checked in a pre-commit hook.

Semantics, chosen for legal texts:

* missing data is ``null``; paths through ``null`` give ``null``; ordering
  comparisons with ``null`` are false (a missing date never "ends before"),
* ``==``, ``in`` and ``~`` on text ignore case, diacritics and extra spaces,
* ``x.f`` on a list projects: ``tehtävät.alue`` is every task's areas,
  flattened one level; ``x[]`` flattens explicitly,
* a quantifier over ``null`` ranges over nothing.

Evaluation is bounded (``limits``): a rule comes from a user's rule
directory, and one rule must not hang or exhaust the run. Each top-level
expression of a rule (a binding, a condition, a place, a placeholder) is a
*root*; its compiled closure pays for its nodes from the context's budget
of steps, which starts afresh when a root of another rule runs. Loops pay
for all their rounds before the first, and operations whose cost grows with
a value (joining, repeating, projecting, comparing lists, scanning text) pay
by its size, checked before the value is made. Going past a bound raises
``EvaluationError`` at the expression that did, in its rule (or
definitions) file; the engine reports it as a TARK-SAANTO diagnostic.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import NamedTuple, Protocol

from ..diagnostics import START, Position
from ..documents.loader import Map, Section, Seq
from ..record import Factory, Record
from ..rulebook import deferral_patterns
from ..text import compile_pattern, index_of, mentions, norm, pattern_set
from ..values import Duration, InvalidDate, render
from . import ast
from .errors import EvaluationError
from .functions import CORPUS, SECTION_FIELDS
from .limits import (CORPUS_STEPS, MAX_LIST, MAX_NUMBER, MAX_STEPS, MAX_TEXT, OUT_OF_MEMORY, TEXT_STEP,
                     TOO_DEEP_TO_EVALUATE, TOO_LARGE_NUMBER, too_long_list, too_long_text, too_much_work)


class Context:
    """What an expression can see: the document, bound variables, the date; and the budget left."""

    __slots__ = ("doc", "vars", "book", "as_of", "defs", "lang", "steps", "budget", "owner")

    def __init__(self, doc: RuleDocument, book, as_of: _dt.date, lang: str = "fi") -> None:
        self.doc = doc
        self.vars: dict[str, object] = {}
        self.book = book
        self.as_of = as_of
        self.defs: dict[str, object] = {}
        self.lang = lang  # language of messages: fi, sv or en
        self.steps = self.budget = MAX_STEPS  # what the running rule may still spend, of its budget
        self.owner: str | None = None  # the rule that budget belongs to


_MISSING = object()


class Lazy:
    """A ``let`` value, computed when a clause first reads it.

    Expressions have no side effects, so computing later gives the same
    value: with the variables as they were when the ``let`` was bound (a
    snapshot), it does not matter what a later binding changes. A rule
    whose cases test the document type first never computes the lets that
    only another type needs.
    """

    __slots__ = ("fn", "bound", "value")

    def __init__(self, fn, ctx) -> None:
        self.fn = fn
        self.bound = dict(ctx.vars)
        self.value = _MISSING

    def force(self, ctx):
        # Memoised here, not only where it was read: snapshots taken by later
        # lets share this object, and must not compute it again.
        if self.value is _MISSING:
            saved, ctx.vars = ctx.vars, self.bound
            try:
                self.value = self.fn(ctx)
            finally:
                ctx.vars = saved
            self.bound = None
        return self.value


# ---- a rule run case by case (check --explain-rule) ---------------------------------------

NOT_COMPUTED = "<not computed>"  # a let no case of the round read (Round.bound)
MAX_TRACED_ROUNDS = 1_000  # rounds a trace keeps; the rest are run and counted (Trace.more)


class CaseValue(Record):
    """One ``when`` case in one round: its condition's value and, when true, the finding it made."""

    case: int  # the case's index in the rule
    value: object  # the condition's value as evaluated (None: null)
    finding: object = None  # what ``fire`` made of it when the value was true


class Round(Record):
    """One round of a rule's bindings: the value of each ``for`` and ``let`` name, and the cases."""

    bound: list  # [(kind, name, value)]; a let no case read is NOT_COMPUTED
    cases: list  # [CaseValue]


class Trace(Record):
    """A rule's run on one context: its rounds, and the error that ended it, if one did."""

    rounds: list = Factory(list)
    more: int = 0  # rounds run past MAX_TRACED_ROUNDS, not kept
    error: EvaluationError | None = None


def trace(bindings, conditions, ctx, fire, limit: int = MAX_TRACED_ROUNDS) -> Trace:
    """Run a compiled rule on ``ctx`` as the engine does, keeping every case's condition value.

    ``bindings`` ([(kind, name, closure)]) and ``conditions`` ([closure],
    one per case) are the rule's compiled closures, the same the engine
    runs, so the budget and every bound apply unchanged; ``fire(i, ctx)``
    makes case ``i``'s finding while the round's variables are bound. The
    engine's own loop (``engine.CompiledRule.run``) is not this one: its
    speed is not changed by tracing. Going past a bound ends the trace as
    it ends the rule: ``Trace.error``, with the rounds run before it.
    """
    result = Trace()

    def walk(i: int) -> None:
        if i == len(bindings):
            cases = []
            for n, when in enumerate(conditions):
                value = when(ctx)
                cases.append(CaseValue(n, value, fire(n, ctx) if value else None))
            if len(result.rounds) < limit:
                result.rounds.append(Round([(kind, name, _traced(ctx.vars.get(name))) for kind, name, _ in bindings],
                                           cases))
            else:
                result.more += 1
            return
        kind, name, fn = bindings[i]
        if kind == "let":
            ctx.vars[name] = Lazy(fn, ctx)
            walk(i + 1)
            return
        value = fn(ctx)
        for item in value if isinstance(value, list) else ([] if value is None else [value]):
            ctx.vars[name] = item
            walk(i + 1)
        ctx.vars.pop(name, None)

    try:
        walk(0)
    except EvaluationError as exc:
        result.error = exc
    return result


def _traced(value):
    if type(value) is Lazy:
        return value.value if value.value is not _MISSING else NOT_COMPUTED
    return value


# ---- bounds -------------------------------------------------------------------------

def _fail(ctx, where, message) -> EvaluationError:
    """The error for going past a bound at ``where`` (rule file, position)."""
    path, pos = where
    return EvaluationError(path, pos, message, ctx.owner, getattr(ctx.doc, "path", None))


def _spend(ctx, steps: int, where) -> None:
    ctx.steps -= steps
    if ctx.steps < 0:
        raise _fail(ctx, where, too_much_work(ctx.budget))


def _list_fits(ctx, size: int, where) -> None:
    if size > MAX_LIST:
        raise _fail(ctx, where, too_long_list(size))


def _text_fits(ctx, size: int, where) -> None:
    if size > MAX_TEXT:
        raise _fail(ctx, where, too_long_text(size))


_CONTAINERS = (list, tuple, dict)
# Values a comparison handles in constant time (text only when short).
_ATOMS = frozenset({type(None), bool, int, float, str, _dt.date, _dt.timedelta, Duration, InvalidDate})
_LONG = 1024  # characters of text below which comparing it (in C) costs no more than its node
_CALL_STEPS = 8  # what a function that splits text into words costs, however short the text


def _weight(value, cap: int) -> int:
    """What going through ``value`` costs: an item is a step, and so are ``TEXT_STEP`` characters.

    Counted without recursion and only up to ``cap``: a list of a million
    references to one list of a million items holds 10**12 items to
    compare, though it takes 8 MB.
    """
    if type(value) is str:
        return len(value) // TEXT_STEP if len(value) > _LONG else 0
    if not isinstance(value, _CONTAINERS):
        return 0
    total, stack = 0, [value]
    while stack:
        item = stack.pop()
        items = item.values() if isinstance(item, dict) else item
        total += len(items) + 1
        if total > cap:
            return total
        for part in items:
            if isinstance(part, _CONTAINERS):
                stack.append(part)
            elif type(part) is str and len(part) > _LONG:
                total += len(part) // TEXT_STEP
    return total


def _pay_for(value, ctx, where, times: int = 1) -> None:
    """Pay for going through ``value`` ``times`` times."""
    if isinstance(value, _CONTAINERS) or type(value) is str:
        weight = _weight(value, ctx.steps // (times or 1) + 1)
        if weight:
            _spend(ctx, weight * times, where)


def _pay_compare(a, b, membership: bool, ctx, where) -> None:
    """Pay for comparing ``a`` with ``b``: deep only when both are containers."""
    if membership and isinstance(b, (list, tuple)):
        _spend(ctx, len(b), where)  # a is compared with every item
        if isinstance(a, _CONTAINERS):
            _pay_for(b, ctx, where)
            _pay_for(a, ctx, where, len(b))
        elif type(a) is str:
            _pay_for(a, ctx, where)  # normalised once (text.norm remembers it)
        return
    if isinstance(a, _CONTAINERS) and isinstance(b, _CONTAINERS) or type(a) is str and type(b) is str:
        _pay_for(a, ctx, where)
        _pay_for(b, ctx, where)


def _number(ctx, value, where):
    if type(value) in (int, float) and not -MAX_NUMBER <= value <= MAX_NUMBER:
        raise _fail(ctx, where, TOO_LARGE_NUMBER)
    return value


# ---- values -------------------------------------------------------------------------

def _empty(value) -> bool:
    return value is None or value == "" or (isinstance(value, (list, dict, tuple)) and not value)


def _get(value, key: str):
    if isinstance(value, dict):
        return value.get(key)
    if isinstance(value, list):
        out = []
        for item in value:
            got = _get(item, key)
            if isinstance(got, list):
                out.extend(got)
            elif got is not None:
                out.append(got)
        return out
    if isinstance(value, Section):
        return getattr(value, SECTION_FIELDS.get(key, "text"))
    return None


def _project(value: list, key: str, ctx, where) -> list:
    """``_get`` over a list, paying for each item and never making a list past ``MAX_LIST``."""
    _spend(ctx, len(value), where)
    out: list = []
    for item in value:
        got = _project(item, key, ctx, where) if isinstance(item, list) else _get(item, key)
        if isinstance(got, list):
            if len(out) + len(got) > MAX_LIST:
                raise _fail(ctx, where, too_long_list(len(out) + len(got)))
            out.extend(got)
        elif got is not None:
            out.append(got)
    return out


def _eq(a, b) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return norm(a) == norm(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def _in(a, b) -> bool:
    if b is None:
        return False
    if isinstance(b, str):
        return isinstance(a, str) and norm(a) in norm(b)
    if isinstance(b, (list, tuple, set)):
        return any(_eq(a, item) for item in b)
    return False


def _text(value, ctx=None, where=None) -> str:
    """A value as text: lists and mappings one item a line, a section its title and text.

    Made without recursion, paying for every item and checking the length
    before joining (with ``ctx``; without, only the length is bounded).
    """
    if type(value) is str:
        return value
    if value is None:
        return ""
    if not isinstance(value, (list, tuple, dict, Section)):
        return render(value)
    # "\n".join of nested joins is the join of the leaves, an empty list
    # being one empty leaf: [a, [b, c], []] -> "a\nb\nc\n".
    leaves: list[str] = []
    size = pushed = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple, dict)):
            items = list(item.values()) if isinstance(item, dict) else item
            if items:
                pushed += len(items)
                if ctx is not None:
                    _spend(ctx, len(items), where)
                elif pushed > MAX_STEPS:
                    raise ValueError(too_much_work(MAX_STEPS))
                stack.extend(reversed(items))
                continue
            leaf = ""
        elif item is None:
            leaf = ""
        elif isinstance(item, Section):
            leaf = item.title + "\n" + item.text
        else:
            leaf = item if type(item) is str else render(item)
        size += len(leaf) + 1
        if size > MAX_TEXT + 1:
            if ctx is None:
                raise ValueError(too_long_text(size - 1))
            raise _fail(ctx, where, too_long_text(size - 1))
        leaves.append(leaf)
    if ctx is not None and size > _LONG:
        _spend(ctx, size // TEXT_STEP, where)
    return "\n".join(leaves)


def _order(op):
    def compare(a, b):
        if a is None or b is None or isinstance(a, InvalidDate) or isinstance(b, InvalidDate):
            return False
        try:
            return op(a, b)
        except TypeError:
            return False
    return compare


def comparisons(registry) -> dict:
    """The comparison operators; ``==`` and ``in`` know that Vasa is Vaasa.

    Two texts are equal when they are the same text ignoring case and
    diacritics, or when both name the same municipality in the registry
    (Finnish or Swedish name, or "Turun kaupunki").
    """
    def eq(a, b) -> bool:
        if isinstance(a, str) and isinstance(b, str):
            return norm(a) == norm(b) or registry.same(a, b)
        return _eq(a, b)

    def contains(a, b) -> bool:
        if isinstance(b, (list, tuple, set)):
            return any(eq(a, item) for item in b)
        return _in(a, b)

    return {
        "==": eq,
        "!=": lambda a, b: not eq(a, b),
        "<": _order(lambda a, b: a < b),
        "<=": _order(lambda a, b: a <= b),
        ">": _order(lambda a, b: a > b),
        ">=": _order(lambda a, b: a >= b),
        "in": contains,
        "not in": lambda a, b: not contains(a, b),
    }


_NUMBERS = (int, float)
_OPERATORS = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b,
    "*": lambda a, b: a * b, "/": lambda a, b: a / b,
}


def _arith(op: str, a, b, ctx, where):
    """``a op b`` as the rule language has it: null for what has no value, bounded sizes."""
    if isinstance(a, list) and b is None:  # joining lists: a missing one is empty
        b = []
    elif a is None and isinstance(b, list):
        a = []
    if a is None or b is None:
        return None
    if op == "*":
        seq, times = (a, b) if isinstance(a, (str, list)) else (b, a)
        if isinstance(seq, (str, list)) and isinstance(times, int):
            size = len(seq) * times if times > 0 else 0  # computed before the value is made
            if isinstance(seq, str):
                _text_fits(ctx, size, where)
                _spend(ctx, size // TEXT_STEP, where)
            else:
                _list_fits(ctx, size, where)
                _spend(ctx, size, where)
    elif op == "+" and isinstance(a, (str, list)) and isinstance(b, (str, list)):
        size = len(a) + len(b)
        if isinstance(a, str) and isinstance(b, str):
            _text_fits(ctx, size, where)
            _spend(ctx, size // TEXT_STEP, where)
        elif isinstance(a, list) and isinstance(b, list):
            _list_fits(ctx, size, where)
            _spend(ctx, size, where)
    try:
        result = _OPERATORS[op](a, b)
    except (TypeError, ZeroDivisionError, ValueError):
        return None
    except OverflowError:  # int/int past floats, a date past year 9999
        if isinstance(a, _NUMBERS) and isinstance(b, _NUMBERS):
            raise _fail(ctx, where, TOO_LARGE_NUMBER) from None
        return None
    return _number(ctx, result, where)


def section_of(ctx: Context, provision: str):
    """The first heading matching a provision whose text states something, or None.

    A text that only defers ("Sovitaan myöhemmin.", "[täydennä]": see
    ``_defers``) states nothing: such a heading is what ``deferred`` finds.
    """
    cache = ctx.doc.cache
    key = ("section", provision)
    if key not in cache:
        patterns = pattern_set(ctx.book.provisions[provision].patterns)
        cache[key] = next((s for s in ctx.doc.sections
                           if s.has_content and patterns.match_index(s.index) and _states(ctx, s)), None)
    return cache[key]


def _defers(ctx, sentence) -> bool:
    """Whether a sentence only puts the provision off: a placeholder, or a deferral phrase."""
    return id(sentence) in _deferring(ctx)


def _deferring(ctx) -> dict:
    """The document's deferring sentences, id → (section, sentence), in text order; read once per document.

    Speed trick (issue 17): every provision that is not provided asks
    whether its sections defer and which sentences defer; the deferral
    phrases are tested once per sentence here instead of once per
    provision and sentence.
    """
    found = ctx.doc.cache.get("deferring")
    if found is None:
        deferral = pattern_set(deferral_patterns(ctx.book))
        found = ctx.doc.cache["deferring"] = {}
        seen: set[int] = set()  # a chapter and its nested sections share their Sentence objects
        for section in ctx.doc.sections:
            for sentence in section.sentences:
                key = id(sentence)
                if key not in seen:
                    seen.add(key)
                    if sentence.placeholder or deferral.match_index(sentence.index):
                        found[key] = (section, sentence)  # the first section that holds it
    return found


def _states(ctx, section) -> bool:
    """Whether a section's text has a sentence (with words) that does not defer."""
    return any(s.index.strip() and not _defers(ctx, s) for s in section.sentences)


def deferred(ctx: Context, provision: str):
    """Where the text puts a provision off instead of stating it, or None.

    Only when the provision is not provided: the first heading naming it
    (its otsikot or teksti patterns) whose text only defers, else the first
    deferring sentence that names it. The result is a section whose title
    is the heading's, whose text is the deferring sentence and whose
    position is that sentence's line.
    """
    cache = ctx.doc.cache
    key = ("deferred", provision)
    if key not in cache:
        cache[key] = None if provided(ctx, provision) else _deferred(ctx, provision)
    return cache[key]


def _deferred(ctx: Context, provision: str):
    entry = ctx.book.provisions[provision]
    heading, text = pattern_set(entry.patterns), pattern_set(entry.text_patterns)

    def names(index: str) -> bool:
        return heading.match_index(index) or text.match_index(index)

    for section in ctx.doc.sections:
        if not names(section.index):
            continue
        sentences = [s for s in section.sentences if s.placeholder or s.index.strip()]  # "…" has no words
        if sentences and all(_defers(ctx, s) for s in sentences):
            return _deferring_at(section, sentences[0])
    for section, sentence in _deferring(ctx).values():
        if names(sentence.index):
            return _deferring_at(section, sentence)
    return None


def _deferring_at(section, sentence) -> Section:
    return Section(section.title, section.level, Position(sentence.line, 1), sentence.text, section.words)


def _resolve(data, path: tuple[str, ...]):
    value = data
    for key in path:
        value = _get(value, key)
        if value is None:
            return None
    return value


def provided(ctx: Context, provision: str) -> bool:
    cache = ctx.doc.cache
    key = ("provided", provision)
    found = cache.get(key)
    if found is None:
        found = cache[key] = _provided(ctx, provision)
    return found


def _provided(ctx: Context, provision: str) -> bool:
    entry = ctx.book.provisions[provision]
    data = ctx.doc.data
    if any(not _empty(_resolve(data, path)) for path in entry.keys):
        return True
    if section_of(ctx, provision) is not None:
        return True
    if not entry.text_patterns:
        return False
    text = pattern_set(entry.text_patterns)
    return any(text.match_index(paragraph) for paragraph in _paragraphs(ctx))


def provision_evidence(ctx: Context, provision: str):
    """How the document states a provision, for ``tarkastus facts``: (how, position, words) or None.

    ``how`` is "avain" (a front-matter key or a fact read from the text
    fills one of its keys), "otsikko" (a heading with text that states it),
    "lause" (a sentence under any heading; the first sentence of the
    paragraph the teksti pattern matched) or "lykätty" (the text defers it).
    The same tests as ``provided`` and ``deferred``, in the same order.
    """
    entry = ctx.book.provisions[provision]
    data = ctx.doc.data
    for path in entry.keys:
        value = _resolve(data, path)
        if not _empty(value):
            parent = _resolve(data, path[:-1]) if len(path) > 1 else data
            at = parent.key_pos.get(path[-1]) if isinstance(parent, Map) else None
            return "avain", at or START, ".".join(path) + ": " + _text(value)[:200]
    section = section_of(ctx, provision)
    if section is not None:
        return "otsikko", section.pos, section.title
    text = pattern_set(entry.text_patterns)
    for index, sentences in _paragraph_sentences(ctx) if entry.text_patterns else ():
        if text.match_index(index):
            # the sentence that states it alone, else the paragraph's first
            alone = next((x for x in sentences if text.match_index(x.index)), sentences[0])
            return "lause", Position(alone.line, 1), alone.text
    found = deferred(ctx, provision)
    if found is not None:
        return "lykätty", found.pos, found.text
    return None


def _paragraphs(ctx) -> list[str]:
    """The body's paragraphs as word indexes (see ``text.word_index``), without deferring sentences."""
    return [index for index, _ in _paragraph_sentences(ctx)]


def _paragraph_sentences(ctx) -> list[tuple[str, list]]:
    """Each paragraph of the body: (its word index, its sentences that state something).

    A teksti pattern counts in one paragraph of any section; a sentence that
    only defers ("Seurannasta sovitaan myöhemmin.") states nothing, so it
    is left out (``deferred`` reports it).
    """
    doc = ctx.doc
    if "paragraphs" not in doc.cache:
        found = []
        for section in doc.sections:
            groups: dict[int, list] = {}
            for sentence in section.sentences:
                if not _defers(ctx, sentence) and sentence.index.strip():
                    groups.setdefault(sentence.paragraph, []).append(sentence)
            found.extend((" " + " ".join(s.index.strip() for s in group) + " ", group) for group in groups.values())
        doc.cache["paragraphs"] = found
    return doc.cache["paragraphs"]


def _size(node) -> int:
    """Nodes in an expression: what evaluating it once costs, in steps (at least 1)."""
    count, stack = 0, [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.Expr):
            count += 1
            for value in item.__dict__.values():
                if isinstance(value, ast.Expr):
                    stack.append(value)
                elif isinstance(value, list):
                    stack.extend(v for v in value if isinstance(v, ast.Expr))
    return max(count, 1)


class RuleDocument(Protocol):
    """What a rule's expressions read of a document (``Context.doc``): a ``loader.Document``, or a
    ``BareDocument`` for what has only data."""

    data: Map
    cache: dict
    sections: list
    text: str
    path: str | None


class BareDocument:
    """A document that is only data: one of the checked set as a ``DocumentView``, the set itself
    (rules over ``asiakirjat``), or nothing at all (constants evaluated as the rules load)."""

    __slots__ = ("data", "cache", "sections", "text", "path")

    def __init__(self, data: Map | None = None, path: str | None = None) -> None:
        self.data = data if data is not None else Map(START)
        self.cache: dict = {}
        self.sections: list = []
        self.text = ""
        self.path = path


class Root(NamedTuple):
    """A top-level expression of a rule or a definition, as the compiler guards it (see ``Compiler``)."""

    path: str  # the rule (or definitions) file, for errors
    owner: str | None  # the rule's id; None for a definition
    corpus: bool  # a rule over the set of documents (its budget grows with the set)
    entry: bool  # what the engine evaluates first: starts the rule's budget
    round_cost: int  # a for binding: what each round after it evaluates, paid per item


class Compiler:
    """Turns AST nodes into closures ``f(ctx) -> value``."""

    def __init__(self, book) -> None:
        self.book = book
        registry = book.registry
        self.compare = comparisons(registry)
        self.functions = {**_FUNCTIONS, **registry_functions(registry, self.compare["=="], book.lexicon),
                          "statutes_named": lambda text: _statutes_named(text, book.statutes)}
        self._lookup = _Lookup(registry)
        self._patterns = None  # how many name patterns statutes.yaml has (statutes_named)
        # Functions whose cost grows with their arguments: f(ctx, where, *args).
        self.bounded = {
            "text": _text, "mentions": _bounded_mentions, "unique": self._unique, "group": self._group,
            "lookup": self._lookup_bounded,
            "statutes_named": self._statutes_named,
        }
        # The roots: every top-level expression, with the file it is in, and
        # for the two kinds that are guarded (``_guard``) what they pay:
        # a rule's *entry* (its first ``for`` binding, else its first
        # condition: what the engine evaluates first) starts the rule's
        # budget; a ``for`` binding pays, for every item the engine will go
        # round with, for what each round evaluates (the later bindings and
        # the cases). Other roots run once per round (a let is memoised),
        # so they are paid for in advance and run unguarded.
        # Speed trick (issue 17): a rule's roots (their sizes need a walk
        # over all its nodes) are worked out when one of its expressions is
        # first compiled; a one-file check compiles only the rules that
        # apply to its type.
        self._roots: dict[int, Root] = {}
        self._rule_of: dict[int, object] = {id(expr): rule for rule in getattr(book, "rules", ())
                                            for expr in ast.rule_expressions(rule)}
        for definition in getattr(book, "definition_asts", ()):
            self._roots[id(definition.expr)] = Root(definition.path or "_määritelmät.tark", None, False, False, 0)
        self._path = "<lauseke>"  # the file of the root being compiled

    def _root(self, node):
        root = self._roots.get(id(node))
        if root is None and id(node) in self._rule_of:
            self._add_roots(self._rule_of[id(node)])
            root = self._roots.get(id(node))
        return root

    def _add_roots(self, rule) -> None:
        corpus = CORPUS in rule.applies
        first_for = next((expr for kind, _, expr in rule.bindings if kind == "for"), None)
        entry = first_for if first_for is not None else (rule.cases[0].when if rule.cases else None)
        round_cost = {}
        after = sum(_size(expr) for expr in ast.rule_expressions(rule, bindings=False))
        for kind, _, expr in reversed(rule.bindings):
            round_cost[id(expr)] = after if kind == "for" else 0
            after += _size(expr)
        for expr in ast.rule_expressions(rule):
            self._roots[id(expr)] = Root(rule.path, rule.id, corpus, expr is entry, round_cost.get(id(expr), 0))
            self._rule_of.pop(id(expr), None)

    def origin(self, node) -> str:
        root = self._root(node)
        return root.path if root is not None else self._path

    def compile(self, node: ast.Expr, scope: frozenset):
        root = self._root(node)
        if root is None:
            return getattr(self, "c_" + type(node).__name__)(node, scope)
        return self._rooted(node, root, lambda: getattr(self, "c_" + type(node).__name__)(node, scope))

    def _rooted(self, node, root, build):
        saved, self._path = self._path, root.path
        try:
            fn = build()
        finally:
            self._path = saved
        return _guard(fn, node, root) if root.entry or root.round_cost else fn

    def evaluate_constant(self, node: ast.Expr, path: str):
        """Evaluate an expression that reads no document, under the bounds (raises ``EvaluationError``)."""
        saved, self._path = self._path, path
        try:
            fn = self.compile(node, frozenset())
        finally:
            self._path = saved
        guarded = _guard(fn, node, (path, None, False, False, 0))
        return guarded(Context(BareDocument(), self.book, _dt.date.today()))

    def c_Lit(self, node, scope):
        value = node.value
        return lambda ctx: value

    def c_Name(self, node, scope):
        name = node.name
        if name in scope:
            def variable(ctx):
                value = ctx.vars.get(name)
                if type(value) is Lazy:
                    value = ctx.vars[name] = value.force(ctx)
                return value
            return variable
        if name in self.book.definitions:
            definition = self.book.definitions[name]

            def defined(ctx):
                cached = ctx.defs.get(name, _MISSING)
                if cached is _MISSING:
                    saved, ctx.vars = ctx.vars, {}
                    try:
                        cached = ctx.defs[name] = definition(ctx)
                    finally:
                        ctx.vars = saved
                return cached
            return defined
        if name == "today":
            return lambda ctx: ctx.as_of
        if name == "viittaukset" and name not in self.book.shapes.common.fields:
            return citations_of
        if name == CONFLICTS and name not in self.book.shapes.common.fields:
            return conflicts_of
        return lambda ctx: ctx.doc.data.get(name)

    def c_Attr(self, node, scope):
        obj = self.compile(node.obj, scope)
        key = node.name
        where = (self._path, node.pos)
        if key in self.book.definitions:
            definitions = self.book.definitions

            def attr_or_definition(ctx):
                value = obj(ctx)
                if isinstance(value, DocumentView) and key not in value:
                    return value.definition(key, definitions[key], ctx)
                if isinstance(value, list) and value and isinstance(value[0], DocumentView):
                    _spend(ctx, len(value), where)
                    return [v.definition(key, definitions[key], ctx) for v in value]
                if isinstance(value, list):
                    return _project(value, key, ctx, where)
                return _get(value, key)
            return attr_or_definition

        def attr(ctx):
            value = obj(ctx)
            if isinstance(value, dict):
                return value.get(key)
            if isinstance(value, list):
                return _project(value, key, ctx, where)
            return _get(value, key)
        return attr

    def c_Flatten(self, node, scope):
        obj = self.compile(node.obj, scope)
        where = (self._path, node.pos)

        def flatten(ctx):
            value = obj(ctx)
            if isinstance(value, list):
                ctx.steps -= len(value)
                if ctx.steps < 0:
                    raise _fail(ctx, where, too_much_work(ctx.budget))
                if any(isinstance(v, list) for v in value):
                    size = sum(len(v) if isinstance(v, list) else 1 for v in value)
                    _list_fits(ctx, size, where)
                    _spend(ctx, size, where)
                    return [x for v in value for x in (v if isinstance(v, list) else [v])]
            return value
        return flatten

    def c_Index(self, node, scope):
        obj = self.compile(node.obj, scope)
        index = self.compile(node.index, scope)

        def at(ctx):
            value, i = obj(ctx), index(ctx)
            if isinstance(value, list) and isinstance(i, int) and -len(value) <= i < len(value):
                return value[i]
            if isinstance(value, dict) and isinstance(i, str):
                return value.get(i)
            return None
        return at

    def c_ListLit(self, node, scope):
        items = [self.compile(i, scope) for i in node.items]
        return lambda ctx: [f(ctx) for f in items]

    def _loop(self, var, coll, scope):
        coll_fn = self.compile(coll, scope)
        return coll_fn, scope | {var}

    def c_Comprehension(self, node, scope):
        coll, inner = self._loop(node.var, node.coll, scope)
        expr = self.compile(node.expr, inner)
        cond = self.compile(node.cond, inner) if node.cond is not None else None
        var = node.var
        per_item = _size(node.expr) + (_size(node.cond) if node.cond is not None else 0)
        where = (self._path, node.pos)

        def comprehension(ctx):
            out = []
            values = coll(ctx)
            if not isinstance(values, list):
                values = [] if values is None else [values]
            if values:
                ctx.steps -= len(values) * per_item  # every round, before the first
                if ctx.steps < 0:
                    raise _fail(ctx, where, too_much_work(ctx.budget))
            saved = ctx.vars.get(var, _MISSING)
            try:
                for item in values:
                    ctx.vars[var] = item
                    if cond is None or cond(ctx):
                        out.append(expr(ctx))
            finally:
                _restore(ctx, var, saved)
            return out
        return comprehension

    def c_Quant(self, node, scope):
        coll, inner = self._loop(node.var, node.coll, scope)
        body = self.compile(node.body, inner)
        var, kind = node.var, node.kind
        per_item = _size(node.body)
        where = (self._path, node.pos)

        def quantifier(ctx):
            values = coll(ctx)
            if not isinstance(values, list):
                values = [] if values is None else [values]
            if values:
                ctx.steps -= len(values) * per_item
                if ctx.steps < 0:
                    raise _fail(ctx, where, too_much_work(ctx.budget))
            saved = ctx.vars.get(var, _MISSING)
            results = []
            try:
                for item in values:
                    ctx.vars[var] = item
                    results.append(body(ctx))
            finally:
                _restore(ctx, var, saved)
            if kind == "any":
                return any(results)
            if kind == "all":
                return all(results)
            if kind == "none":
                return not any(results)
            if kind == "count":
                return sum(1 for r in results if r)
            total = sum(r for r in results if isinstance(r, (int, float)) and not isinstance(r, bool))
            return _number(ctx, total, where)
        return quantifier

    def c_BoolOp(self, node, scope):
        # Loops and the two-operand case written out rather than all()/any() over a
        # generator: a rule's conditions are mostly and/or chains (speed trick, issue 17).
        items = tuple(self.compile(i, scope) for i in node.items)
        if len(items) == 2:
            first, second = items
            if node.op == "and":
                return lambda ctx: True if first(ctx) and second(ctx) else False
            return lambda ctx: True if first(ctx) or second(ctx) else False
        if node.op == "and":
            def every(ctx):
                for f in items:
                    if not f(ctx):
                        return False
                return True
            return every

        def some(ctx):
            for f in items:
                if f(ctx):
                    return True
            return False
        return some

    def c_Not(self, node, scope):
        inner = self.compile(node.expr, scope)
        return lambda ctx: not inner(ctx)

    def c_Compare(self, node, scope):
        left = self.compile(node.left, scope)
        where = (self._path, node.pos)
        if node.op in ("~", "!~"):
            pattern = compile_pattern(node.right.value)
            negate = node.op == "!~"

            def match(ctx):
                value = left(ctx)
                if value is None:
                    return negate
                if type(value) is str:  # splitting it into words costs a few steps even when short
                    _spend(ctx, len(value) // TEXT_STEP + _CALL_STEPS, where)
                    return pattern.match(value) != negate
                return pattern.match(_text(value, ctx, where)) != negate  # _text paid for making it
            return match
        right = self.compile(node.right, scope)
        op = self.compare[node.op]
        membership = node.op in ("in", "not in")

        def compare(ctx):
            a, b = left(ctx), right(ctx)
            ta = type(a)
            if ta in _ATOMS and (ta is not str or len(a) <= _LONG):
                tb = type(b)
                if tb in _ATOMS and (tb is not str or len(b) <= _LONG):
                    return op(a, b)  # the common case: costs no more than its node
                if membership and (tb is list or tb is Seq):  # a short value in a list
                    ctx.steps -= len(b)
                    if ctx.steps < 0:
                        raise _fail(ctx, where, too_much_work(ctx.budget))
                    return op(a, b)
            _pay_compare(a, b, membership, ctx, where)
            return op(a, b)
        return compare

    def c_BinOp(self, node, scope):
        left, right = self.compile(node.left, scope), self.compile(node.right, scope)
        op = node.op
        plain = _OPERATORS[op]
        joining = op == "+"
        where = (self._path, node.pos)

        def arith(ctx):
            a, b = left(ctx), right(ctx)
            if type(a) in _NUMBERS and type(b) in _NUMBERS:  # the common case, without bool
                try:
                    result = plain(a, b)
                except ZeroDivisionError:
                    return None
                except OverflowError:
                    raise _fail(ctx, where, TOO_LARGE_NUMBER) from None
                if -MAX_NUMBER <= result <= MAX_NUMBER:
                    return result
                raise _fail(ctx, where, TOO_LARGE_NUMBER)
            if joining and isinstance(a, list) and isinstance(b, list):  # lists joined, as rules collect
                size = len(a) + len(b)
                _list_fits(ctx, size, where)
                ctx.steps -= size
                if ctx.steps < 0:
                    raise _fail(ctx, where, too_much_work(ctx.budget))
                return a + b
            return _arith(op, a, b, ctx, where)
        return arith

    def c_Neg(self, node, scope):
        inner = self.compile(node.expr, scope)
        where = (self._path, node.pos)
        return lambda ctx: _arith("-", 0, inner(ctx), ctx, where)

    def c_Call(self, node, scope):
        if node.func in ("provided", "section", "deferred"):
            provision = node.args[0].name
            if node.func == "provided":
                return lambda ctx: provided(ctx, provision)
            if node.func == "deferred":
                return lambda ctx: deferred(ctx, provision)
            return lambda ctx: section_of(ctx, provision)
        if node.func == "document":
            inner = self.compile(node.args[0], scope)
            return lambda ctx: document_of(ctx, inner(ctx))
        args = [self.compile(a, scope) for a in node.args]
        where = (self._path, node.pos)
        bounded = self.bounded.get(node.func)
        if bounded is not None:
            if len(args) == 1:
                only = args[0]
                return lambda ctx: bounded(ctx, where, only(ctx))
            return lambda ctx: bounded(ctx, where, *[f(ctx) for f in args])
        impl = self.functions[node.func]
        if len(args) == 1:
            only = args[0]
            return lambda ctx: impl(only(ctx))
        if len(args) == 2:
            first, second = args
            return lambda ctx: impl(first(ctx), second(ctx))
        return lambda ctx: impl(*[f(ctx) for f in args])

    # ---- functions whose cost grows with their arguments
    def _statutes_named(self, ctx, where, text):
        if _empty(text):
            return []
        flat = text if type(text) is str else _text(text, ctx, where)
        if self._patterns is None:
            self._patterns = sum(len(s.patterns) for s in self.book.statutes.values())
        cost = (len(flat) // TEXT_STEP + 1) * (1 + self._patterns // TEXT_STEP)  # each pattern searches it
        if cost > 64:
            _spend(ctx, cost, where)
        return _statutes_named(flat, self.book.statutes)

    def _unique(self, ctx, where, value):
        if not isinstance(value, list):
            return value
        _spend(ctx, len(value), where)
        return self.functions["unique"](value, lambda key: _pay_for(key, ctx, where))

    def _group(self, ctx, where, pairs):
        if isinstance(pairs, list):
            _spend(ctx, len(pairs), where)
        return self.functions["group"](pairs, lambda key: _pay_for(key, ctx, where))

    def _lookup_bounded(self, ctx, where, pairs, key):
        if isinstance(pairs, list) and not self._lookup.indexed(pairs):
            _spend(ctx, len(pairs), where)  # indexed once: later lookups in the same pairs are free
        return self._lookup(pairs, key, lambda value: _pay_for(value, ctx, where))

    # ---- positions for "at"
    def compile_position(self, node: ast.Expr, scope: frozenset):
        """A closure giving the position an ``at`` expression points to.

        Falls back to the nearest parent that exists: a missing key of a task
        points at the task.
        """
        root = self._root(node)
        if root is not None:
            return self._rooted(node, root, lambda: self._position(node, scope))
        return self._position(node, scope)

    def _position(self, node: ast.Expr, scope: frozenset):
        if isinstance(node, ast.Attr):
            parent_value = self.compile(node.obj, scope)
            parent_pos = self._position(node.obj, scope)
            key = node.name

            def attr_position(ctx):
                value = parent_value(ctx)
                if isinstance(value, Map) and key in value.key_pos:
                    return value.key_pos[key]
                return parent_pos(ctx)
            return attr_position
        if isinstance(node, ast.Index):
            parent_value = self.compile(node.obj, scope)
            index = self.compile(node.index, scope)
            parent_pos = self._position(node.obj, scope)

            def index_position(ctx):
                value, i = parent_value(ctx), index(ctx)
                if isinstance(value, list) and isinstance(i, int) and -len(value) <= i < len(value):
                    if isinstance(value, Seq):
                        return value.item_pos[i]
                    found = position_of(value[i])  # a list the rule built: its item's own place
                    if found is not None:
                        return found
                return parent_pos(ctx)
            return index_position
        if isinstance(node, ast.Name) and node.name not in scope and node.name not in self.book.definitions:
            key = node.name

            def root_position(ctx):
                return ctx.doc.data.key_pos.get(key, START)
            return root_position
        value_fn = self.compile(node, scope)
        return lambda ctx: position_of(value_fn(ctx)) or START

    def compile_location(self, node: ast.Expr, scope: frozenset):
        """Like ``compile_position``, for rules over several documents: (path, position)."""
        root = self._root(node)
        if root is not None:
            return self._rooted(node, root, lambda: self._location(node, scope))
        return self._location(node, scope)

    def _location(self, node: ast.Expr, scope: frozenset):
        if isinstance(node, (ast.Attr, ast.Index)):
            parent_value = self.compile(node.obj, scope)
            parent_location = self._location(node.obj, scope)
            key_fn = self.compile(node.index, scope) if isinstance(node, ast.Index) else None
            key = node.name if isinstance(node, ast.Attr) else None

            def member_location(ctx):
                container = parent_value(ctx)
                if isinstance(container, Map) and container.origin is not None and key in container.key_pos:
                    return container.origin, container.key_pos[key]
                if isinstance(container, Seq) and container.origin is not None and key_fn is not None:
                    i = key_fn(ctx)
                    if isinstance(i, int) and -len(container) <= i < len(container):
                        return container.origin, container.item_pos[i]
                return parent_location(ctx)
            return member_location
        value_fn = self.compile(node, scope)
        return lambda ctx: next(iter(locations_of(value_fn(ctx), 1)), None)


def _guard(fn, node, root: Root):
    """A guarded root's closure (see ``Compiler``): it starts a budget or pays for the rounds after it."""
    path, owner, corpus, entry, round_cost = root
    size = _size(node)
    where = (path, node.pos)

    def guarded(ctx):
        if entry and ctx.owner != owner:
            ctx.owner = owner
            ctx.steps = ctx.budget = _budget(ctx) if corpus else MAX_STEPS
        ctx.steps -= size
        if ctx.steps < 0:
            raise _fail(ctx, where, too_much_work(ctx.budget))
        try:
            value = fn(ctx)
        except RecursionError:  # the checker bounds the depth; this is the last guard
            raise _fail(ctx, where, TOO_DEEP_TO_EVALUATE) from None
        except MemoryError:
            raise _fail(ctx, where, OUT_OF_MEMORY) from None
        if round_cost and isinstance(value, list):  # the engine goes round once per item
            ctx.steps -= len(value) * round_cost
            if ctx.steps < 0:
                raise _fail(ctx, where, too_much_work(ctx.budget))
        return value
    return guarded


def _budget(ctx) -> int:
    """A rule over the set of documents may spend ``CORPUS_STEPS`` more for each document."""
    data = getattr(ctx.doc, "data", None)
    documents = data.get(CORPUS) if isinstance(data, dict) else None
    return MAX_STEPS + CORPUS_STEPS * (len(documents) if isinstance(documents, list) else 0)


def locations_of(value, limit: int = MAX_LIST) -> list[tuple[str, Position]]:
    """Where positioned values (mappings, lists of them) are: [(path, position)], the first ``limit``.

    Without recursion, and looking at no more than ``MAX_LIST`` values: a
    list the rule built may hold the same long list a million times.
    """
    out: list[tuple[str, Position]] = []
    stack = [value]
    seen = 0
    while stack and len(out) < limit:
        item = stack.pop()
        if isinstance(item, (Map, Seq)):
            if item.origin is not None:
                out.append((item.origin, item.pos))
        elif isinstance(item, list):
            seen += len(item)
            if seen > MAX_LIST:
                break
            stack.extend(reversed(item))
    return out


class DocumentView(Map):
    """One document of the checked set, as a rule over ``asiakirjat`` sees it.

    Holds the keys those rules use (``Rulebook.shared_keys``), ``polku``, and
    evaluates definitions (``d.järjestäjä``) on its own data.
    """

    __slots__ = ("cache", "locators")

    def __init__(self, pos: Position, origin: str) -> None:
        super().__init__(pos)
        self.origin = origin
        self.cache: dict = {}
        # A Word, OpenDocument or PDF file's locators of the lines its data
        # stands on ({line: "kohta 2, 1. kappale"}), for findings about it.
        self.locators: dict[int, str] = {}

    def definition(self, name: str, fn, ctx):
        if name not in self.cache:
            sub = Context(BareDocument(self, self.origin), ctx.book, ctx.as_of)
            sub.steps, sub.budget, sub.owner = ctx.steps, ctx.budget, ctx.owner  # the running rule's budget
            try:
                self.cache[name] = fn(sub)
            finally:
                ctx.steps = sub.steps
        return self.cache[name]


def document_of(ctx, value):
    """The document of the checked set that ``value`` (a mapping or list from it) comes from."""
    origins = [path for path, _ in locations_of(value, 1)]
    if not origins:
        return None
    by_path = ctx.doc.cache.get("by_path")
    if by_path is None:
        views = ctx.doc.data.get("asiakirjat") or []
        by_path = ctx.doc.cache["by_path"] = {view.origin: view for view in views}
    return by_path.get(origins[0])


def citations_of(ctx):
    cache = ctx.doc.cache
    if "citations" not in cache:
        from ..citations import scan

        cache["citations"] = scan(ctx.doc.text, ctx.book.statutes.values(), ctx.as_of)
    return cache["citations"]


CONFLICTS = "ristiriidat"  # facts stated differently in two places (prose.Conflict)


def conflicts_of(ctx):
    """The document's conflicts as rules see them: one mapping each, positioned at both places."""
    cache = ctx.doc.cache
    if "conflicts" not in cache:
        doc = ctx.doc
        locators = getattr(doc, "locators", None)
        lang = ctx.lang

        def where(pos) -> str:
            """'rivi 53' in a text file; in a Word or PDF file where a lawyer finds it ('kohta 10, 1. kappale')."""
            from ..messages import text

            if locators:
                from ..documents.converted import locator_at, locator_in

                found = locator_at(locators, pos.line)
                if found:
                    return locator_in(found, lang)
            return text("locator.line", lang, n=pos.line)

        cache["conflicts"] = [_conflict_map(c, getattr(doc, "path", ""), where) for c in
                              getattr(doc, "conflicts", None) or ()]
    return cache["conflicts"]


def _conflict_map(conflict, path: str, where) -> Map:
    first, second = conflict.first, conflict.second
    item = Map(second.pos)
    item.origin = path
    fields = {"tieto": (conflict.fact, second.pos), "avain": (conflict.key, second.pos),
              "arvo": (first.value, first.pos), "toinen": (second.value, second.pos),
              "sanat": (first.quote, first.pos), "toinen_sanat": (second.quote, second.pos),
              "lähde": (conflict.first_source, first.pos), "toinen_lähde": ("teksti", second.pos),
              "rivi": (first.pos.line, first.pos), "toinen_rivi": (second.pos.line, second.pos),
              "missä": (where(first.pos), first.pos), "toinen_missä": (where(second.pos), second.pos)}
    for key, (value, at) in fields.items():
        item[key] = value
        item.key_pos[key] = at
    for key, at in (("paikka", first.pos), ("toinen_paikka", second.pos)):
        place = Map(at)
        place.origin = path
        item[key] = place
        item.key_pos[key] = at
    return item


def position_of(value) -> Position | None:
    """The position of a positioned value, or of the first one in a list (looking at ``MAX_LIST`` at most)."""
    stack = [value]
    seen = 0
    while stack:
        item = stack.pop()
        if isinstance(item, (Map, Seq, Section)):
            return item.pos
        if isinstance(item, list):
            seen += len(item)
            if seen > MAX_LIST:
                return None
            stack.extend(reversed(item))
    return None


def _restore(ctx, var, saved) -> None:
    if saved is _MISSING:
        ctx.vars.pop(var, None)
    else:
        ctx.vars[var] = saved


def _first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _key_of(value, registry, pay=None) -> str:
    """How group() and unique() compare: municipality, else normalised text.

    ``pay(value)``, if given, is called for a key whose making costs more
    than a step: a long text, or a list or mapping (its repr).
    """
    if isinstance(value, str):
        if pay is not None and len(value) > _LONG:
            pay(value)
        return registry.canonical(value) or norm(value)
    if pay is not None and isinstance(value, _CONTAINERS):
        pay(value)
    return repr(value)


class _Lookup:
    """lookup(pairs, key): the values of the [key, value] pairs whose key equals ``key``.

    The pairs are indexed once (a rule's ``let`` gives the same list for
    every lookup), so looking up every document is linear.
    """

    def __init__(self, registry) -> None:
        self.registry = registry
        self.pairs = None
        self.index: dict[str, list] = {}

    def indexed(self, pairs) -> bool:
        return self.pairs is pairs

    def __call__(self, pairs, key, pay=None):
        if _empty(key) or not isinstance(pairs, list):
            return []
        if self.pairs is not pairs:
            index: dict[str, list] = {}
            for pair in pairs:
                if isinstance(pair, list) and len(pair) == 2 and not _empty(pair[0]):
                    index.setdefault(_key_of(pair[0], self.registry, pay), []).append(pair[1])
            self.pairs, self.index = pairs, index
        return list(self.index.get(_key_of(key, self.registry, pay), []))


def registry_functions(registry, eq, lexicon=None) -> dict:
    """The functions that consult the municipality registry."""

    def unique(value, pay=None):
        if not isinstance(value, list):
            return value
        seen, out = set(), []
        for item in value:
            key = _key_of(item, registry, pay)
            if key not in seen:
                seen.add(key)
                out.append(item)
        return out

    def group(pairs, pay=None):
        """[[key, value], …] -> [[key, [values…]], …] in first-seen order: linear, no pairs loop."""
        groups: dict[str, list] = {}
        for pair in pairs if isinstance(pairs, list) else []:
            if isinstance(pair, list) and len(pair) == 2 and not _empty(pair[0]):
                key = _key_of(pair[0], registry, pay)
                groups.setdefault(key, [pair[0], []])[1].append(pair[1])
        return list(groups.values())

    def municipality(name):
        return registry.canonical(name)

    def known(name):
        return registry.get(name) is not None

    def closest(name):
        return registry.suggest(name)

    def merged_into(name):
        found = registry.merged_into(name)
        return found.name if found is not None else None

    def person_name(value):
        from ..prose.names import person_in

        found = person_in(value, registry, sentence_start_too=True)
        if found is None or not isinstance(value, str):
            return None
        title = (lexicon or {}).get("virkanimike")
        if title is not None and any(title.ends(norm(w)) for w in _NAME_WORD.findall(value[:MAX_NAME_TEXT])):
            return None  # "työllisyysasiantuntija Matti Meikäläinen": the office is named, the person besides
        return found[1]

    return {"unique": unique, "group": group, "lookup": _Lookup(registry), "municipality": municipality,
            "known_municipality": known, "closest_municipality": closest, "merged_into": merged_into,
            "person_name": person_name}


_NAME_WORD = re.compile(r"[^\W\d_][\w-]*")
MAX_NAME_TEXT = 5_000


def _statutes_named(text, statutes) -> list[str]:
    """Abbreviations of the statutes whose name patterns (statutes.yaml nimet) occur in ``text``."""
    if _empty(text):
        return []
    index = index_of(_text(text))
    return [s.abbreviation for s in statutes.values() if pattern_set(s.patterns).match_index(index)]


def _mentions(text, name) -> bool:
    if text is None or name is None:
        return False
    names = name if isinstance(name, list) else [name]
    flat = _text(text)
    return any(isinstance(n, str) and mentions(flat, n) for n in names)


def _bounded_mentions(ctx, where, text, name) -> bool:
    if text is None or name is None:
        return False
    names = name if isinstance(name, list) else [name]
    flat = text if type(text) is str else _text(text, ctx, where)
    # mentions() goes through the words of the text in Python: a few steps even for a short one
    _spend(ctx, (len(flat) // TEXT_STEP + _CALL_STEPS) * len(names), where)
    if any(isinstance(n, str) and mentions(flat, n) for n in names):
        return True
    # A Swedish text names a municipality by its Swedish name ("hos Vasa stad" for Vaasa).
    registry = getattr(ctx.book, "registry", None)
    for n in names:
        known = registry.get(n) if registry is not None and isinstance(n, str) else None
        if known is not None:
            for other in known.spellings:
                if other != n and mentions(flat, other):
                    return True
    return False


_FUNCTIONS = {
    "present": lambda v: not _empty(v),
    "len": lambda v: len(v) if isinstance(v, (list, str, dict)) else 0,
    "first": _first,
    "abs": lambda v: abs(v) if isinstance(v, (int, float)) else None,
    "approx": lambda a, b: isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) < 0.01,
    "mentions": _mentions,
    "is_date": lambda v: isinstance(v, _dt.date),
    "invalid_date": lambda v: isinstance(v, InvalidDate),
    "text": _text,
    "coalesce": lambda *values: next((v for v in values if not _empty(v)), None),
}


def compile_template(compiler: Compiler, template: ast.Template, scope: frozenset):
    parts = [p if isinstance(p, str) else (compiler.compile(p, scope), (compiler.origin(p), p.pos))
             for p in template.parts]

    def render_message(ctx):
        out = []
        # Swedish messages name municipalities as Swedish does (Borgå, not Porvoo).
        registry = getattr(ctx.book, "registry", None) if ctx.lang == "sv" else None
        for part in parts:
            if isinstance(part, str):
                out.append(part)
                continue
            fn, where = part
            value = _plain(fn(ctx))
            _pay_for(value, ctx, where)
            text = render(value, ctx.lang, registry)
            _text_fits(ctx, len(text), where)
            out.append(text)
        return "".join(out)
    return render_message


def _plain(value):
    if isinstance(value, Section):
        return value.title
    return value
