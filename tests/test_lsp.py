"""``tarkastus lsp`` end to end: a real server process driven by pytest-lsp's client over stdio.

One server for the module (its start-up is paid once); each test opens its
own documents in the module's workspace folder. The client says it is VS
Code (pytest-lsp's capabilities of it), answers the server's registration
of file watchers, and checks every message against the protocol.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import time
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from conftest import NO_MONITORING, ROOT

pytestmark = pytest.mark.asyncio(loop_scope="module")
SERVER = [sys.executable, "-m", "tarkastus", "lsp"]
DRAFT = ROOT / "samples" / "kl54" / "luonnos-ei-seurantaa.md"
MONITORING = "\n## 6. Seuranta\n\nTurku seuraa tehtävän hoitoa neljännesvuosittain raportoinnin avulla.\n"


def make_client() -> LanguageClient:
    """pytest-lsp's client, keeping every version of every document's diagnostics and accepting the
    server's dynamic registrations."""
    client = LanguageClient()
    client.published = []

    def publish(ls, params: types.PublishDiagnosticsParams) -> None:
        ls.diagnostics[params.uri] = params.diagnostics
        ls.published.append((time.perf_counter(), params))

    def register(ls, params: types.RegistrationParams) -> None:
        ls.registrations = [r.method for r in params.registrations]

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish,
                                   types.CLIENT_REGISTER_CAPABILITY: register})
    return client


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("lsp-workspace")
    shutil.copytree(ROOT / "samples" / "alueet", root / "alueet")
    (root / "kl54").mkdir()
    shutil.copy(DRAFT, root / "kl54" / DRAFT.name)
    return root


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=SERVER, client_factory=make_client))
async def client(lsp_client: LanguageClient, folder: Path):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        workspace_folders=[types.WorkspaceFolder(uri=folder.as_uri(), name="sopimukset")]))
    yield
    await lsp_client.shutdown_session()


# ---- helpers ----------------------------------------------------------------------------------------

def open_document(client, path: Path, text: str, version: int = 1) -> str:
    uri = path.as_uri()
    language = "markdown" if path.suffix == ".md" else "yaml"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)))
    return uri


def change(client, uri: str, version: int, text: str, at: types.Range | None = None) -> float:
    """Send a change (the whole text, or ``text`` put at ``at``); returns when it was sent."""
    event = (types.TextDocumentContentChangePartial(range=at, text=text) if at is not None
             else types.TextDocumentContentChangeWholeDocument(text=text))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[event]))
    return time.perf_counter()


async def diagnostics(client, uri: str, version: int, timeout: float = 10.0):
    """The diagnostics published for ``version`` of ``uri``: (when they came, the list)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        for when, params in reversed(client.published):
            if params.uri == uri and params.version == version:
                return when, list(params.diagnostics)
        await asyncio.sleep(0.005)
    raise AssertionError(f"no diagnostics for version {version} of {uri}")


async def republished(client, uri: str, after: int, timeout: float = 10.0):
    """The first diagnostics of ``uri`` published after the first ``after`` publications."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        for _, params in client.published[after:]:
            if params.uri == uri:
                return list(params.diagnostics)
        await asyncio.sleep(0.005)
    raise AssertionError(f"{uri} was not checked again")


def codes(found) -> list[str]:
    return [d.code for d in found]


def apply(text: str, edits) -> str:
    """``text`` with LSP text edits applied (the test documents are in the BMP: UTF-16 units are characters)."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def offset(position: types.Position) -> int:
        return starts[position.line] + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


async def code_actions(client, uri: str, found):
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=found.range,
        context=types.CodeActionContext(diagnostics=[found])))


async def hover_text(client, uri: str, line: int, character: int) -> str | None:
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, character)))
    return result.contents.value if result is not None else None


async def completion_labels(client, uri: str, line: int, character: int) -> list[str]:
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, character)))
    return [item.label for item in result.items] if result is not None else []


# ---- the "done when": open, type, fix ---------------------------------------------------

async def test_a_draft_without_monitoring_shows_KL54_SEURANTA_before_it_is_saved(client, folder):
    path = folder / "luonnos.md"  # never written: only the editor has it
    uri = open_document(client, path, NO_MONITORING)
    _, found = await diagnostics(client, uri, 1)
    (monitoring,) = [d for d in found if d.code == "KL54-SEURANTA"]
    assert not path.exists()
    assert monitoring.severity == types.DiagnosticSeverity.Error
    assert monitoring.source == "tarkastus"
    assert monitoring.code_description.href.startswith("https://finlex.fi/")
    # A missing provision points at the title heading, its words underlined.
    assert (monitoring.range.start.line, monitoring.range.start.character) == (5, 0)
    assert (monitoring.range.end.line, monitoring.range.end.character) == (5, len("# Sopimus"))
    assert "seurannasta" in monitoring.message

    lines = NO_MONITORING.split("\n")
    end = types.Position(len(lines) - 1, 0)
    sent = change(client, uri, 2, MONITORING, types.Range(end, end))  # typed at the end of the buffer
    when, found = await diagnostics(client, uri, 2, timeout=1.0)
    assert "KL54-SEURANTA" not in codes(found)
    assert when - sent < 1.0
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))


async def test_the_code_action_inserts_the_missing_section_in_the_numbering(client, folder):
    path = folder / "kl54" / DRAFT.name
    text = path.read_text(encoding="utf-8")
    uri = open_document(client, path, text)
    _, found = await diagnostics(client, uri, 1)
    (monitoring,) = [d for d in found if d.code == "KL54-SEURANTA"]
    actions = await code_actions(client, uri, monitoring)
    (insert,) = [a for a in actions if "Tehtävien hoidon seuranta" in a.title]
    assert insert.kind == types.CodeActionKind.QuickFix and not insert.is_preferred  # unsafe: marked so
    fixed = apply(text, insert.edit.changes[uri])
    assert "## 6. Tehtävien hoidon seuranta, ohjaus ja valvonta\n\n[täydennä]\n\n## 7. Vastuu vahingoista" in fixed
    assert "## 12. Muut ehdot" in fixed and "## 11. Muut ehdot" not in fixed
    change(client, uri, 2, fixed)
    _, found = await diagnostics(client, uri, 2)
    (monitoring,) = [d for d in found if d.code == "KL54-SEURANTA"]
    placeholder = fixed.split("\n").index("[täydennä]")
    assert monitoring.range.start.line == placeholder  # now the placeholder is what remains to be written
    assert path.read_text(encoding="utf-8") == text  # the server never writes
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))


async def test_a_deliberate_deviation_needs_its_placeholder_reason_replaced(client, folder):
    uri = open_document(client, folder / "poikkeama.md", NO_MONITORING)
    _, found = await diagnostics(client, uri, 1)
    (monitoring,) = [d for d in found if d.code == "KL54-SEURANTA"]
    actions = await code_actions(client, uri, monitoring)
    (front,) = [a for a in actions if "etusivulle" in a.title and "KL54-SEURANTA" in a.title]
    (comment,) = [a for a in actions if "kommentilla" in a.title and "KL54-SEURANTA" in a.title]
    assert comment.edit.changes[uri][0].new_text.startswith('<!-- tarkastus: ohita KL54-SEURANTA perustelu="')
    text = apply(NO_MONITORING, front.edit.changes[uri])
    assert 'poikkeukset:\n  - sääntö: KL54-SEURANTA\n    perustelu: "[täydennä]"\n---' in text
    change(client, uri, 2, text)
    _, found = await diagnostics(client, uri, 2)
    assert "KL54-SEURANTA" in codes(found) and "TARK-POIKKEUS" in codes(found)  # a placeholder is no reason
    change(client, uri, 3, text.replace("[täydennä]", "Turku valvoo tehtävää omalla tarkastuksellaan."))
    _, found = await diagnostics(client, uri, 3)
    assert "KL54-SEURANTA" not in codes(found) and "TARK-POIKKEUS" not in codes(found)
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))


async def test_a_safe_fix_is_the_preferred_action(client, folder):
    text = NO_MONITORING.replace("ohjaus: Turku", "ohjaus: Turku\nosapuolet:\n  - {kunta: Siilinjärvii, rooli: "
                                                  "jäsenkunta}")
    uri = open_document(client, folder / "kirjoitusvirhe.md", text)
    _, found = await diagnostics(client, uri, 1)
    (unknown,) = [d for d in found if d.code == "KUNTA-TUNTEMATON"]
    actions = await code_actions(client, uri, unknown)
    (preferred,) = [a for a in actions if a.is_preferred]
    assert apply(text, preferred.edit.changes[uri]) == text.replace("Siilinjärvii", "Siilinjärvi")
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))


# ---- findings across documents ----------------------------------------------------------------------

async def test_a_finding_across_documents_points_at_the_other_document(client, folder):
    path = folder / "alueet" / "kuopio-tuusniemi-kl54.md"
    uri = open_document(client, path, path.read_text(encoding="utf-8"))
    _, found = await diagnostics(client, uri, 1)
    (lead,) = [d for d in found if d.code == "ALUE-VASTUUKUNTA"]
    (other,) = lead.related_information
    assert other.location.uri == (folder / "alueet" / "kuopio-yhteistoimintasopimus.md").as_uri()
    assert other.location.range.start.line == 1
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))


# ---- hover ------------------------------------------------------------------------------------------

async def test_hover_documents_findings_rule_ids_keys_and_municipalities(client, folder):
    text = NO_MONITORING.replace("# Sopimus", "# Sopimus\n\n<!-- tarkastus: ohita KL54-TYOPANOS perustelu=\"x\" -->\n"
                                              "## 1. Osapuolet\n\nTurku ja Raisio.")
    uri = open_document(client, folder / "ohje.md", text)
    await diagnostics(client, uri, 1)
    on_finding = await hover_text(client, uri, 5, 3)
    assert "KL54-SEURANTA" in on_finding and "Tehtävän hoidon seuranta puuttuu" in on_finding
    for heading in ("Lainkohta", "Miksi", "Korjaus"):
        assert f"**{heading}:**" in on_finding
    assert "(https://finlex.fi/" in on_finding
    on_rule = await hover_text(client, uri, 7, 25)
    assert "### KL54-TYOPANOS: " in on_rule  # (beside the unused deviation's own finding there)
    on_key = await hover_text(client, uri, 3, 2)
    assert "**ohjaus**: Kenellä on oikeus ohjata ja valvoa viranhaltijaa" in on_key and "KL54-OHJAUS" in on_key
    on_name = await hover_text(client, uri, 10, 9)  # Raisio, in the text
    assert "**Raisio** · kuntarekisteri" in on_name and "680" in on_name and "Varsinais-Suomi" in on_name
    assert await hover_text(client, uri, 9, 0) is None  # nothing there
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))


# ---- completion -------------------------------------------------------------------------------------

async def test_completion_of_keys_values_and_municipalities(client, folder):
    text = ("---\ntarkastus: 1\ntyyppi: \nosapuolet:\n  - {kunta: Turku, rooli: }\n  - kunta: Siilin\n"
            "---\n# Sopimus\n\n<!-- tarkastus: ohita KL54- -->\n## 1. Osapuolet\n")
    uri = open_document(client, folder / "taydennys.md", text)
    assert await completion_labels(client, uri, 2, 8) == ["yhteistoimintasopimus", "kl54", "järjestämissuunnitelma"]
    roles = await completion_labels(client, uri, 4, len("  - {kunta: Turku, rooli: "))
    assert roles == ["vastuukunta", "jäsenkunta", "kuntayhtymä", "toisen-alueen-vastuukunta", "itsenäinen"]
    assert "Siilinjärvi" in await completion_labels(client, uri, 5, len("  - kunta: Siilin"))
    rules = await completion_labels(client, uri, 9, len("<!-- tarkastus: ohita KL54-"))
    assert "KL54-SEURANTA" in rules
    # A key being typed (not YAML yet), with a value half-written below it.
    change(client, uri, 2, text.replace("tyyppi: \n", "tyyppi: kl54\nseur\n"))
    keys = await completion_labels(client, uri, 3, 4)
    assert "seuranta" in keys and "tarkastus" not in keys and "tyyppi" not in keys  # those are written
    change(client, uri, 3, "---\ntyyppi: yhteistoimintasopimus\nmalli: \n---\n")
    assert await completion_labels(client, uri, 2, 7) == ["vastuukunta", "kuntayhtymä"]
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))


# ---- broken documents and configuration ------------------------------------------------------------

@pytest.mark.parametrize("name, text, code", [
    ("rikki.md", "---\ntyyppi: kl54\nosapuolet: [Turku, Raisio\n---\n# Sopimus\n", "TARK-YAML"),
    ("rikki.yaml", "tyyppi: kl54\n\tohjaus: Turku\n", "TARK-YAML"),
    ("nolla.md", "---\ntyyppi: kl54\n---\n# Sopimus\x00\n", "TARK-BINAARI"),
    ("syva.yaml", "tyyppi: kl54\nx: " + "[" * 5000 + "]" * 5000 + "\n", "TARK-YAML"),
    ("suuri.md", "---\ntyyppi: kl54\n---\n# Sopimus\n" + "Teksti. " * 140_000, "TARK-KOKO"),
])
async def test_a_broken_document_is_a_diagnostic_and_the_server_goes_on(client, folder, name, text, code):
    uri = open_document(client, folder / name, text)
    _, found = await diagnostics(client, uri, 1)
    assert code in codes(found)
    await hover_text(client, uri, 1, 2)
    await completion_labels(client, uri, 1, 2)
    for d in found:
        await code_actions(client, uri, d)
    change(client, uri, 2, NO_MONITORING)  # and it still checks
    _, found = await diagnostics(client, uri, 2)
    assert "KL54-SEURANTA" in codes(found) or name.endswith(".yaml")
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))


async def test_the_configuration_is_honoured_and_read_again_when_it_changes(client, folder):
    directory = folder / "asetukset"
    directory.mkdir()
    config = directory / "tarkastus.toml"
    config.write_text('ignore = ["KL54-SEURANTA"]\nkieli = "sv"\n', encoding="utf-8")
    uri = open_document(client, directory / "luonnos.md", NO_MONITORING)
    _, found = await diagnostics(client, uri, 1)
    assert found and "KL54-SEURANTA" not in codes(found)
    assert "Avtalet saknar" in " ".join(d.message for d in found)  # kieli = "sv"
    before = len(client.published)
    config.write_text('kieli = "en"\n', encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))
    found = await republished(client, uri, before)  # checked again, same version
    assert "KL54-SEURANTA" in codes(found)
    assert "The agreement has no provision on monitoring" in " ".join(d.message for d in found)
    # Without the client saying so: noticed when the document is checked next.
    config.write_text('ignore = ["KL54-"]\n', encoding="utf-8")
    change(client, uri, 2, NO_MONITORING + "\n")
    _, found = await diagnostics(client, uri, 2)
    assert not [c for c in codes(found) if c.startswith("KL54-")]
    config.write_text("ignore = [\n", encoding="utf-8")  # broken: one TARK-ASETUS, nothing else
    change(client, uri, 3, NO_MONITORING)
    _, found = await diagnostics(client, uri, 3)
    assert codes(found) == ["TARK-ASETUS"]
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))


async def test_the_server_registers_file_watchers_and_is_not_confused_by_other_files(client, folder):
    assert types.WORKSPACE_DID_CHANGE_WATCHED_FILES in getattr(client, "registrations", [])
    readme = folder / "README.md"
    uri = open_document(client, readme, "# Ohjeet\n\nKatso tarkastuksen ohje.\n")
    _, found = await diagnostics(client, uri, 1)
    assert found == []  # not an agreement: nothing to say, as in a directory walk
    other = open_document(client, folder / "muistio.txt", "tyyppi: kl54\n")
    await asyncio.sleep(0.2)
    assert other not in client.diagnostics
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
