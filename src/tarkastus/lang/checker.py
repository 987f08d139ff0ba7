"""Load-time checks of rule files against the document format.

A typo in a rule file must fail when the rules load, not silently evaluate
to null for every document. The checker walks each rule with the shapes
compiled from the pydantic models and reports, with file:line:col and a
caret: unknown fields (with the closest known one), unknown names,
functions and provisions, wrong arities, invalid word patterns, unknown
statutes in citations, and placeholders that do not resolve.

It also keeps evaluation within its bounds (``limits``): a rule has a
``when`` and not too many bindings, no expression is too deep once the
definitions and lets it reads are counted in, and every constant part of an
expression (one that reads no document, such as ``[1] * 10**9``) is
evaluated here, under the evaluator's bounds, so that it fails now with its
position rather than on every document.
"""

from __future__ import annotations

import difflib

from ..documents.shape import FieldShape, ListShape, MapShape, Scalar, UnionShape
from ..messages import say
from ..text import compile_pattern
from . import ast
from .errors import EvaluationError, RuleError
from .functions import CORPUS, SECTION_FIELDS, SIGNATURES
from .limits import MAX_BINDINGS, MAX_DEPTH

SECTION = object()  # the shape of what section() returns
SPECIAL_NAMES = {"today"}
CITATIONS = "viittaukset"  # the statute citations found in a document's text


def citation_shape() -> MapShape:
    from ..citations import FIELDS

    shape = MapShape("viittaus", "säädösviittaus tekstissä")
    for name in FIELDS:
        kind = "bool" if name == "muutos" else "text"
        shape.fields[name] = FieldShape(name, Scalar(kind), name)
    shape.finish()
    return shape


CONFLICTS = "ristiriidat"  # facts stated differently in two places (evaluator.conflicts_of)
_CONFLICT_FIELDS = {
    "tieto": ("text", "ristiriitainen tieto: VOIMASSAOLO, IRTISANOMISAIKA, OSAPUOLET, JARJESTAJA, OSUUDET, ALUE, TYYPPI"),
    "avain": ("text", "tiedon avain, esimerkiksi voimassaolo.alkaa"),
    "arvo": ("text", "ensimmäisen paikan arvo"), "toinen": ("text", "toisen paikan arvo"),
    "sanat": ("text", "ensimmäisen paikan sanat"), "toinen_sanat": ("text", "toisen paikan sanat"),
    "lähde": ("text", "ensimmäinen paikka: etusivu tai teksti"), "toinen_lähde": ("text", "teksti"),
    "rivi": ("int", "ensimmäisen paikan rivi"), "toinen_rivi": ("int", "toisen paikan rivi"),
    "missä": ("text", "ensimmäinen paikka sanoin: 'rivi 12', Word- tai PDF-tiedostossa 'kohta 3, 1. kappale'"),
    "toinen_missä": ("text", "toinen paikka sanoin"),
}


def conflict_shape() -> MapShape:
    """What rules see of one conflict (``ristiriidat``); paikka and toinen_paikka are its two places."""
    shape = MapShape("ristiriita", "sama tieto kahdessa paikassa eri tavalla")
    for name, (kind, description) in _CONFLICT_FIELDS.items():
        shape.fields[name] = FieldShape(name, Scalar(kind), description)
    for name in ("paikka", "toinen_paikka"):
        place = MapShape("paikka", "kohta asiakirjassa")
        place.finish()
        shape.fields[name] = FieldShape(name, place, "kohta asiakirjassa")
    shape.finish()
    return shape


def document_shape(shapes) -> MapShape:
    """One checked document as a cross-document rule sees it: any type's fields, and polku."""
    shape = MapShape("asiakirja", "tarkastettava asiakirja")
    for root in (shapes.common, *shapes.roots.values()):
        for name, field in root.fields.items():
            shape.fields.setdefault(name, field)
    shape.fields["polku"] = FieldShape("polku", Scalar("text"), "tiedoston polku")
    shape.finish()
    return shape


def _suggest(name: str, candidates):
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return say("hint.did_you_mean_quoted", name=close[0]) if close else ""


class Checker:
    def __init__(self, book, source: str, path: str) -> None:
        self.book = book  # rulebook.Rulebook (shapes, provisions, statutes, definitions)
        self.source = source
        self.path = path
        self.roots: list[MapShape] = []
        self.document: MapShape | None = None  # set for rules over asiakirjat
        self.used_roots: set[str] = set()
        # How deep each definition's evaluation goes (the last of a name wins, as when compiled).
        self.definition_depths = {d.name: d.depth for d in getattr(book, "definition_asts", ())}
        self._compiler = None

    def error(self, pos, message) -> RuleError:
        return RuleError(self.path, pos, message, self.source)

    # ---- whole files
    def check_rule(self, rule: ast.Rule) -> None:
        expected = self.path.rsplit("/", 1)[-1].removesuffix(".tark")
        if rule.id != expected:
            raise self.error(rule.pos, say("lang.id_mismatch", id=rule.id, expected=expected))
        if not rule.cases:
            raise self.error(rule.pos, say("lang.no_when"))
        if len(rule.bindings) > MAX_BINDINGS:
            raise self.error(rule.bindings[MAX_BINDINGS][2].pos, say("lang.too_many_bindings", n=MAX_BINDINGS))
        shapes = self.book.shapes
        if CORPUS in rule.applies:
            if len(rule.applies) > 1:
                raise self.error(rule.pos, say("lang.corpus_mixed"))
            self.document = document_shape(shapes)
            corpus = MapShape("asiakirjajoukko", "tarkastetut asiakirjat")
            corpus.fields[CORPUS] = FieldShape(CORPUS, ListShape(self.document), "tarkastetut asiakirjat")
            corpus.finish()
            self.roots = [corpus]
        elif "all" in rule.applies:
            self.roots = [shapes.common, *shapes.roots.values()]
        else:
            self.roots = [shapes.roots[t] for t in rule.applies]
        if isinstance(rule.quote, ast.QuoteKey):
            passage = self.book.quotes.get(rule.quote.key)
            if passage is None:
                raise self.error(rule.quote.pos, say("lang.unknown_quote", key=rule.quote.key,
                                                     hint=_suggest(rule.quote.key, self.book.quotes)))
            rule.quote = f"{passage.source}: {passage.text}" if passage.source else passage.text
        for citation in rule.citations:
            if citation.guidance_key:
                entry = self.book.guidance.get(citation.guidance_key)
                if entry is None:
                    raise self.error(rule.pos, say("lang.unknown_guidance", key=citation.guidance_key,
                                                   hint=_suggest(citation.guidance_key, self.book.guidance)))
                citation.guidance, citation.url = entry.name, citation.url or entry.url
            if citation.statute:
                if citation.statute not in self.book.statutes:
                    raise self.error(rule.pos, say("lang.unknown_statute", statute=citation.statute,
                                                   hint=_suggest(citation.statute, self.book.statutes)))
                statute = self.book.statutes[citation.statute]
                citation.display = statute.display
                citation.url = citation.url or statute.url
        scope: dict[str, object] = {}
        for kind, name, expr in rule.bindings:
            shape = self.expr(expr, scope)
            scope[name] = _item(shape) if kind == "for" else shape
        for case in rule.cases:
            self.expr(case.when, scope)
            if case.at is not None:
                self.expr(case.at, scope)
            if case.also is not None:  # the other places: a document's own (ristiriidat) or the set's
                self.expr(case.also, scope)
            for template in (case.message, *case.messages.values()):
                for part in template.parts:
                    if isinstance(part, ast.Expr):
                        self.expr(part, scope)
                    elif isinstance(part, ast.Cite):
                        self.check_cite(rule, part)
        self.check_bounds(rule)

    def check_cite(self, rule: ast.Rule, part: ast.Cite) -> None:
        """``{cite}`` needs a statute the rule cites; ``{cite KL 51 §}`` a statute that is known."""
        if part.citation is None:
            if not any(c.statute for c in rule.citations):
                raise self.error(part.pos, say("lang.cite_without_statute"))
            return
        statute = self.book.statutes.get(part.citation.statute)
        if statute is None:
            raise self.error(part.pos, say("lang.unknown_statute", statute=part.citation.statute,
                                           hint=_suggest(part.citation.statute, self.book.statutes)))
        part.citation.display = statute.display
        part.citation.url = statute.url

    def check_bounds(self, rule: ast.Rule) -> None:
        """Depth with definitions and lets counted in, and the constant parts evaluated."""
        depths: dict[str, int] = {}
        for kind, name, expr in rule.bindings:
            depth = self.depth(expr, depths)
            depths[name] = depth if kind == "let" else 0  # a for variable holds a value already made
        expressions = [expr for _, _, expr in rule.bindings]
        for case in rule.cases:
            expressions.extend(e for e in (case.when, case.at, case.also) if e is not None)
            expressions.extend(part for template in (case.message, *case.messages.values())
                               for part in template.parts if isinstance(part, ast.Expr))
        for expr in expressions[len(rule.bindings):]:
            self.depth(expr, depths)
        for expr in expressions:
            self.evaluate_constants(expr)

    def depth(self, node: ast.Expr, variables: dict) -> int:
        """How deep evaluating ``node`` goes, the definitions and lets it reads included."""
        kind = type(node)
        if kind is ast.Name:
            extra = variables[node.name] if node.name in variables else self.definition_depths.get(node.name, 0)
            found = 1 + extra
        elif kind is ast.Call and node.func in ("provided", "section", "deferred"):
            found = 1
        elif kind is ast.Comprehension or kind is ast.Quant:
            inner = {**variables, node.var: 0}
            parts = [self.depth(node.coll, variables)] + [
                self.depth(part, inner) for part in (getattr(node, "expr", None), getattr(node, "cond", None),
                                                     getattr(node, "body", None)) if part is not None]
            found = 1 + max(parts)
        else:
            found = 1 + max((self.depth(child, variables) for child in ast.children(node)), default=0)
            if kind is ast.Attr and node.name in self.definition_depths:  # d.järjestäjä on a document of the set
                found = max(found, 1 + self.definition_depths[node.name])
        if found > MAX_DEPTH:
            raise self.error(node.pos, say("lang.too_deep_with_definitions", found=found, max=MAX_DEPTH))
        return found

    def evaluate_constants(self, expr: ast.Expr) -> None:
        """Evaluate the parts of ``expr`` that read no document, under the evaluator's bounds."""
        found: list[ast.Expr] = []
        free, costly = _constant_parts(expr, found)
        if not free and costly:
            found.append(expr)
        for node in found:
            if self._compiler is None:
                from .evaluator import Compiler

                self._compiler = Compiler(self.book)
            try:
                self._compiler.evaluate_constant(node, self.path)
            except EvaluationError as exc:
                raise RuleError(self.path, exc.pos, exc.text or exc.message, self.source) from None

    def check_definitions(self, definitions: list[ast.Definition]) -> dict[str, object]:
        shapes = self.book.shapes
        self.roots = [shapes.common, *shapes.roots.values()]
        found: dict[str, object] = {}
        for definition in definitions:
            self.used_roots = set()
            found[definition.name] = self.expr(definition.expr, {})
            self.book.definition_shapes[definition.name] = found[definition.name]
            self.book.definition_roots[definition.name] = sorted(self.used_roots)
            definition.depth = self.depth(definition.expr, {})
            self.definition_depths[definition.name] = definition.depth
            self.evaluate_constants(definition.expr)
        return found

    def check_function(self, definition: ast.Definition) -> None:
        """A parameterised definition's expression, its parameters of any shape: names and calls are
        checked where it is written; the shapes again in each rule it is expanded into."""
        shapes = self.book.shapes
        self.roots = [shapes.common, *shapes.roots.values()]
        self.used_roots = set()
        self.expr(definition.expr, {name: None for name in definition.params})

    # ---- expressions; each returns the shape of its value, or None if unknown
    def expr(self, node: ast.Expr, scope: dict):
        method = getattr(self, "e_" + type(node).__name__)
        return method(node, scope)

    def e_Lit(self, node, scope):
        return None

    def e_Name(self, node, scope):
        if node.name in scope:
            return scope[node.name]
        if node.name in self.book.definition_shapes and self.document is None:
            self.used_roots.update(self.book.definition_roots.get(node.name, ()))
            return self.book.definition_shapes[node.name]
        if node.name in SPECIAL_NAMES:
            return None
        if node.name == CITATIONS and self.document is None:
            return ListShape(citation_shape())
        if node.name == CONFLICTS and self.document is None:
            return ListShape(conflict_shape())
        for root in self.roots:
            canonical = root.canonical(node.name)
            if canonical is not None:
                if canonical != node.name:
                    raise self.error(node.pos, say("lang.field_spelling", name=canonical))
                self.used_roots.add(canonical)
                return root.fields[canonical].shape
        candidates = set(scope) | set(self.book.definition_shapes) | {
            f for root in self.roots for f in root.fields}
        raise self.error(node.pos, say("lang.unknown_name", name=node.name, hint=_suggest(node.name, candidates)))

    def e_Attr(self, node, scope):
        shape = self.expr(node.obj, scope)
        if shape is SECTION:
            if node.name not in SECTION_FIELDS:
                raise self.error(node.pos, say("lang.section_field", name=node.name))
            return None
        projected = isinstance(shape, ListShape)
        base = shape.item if projected else shape
        if self.document is not None and base is None:
            # A value of unknown shape (from group() or lookup()) in a rule over
            # the documents: share what the name could mean, to be safe.
            if node.name in self.book.definition_shapes:
                self.book.shared_keys.update(self.book.definition_roots.get(node.name, ()))
                return None
            if self.document.canonical(node.name) is not None:
                self.book.shared_keys.add(self.document.canonical(node.name))
            return None
        if base is self.document and base is not None:
            # A document of the set: its fields, and the definitions evaluated on it.
            if node.name in self.book.definition_shapes:
                self.book.shared_keys.update(self.book.definition_roots.get(node.name, ()))
                found = self.book.definition_shapes[node.name]
                return ListShape(found) if projected and found is not None else found
            canonical = base.canonical(node.name)
            if canonical is not None and canonical != "polku":
                self.book.shared_keys.add(canonical)
        maps = [base] if isinstance(base, MapShape) else (
            [o for o in base.options if isinstance(o, MapShape)] if isinstance(base, UnionShape) else [])
        if not maps:
            if isinstance(base, Scalar):
                raise self.error(node.pos, say("lang.no_subfields", name=node.name, shape=base.describe()))
            return None
        for shape_map in maps:
            canonical = shape_map.canonical(node.name)
            if canonical is not None:
                if canonical != node.name:
                    raise self.error(node.pos, say("lang.field_spelling", name=canonical))
                field_shape = shape_map.fields[canonical].shape
                return ListShape(field_shape) if projected and not isinstance(field_shape, ListShape) else field_shape
        known = {f for m in maps for f in m.fields}
        raise self.error(node.pos, say("lang.unknown_field", name=node.name, map=maps[0].name,
                                       hint=_suggest(node.name, known)))

    def e_Flatten(self, node, scope):
        return self.expr(node.obj, scope)

    def e_Index(self, node, scope):
        shape = self.expr(node.obj, scope)
        self.expr(node.index, scope)
        return _item(shape)

    def e_Call(self, node, scope):
        if node.func not in SIGNATURES:
            raise self.error(node.pos, say("lang.unknown_function", name=node.func, hint=_suggest(node.func, SIGNATURES)))
        low, high, kinds, _ = SIGNATURES[node.func]
        if not low <= len(node.args) <= high:
            raise self.error(node.pos, say("lang.arity", name=node.func, low=low, given=len(node.args)))
        shapes = []
        for kind, arg in zip(kinds, node.args):
            if kind == "provision":
                if not isinstance(arg, ast.Name) or arg.name not in self.book.provisions:
                    name = arg.name if isinstance(arg, ast.Name) else "?"
                    raise self.error(arg.pos, say("lang.unknown_provision", name=name,
                                                  hint=_suggest(name, self.book.provisions)))
            else:
                shapes.append(self.expr(arg, scope))
        if node.func == "coalesce":  # the value is one of the arguments: the first known shape
            return next((shape for shape in shapes if shape is not None), None)
        if node.func in ("section", "deferred"):  # deferred() gives the deferring section (or null)
            return SECTION
        if node.func == "document":
            if self.document is None:
                raise self.error(node.pos, say("lang.document_outside_corpus"))
            return self.document
        if node.func in ("first",):
            return _item(self.expr(node.args[0], scope))
        if node.func == "unique":
            return self.expr(node.args[0], scope)
        return None

    def e_ListLit(self, node, scope):
        for item in node.items:
            self.expr(item, scope)
        return None

    def e_Comprehension(self, node, scope):
        inner = dict(scope)
        inner[node.var] = _item(self.expr(node.coll, scope))
        if node.cond is not None:
            self.expr(node.cond, inner)
        return ListShape(self.expr(node.expr, inner) or Scalar("text"))

    def e_Quant(self, node, scope):
        inner = dict(scope)
        inner[node.var] = _item(self.expr(node.coll, scope))
        self.expr(node.body, inner)
        return None

    def e_BoolOp(self, node, scope):
        for item in node.items:
            self.expr(item, scope)
        return None

    def e_Not(self, node, scope):
        self.expr(node.expr, scope)
        return None

    def e_Compare(self, node, scope):
        self.expr(node.left, scope)
        if node.op in ("~", "!~"):
            if not (isinstance(node.right, ast.Lit) and isinstance(node.right.value, str)):
                raise self.error(node.right.pos, say("lang.pattern_needed"))
            try:
                compile_pattern(node.right.value)
            except ValueError:  # the only one compile_pattern raises: a pattern with no word to look for
                raise self.error(node.right.pos, say("lang.empty_pattern", pattern=repr(node.right.value))) from None
            return None
        self.expr(node.right, scope)
        return None

    def e_BinOp(self, node, scope):
        self.expr(node.left, scope)
        self.expr(node.right, scope)
        return None

    def e_Neg(self, node, scope):
        self.expr(node.expr, scope)
        return None


def _item(shape):
    return shape.item if isinstance(shape, ListShape) else shape


_DOCUMENT = "\0"  # stands for the document among the free names of what reads it
# Nodes whose evaluation can cost more than the node itself (repeating,
# joining, looping, projecting, comparing, calling).
_COSTLY = (ast.BinOp, ast.Comprehension, ast.Quant, ast.Call, ast.Flatten, ast.Compare, ast.Attr)


def _constant_parts(node, found: list) -> tuple[frozenset, bool]:
    """The free names of ``node`` and whether it can be costly; maximal constant costly parts go to ``found``."""
    if isinstance(node, ast.Call) and node.func in ("provided", "section", "deferred"):
        return frozenset((_DOCUMENT,)), False  # the argument names a provision, not a value
    if isinstance(node, ast.Name):
        return frozenset((node.name,)), False
    parts = [(child, *_constant_parts(child, found)) for child in ast.children(node)]
    free: set = set()
    for child, names, _ in parts:
        bound = isinstance(node, (ast.Comprehension, ast.Quant)) and child is not node.coll
        free |= names - {node.var} if bound else names
    if isinstance(node, ast.Call) and node.func == "document":
        free.add(_DOCUMENT)
    if free:
        found.extend(child for child, names, costly in parts if not names and costly)
    return frozenset(free), isinstance(node, _COSTLY) or any(costly for _, _, costly in parts)
