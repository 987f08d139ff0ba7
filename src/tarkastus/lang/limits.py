"""Bounds on what loading and evaluating a rule may cost.

Rule directories come from users (``rule-dirs`` in tarkastus.toml), so a
rule file or a data table is input like an agreement: whatever it holds,
loading it and running it must end soon, with findings or with a
TARK-SAANTO diagnostic at file:line:col — never a hang, a RecursionError or
a MemoryError, and never at the cost of the other rules.

Each bound is far above what the shipped rules need (the figures beside
them were measured on ``samples/`` and on the 1,000 benchmark agreements of
``bench/run.py``) and low enough that reaching one takes about a second.

Load time (``parser``, ``checker``, ``rulebook``):

* a rule file or data table is at most ``MAX_SOURCE_BYTES``, as an agreement,
  and the expressions of a rule file at most ``MAX_TOKENS`` tokens (lark
  parses some 70,000 a second);
* one expression nests at most ``MAX_NESTING`` levels (brackets, operators,
  calls; each term of ``a + b + c`` is a level, as the tree is built);
  counted on the text before parsing and on the tree after it, so nothing
  downstream (checker, compiler, evaluator, cache) recurses deeper;
* counting the definitions and ``let`` values it reads, an expression is at
  most ``MAX_DEPTH`` deep: that bounds the evaluator's stack;
* a rule has at most ``MAX_BINDINGS`` ``for``/``let`` clauses;
* a number written in a rule is at most ``MAX_NUMBER``.

Evaluation (``evaluator``), per rule and document:

* no text longer than ``MAX_TEXT`` characters and no list longer than
  ``MAX_LIST`` items is made (checked *before* making it: ``"a" * 10**11``
  never allocates), no number beyond ``MAX_NUMBER``;
* at most ``MAX_STEPS`` steps of work. A step is one node of the rule's
  expression evaluated once, one item of a list a loop, projection or
  comparison goes through, or ``TEXT_STEP`` characters of text scanned.
  Loops (comprehensions, quantifiers) pay for all their rounds before the
  first one, so a loop that could never finish fails at once. A rule over
  the set of documents (``applies-to asiakirjat``) gets ``CORPUS_STEPS``
  more for every document in the set: such rules are linear in it.

A constant part of an expression (one that reads no document) is evaluated
when the rules load, under the same bounds, so ``[1] * 10**9`` is a load
error; what depends on the documents is bounded when it runs.
"""

from __future__ import annotations

from ..messages import Message, say

MAX_SOURCE_BYTES = 1024 * 1024  # documents.loader.MAX_BYTES; the largest shipped rule file is 18 kB
MAX_TOKENS = 20_000  # words, numbers and signs outside strings and examples; the shipped rules have 669
MAX_NESTING = 64  # the shipped rules nest at most 9 levels; agreements' YAML at most 64 too
MAX_DEPTH = 160  # with definitions and lets the shipped rules reach 19 (KL8-JARJESTAMISVASTUU)
MAX_BINDINGS = 64  # the shipped rules have at most 13 for/let clauses (KL8-JARJESTAMISVASTUU)
MAX_NUMBER = 10**18  # the shipped rules' largest is 183,558 (a sum of labour forces)

MAX_TEXT = 10_000_000  # characters: ten agreements of the largest size; the shipped rules make 769
MAX_LIST = 1_000_000  # items: the shipped rules make 1,000 (the documents of a set of 1,000)
MAX_STEPS = 2_000_000  # per rule and document: at most a second or so; the shipped rules use 3,423
CORPUS_STEPS = 5_000  # more per document of the set; the shipped rules use 186 (ALUE-JASENYYS)
TEXT_STEP = 8  # characters of text scanned per step (about one word)

MAX_TABLE_NODES = 200_000  # YAML nodes of one data table, aliases expanded; kunnat.yaml has 2,500
MAX_TABLE_ERRORS = 50  # errors reported per data table; a table wrong throughout says so once


def finnish_number(n: int) -> str:
    """``10000000`` as "10 000 000" (a space between thousands, as Finnish writes it)."""
    return f"{n:,}".replace(",", " ")


def too_long_text(n: int) -> Message:
    return say("lang.limit.text", n=finnish_number(n), max=finnish_number(MAX_TEXT))


def too_long_list(n: int) -> Message:
    return say("lang.limit.list", n=finnish_number(n), max=finnish_number(MAX_LIST))


TOO_LARGE_NUMBER = say("lang.limit.number")


def too_much_work(budget: int) -> Message:
    where = say("lang.limit.work.document") if budget == MAX_STEPS else say(
        "lang.limit.work.corpus", steps=finnish_number(MAX_STEPS), corpus=finnish_number(CORPUS_STEPS))
    return say("lang.limit.work", budget=finnish_number(budget), where=where)


TOO_DEEP_TO_EVALUATE = say("lang.limit.deep")
OUT_OF_MEMORY = say("lang.limit.memory")
