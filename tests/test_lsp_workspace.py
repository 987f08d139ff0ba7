"""What the language server asks of the engine and of a buffer, without the protocol.

``Workspace.check_text`` checks an editor's unsaved text as the file it
will be saved as; ``lsp.buffer``, ``lsp.hover``, ``lsp.completion`` and
``lsp.actions`` read a document's text. (The server itself: test_lsp.py.)
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from pathlib import Path

import pytest

from conftest import AS_OF, NO_MONITORING, ROOT
from tarkastus.workspace import Workspace

AREAS = ROOT / "samples" / "alueet"


def codes(run) -> list[str]:
    return [d.code for d in run.report.diagnostics]


def test_a_text_is_checked_as_the_file_it_will_be_saved_as(tmp_path):
    path = tmp_path / "luonnos.md"
    run = Workspace().check_text(path, NO_MONITORING, as_of=AS_OF)
    assert "KL54-SEURANTA" in codes(run)
    assert {d.path for d in run.report.diagnostics} == {str(path)}
    assert not path.exists() and not list(tmp_path.iterdir())  # nothing written beside it
    yaml = Workspace().check_text(tmp_path / "luonnos.yaml", "tyyppi: kl54\nohjaus: Turku\n", as_of=AS_OF)
    assert "KL54-SEURANTA" in codes(yaml)


def test_the_paths_configuration_applies(tmp_path):
    (tmp_path / "tarkastus.toml").write_text('ignore = ["KL54-SEURANTA"]\nkieli = "en"\n', encoding="utf-8")
    run = Workspace().check_text(tmp_path / "alikansio" / "luonnos.md", NO_MONITORING, as_of=AS_OF)
    assert run.report.diagnostics and "KL54-SEURANTA" not in codes(run)
    assert run.report.language == "en"
    (tmp_path / "tarkastus.toml").write_text("ignore = [\n", encoding="utf-8")
    workspace = Workspace()
    assert codes(workspace.check_text(tmp_path / "luonnos.md", NO_MONITORING)) == ["TARK-ASETUS"]


def test_reloading_the_configuration_keeps_the_rule_pack(tmp_path):
    workspace = Workspace()
    config = tmp_path / "tarkastus.toml"
    config.write_text('ignore = ["KL54-SEURANTA"]\n', encoding="utf-8")
    assert "KL54-SEURANTA" not in codes(workspace.check_text(tmp_path / "a.md", NO_MONITORING, as_of=AS_OF))
    book = workspace.book()
    config.write_text("", encoding="utf-8")
    assert "KL54-SEURANTA" not in codes(workspace.check_text(tmp_path / "a.md", NO_MONITORING, as_of=AS_OF))
    workspace.reload_configuration()
    assert "KL54-SEURANTA" in codes(workspace.check_text(tmp_path / "a.md", NO_MONITORING, as_of=AS_OF))
    assert workspace.book() is book


def test_a_placeholder_is_no_reason_for_a_deviation(tmp_path):
    text = NO_MONITORING.replace("---\n#", "poikkeukset:\n  - sääntö: KL54-SEURANTA\n    perustelu: \"[täydennä]\"\n---\n#")
    assert {"KL54-SEURANTA", "TARK-POIKKEUS"} <= set(codes(Workspace().check_text(tmp_path / "a.md", text)))
    comment = NO_MONITORING.replace("# Sopimus", '<!-- tarkastus: ohita KL54-SEURANTA perustelu="TODO" -->\n# Sopimus')
    assert {"KL54-SEURANTA", "TARK-POIKKEUS"} <= set(codes(Workspace().check_text(tmp_path / "a.md", comment)))
    reason = text.replace("[täydennä]", "Turku valvoo tehtävää omalla tarkastuksellaan.")
    active = {d.code for d in Workspace().check_text(tmp_path / "a.md", reason).report.active}
    assert not {"KL54-SEURANTA", "TARK-POIKKEUS"} & active


def test_a_text_that_is_not_an_agreement_gets_nothing_or_its_reason(tmp_path):
    workspace = Workspace()
    assert codes(workspace.check_text(tmp_path / "README.md", "# Ohjeet\n\nLue tämä.\n")) == []
    assert codes(workspace.check_text(tmp_path / "x.md", "tyyppi: kl54\n# Sopimus\n")) == ["TARK-OHITETTU"]


def test_the_other_documents_of_the_folder_are_read_from_disk_and_the_text_replaces_its_own(tmp_path):
    folder = tmp_path / "alueet"
    shutil.copytree(AREAS, folder)
    workspace = Workspace()
    keski_savo = folder / "keski-savo-yhteistoimintasopimus.md"
    kuopio = folder / "kuopio-yhteistoimintasopimus.md"
    run = workspace.check_text(keski_savo, keski_savo.read_text(encoding="utf-8"), context=[folder], as_of=AS_OF)
    (overlap,) = [d for d in run.report.diagnostics if d.code == "ALUE-PAALLEKKAISYYS"]
    assert overlap.related == [(str(kuopio), overlap.related[0][1])]
    # The open text of kuopio's agreement, without Leppävirta: its own copy on disk does not count.
    edited = kuopio.read_text(encoding="utf-8").replace("Leppävirta", "Lepävirta")
    run = workspace.check_text(kuopio, edited, context=[folder], as_of=AS_OF)
    assert "ALUE-PAALLEKKAISYYS" not in codes(run)
    # Saved: the other document sees it at once (its remembered result is of another size and time).
    kuopio.write_text(edited, encoding="utf-8")
    run = workspace.check_text(keski_savo, keski_savo.read_text(encoding="utf-8"), context=[folder], as_of=AS_OF)
    assert "ALUE-PAALLEKKAISYYS" not in codes(run)


def test_an_edit_is_checked_in_a_few_hundredths_of_a_second():
    """The server's budget is 100 ms from an edit to its diagnostics (bench/lsp_latency.py measures it
    through the protocol); the check alone stays well inside it, the folder's other documents included."""
    workspace = Workspace()
    draft = ROOT / "samples" / "kl54" / "luonnos-ei-seurantaa.md"
    text = draft.read_text(encoding="utf-8")
    workspace.check_text(draft, text, context=[draft.parent])
    times = []
    for n in range(7):
        start = time.perf_counter()
        workspace.check_text(draft, text + "\n" * n, context=[draft.parent])
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.1, times


# ---- the buffer --------------------------------------------------------------------------------------

def _buffer(text: str, name: str = "x.md"):
    from tarkastus.lsp.buffer import Buffer

    return Buffer(text, Path(name))


def test_keys_and_their_paths_in_the_front_matter():
    buffer = _buffer("---\ntyyppi: kl54\nosapuolet:\n  - kunta: Turku\n    rooli: vastuukunta\n---\n# S\n")
    assert buffer.yaml_region() == (1, 5) and buffer.body_start() == 6
    path, node = buffer.key_at(4, 6)
    assert path == ("osapuolet", "[]", "rooli") and node.value == "rooli"
    assert buffer.key_at(6, 1) is None
    assert [h.title for h in buffer.headings()] == ["S"]


@pytest.mark.parametrize("line, before, expected", [
    ("tyyppi: ", "tyyppi: ", ["yhteistoimintasopimus", "kl54", "järjestämissuunnitelma"]),
    ("siirretään: [tuottaminen, ]", "siirretään: [tuottaminen, ", "toimivallan-käyttö"),
    ("tehtävät:\n  - alue: [Raisio, Lie]", "  - alue: [Raisio, Lie", "Lieto"),
    ("seuranta:\n  vas", "  vas", "vastuu"),
    ("kuntayhtymä:\n  toimielimet:\n    - {nimi: X, tyyppi: }", "    - {nimi: X, tyyppi: ", "yhtymähallitus"),
])
def test_completion_at_the_cursor(book, line, before, expected):
    from tarkastus.lsp.completion import complete

    text = "---\ntyyppi: kl54\n" + line + "\n---\n" if not line.startswith("tyyppi") else "---\n" + line + "\n---\n"
    if line.startswith("kuntayhtymä"):
        text = text.replace("kl54", "yhteistoimintasopimus")
    lines = text.split("\n")
    row = next(i for i, written in enumerate(lines) if written.startswith(before))
    found = complete(_buffer(text), row, len(before), book, "fi")
    labels = [item.label for item in found.items]
    assert labels == expected if isinstance(expected, list) else expected in labels


def test_completion_knows_nothing_of_the_body_or_of_a_broken_front_matter(book):
    from tarkastus.lsp.completion import complete

    assert complete(_buffer("---\ntyyppi: kl54\n---\n# Sopimus\nTurku ja \n"), 4, 9, book, "fi") is None
    assert complete(_buffer("---\ntyyppi: [kl54\nohjaus: \n---\n"), 2, 8, book, "fi") is None


def test_a_deviation_is_added_to_an_existing_list_in_its_indentation(book):
    from tarkastus.diagnostics import Diagnostic, Position, Severity
    from tarkastus.lsp.actions import deviation_actions

    text = ("---\ntyyppi: kl54\npoikkeukset:\n    - sääntö: KL54-TYOPANOS\n      perustelu: Syy.\nohjaus: Turku\n"
            "---\n# Sopimus\n\n## 3. Tehtävät\n\nTeksti.\n")
    finding = Diagnostic("KL54-SEURANTA", Severity.ERROR, "x.md", Position(12, 1), "m")
    front, comment = deviation_actions(_buffer(text), finding, book, "en", "fi")
    (edit,) = front.edits
    assert edit.start == edit.end == (5, 0)
    assert edit.text == '    - sääntö: KL54-SEURANTA\n      perustelu: "[täydennä]"\n'
    assert front.title.startswith("Add a deliberate deviation from KL54-SEURANTA")
    (edit,) = comment.edits
    assert edit.start == (9, 0) and edit.text == '<!-- tarkastus: ohita KL54-SEURANTA perustelu="[täydennä]" -->\n'
    swedish = deviation_actions(_buffer(text), finding, book, "sv", "sv")[0]
    assert '"[komplettera]"' in swedish.edits[0].text


def test_a_deviation_in_a_yaml_file_goes_at_its_end(book):
    from tarkastus.diagnostics import Diagnostic, Position, Severity
    from tarkastus.lsp.actions import deviation_actions

    finding = Diagnostic("KL54-SEURANTA", Severity.ERROR, "x.yaml", Position(1, 1), "m")
    (front,) = deviation_actions(_buffer("tyyppi: kl54\nohjaus: Turku", "x.yaml"), finding, book, "fi", "fi")
    assert front.edits[0].start == (1, len("ohjaus: Turku"))
    assert front.edits[0].text.startswith("\npoikkeukset:\n  - sääntö: KL54-SEURANTA")


def test_hover_of_a_rule_in_another_language_marks_what_is_finnish(book):
    from tarkastus.lsp.hover import rule_markdown

    shown = rule_markdown(book.rule("KL54-SEURANTA"), "en")
    assert shown.startswith("### KL54-SEURANTA: No monitoring of how the task is performed")
    assert "**Provision (in Finnish):**" in shown and "**Why:**" in shown and "**Fix:**" in shown


def test_no_lsp_module_is_left_without_its_library():
    """Only the server modules import pygls and lsprotocol; the readers of a buffer are plain Python."""
    source = ROOT / "src" / "tarkastus"
    for path in source.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "import pygls" in text or "from pygls" in text or "from lsprotocol" in text:
            assert path.parent.name == "lsp" and path.name in ("server.py", "features.py"), path
    assert os.path.exists(source / "lsp" / "server.py")
