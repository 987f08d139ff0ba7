"""Text normalisation and the word-pattern language shared by headings and rules.

Agreement texts are Finnish legal prose: inflected ("irtisanomisesta",
"irtisanominen"), numbered ("11. Sopimuksen voimassaolo"), with or without
diacritics when typed in a hurry. Every comparison therefore goes through
``norm`` (case-folded, diacritics removed, whitespace collapsed), and patterns
match word *prefixes*, which is how Finnish inflection is tolerated without a
morphological analyser.

Pattern syntax (one string): alternatives separated by ``|``; an alternative
is a list of words that must all occur, in any order; ``word*`` matches any
word starting with ``word``; ``!word*`` must not occur. Example:
``kustannu* jak* | kustannu* !perust*``.

A pattern may start with a language tag, ``sv: uppfoljning*``: the
language its words are in (``Pattern.language``). An untagged pattern is
Finnish. The tag changes nothing in matching (a bilingual agreement mixes
both, and every pattern is tried on every text); it says which language an
entry of the word tables covers, so that a test can require each entry to
cover Swedish too (tests/test_prose_swedish.py).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+")
_LANGUAGE_TAG = re.compile(r"\s*([a-z]{2}):\s")
DEFAULT_LANGUAGE = "fi"
_SPACE = re.compile(r"\s+")
# The Unicode blocks of combining marks (what NFKD splits ä into: a + U+0308).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text: str) -> str:
    """Case-folded, diacritics removed (ä→a), whitespace kept as it is: ``norm`` without its spacing."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


def _norm(text: str) -> str:
    return _SPACE.sub(" ", fold(text)).strip()


# Names, keys and values repeat and are cached by the thousand; a long text
# (a section's body, up to a megabyte) only in a few places, so that a run
# over many documents does not keep thousands of bodies alive.
_LONG = 2048
_norm_short = lru_cache(maxsize=8192)(_norm)
_norm_long = lru_cache(maxsize=16)(_norm)


def norm(text: str) -> str:
    """Case-fold, strip diacritics (ä→a, ö→o, å→a) and collapse whitespace."""
    return _norm_short(text) if len(text) <= _LONG else _norm_long(text)


def words(text: str) -> tuple[str, ...]:
    """The normalised words of ``text`` (punctuation and numbering dropped)."""
    return tuple(_WORD.findall(norm(text)))


def word_index(text_words: tuple[str, ...]) -> str:
    """Words as one string, ``" a b c "``, for ``Pattern.match_index``."""
    return " " + " ".join(text_words) + " "


def _index_of(text: str) -> str:
    return " " + " ".join(_WORD.findall(norm(text))) + " "


# A sentence's index is asked for by the sections it is in (a chapter and
# its numbered parts), by the fact readers and the rules: remembered like
# ``norm``, for short texts only.
_index_of_short = lru_cache(maxsize=8192)(_index_of)


def index_of(text: str) -> str:
    """``word_index(words(text))``, remembered for texts of up to 2 048 characters."""
    return _index_of_short(text) if len(text) <= _LONG else _index_of(text)


class Pattern:
    """A compiled word pattern; see the module docstring for the syntax.

    Matching runs on a word index (``word_index``): a word is the needle
    ``" word "``, a prefix the needle ``" word"``. Which needles an index
    contains is read once per index for every pattern at once
    (``present``); a pattern then matches when an alternative's positive
    needles are all in that set and none of its negative ones (two set
    operations in C, no substring search).
    """

    __slots__ = ("source", "alternatives", "language", "_sets")

    def __init__(self, source: str) -> None:
        self.source = source
        self.language, body = language_of(source)
        alternatives = []
        for alternative in body.split("|"):
            positive: list[str] = []
            negative: list[str] = []
            for token in alternative.split():
                target = negative if token.startswith("!") else positive
                token = token.lstrip("!")
                prefix = token.endswith("*")
                parts = _WORD.findall(norm(token.rstrip("*")))
                for i, part in enumerate(parts):
                    # In "hallinto-oikeu*" only the last part is a prefix.
                    target.append(f" {part}" if prefix and i == len(parts) - 1 else f" {part} ")
            if positive:
                alternatives.append((tuple(positive), tuple(negative)))
        if not alternatives:
            raise ValueError(f"tyhjä hakulauseke: {source!r}")
        self.alternatives = tuple(alternatives)
        self._sets = tuple((frozenset(positive), frozenset(negative)) for positive, negative in alternatives)
        VOCABULARY.add(n for positive, negative in alternatives for n in positive + negative)

    def match_present(self, found: frozenset) -> bool:
        """Whether the pattern matches an index whose needles are ``found`` (``present(index)``)."""
        return _any_alternative(self._sets, found)

    def match_index(self, index: str) -> bool:
        return self.match_present(present(index))

    def match_words(self, text_words: tuple[str, ...]) -> bool:
        return self.match_index(word_index(text_words))

    def match(self, text: str) -> bool:
        return self.match_index(index_of(text))

    def __repr__(self) -> str:
        return f"Pattern({self.source!r})"

    def __reduce__(self):
        return (compile_pattern, (self.source,))


class Vocabulary:
    """Every needle of every compiled pattern, and which of them a word index contains.

    Speed trick (issue 17): the rules and the fact readers ask each section
    and sentence about hundreds of patterns. Instead of one substring search
    per needle and index, ``present(index)`` splits the index into its words
    once and looks each word up: a word satisfies the needle ``" word "``
    and every prefix needle ``" wo"`` whose prefix it starts with. A word's
    needles are remembered (agreement texts reuse few words, so after the
    first documents nearly every word is a dictionary hit), and so are an
    index's (each section and sentence is asked again by every rule).
    Both memories are bounded and start afresh when a pattern adds needles;
    a lookup that began before that writes into the memory it began with,
    which is then no longer used.

    The result is the same as testing ``needle in index`` for every needle:
    the index's first piece has no space before it, so it starts no word,
    and its last piece has none after it, so it satisfies prefixes only.
    """

    _WORDS = 65536  # words remembered
    _INDEXES = 4096  # indexes remembered (a document has a few hundred)

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.exact: set[str] = set()  # "word" of each needle " word "
        self.prefixes: set[str] = set()  # "wo" of each needle " wo"
        self.lengths: tuple[int, ...] = ()  # distinct prefix lengths, ascending
        self._pending: list[str] = []  # needles added since the last lookup
        self._words: dict[str, tuple[str, ...]] = {}
        self._indexes: dict[str, frozenset] = {}

    def add(self, needles) -> None:
        """Needles of a new pattern; taken in at the next lookup (a rule pack adds thousands at once)."""
        with self._lock:
            self._pending.extend(needles)

    def _take_pending(self) -> None:
        with self._lock:
            needles, self._pending = self._pending, []
            new_exact = {n[1:-1] for n in needles if n.endswith(" ")} - self.exact
            new_prefixes = {n[1:] for n in needles if not n.endswith(" ")} - self.prefixes
            if not new_exact and not new_prefixes:
                return
            self.exact |= new_exact
            self.prefixes |= new_prefixes
            self.lengths = tuple(sorted({len(p) for p in self.prefixes}))
            self._words = {}
            self._indexes = {}

    def present(self, index: str) -> frozenset:
        """The needles of every compiled pattern that ``index`` contains."""
        if self._pending:
            self._take_pending()
        indexes = self._indexes
        found = indexes.get(index)
        if found is not None:
            return found
        known = self._words
        pieces = index.split(" ")
        needles: set[str] = set()
        for word in pieces[1:-1]:
            of_word = known.get(word)
            if of_word is None:
                of_word = self._of_word(known, word)
            needles.update(of_word)
        if len(pieces) > 1 and pieces[-1]:
            needles.update(n for n in self._of_word(known, pieces[-1]) if not n.endswith(" "))
        found = frozenset(needles)
        if len(indexes) >= self._INDEXES:
            indexes.clear()
        indexes[index] = found
        return found

    def _of_word(self, known: dict, word: str) -> tuple[str, ...]:
        found = [f" {word} "] if word in self.exact else []
        prefixes = self.prefixes
        size = len(word)
        for length in self.lengths:
            if length > size:
                break
            if word[:length] in prefixes:
                found.append(" " + word[:length])
        result = tuple(found)
        if len(known) >= self._WORDS:
            known.clear()
        known[word] = result
        return result


VOCABULARY = Vocabulary()
present = VOCABULARY.present


def language_of(source: str) -> tuple[str, str]:
    """(language, the rest) of a tagged text: "sv: avtalas senare" is ("sv", "avtalas senare")."""
    tag = _LANGUAGE_TAG.match(source)
    if tag is None:
        return DEFAULT_LANGUAGE, source
    return tag.group(1), source[tag.end():]


@lru_cache(maxsize=1024)
def compile_pattern(source: str) -> Pattern:
    return Pattern(source)


class PatternSet:
    """Several patterns matched at once: does any of them match a word index?

    Every alternative of every pattern needs its first word, so the set of
    those first needles rules out most texts with one ``isdisjoint`` before
    any alternative is tried: the fact readers ask each sentence about
    dozens of word lists. Built once per list.
    """

    __slots__ = ("patterns", "_firsts", "_sets")

    def __init__(self, patterns) -> None:
        self.patterns = tuple(patterns)
        self._firsts = frozenset(positive[0] for p in self.patterns for positive, _ in p.alternatives)
        self._sets = tuple(pair for p in self.patterns for pair in p._sets)

    def match_index(self, index: str) -> bool:
        found = present(index)  # match_present inlined: this is the hottest call of a run
        return not found.isdisjoint(self._firsts) and _any_alternative(self._sets, found)

    def match_present(self, found: frozenset) -> bool:
        return not found.isdisjoint(self._firsts) and _any_alternative(self._sets, found)


def _any_alternative(alternatives, found: frozenset) -> bool:
    """Whether one of ``alternatives`` ((positive, negative) needle sets) matches the needles ``found``."""
    for positive, negative in alternatives:
        if positive <= found and found.isdisjoint(negative):
            return True
    return False


_SETS: dict[int, tuple] = {}


def pattern_set(patterns: tuple) -> PatternSet:
    """The ``PatternSet`` of a tuple of patterns (remembered by identity: a provision's or lexeme's own tuple)."""
    found = _SETS.get(id(patterns))
    if found is None or found[0] is not patterns:
        if len(_SETS) > 4096:
            _SETS.clear()
        found = _SETS[id(patterns)] = (patterns, PatternSet(patterns))
    return found[1]


def same_text(a: str, b: str) -> bool:
    return norm(a) == norm(b)


def mentions(text: str, name: str) -> bool:
    """Whether ``text`` names ``name``, also in an inflected form.

    "Turun kaupunki" mentions "Turku", "Raision työllisyyspalvelut" mentions
    "Raisio". Finnish genitives change the stem (Turku→Turun, Lieto→Liedon,
    Lahti→Lahden), so a capitalised word sharing the name's stem (all but
    its last two letters, at least three) counts; lower-case words do not,
    which keeps "turvallisuus" from mentioning Turku.
    """
    target = norm(name)
    if not target:
        return False
    ntext = norm(text)
    if ntext == target or f" {target} " in f" {ntext} ":
        return True
    name_words = target.split()
    stem = name_words[0][: max(3, len(name_words[0]) - 2)]
    for raw in re.findall(r"[^\W\d_][\w-]*", text):
        if raw[:1].isupper() and norm(raw).startswith(stem) and len(name_words) == 1:
            return True
    return False
