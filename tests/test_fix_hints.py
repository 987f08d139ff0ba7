"""Fix hints that can be pasted (issue 14, item 3).

A rule's ``fix`` (in each language) is prose with blocks to paste: a
paragraph indented four spaces more than the text is kept line by line
(``diagnostics.BLOCK_INDENT``), as Markdown writes code. A block that is
front matter must be valid YAML that the format accepts: pasted into the
front matter of a document of the rule's type, it gives no input error
(TARK-YAML, TARK-SCHEMA, TARK-AVAIN …). A block that is a heading is a
Markdown heading ("## 6. Seuranta"). Before blocks, the hint said
"Lisää 'irtisanominen: irtisanomisaika: 6 kk'", which pasted gives
TARK-YAML.
"""

from __future__ import annotations

import re

import pytest

from conftest import shipped_rulebook
from tarkastus.diagnostics import BLOCK_INDENT

RULES = shipped_rulebook().rules
_KEY = re.compile(r"^[\wäöåÄÖÅ-]+:(\s|$)")


def blocks(fix: str) -> list[str]:
    """The blocks of a fix hint, each dedented; consecutive block paragraphs are separate blocks."""
    return ["\n".join(line[len(BLOCK_INDENT):] for line in paragraph.splitlines())
            for paragraph in fix.split("\n\n") if paragraph.startswith(BLOCK_INDENT)]


def _front_matter_blocks():
    for rule in RULES:
        for lang, fix in [("fi", rule.fix), *sorted(rule.fixes.items())]:
            for number, block in enumerate(blocks(fix), start=1):
                if _KEY.match(block) and not block.startswith("#"):
                    yield pytest.param(rule, block, id=f"{rule.id}-{lang}-{number}")


def _doc_type(rule) -> str:
    kinds = [t for t in rule.applies if t not in ("all", "asiakirjat")]
    return kinds[0] if kinds else "kl54"


@pytest.mark.parametrize(("rule", "block"), list(_front_matter_blocks()))
def test_a_front_matter_block_pasted_into_the_front_matter_is_valid(load_text, rule, block):
    doc = load_text(f"---\ntarkastus: 1\ntyyppi: {_doc_type(rule)}\n{block}\n---\n# Sopimus\n")
    problems = [f"{d.code} {d.message}" for d in doc.diagnostics if d.code.startswith("TARK-")]
    assert not problems, (block, problems)


def test_blocks_are_read_from_a_fix_hint():
    from tarkastus.lang.parser import _string

    fix = _string('"""\n  Lisää etusivulle:\n\n      irtisanominen:\n        irtisanomisaika: 6 kk\n\n'
                  '  tai tekstiin:\n\n      ## 11. Irtisanominen\n\n      Kumpikin voi irtisanoa sopimuksen.\n"""')
    assert blocks(fix) == ["irtisanominen:\n  irtisanomisaika: 6 kk", "## 11. Irtisanominen",
                           "Kumpikin voi irtisanoa sopimuksen."]
    assert fix.split("\n\n")[0] == "Lisää etusivulle:"


def test_every_heading_block_is_a_markdown_heading():
    for rule in RULES:
        for fix in [rule.fix, *rule.fixes.values()]:
            for block in blocks(fix):
                if block.startswith("#"):
                    assert re.match(r"^#{1,6} \S", block) and "\n" not in block, (rule.id, block)
