"""``tarkastus serve``: tarkastus as a local web page, for those who have a Word draft and a browser.

Built on Starlette (the ASGI toolkit: routing, requests, responses; small,
typed, well kept, no template engine or ORM to carry) served by uvicorn,
with python-multipart's push parser for uploads. Flask would do too, but
its WSGI server is for development only and a production one (waitress,
gunicorn) is one more dependency; uvicorn is a production server, and
ASGI lets the uploads stream to disk while the checks run in worker
threads. These are imported only in this package: ``tarkastus check`` never
loads them (tested with ``-X importtime``).

``serve`` binds the socket itself, so that a port in use is one line in the
user's language (and ``--port 0`` takes a free one, as the tests do), says
in one line where the page is, and leaves uvicorn to stop cleanly on
Ctrl-C. ``app`` is the application, ``uploads`` the streaming of files into
a private directory, ``review`` and ``page`` the report as a page.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading

__all__ = ["serve"]


def is_loopback(host: str) -> bool:
    if host.strip("[]") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_of(host: str, port: int) -> str:
    shown = host.strip("[]")
    if ":" in shown:
        shown = f"[{shown}]"
    elif shown in ("0.0.0.0", ""):
        shown = "127.0.0.1"
    return f"http://{shown}:{port}/"


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (raises ``OSError``: in use, no such address)."""
    infos = socket.getaddrinfo(host.strip("[]") or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
        sock.set_inheritable(True)
    except OSError:
        sock.close()
        raise
    return sock


def serve(host: str = "127.0.0.1", port: int = 8754, open_browser: bool = False, max_upload: int | None = None,
          language: str = "fi", out=None) -> int:
    """Run the page until Ctrl-C; returns the exit code (2 when the address cannot be used).

    ``language``: of the lines said on the terminal (the command line's).
    """
    import uvicorn

    from ..messages import text
    from ..workspace import Workspace
    from .app import DEFAULT_MAX_UPLOAD, create_app

    out = out or sys.stderr
    try:
        sock = bind(host, port)
    except OSError as exc:
        print(text("serve.bind_failed", language, host=host, port=port, reason=exc.strerror or str(exc)), file=out)
        return 2
    loopback = is_loopback(host)
    if not loopback:
        print(text("serve.public", language, host=host), file=out)
    app = create_app(Workspace(isolated=True), max_upload or DEFAULT_MAX_UPLOAD, loopback_only=loopback)
    actual = sock.getsockname()[1]
    url = url_of(host, actual)
    config = uvicorn.Config(app, log_level="warning", access_log=False, log_config=None, lifespan="off",
                            server_header=False, date_header=False)
    server = uvicorn.Server(config)
    # Said once the server accepts requests (and handles Ctrl-C): whoever reads the line may use the page.
    ready = text("serve.listening", language, url=url)
    threading.Thread(target=_when_started, args=(server, ready, out, url if open_browser else None),
                     daemon=True).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn has shut down and re-raises the signal: a clean stop all the same
        pass
    finally:
        sock.close()
    return 0


def _when_started(server, line: str, out, url: str | None) -> None:
    import time

    while not server.started and not server.should_exit:
        time.sleep(0.01)
    if server.started:
        print(line, file=out, flush=True)
        if url is not None:
            import webbrowser

            webbrowser.open(url)
