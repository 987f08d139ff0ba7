"""The speed tricks of issue 17 answer exactly what the plain code they replace answered.

Each trick is checked against the straightforward version, kept here as the
reference: word patterns matched on the needles an index holds
(``text.Vocabulary``) against one substring search per needle; a sentence's
remembered word index against ``word_index(words(…))``; the repealed-act
probe by ``str.find`` against the regular expression it replaced; rules and
message templates compiled when first needed against the eager compile;
a paragraph split once for a chapter and its nested section against the
old split; a scalar's remembered YAML tag against PyYAML's resolver.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from tarkastus import citations, text
from tarkastus.engine import Options, check
from tarkastus.rulebook import load_rulebook

_WORDS = ["sopimus", "sopimuksen", "seuranta", "seurannasta", "kustannus", "kustannukset", "jako",
          "hallinto", "oikeus", "hallintolainkayttolaki", "turku", "turun", "a", "ab", "abc", "x"]
word = st.sampled_from(_WORDS) | st.text("abcäöå", min_size=1, max_size=6)


def _reference(pattern: text.Pattern, index: str) -> bool:
    """What ``Pattern.match_index`` answered before issue 17: a substring search per needle."""
    return any(all(n in index for n in positive) and not any(n in index for n in negative)
               for positive, negative in pattern.alternatives)


@st.composite
def patterns(draw) -> str:
    alternatives = []
    for _ in range(draw(st.integers(1, 3))):
        tokens = [draw(word) + ("*" if draw(st.booleans()) else "") for _ in range(draw(st.integers(1, 3)))]
        if draw(st.booleans()):
            tokens.append("!" + draw(word) + ("*" if draw(st.booleans()) else ""))
        alternatives.append(" ".join(tokens))
    return " | ".join(alternatives)


@settings(max_examples=400, deadline=None)
@given(source=patterns(), words=st.lists(word, max_size=8), cut=st.integers(0, 40))
def test_matching_on_present_needles_is_matching_by_substring(source, words, cut):
    pattern = text.compile_pattern(source)
    index = text.word_index(tuple(text.words(" ".join(words))))
    assert pattern.match_index(index) == _reference(pattern, index)
    # A slice of an index (as the citation reader makes) starts and ends inside words.
    piece = index[cut:]
    assert pattern.match_index(piece) == _reference(pattern, piece)
    assert text.PatternSet([pattern]).match_index(piece) == _reference(pattern, piece)


def test_a_pattern_compiled_after_matching_began_is_matched_too():
    index = text.word_index(text.words("Sopimuksen seurannasta vastaa ohjausryhmä"))
    assert not text.compile_pattern("zzyzx*").match_index(index)
    late = text.compile_pattern("ohjausryhm*")  # new needles after the memories were filled
    assert late.match_index(index)
    assert text.PatternSet([late]).match_index(index)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_a_remembered_index_is_the_index(raw):
    assert text.index_of(raw) == text.word_index(text.words(raw))
    assert text.index_of(raw) == text.word_index(text.words(raw))  # asked again: from the memory


def _old_probe(statute) -> re.Pattern:
    """The probe before issue 17: letter classes for the folded letters, a word start, ``re.I``."""
    fold = {"a": "[aäåá]", "o": "[oöó]", "u": "[uüú]", "e": "[eéè]"}
    stems = {positive[0].strip() for p in statute.patterns for positive, _ in p.alternatives}
    parts = ["".join(fold.get(ch, re.escape(ch)) for ch in stem) for stem in sorted(stems)]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.I)


_ACT_WORDS = st.sampled_from(["Hallintolainkäyttölain", "hallintolainkayttolaki", "HALLINTOLAINKÄYTTÖ",
                              "julkisesta", "JULKISESTA", "työvoima", "xhallintolain", "_julkisesta",
                              "laki", "(hallintolainkäyttölaki)", "3hallintolain", "–julkisesta"])


_REPEALED: list = []  # (statute, its old probe), read once


def _repealed() -> list:
    if not _REPEALED:
        _REPEALED.extend((s, _old_probe(s)) for s in load_rulebook().statutes.values()
                         if s.patterns and s.repealed_by)
    return _REPEALED


@settings(max_examples=300, deadline=None)
@given(st.lists(_ACT_WORDS | st.text(" .,;:-–\nabcäöÄÖ", max_size=8), max_size=12))
def test_the_repealed_act_probe_finds_what_the_regex_found(pieces):
    raw = " ".join(pieces)
    folded = text.fold(raw)
    for statute, old in _repealed():
        # The old probe knew four folded letters; the new one folds every diacritic, so it
        # finds at least what the old one found (the exact pattern test decides after it).
        if old.search(raw):
            assert citations._probed(citations._probe(statute), folded), raw


def test_the_probe_finds_a_repealed_act_named_without_its_number():
    book = load_rulebook()
    repealed = [s for s in book.statutes.values() if s.patterns and s.repealed_by]
    assert repealed, "the shipped statutes name repealed acts"
    raw = "Erimielisyydet ratkaistaan Hallintolainkäyttölain mukaan."
    hits = [s for s in repealed if citations._probed(citations._probe(s), text.fold(raw))]
    assert hits and all(_old_probe(s).search(raw) for s in hits)
    assert not any(citations._probed(citations._probe(s), text.fold("Uhallintolainkäyttölain")) for s in repealed)


def test_lazily_compiled_rules_find_what_eagerly_compiled_ones_find():
    drafts = sorted((ROOT / "samples").rglob("*.md"))
    lazy = load_rulebook(use_cache=False)
    eager = load_rulebook(use_cache=False)
    for compiled in eager.compiled:
        for case in compiled.prepare()[1]:
            for lang in ("fi", "sv", "en"):
                case.messages.get(lang)
    for lang in ("fi", "sv", "en"):
        options = Options(jobs=1, language=lang)
        assert [d.to_dict() if hasattr(d, "to_dict") else repr(d) for d in check(drafts, lazy, options).diagnostics] \
            == [d.to_dict() if hasattr(d, "to_dict") else repr(d) for d in check(drafts, eager, options).diagnostics]
    untouched = [c for c in lazy.compiled if c._compiled is None]
    assert len(untouched) < len(lazy.compiled)  # the samples' types ran most rules, not necessarily all


def _old_sentences(body, numbers):
    """A section's sentences as ``loader._sentences`` split them before issue 17 (nothing remembered):
    (line, text, index, paragraph counted from 0, placeholder)."""
    from tarkastus.documents.loader import _SENTENCE_END, _is_placeholder

    found, pending, paragraph = [], [], 0

    def flush():
        joined = " ".join(part for _, part in pending)
        starts, offset = [], 0
        for _, part in pending:
            starts.append(offset)
            offset += len(part) + 1
        begin, row = 0, 0
        for end in [m.end() for m in _SENTENCE_END.finditer(joined)] + [len(joined)]:
            piece = joined[begin:end].strip()
            if piece:
                first = begin + (len(joined[begin:end]) - len(joined[begin:end].lstrip()))
                while row + 1 < len(starts) and starts[row + 1] <= first:
                    row += 1
                found.append((pending[row][0], piece, text.word_index(text.words(piece)), paragraph, False))
            begin = end
        pending.clear()

    for i, line in enumerate(body.split("\n")):
        number = numbers[i] if i < len(numbers) else numbers[-1]
        if not line.strip():
            flush()
            paragraph += 1
        elif _is_placeholder(line):
            flush()
            found.append((number, line.strip(), text.word_index(text.words(line)), paragraph, True))
        else:
            pending.append((number, line.strip()))
    flush()
    return found


def _numbered(split):
    """Paragraphs numbered in order of appearance: the old counter and the new first lines compare equal."""
    rank: dict = {}
    return [(line, words, index, rank.setdefault(paragraph, len(rank)), placeholder)
            for line, words, index, paragraph, placeholder in split]


_LINES = st.sampled_from(["Sopimuksen seurannasta vastaa ohjausryhmä.", "Sovitaan myöhemmin.", "", "  ", "…",
                          "[täydennä]", "Kustannukset jaetaan; ks. liite 2.", "Toinen rivi jatkuu", "- kohta. Toinen!",
                          "TODO"]) | st.text(" .;!?abcäÄ\t", max_size=20)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=12), st.integers(1, 50))
def test_remembered_paragraphs_split_as_before(lines, first):
    from tarkastus.documents import loader

    def split(body, numbers):
        return [(s.line, s.text, s.index, s.paragraph, s.placeholder) for s in loader._sentences(body, numbers)]

    body = "\n".join(lines)
    numbers = tuple(range(first, first + len(lines) + 1))
    reference = _numbered(_old_sentences(body, numbers))
    for _ in range(2):  # cold, then from the memory
        assert _numbered(split(body, numbers)) == reference
    # The same paragraphs after one more (as in a chapter and the section nested in it) split the same,
    # into the same Sentence objects.
    shifted = split("Alku.\n\n" + body, (first - 2, first - 1, *numbers))
    assert _numbered(shifted[1:]) == reference
    alone = loader._sentences(body, numbers)
    within = loader._sentences("Alku.\n\n" + body, (first - 2, first - 1, *numbers))[1:]
    assert all(a is b for a, b in zip(alone, within) if not a.placeholder)


_SCALARS = st.sampled_from(["1", "01", "0x1F", "1_000", "1.5", ".inf", "-.Inf", "1e3", "yes", "No", "on", "off",
                            "true", "~", "null", "", "2025-01-01", "2025-1-1", "2025-01-01 10:00", "<<", "=",
                            "Turku", "6 kk", "12:30", "+1", "-0", "0o17"]) | st.text("0123456789.-:_eE+xyn ", max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_SCALARS, st.sampled_from(["{}", "'{}'", '"{}"', "!!str {}"])), min_size=1, max_size=8))
def test_remembered_scalar_tags_are_the_resolvers_tags(pairs):
    import yaml

    from tarkastus.documents import loader

    def tags(node):
        if isinstance(node, yaml.ScalarNode):
            return [(node.value, node.tag)]
        items = node.value if isinstance(node, yaml.SequenceNode) else [x for pair in node.value for x in pair]
        return [tag for item in items for tag in tags(item)]

    source = "".join(f"k{i}: [{form.format(value)}, {{a: {form.format(value)}}}]\n" for i, (value, form) in enumerate(pairs))
    try:
        expected = tags(yaml.compose(source, Loader=loader._BaseLoader))
    except yaml.YAMLError:
        return  # not YAML: nothing to compare
    for _ in range(2):  # cold, then from the memory
        assert tags(yaml.compose(source, Loader=loader._Loader)) == expected
