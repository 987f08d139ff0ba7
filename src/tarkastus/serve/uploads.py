"""Receiving the files of a request: streamed into a private directory, within the size limit.

The body is parsed as it arrives (python-multipart's push parser), so a
request over the limit is refused when the limit is passed, never held in
memory, and a file's bytes go straight to a file in the request's own
directory: ``tempfile.mkdtemp`` (mode 0700, readable by this user only),
removed with everything in it when the response is done (``private_directory``).
Nothing is written anywhere else: Starlette's own form parser spools large
files to the system's temporary directory, so it is not used.

Each upload keeps the name it was sent with (the name the report shows),
made safe: no directories, no control characters, no leading dot, at most
``MAX_NAME`` characters, and a second file of the same name is "name (2).docx".
What is wrong with a request is an ``UploadError`` with its HTTP status and a
catalogue message, said in the page's language by the caller.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from ..diagnostics import TarkastusError
from ..documents.loader import DOCUMENT_SUFFIXES, MARKDOWN_SUFFIXES, UNREADABLE_SUFFIXES, YAML_SUFFIXES
from ..messages import Message, say
from ..record import Factory, Record

# What the page accepts: what the loader reads, and the formats it recognises
# only to say what to save them as (.doc, .docm, .rtf: TARK-MUOTO).
ACCEPTED = MARKDOWN_SUFFIXES + YAML_SUFFIXES + DOCUMENT_SUFFIXES + tuple(UNREADABLE_SUFFIXES)
FIELDS = ("as_of", "kieli", "tyyppi")
MAX_FILES = 50
MAX_FIELD = 200  # bytes of a form field's value
MAX_NAME = 120
MEGABYTE = 1024 * 1024  # "20 Mt" as a file manager shows sizes
MAX_HEADER_SLACK = 64 * 1024  # the form's own bytes (boundaries, headers, fields) besides the files
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f/\\\u202a-\u202e\u2066-\u2069]")


class UploadError(TarkastusError):
    """A request that cannot be checked: ``status`` (400, 413, 415, 422) and the message to show."""

    def __init__(self, status: int, text: Message) -> None:
        super().__init__(str(text))
        self.status, self.text = status, text


class Upload(Record):
    path: Path  # in the request's private directory
    name: str  # as sent, made safe: what the report shows
    size: int


class Form(Record):
    files: list[Upload] = Factory(list)
    fields: dict = Factory(dict)  # as_of, kieli, tyyppi: text as sent


@contextlib.contextmanager
def private_directory():
    """A directory only this user can read (mkdtemp: mode 0700), removed with its files afterwards."""
    where = tempfile.mkdtemp(prefix="tarkastus-serve-")
    try:
        yield Path(where)
    finally:
        shutil.rmtree(where, ignore_errors=True)


def safe_name(raw: str) -> str:
    """The name a file was sent with, as the report may show it: its last path part, no control characters."""
    name = _UNSAFE.sub(" ", raw.replace("\\", "/").rsplit("/", 1)[-1]).strip().lstrip(".").strip()
    if len(name) > MAX_NAME:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: MAX_NAME - len(suffix) - 2] + "…." + suffix) if dot and len(suffix) < 10 else name[:MAX_NAME]
    return name


def _unique(name: str, taken: set[str]) -> str:
    if name.casefold() not in taken:
        return name
    stem, dot, suffix = name.rpartition(".")
    n = 2
    while f"{stem} ({n}){dot}{suffix}".casefold() in taken:
        n += 1
    return f"{stem} ({n}){dot}{suffix}"


async def receive(request, directory: Path, limit: int) -> Form:
    """The files and fields of ``request`` (multipart/form-data), the files written into ``directory``.

    ``limit`` is the bytes of all files together; the request's body may
    be ``MAX_HEADER_SLACK`` more. Raises ``UploadError``.
    """
    from python_multipart.exceptions import MultipartParseError
    from python_multipart.multipart import MultipartParser, parse_options_header

    kind, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadError(415, say("serve.error.not_form"))
    body_limit = limit + MAX_HEADER_SLACK
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > body_limit:
        raise UploadError(413, say("serve.error.too_large", mb=_megabytes(limit)))

    form = Form()
    taken: set[str] = set()
    state = {"field": b"", "value": b"", "headers": {}, "name": None, "file": None, "upload": None,
             "buffer": bytearray(), "files_size": 0}

    def header_field(data, start, end):
        state["field"] += data[start:end]

    def header_value(data, start, end):
        state["value"] += data[start:end]

    def header_end():
        state["headers"][state["field"].strip().lower()] = state["value"].strip()
        state["field"], state["value"] = b"", b""

    def headers_finished():
        disposition, options = parse_options_header(state["headers"].get(b"content-disposition", b""))
        field = options.get(b"name", b"").decode("utf-8", "replace")
        state["name"] = field
        if b"filename" not in options:
            if field not in FIELDS:
                raise UploadError(422, say("serve.error.field_unknown", field=field[:40]))
            return
        raw = options[b"filename"]
        try:
            sent = raw.decode("utf-8")
        except UnicodeDecodeError:
            sent = raw.decode("latin-1")
        name = safe_name(sent)
        if not sent and field == "file":
            return  # the browser's part for "no file chosen"
        if field != "file":
            raise UploadError(422, say("serve.error.field_unknown", field=field[:40]))
        if not name or Path(name).suffix.lower() not in ACCEPTED:
            raise UploadError(415, say("serve.error.type", name=name or sent[:40] or "?"))
        if len(form.files) >= MAX_FILES:
            raise UploadError(422, say("serve.error.too_many", n=MAX_FILES))
        name = _unique(name, taken)
        taken.add(name.casefold())
        path = directory / name
        # O_EXCL: never onto anything already there (a name is unique within the directory).
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        state["file"] = os.fdopen(descriptor, "wb")
        state["upload"] = Upload(path, name, 0)

    def part_data(data, start, end):
        if state["file"] is not None:
            state["files_size"] += end - start
            if state["files_size"] > limit:
                raise UploadError(413, say("serve.error.too_large", mb=_megabytes(limit)))
            state["file"].write(data[start:end])
            state["upload"].size += end - start
        elif state["name"] in FIELDS:
            state["buffer"] += data[start:end]
            if len(state["buffer"]) > MAX_FIELD:
                raise UploadError(422, say("serve.error.field_long", field=state["name"]))

    def part_end():
        if state["file"] is not None:
            state["file"].close()
            form.files.append(state["upload"])
        elif state["name"] in FIELDS:
            form.fields[state["name"]] = bytes(state["buffer"]).decode("utf-8", "replace").strip()
        state.update(file=None, upload=None, name=None, headers={}, buffer=bytearray())

    parser = MultipartParser(boundary, {
        "on_header_field": header_field, "on_header_value": header_value, "on_header_end": header_end,
        "on_headers_finished": headers_finished, "on_part_data": part_data, "on_part_end": part_end})
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > body_limit:
                raise UploadError(413, say("serve.error.too_large", mb=_megabytes(limit)))
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError:
        raise UploadError(400, say("serve.error.malformed")) from None
    finally:
        if state["file"] is not None:
            state["file"].close()
    return form


def _megabytes(limit: int) -> str:
    return f"{round(limit / MEGABYTE, 2):g}"
