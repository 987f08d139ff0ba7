"""The protocol's requests and notifications, each handed to the server's worker thread.

Every handler answers something even when a document is broken or the
server's own code fails (nothing, logged): an editor must never lose its
language server to an agreement.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from pathlib import Path

from lsprotocol import types

from ..messages import known
from .buffer import SUFFIXES, Buffer
from .server import CONFIG_NAMES, TarkastusServer, _path_of

TRIGGERS = [":", " ", "-", ",", "["]
log = logging.getLogger(__name__)


def register(server: TarkastusServer) -> None:
    @server.feature(types.INITIALIZED)
    async def initialized(ls: TarkastusServer, params: types.InitializedParams) -> None:
        await _watch_files(ls)
        # Load the rule pack now, not on the first open document (start-up is paid once, here).
        asyncio.get_running_loop().run_in_executor(ls.worker, _warm, ls)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: TarkastusServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0.0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: TarkastusServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: TarkastusServer, params: types.DidSaveTextDocumentParams) -> None:
        path = _path_of(params.text_document.uri)
        if path is not None and path.name in CONFIG_NAMES:
            ls.worker.submit(ls.reload)
        ls.schedule_all()  # the others' findings across documents read this one from disk

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: TarkastusServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.checked.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: TarkastusServer, params: types.DidChangeWatchedFilesParams) -> None:
        paths = [_path_of(change.uri) for change in params.changes]
        if any(path is not None and path.name in CONFIG_NAMES for path in paths):
            ls.worker.submit(ls.reload)
        ls.schedule_all()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: TarkastusServer, params: types.HoverParams) -> types.Hover | None:
        return await _in_worker(ls, _hover, ls, params)

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=TRIGGERS))
    async def completion(ls: TarkastusServer, params: types.CompletionParams) -> types.CompletionList | None:
        return await _in_worker(ls, _completion, ls, params)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    async def code_action(ls: TarkastusServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        return await _in_worker(ls, _code_actions, ls, params)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: TarkastusServer, params) -> None:
        for task in ls.pending.values():
            task.cancel()
        ls.worker.shutdown(wait=False, cancel_futures=True)


async def _in_worker(ls: TarkastusServer, fn, *args):
    try:
        return await asyncio.get_running_loop().run_in_executor(ls.worker, functools.partial(fn, *args))
    except Exception as exc:  # noqa: BLE001 (a request is answered with nothing, the server goes on)
        ls.failed(exc)
        return None


async def _watch_files(ls: TarkastusServer) -> None:
    """Ask the client to report changes of configuration files and agreements (if it can)."""
    watched = types.DidChangeWatchedFilesRegistrationOptions(watchers=[
        types.FileSystemWatcher(glob_pattern=f"**/{pattern}")
        for pattern in ("tarkastus.toml", "pyproject.toml", "*.md", "*.markdown", "*.yaml", "*.yml")])
    capabilities = ls.client_capabilities.workspace
    dynamic = getattr(getattr(capabilities, "did_change_watched_files", None), "dynamic_registration", False)
    if not dynamic:
        return
    try:
        await ls.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
            id="tarkastus-watched-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=watched)]))
    except Exception:  # noqa: BLE001 (a client that refuses: the configuration is still compared per check)
        log.debug("the client did not register the file watchers", exc_info=True)


WARM_TEXT = "---\ntyyppi: kl54\n---\n# Sopimus\n"  # checked once at start-up: imports and the rule pack


def _warm(ls: TarkastusServer) -> None:
    """Load each folder's rule pack and check a tiny agreement, so the first document opened is fast."""
    import os

    try:
        for folder in _folder_paths(ls) or [os.getcwd()]:
            probe = Path(folder) / "tarkastus-lsp.md"
            workspace, _ = ls.workspace_for(probe)
            workspace.check_text(probe, WARM_TEXT)
    except Exception as exc:  # noqa: BLE001
        ls.failed(exc)


def _folder_paths(ls: TarkastusServer) -> list[str]:
    from pygls.uris import to_fs_path

    return [to_fs_path(f.uri) for f in ls.workspace.folders.values()] or (
        [ls.workspace.root_path] if ls.workspace.root_path else [])


def _state(ls: TarkastusServer, uri: str):
    """(buffer, Checked or None, rule pack, language) of an open document, in the worker thread."""
    document = ls.workspace.text_documents.get(uri)
    path = _path_of(uri)
    if document is None or path is None or path.suffix.lower() not in SUFFIXES:
        return None
    buffer = Buffer(document.source, path)
    checked = ls.checked.get(uri)
    book = checked.book if checked is not None else None
    lang = checked.lang if checked is not None else known(ls.language)
    if book is None:
        workspace, _ = ls.workspace_for(path)
        try:
            book = workspace.book(workspace.settings_for(path).rule_dirs)
        except Exception:  # noqa: BLE001 (a broken configuration: the shipped rules)
            book = workspace.book()
    return buffer, checked, book, lang


def _at(ls: TarkastusServer, params):
    """(buffer, checked, book, lang, line, column) of a request at a place in a document, or None."""
    state = _state(ls, params.text_document.uri)
    if state is None:
        return None
    buffer = state[0]
    return (*state, *ls.from_position(buffer, params.position))


def _hover(ls: TarkastusServer, params: types.HoverParams) -> types.Hover | None:
    from .hover import hover

    at = _at(ls, params)
    if at is None:
        return None
    buffer, checked, book, lang, line, column = at
    findings = checked.findings if checked is not None and checked.text == buffer.text else []
    shown = hover(buffer, line, column, findings, book, lang)
    if shown is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=shown))


_KINDS = {"key": types.CompletionItemKind.Property, "value": types.CompletionItemKind.EnumMember,
          "municipality": types.CompletionItemKind.Value, "rule": types.CompletionItemKind.Reference}


def _completion(ls: TarkastusServer, params: types.CompletionParams) -> types.CompletionList | None:
    from .completion import complete

    at = _at(ls, params)
    if at is None:
        return None
    buffer, _, book, lang, line, column = at
    found = complete(buffer, line, column, book, lang)
    if found is None:
        return None
    replaced = ls.to_range(buffer, ((line, found.start), (line, column)))
    items = [types.CompletionItem(
        label=item.label, kind=_KINDS[item.kind], detail=item.detail or None,
        documentation=item.documentation or None, filter_text=item.label,
        text_edit=types.TextEdit(range=replaced, new_text=item.insert)) for item in found.items]
    return types.CompletionList(is_incomplete=False, items=items)


def _code_actions(ls: TarkastusServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    from .actions import actions

    uri = params.text_document.uri
    state = _state(ls, uri)
    if state is None or state[1] is None:
        return None
    buffer, checked, book, lang = state
    start = ls.from_position(buffer, params.range.start)
    end = ls.from_position(buffer, params.range.end)
    current = checked.text == buffer.text
    # The findings under the range; of an older version only those the client still shows, by code and line.
    shown = {(d.code, d.range.start.line) for d in params.context.diagnostics if d.source == "tarkastus"}
    findings = [d for d, (s, e) in checked.findings if s <= end and start <= e
                and (current or (d.code, s[0]) in shown)]
    out = []
    by_diagnostic = {}
    for d, span in checked.findings:
        by_diagnostic[id(d)] = ls.lsp_diagnostic(Buffer(checked.text, buffer.path), d, span, [], book, lang)
    # A finding's own fix has positions in the text that was checked: offered for that text only.
    fixes = ls.fixes(uri, checked) if current and findings else {}
    fix_of = lambda d: fixes.get((d.code, d.position.line, d.position.column))  # noqa: E731
    for action in actions(buffer, findings, book, lang, checked.doc_lang, fix_of):
        edits = [types.TextEdit(range=ls.to_range(buffer, (e.start, e.end)), new_text=e.text) for e in action.edits]
        out.append(types.CodeAction(
            title=action.title, kind=types.CodeActionKind.QuickFix,
            diagnostics=[by_diagnostic[id(action.diagnostic)]], is_preferred=action.preferred or None,
            edit=types.WorkspaceEdit(changes={uri: edits})))
    return out
