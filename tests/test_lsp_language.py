"""``tarkastus lsp --kieli`` and ``TARKASTUS_KIELI``: the language of the findings and of the server's words."""

from __future__ import annotations

import os
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import NO_MONITORING
from test_lsp import code_actions, diagnostics, hover_text, make_client, open_document

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(
    server_command=[sys.executable, "-m", "tarkastus", "lsp"], client_factory=make_client,
    server_env={**os.environ, "TARKASTUS_KIELI": "en"}))
async def english(lsp_client: LanguageClient, tmp_path_factory):
    folder = tmp_path_factory.mktemp("lsp-en")
    lsp_client.folder = folder
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("neovim"),
        workspace_folders=[types.WorkspaceFolder(uri=folder.as_uri(), name="en")]))
    yield
    await lsp_client.shutdown_session()


async def test_the_environment_chooses_the_language_of_findings_titles_and_hover(english):
    uri = open_document(english, english.folder / "draft.md", NO_MONITORING)
    _, found = await diagnostics(english, uri, 1)
    (monitoring,) = [d for d in found if d.code == "KL54-SEURANTA"]
    assert monitoring.message.startswith("The agreement has no provision on monitoring")
    titles = [a.title for a in await code_actions(english, uri, monitoring)]
    assert any(title.startswith("Add a deliberate deviation from KL54-SEURANTA") for title in titles)
    assert any("(unsafe fix: review it)" in title for title in titles)
    shown = await hover_text(english, uri, 5, 2)
    assert "### KL54-SEURANTA: No monitoring of how the task is performed" in shown
    assert "**Provision (in Finnish):**" in shown
