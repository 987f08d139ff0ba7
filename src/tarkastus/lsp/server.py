"""The language server itself: pygls over stdio, the engine through ``Workspace.check_text``.

One ``Workspace`` per workspace folder (its configuration, its rule packs
loaded once, its memory of the other documents' results); a file outside
every folder gets the server's own. The unsaved text of a buffer is
checked on open and on every change: a change starts a short timer
(``DEBOUNCE``), a newer change restarts it, and the check runs in one
worker thread, so the protocol keeps answering while it runs and the
workspace is only ever used from that thread (hover, completion and code
actions run there too). Results of a version that changed meanwhile are
dropped; the newer version's check is already on its way.

The configuration is honoured per file (``tarkastus.toml`` or
``[tool.tarkastus]`` of the closest ``pyproject.toml``) and read again when
it changes: the server compares the configuration files around a document
before each check (so it notices even with a client that does not report
file changes), and a client's ``workspace/didChangeWatchedFiles`` or the
saving of such a file re-checks every open document. Saving an agreement
re-checks the others too: the findings across documents read them from
disk.

Nothing a document holds ends the server: what cannot be read is a
diagnostic (TARK-YAML, TARK-KOODAUS …, as on the command line), and a
failure of the server's own code is logged and answered with nothing.
"""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..diagnostics import START
from ..messages import LANGUAGES, known, text
from .buffer import SUFFIXES, Buffer

DEBOUNCE = 0.03  # seconds after a change before its check starts (a newer change restarts it)
CONFIG_NAMES = ("tarkastus.toml", "pyproject.toml")
SOURCE = "tarkastus"
_SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
             "info": types.DiagnosticSeverity.Information}
log = logging.getLogger(__name__)


class Checked:
    """The last check of an open document: its version, findings with their ranges, the words' language."""

    def __init__(self, version, text_, findings, book, lang: str, doc_lang: str, shown: str) -> None:
        self.version, self.text = version, text_
        self.findings = findings  # [(Diagnostic, (start, end))] 0-based code points in this buffer
        self.book, self.lang, self.doc_lang, self.shown = book, lang, doc_lang, shown
        self.fixes: dict | None = None  # (code, line, column) -> Fix, made when a code action first asks


class TarkastusServer(LanguageServer):
    def __init__(self, language: str | None = None) -> None:
        super().__init__(SOURCE, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.language = language  # --kieli / TARKASTUS_KIELI; None: each file's configuration
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tarkastus")
        self.workspaces: dict[str | None, object] = {}
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.signatures: dict[str, tuple] = {}  # directory -> its configuration files' (size, mtime)

    # ---- workspaces and configuration -------------------------------------------------------

    def folder_of(self, path: Path) -> str | None:
        """The workspace folder holding ``path`` (the deepest one), or None."""
        try:
            folders = [to_fs_path(f.uri) for f in self.workspace.folders.values()]
            root = self.workspace.root_path
        except RuntimeError:  # not initialised
            return None
        if not folders and root:
            folders = [root]
        found = [f for f in folders if f and _inside(path, Path(f))]
        return max(found, key=len) if found else None

    def workspace_for(self, path: Path):
        from ..workspace import Workspace

        folder = self.folder_of(path)
        if folder not in self.workspaces:
            self.workspaces[folder] = Workspace()
        return self.workspaces[folder], folder

    def configuration_changed(self, path: Path) -> bool:
        """Whether a configuration file around ``path`` changed since the last look (then read again)."""
        changed = False
        directory = path.parent
        while True:
            key = str(directory)
            signature = tuple(_stat(directory / name) for name in CONFIG_NAMES)
            if self.signatures.get(key, signature) != signature:
                changed = True
            self.signatures[key] = signature
            if directory.parent == directory:
                break
            directory = directory.parent
        return changed

    def reload(self) -> None:
        for workspace in self.workspaces.values():
            workspace.reload_configuration()

    # ---- checking ----------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float = DEBOUNCE) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._check_later(uri, delay))

    def schedule_all(self, delay: float = 0.0) -> None:
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, delay)

    async def _check_later(self, uri: str, delay: float) -> None:
        try:
            await asyncio.sleep(delay)
            document = self.workspace.text_documents.get(uri)
            if document is None:
                return
            version, source = document.version, document.source
            loop = asyncio.get_running_loop()
            published = await loop.run_in_executor(self.worker, self.check, uri, source, version)
        except asyncio.CancelledError:
            return
        except Exception as exc:  # noqa: BLE001 (the server goes on; the client is told)
            self.failed(exc)
            return
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]
        document = self.workspace.text_documents.get(uri)
        if published is None or document is None or document.version != version:
            return
        checked, diagnostics, reload_all = published
        self.checked[uri] = checked
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics))
        if reload_all:  # a configuration changed: every other open document is checked again
            for other in list(self.workspace.text_documents):
                if other != uri:
                    self.schedule(other, 0.0)

    def check(self, uri: str, source: str, version):
        """(Checked, LSP diagnostics, whether the configuration was read again); in the worker thread."""
        path = _path_of(uri)
        if path is None or path.suffix.lower() not in SUFFIXES:
            return None
        reload_all = self.configuration_changed(path)
        if reload_all:
            self.reload()
        workspace, folder = self.workspace_for(path)
        from ..output import shown_path

        shown = shown_path(path)
        try:
            run = workspace.check_text(path, source, context=[folder] if folder else [], language=self.language)
            findings, book, report_lang = run.report.diagnostics, run.book, run.report.language
        except Exception as exc:  # noqa: BLE001 (a bug: the document gets TARK-SISAINEN, as in check)
            from ..engine import internal_failure

            log.exception("check of %s failed", path)
            findings, book, report_lang = [internal_failure(shown, exc)], None, "fi"
        lang = self.language if self.language in LANGUAGES else known(report_lang)
        buffer = Buffer(source, path)
        placed, diagnostics = [], []
        for d in findings:
            if d.suppression is not None:
                continue
            if d.path == shown:
                where, others = d.position, d.related
            elif d.code == "TARK-ASETUS":  # the document's configuration is broken: said here, pointing there
                where, others = START, [(os.path.abspath(d.path), d.position)]
            else:  # a finding at another document that points here: shown here too, pointing back
                here = [pos for p, pos in d.related if p == shown]
                if not here:
                    continue
                where, others = here[0], [(d.path, d.position)]
            span = finding_range(buffer, d, where)
            placed.append((d, span))
            diagnostics.append(self.lsp_diagnostic(buffer, d, span, others, book, lang))
        doc_lang = "sv" if _language_of(source) == "sv" else "fi"
        return Checked(version, source, placed, book, lang, doc_lang, shown), diagnostics, reload_all

    def fixes(self, uri: str, checked: Checked) -> dict:
        """The checked fixes of a checked text's findings, made once per version (in the worker thread).

        Diagnostics come without them (a fix is checked by checking the fixed
        text again: one more check per finding); a code action asks for them.
        """
        if checked.fixes is None:
            path = _path_of(uri)
            workspace, _ = self.workspace_for(path)
            run = workspace.check_text(path, checked.text, language=self.language, fixes=True)
            checked.fixes = {(d.code, d.position.line, d.position.column): d.autofix
                             for d in run.report.diagnostics if getattr(d, "autofix", None) is not None}
        return checked.fixes

    def lsp_diagnostic(self, buffer: Buffer, d, span, others, book, lang: str) -> types.Diagnostic:
        rule = book.rule(d.code) if book is not None and not d.code.startswith("TARK-") else None
        url = next((c.url for c in rule.citations if c.url), "") if rule is not None else ""
        related = []
        for path, pos in others:
            related.append(types.DiagnosticRelatedInformation(
                location=types.Location(uri=from_fs_path(path) or path, range=self.range_in_file(path, pos)),
                message=text("lsp.related", lang)))
        return types.Diagnostic(
            range=self.to_range(buffer, span), message=d.message, severity=_SEVERITY[d.severity.label],
            code=d.code, code_description=types.CodeDescription(href=url) if url else None, source=SOURCE,
            related_information=related or None)

    def range_in_file(self, path: str, pos) -> types.Range:
        """The range of a finding's other place: the rest of its line, in an open buffer or on disk."""
        uri = from_fs_path(path)
        document = self.workspace.text_documents.get(uri) if uri else None
        source = document.source if document is not None else _read(path)
        buffer = Buffer(source, Path(path))
        return self.to_range(buffer, finding_range(buffer, None, pos))

    # ---- positions: tarkastus's code points, the client's units ----------------------------

    @property
    def codec(self):
        return self.workspace.position_codec

    def to_position(self, buffer: Buffer, line: int, column: int) -> types.Position:
        text_ = buffer.line(line)
        return types.Position(line=line, character=self.codec.client_num_units(text_[:column]))

    def to_range(self, buffer: Buffer, span) -> types.Range:
        (l1, c1), (l2, c2) = span
        return types.Range(start=self.to_position(buffer, l1, c1), end=self.to_position(buffer, l2, c2))

    def from_position(self, buffer: Buffer, position: types.Position) -> tuple[int, int]:
        """(line, column in code points) of a client position (clamped to the line)."""
        text_ = buffer.line(position.line)
        units = 0
        for column, char in enumerate(text_):
            if units >= position.character:
                return position.line, column
            units += self.codec.client_num_units(char)
        return position.line, len(text_)

    def failed(self, exc: BaseException) -> None:
        log.error("tarkastus: %s", exc, exc_info=exc)
        try:
            self.window_log_message(types.LogMessageParams(
                type=types.MessageType.Error, message=text("lsp.failed", self.language or "fi", error=repr(exc))))
        except Exception:  # noqa: BLE001 (the connection itself is gone)
            pass


def finding_range(buffer: Buffer, d, where) -> tuple[tuple[int, int], tuple[int, int]]:
    """The words a finding concerns (0-based code points): from its column to the end of the line's text
    (as the engine underlines them); an input error's caret width where it has one."""
    line = where.line - 1
    text_ = buffer.line(line)
    if buffer.text.startswith("\ufeff") and line == 0:
        text_ = text_[1:]  # positions are in the text without its byte-order mark
        offset = 1
    else:
        offset = 0
    column = min(max(where.column - 1, 0), len(text_))
    end = len(text_.rstrip())
    if d is not None and d.is_input_error:
        carets = d.context.rsplit("\n", 1)[-1].count("^") if d.context else 0
        if carets > 1:
            end = column + carets
        else:  # the token at the position
            end = column
            while end < len(text_) and not text_[end].isspace():
                end += 1
    end = max(end, column)
    return (line, column + offset), (line, min(end, len(text_)) + offset)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError):
        return False


def _path_of(uri: str) -> Path | None:
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(path) if path else None


def _stat(path: Path):
    try:
        info = os.stat(path)
        return info.st_size, info.st_mtime_ns
    except (OSError, ValueError):
        return None


def _read(path: str) -> str:
    from ..documents.loader import MAX_BYTES
    from ..files import read_regular

    try:
        return read_regular(path, MAX_BYTES).decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 (only for a range: an unreadable file gets the start of its line)
        return ""


def _language_of(source: str) -> str | None:
    from ..language import detect

    return detect(source)


def build(language: str | None = None) -> TarkastusServer:
    """The server with its features registered (``serve`` runs it over stdio)."""
    server = TarkastusServer(language)
    from . import features

    features.register(server)
    return server


def serve(language: str | None = None) -> None:
    """Run the language server on standard input and output until the client ends it."""
    import gc
    import sys

    gc.enable()  # the console entry point turns it off for short runs; a server runs long
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    server = build(language)
    server.start_io()
    # pygls closes standard output on "exit" and swallows its SystemExit: end here, with the code the
    # protocol asks for (0 after "shutdown", 1 otherwise), without flushing the closed stream again.
    sys.stderr.flush()
    os._exit(0 if getattr(server.protocol, "_shutdown", False) else 1)
