"""Bilingual agreements: Finnish text and its Swedish version in one document.

A provision stated in either language counts; where the two versions state
a fact differently, that is a RISTIRIITA-* finding at both places, as for
two places of one text. The sample is samples/kaksikielinen/.
"""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from conftest import AS_OF, ROOT
from tarkastus.cli import main
from tarkastus.language import bilingual, detect

SAMPLE = ROOT / "samples" / "kaksikielinen" / "vaasa-mustasaari-kl54.md"
TEXT = SAMPLE.read_text(encoding="utf-8")


def check(tmp_path, text: str) -> tuple[int, list[dict]]:
    path = tmp_path / "sopimus.md"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json", "--isolated",
                                       "--as-of", AS_OF.isoformat()])
    return result.exit_code, json.loads(result.output)["diagnostics"]


def test_the_bilingual_sample_passes_and_is_told_bilingual(tmp_path):
    assert bilingual(TEXT) and detect(TEXT) == "fi"  # the Finnish version comes first
    assert check(tmp_path, TEXT) == (0, [])


def test_two_language_versions_that_state_the_notice_period_differently_conflict(tmp_path):
    text = TEXT.replace("Uppsägningstiden är sex (6) månader.", "Uppsägningstiden är tolv (12) månader.")
    exit_code, found = check(tmp_path, text)
    (conflict,) = [d for d in found if d["code"] == "RISTIRIITA-IRTISANOMISAIKA"]
    assert exit_code == 1 and "kuusi (6) kuukautta" in conflict["message"] and "tolv" in conflict["message"]
    lines = TEXT.split("\n")
    swedish_start = next(i for i, line in enumerate(lines) if line.startswith("# Avtal")) + 1
    assert {conflict["line"], conflict["related"][0]["line"]} & set(range(swedish_start, len(lines) + 1))


def test_a_provision_in_one_language_version_only_counts(tmp_path):
    finnish_only_removed = re.sub(r"## 6\. Seuranta ja valvonta\n\n.*?\n\n(?=## 7)", "", TEXT, flags=re.S)
    assert "Seuranta ja valvonta" not in finnish_only_removed and "## 6. Uppföljning och tillsyn" in TEXT
    exit_code, found = check(tmp_path, finnish_only_removed)
    assert "KL54-SEURANTA" not in {d["code"] for d in found}, found
    both_removed = re.sub(r"## 6\. Uppföljning och tillsyn\n\n.*?\n\n(?=## 7)", "", finnish_only_removed, flags=re.S)
    assert "KL54-SEURANTA" in {d["code"] for d in check(tmp_path, both_removed)[1]}
