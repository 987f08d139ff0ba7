"""The web application of ``tarkastus serve``: the page, the API and what keeps them safe.

Routes:

==================  ===========================================================
``GET /``           the page: the upload form (``?kieli=fi|sv|en``)
``POST /``          the form's answer: the same page with the report
``POST /api/check`` multipart ``file`` (repeatable), optional ``as_of``,
                    ``kieli``, ``tyyppi``: the JSON of ``check --format json``
``GET /api/rules``  the rule table (``rules --format json``; ``?kieli=``)
``GET /api/health`` ``{"status": "ok", "version": …, "rules": n}``
==================  ===========================================================

One ``Workspace`` serves every request: its rule pack is loaded once, and
it is isolated (no configuration file of the server's directory applies to
a stranger's draft). Each request's files live in a directory of their own
(``uploads.private_directory``), removed when the response is made; the
check runs in a worker thread with the result cache off, so nothing of a
document is kept after its response, and requests share nothing but the
rule pack. What is wrong with a request is answered in the page's
language: 413 over the size limit, 415 a file type tarkastus does not read
(or a body that is not a form), 422 a wrong field value or no file, 400 a
broken form. Nothing logged holds document text: there is no access log,
and an unexpected error is logged as its type and the code lines it passed
through, never its message (which could quote a document).

Every response forbids caching and framing; the page's own style and
script carry a fresh CSP nonce and nothing else may load. With the server
on the loopback address, a request must name a loopback host (a web page
elsewhere cannot reach it by rebinding a name of its own to 127.0.0.1).
"""

from __future__ import annotations

import copy
import datetime as _dt
import json
import logging
import secrets
import traceback

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from .. import __version__
from ..messages import say, text
from ..vocabulary import DOCUMENT_TYPES, LANGUAGES, RUN_LANGUAGES
from . import page
from .uploads import MEGABYTE, UploadError, private_directory, receive

log = logging.getLogger("tarkastus.serve")

DEFAULT_MAX_UPLOAD = 20 * MEGABYTE
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
_COMMON_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                   "X-Frame-Options": "DENY", "Cross-Origin-Resource-Policy": "same-origin"}


class Service:
    """What every request shares: the workspace (its rule pack) and the limits."""

    def __init__(self, workspace, max_upload: int) -> None:
        self.workspace, self.max_upload = workspace, max_upload
        self.book = workspace.book(())

    @property
    def megabytes(self) -> str:
        return f"{round(self.max_upload / MEGABYTE, 2):g}"


def create_app(workspace=None, max_upload: int = DEFAULT_MAX_UPLOAD, loopback_only: bool = True) -> Starlette:
    """The application; ``workspace`` defaults to an isolated one (``Workspace(isolated=True)``)."""
    if workspace is None:
        from ..workspace import Workspace

        workspace = Workspace(isolated=True)
    service = Service(workspace, max_upload)

    async def home(request: Request) -> Response:
        lang = _page_language(request)
        return _html(lambda nonce: page.render(lang, nonce, service.megabytes))

    async def check_page(request: Request) -> Response:
        lang = _page_language(request)
        values: dict = {}
        try:
            with private_directory() as where:
                form = await receive(request, where, service.max_upload)
                values = form.fields
                lang = _choice(form.fields, "kieli", LANGUAGES) or lang
                options = _options(form, LANGUAGES, lang)
                review, downloads = await run_in_threadpool(_review, service, form, options)
        except UploadError as exc:
            return _html(lambda nonce: page.render(lang, nonce, service.megabytes, values=values,
                                                   error=exc.text.render(lang)), exc.status)
        except Exception as exc:  # noqa: BLE001 (logged without its message: it could quote a document)
            _log_failure(exc)
            return _html(lambda nonce: page.render(lang, nonce, service.megabytes, values=values,
                                                   error=text("serve.error.internal", lang)), 500)
        return _html(lambda nonce: page.render(options["language"], nonce, service.megabytes, values=values,
                                               review=review, downloads=downloads))

    async def api_check(request: Request) -> Response:
        lang = _known(request.query_params.get("kieli"), LANGUAGES) or "fi"
        try:
            with private_directory() as where:
                form = await receive(request, where, service.max_upload)
                lang = _choice(form.fields, "kieli", LANGUAGES) or lang
                options = _options(form, RUN_LANGUAGES, "fi")
                data, code = await run_in_threadpool(_api_report, service, form, options)
        except UploadError as exc:
            return _json({"error": {"status": exc.status, "message": exc.text.render(lang)}}, exc.status)
        except Exception as exc:  # noqa: BLE001
            _log_failure(exc)
            return _json({"error": {"status": 500, "message": text("serve.error.internal", lang)}}, 500)
        response = _json(data)
        response.headers["Tarkastus-Exit-Code"] = str(code)  # as `check` would exit: 0, 1 or 2
        return response

    async def api_rules(request: Request) -> Response:
        from ..explain import rule_data

        lang = _known(request.query_params.get("kieli"), LANGUAGES) or "fi"
        return _json({"rules": [rule_data(rule, lang) for rule in service.book.rules]})

    async def api_health(request: Request) -> Response:
        return _json({"status": "ok", "version": __version__, "rules": len(service.book.rules)})

    async def not_found(request: Request, exc) -> Response:
        status = getattr(exc, "status_code", 404)
        key = "serve.error.method" if status == 405 else "serve.error.not_found"
        lang = _page_language(request)
        if request.url.path.startswith("/api/"):
            return _json({"error": {"status": status, "message": text(key, lang)}}, status)
        return _html(lambda nonce: page.render(lang, nonce, service.megabytes, error=text(key, lang)), status)

    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK_HOSTS)] if loopback_only else []
    routes = [Route("/", home, methods=["GET"]), Route("/", check_page, methods=["POST"]),
              Route("/api/check", api_check, methods=["POST"]), Route("/api/rules", api_rules, methods=["GET"]),
              Route("/api/health", api_health, methods=["GET"])]
    return Starlette(routes=routes, middleware=middleware, exception_handlers={404: not_found, 405: not_found})


# ---- the check of one request, in a worker thread ------------------------------------------------------

def _check(service: Service, form, options):
    """The workspace's check of the request's files (in their private directory)."""
    from ..audit.model import facts_for

    files = [(upload.path, upload.name) for upload in form.files]
    return service.workspace.check_uploads(files, as_of=options["as_of"], language=options["language"],
                                           doc_type=options["doc_type"], facts=facts_for)


def _api_report(service: Service, form, options):
    from ..reporters.json import to_data

    run = service.workspace.check_uploads([(u.path, u.name) for u in form.files], as_of=options["as_of"],
                                          language=options["language"], doc_type=options["doc_type"])
    return to_data(run.report), run.exit_code()


def _review(service: Service, form, options):
    """The page's review of the request's files and the reports to download, read while the files exist."""
    from ..audit import html as audit_html
    from ..audit.checklists import load as load_checklists
    from ..audit.model import build as build_audit
    from ..documents.loader import load
    from ..factsview import loaded_facts
    from ..reporters.json import to_data
    from ..resources import data_dir
    from . import review as review_model

    run = _check(service, form, options)
    book, report = run.book, run.report
    lang = report.language
    settings, run_options, *_ = run.groups[0]
    checklists = load_checklists([data_dir("rules"), *settings.rule_dirs], {rule.id for rule in book.rules})
    audit = build_audit(report, book, checklists, options=run_options)
    files = [(u.path, u.name) for u in form.files]
    facts, texts = {}, {}
    for path, name in files:
        doc = load(path, book.shapes, name, prose=True)
        texts[name] = copy.copy(doc)  # the text as read: reading its facts joins a sidecar into the document
        facts[name] = loaded_facts(doc, book, report.as_of, lang)
    chosen = {name for _, name in files if options["doc_type"] and path_has_sidecar(files, name)}
    review = review_model.build(run, audit, files, facts, texts, chosen)
    stamp = report.as_of.isoformat()
    downloads = (
        page.Download("serve.download.html", f"tarkastusraportti-{stamp}.html", "text/html",
                      audit_html.render(audit)),
        page.Download("serve.download.json", f"tarkastus-{stamp}.json", "application/json",
                      json.dumps(to_data(report), ensure_ascii=False, indent=2) + "\n"),
    )
    return review, downloads


def path_has_sidecar(files, name: str) -> bool:
    """Whether the file ``name`` got the sidecar the page's type choice writes (``Workspace.check_uploads``)."""
    from ..documents.loader import sidecar_of

    for path, shown in files:
        if shown == name:
            return sidecar_of(path) is not None and not any(other == path.with_suffix(".yaml").name
                                                            for _, other in files)
    return False


# ---- the request's settings ----------------------------------------------------------------------------

def _options(form, languages, default_language: str) -> dict:
    if not form.files:
        raise UploadError(422, say("serve.error.no_file"))
    language = _choice(form.fields, "kieli", languages) or default_language
    doc_type = _choice(form.fields, "tyyppi", DOCUMENT_TYPES)
    return {"language": language, "doc_type": doc_type, "as_of": _as_of(form.fields.get("as_of", ""))}


def _choice(fields: dict, name: str, allowed) -> str | None:
    """A field's value folded to one of ``allowed`` (case and diacritics aside), None when empty; else 422."""
    from ..text import norm

    value = fields.get(name, "").strip()
    if not value:
        return None
    for choice in allowed:
        if norm(choice) == norm(value):
            return choice
    raise UploadError(422, say("serve.error.value", field=name, value=value[:40], allowed=", ".join(allowed)))


def _known(value: str | None, allowed) -> str | None:
    return value if value in allowed else None


def _as_of(value: str) -> _dt.date | None:
    """The form's law date (as ``--as-of`` reads it: ``values.parse_day``); None when not given, 422 when no day."""
    from ..values import parse_day

    if not value.strip():
        return None
    day = parse_day(value)
    if day is None:
        raise UploadError(422, say("serve.error.date", value=value.strip()[:40]))
    return day


def _page_language(request: Request) -> str:
    """``?kieli=``, else the browser's first language of fi, sv and en, else Finnish."""
    asked = _known(request.query_params.get("kieli"), LANGUAGES)
    if asked:
        return asked
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "fi"


# ---- responses -----------------------------------------------------------------------------------------

def _html(render, status: int = 200) -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    response = HTMLResponse(render(nonce), status_code=status, headers=_COMMON_HEADERS)
    response.headers["Content-Security-Policy"] = (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; img-src data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    return response


def _json(data, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    response = Response(body, status_code=status, media_type="application/json", headers=_COMMON_HEADERS)
    response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    return response


def _log_failure(exc: BaseException) -> None:
    """An unexpected error: its type and where it happened, not its message (which may quote a document)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " < ".join(f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}" for frame in reversed(frames[-6:]))
    log.error("internal error %s at %s", type(exc).__name__, where)


__all__ = ["DEFAULT_MAX_UPLOAD", "create_app"]
