"""Parameterised definitions of the rule language: ``define f(x, y) = …``.

A definition with parameters (in ``_määritelmät.tark``) is a function that
rules call like a built-in one: ``mainitsee(teksti, järjestäjä)``. Calls are
expanded where the rule is read, before it is checked: the call becomes the
definition's expression with its parameters replaced by the call's
arguments. Expressions have no side effects, so the expanded rule means the
same as the call, and everything the checker does for a rule (shapes of
keys, the depth bound, constants) is done on what actually runs.

The variables a definition binds itself (``[p.kunta for p in …]``, ``any k
in …``) are renamed first, so that an argument that uses the same name
(``f(p.kunta)`` inside ``for p in osapuolet``) is not captured. A call with
the wrong number of arguments, a definition that calls itself (directly or
through others) and one that takes a built-in function's name are errors at
the place they are written. Expansion is bounded: at most
``MAX_EXPANSION_DEPTH`` calls inside each other and ``MAX_EXPANDED_NODES``
nodes in all for one rule, so a chain of definitions that double their
argument cannot make a rule exponentially large.

Parameterless definitions are unchanged: evaluated once per document.
"""

from __future__ import annotations

from ..diagnostics import Position
from ..messages import say
from . import ast
from .errors import RuleError

MAX_EXPANSION_DEPTH = 16  # calls of parameterised definitions inside each other
MAX_EXPANDED_NODES = 20_000  # nodes of one rule after expansion


class _Expander:
    def __init__(self, functions: dict, path: str, source: str) -> None:
        self.functions = functions  # name -> ast.Definition with params
        self.path = path
        self.source = source
        self.nodes = 0
        self.fresh = 0

    def error(self, pos: Position, message) -> RuleError:
        return RuleError(self.path, pos, message, self.source)

    def expand(self, node, env: dict, calling: tuple = ()):
        """``node`` with calls expanded; ``env`` maps a parameter (or renamed variable) to its expression."""
        self.nodes += 1
        if self.nodes > MAX_EXPANDED_NODES:
            raise self.error(node.pos, say("lang.function.too_large", n=MAX_EXPANDED_NODES))
        if isinstance(node, ast.Name) and node.name in env:
            return env[node.name]
        if isinstance(node, ast.Call) and node.func in self.functions:
            return self.call(node, env, calling)
        if isinstance(node, (ast.Comprehension, ast.Quant)) and node.var in env:
            # The variable shadows a parameter of the same name inside this node.
            env = {k: v for k, v in env.items() if k != node.var}
        values = {}
        for field in node._fields:
            value = getattr(node, field)
            if isinstance(value, ast.Expr):
                value = self.expand(value, env, calling)
            elif isinstance(value, list):
                value = [self.expand(v, env, calling) if isinstance(v, ast.Expr) else v for v in value]
            values[field] = value
        return type(node)(**values)

    def call(self, node: ast.Call, env: dict, calling: tuple):
        definition = self.functions[node.func]
        if len(node.args) != len(definition.params):
            raise self.error(node.pos, say("lang.function.arity", name=node.func, n=len(definition.params),
                                           given=len(node.args)))
        if node.func in calling:
            raise self.error(node.pos, say("lang.function.recursive", name=node.func,
                                           chain=" → ".join((*calling, node.func))))
        if len(calling) >= MAX_EXPANSION_DEPTH:
            raise self.error(node.pos, say("lang.function.too_deep", n=MAX_EXPANSION_DEPTH))
        args = [self.expand(arg, env, calling) for arg in node.args]
        body = self.renamed(definition.expr, node.pos)
        return self.expand(body, dict(zip(definition.params, args)), (*calling, node.func))

    def renamed(self, node, pos: Position):
        """A copy of a definition's expression at the call's place, its own variables given fresh names."""
        self.fresh += 1
        suffix = f"·{self.fresh}"

        def copy(node, names: dict):
            values = {}
            if isinstance(node, (ast.Comprehension, ast.Quant)):
                names = {**names, node.var: node.var + suffix}
            for field in node._fields:
                value = getattr(node, field)
                if field == "pos":
                    value = pos
                elif field == "var" and isinstance(node, (ast.Comprehension, ast.Quant)):
                    value = names[node.var]
                elif isinstance(value, ast.Expr):
                    value = copy(value, names)
                elif isinstance(value, list):
                    value = [copy(v, names) if isinstance(v, ast.Expr) else v for v in value]
                values[field] = value
            if isinstance(node, ast.Name) and node.name in names:
                values["name"] = names[node.name]
            return type(node)(**values)

        return copy(node, {})


def expand_definitions(definitions: list, path: str, source: str, known: dict | None = None) -> None:
    """Expand the calls inside parameterised and plain definitions, in order: a definition may call
    the functions defined before it (``known``: those of earlier rule directories, too)."""
    from .functions import SIGNATURES

    known = dict(known or {})
    for definition in definitions:
        if definition.params and definition.name in SIGNATURES:
            raise RuleError(path, definition.pos, say("lang.function.builtin", name=definition.name), source)
        if len(set(definition.params)) != len(definition.params):
            raise RuleError(path, definition.pos, say("lang.function.params", name=definition.name), source)
        if definition.params:
            # Its own parameters stay names; calls of earlier functions inside it are expanded,
            # and a call of itself is found here, where it is written.
            expander = _Expander({**known, definition.name: definition}, path, source)
            definition.expr = expander.expand(definition.expr, {}, (definition.name,))
            known[definition.name] = definition
        else:
            definition.expr = _Expander(known, path, source).expand(definition.expr, {})


def expand_rule(rule, functions: dict, source: str) -> None:
    """Expand the calls of parameterised definitions in every expression of ``rule``, in place."""
    if not functions:
        return
    expander = _Expander(functions, rule.path, source)
    rule.bindings = [(kind, name, expander.expand(expr, {})) for kind, name, expr in rule.bindings]
    for case in rule.cases:
        case.when = expander.expand(case.when, {})
        case.at = expander.expand(case.at, {}) if case.at is not None else None
        case.also = expander.expand(case.also, {}) if case.also is not None else None
        for template in (case.message, *case.messages.values()):
            template.parts = [expander.expand(p, {}) if isinstance(p, ast.Expr) else p for p in template.parts]
