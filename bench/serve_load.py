"""Load on ``tarkastus serve``: many uploads from concurrent clients, on the loopback address only.

What it measures: a real server (``tarkastus serve --port 0``, a process of
its own, with ``TMPDIR`` pointed at a directory of this run) and clients in
threads of this process, each posting drafts with ``http.client`` (one
connection per request, as a browser's form post or a script's curl would).
For each kind of request — a Markdown agreement to ``/api/check``, a Word
draft to ``/api/check``, the Word draft to the page (``POST /``) — it sends
``--uploads`` requests from ``--clients`` clients and reports throughput
(requests per second, wall clock) and the latency's median and 95th
percentile. Every answer must be 200 with the findings the same file gets
alone (the first answer is the reference), and after the run the server's
temporary directory must be empty: the script fails otherwise.

    python bench/serve_load.py [--uploads 200] [--clients 8] [--json FILE]

Nothing leaves the machine: the server listens on 127.0.0.1 and the script
refuses any other address. ``post``, ``multipart`` and ``load`` are used by
the test suite's load test (tests/test_serve_load.py).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]


def multipart(files, fields=None) -> tuple[bytes, str]:
    """A multipart/form-data body of ``files`` [(name, bytes)] in the field ``file`` and ``fields``."""
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in (fields or {}).items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    for name, content in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode("utf-8") + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post(url: str, path: str, files, fields=None, headers=None, timeout: float = 60):
    """POST ``files`` to ``url`` + ``path``; returns (status, headers, body bytes)."""
    body, kind = multipart(files, fields)
    where = urlsplit(url)
    if where.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"only the loopback address is a target, not {where.hostname}")
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=timeout)
    try:
        connection.request("POST", path, body, {"Content-Type": kind, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()  # headers: case-insensitive
    finally:
        connection.close()


def start(extra_env=None, args=()) -> tuple[subprocess.Popen, str]:
    """``tarkastus serve --port 0`` in a process of its own; returns it and its URL (from its one line)."""
    env = {**os.environ, **(extra_env or {})}
    process = subprocess.Popen([sys.executable, "-m", "tarkastus", "serve", "--port", "0", *args],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    line = process.stderr.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if not found:
        process.kill()
        raise RuntimeError(f"the server did not start: {line}{process.stderr.read()}")
    return process, found.group()


def stop(process: subprocess.Popen) -> tuple[int, str]:
    """Ctrl-C, as a user stops it; returns its exit code and what else it wrote on standard error."""
    import signal

    process.send_signal(signal.SIGINT)
    try:
        code = process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        code = process.wait()
    return code, process.stderr.read()


def findings(body: bytes) -> list[tuple]:
    data = json.loads(body)
    return [(d["code"], d["path"], d["line"], d["column"]) for d in data["diagnostics"]]


def load(url: str, path: str, variants, total: int, clients: int) -> dict:
    """``total`` POSTs to ``path`` from ``clients`` threads, the n-th of the files of ``variants[n % len]``.

    ``variants`` is [(files, check)]: every answer must be 200 and ``check(body)`` None (else what is wrong).
    """
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    counter = iter(range(total))

    def client() -> None:
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            files, check = variants[n % len(variants)]
            began = time.perf_counter()
            try:
                status, _, body = post(url, path, files)
                problem = None if status == 200 else f"status {status}: {body[:200]!r}"
                if problem is None and check is not None:
                    problem = check(body)
            except OSError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            with lock:
                latencies.append(time.perf_counter() - began)
                if problem:
                    failures.append(problem)

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    latencies.sort()
    return {"requests": len(latencies), "clients": clients, "failures": failures, "seconds": wall,
            "per_second": len(latencies) / wall if wall else 0.0,
            "median_ms": statistics.median(latencies) * 1000 if latencies else 0.0,
            "p95_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] * 1000 if latencies else 0.0}


VARIANTS = 16  # different files of each kind, posted in turn: more than the server keeps of one request


def drafts(variants: int = VARIANTS) -> dict[str, list[tuple[str, bytes]]]:
    """The drafts posted: a Markdown agreement and a Word draft whose monitoring section only defers.

    Each comes in ``variants`` versions that differ by a sentence of their
    own, so that no request is answered from what the server remembers of
    an earlier one (it keeps the last few conversions of Word files).
    """
    sys.path.insert(0, str(ROOT / "tests"))
    from office_fixtures import blocks_of_markdown, docx

    markdown = (ROOT / "samples" / "kl54" / "luonnos-ei-seurantaa.md").read_text(encoding="utf-8")
    prose = (ROOT / "samples" / "proosa" / "kl54" / "turku-paimio.md").read_text(encoding="utf-8").split("<!--")[0]
    head, _, rest = prose.partition("## 6.")
    _, _, tail = rest.partition("## 7.")
    word = head + "## 6. Tehtävien hoidon seuranta\n\nSovitaan myöhemmin.\n\n## 7." + tail
    return {"md": [("luonnos-ei-seurantaa.md", f"{markdown}\nLuonnos {n + 1}.\n".encode()) for n in range(variants)],
            "docx": [("luonnos.docx", docx(blocks_of_markdown(f"{word}\nLuonnos {n + 1}.\n")))
                     for n in range(variants)]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uploads", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    temporary = Path(tempfile.mkdtemp(prefix="serve-load-"))
    process, url = start({"TMPDIR": str(temporary)})
    rows = []
    try:
        documents = drafts()
        for label, path, kind in (("Markdown to /api/check", "/api/check", "md"),
                                  ("Word draft to /api/check", "/api/check", "docx"),
                                  ("Word draft to the page (POST /)", "/", "docx")):
            variants = []
            for document in documents[kind]:
                files = [document]
                status, _, first = post(url, path, files)
                assert status == 200, (status, first[:300])
                expected = findings(first) if path.startswith("/api") else None

                def same(body, expected=expected):
                    if expected is not None and findings(body) != expected:
                        return "other findings than the file alone"
                    return None if expected is not None or b"KL54-SEURANTA" in body else "no KL54-SEURANTA on the page"

                variants.append((files, same))
            result = load(url, path, variants, args.uploads, args.clients)
            result["label"] = label
            rows.append(result)
            left = list(temporary.iterdir())
            print(f"{label}: {result['requests']} requests, {args.clients} clients, "
                  f"{result['per_second']:.1f}/s, median {result['median_ms']:.0f} ms, "
                  f"p95 {result['p95_ms']:.0f} ms, failures {len(result['failures'])}, files left {len(left)}")
            if result["failures"] or left:
                print(result["failures"][:5], left[:5], file=sys.stderr)
                return 1
    finally:
        code, said = stop(process)
    if code != 0:
        print(f"the server exited {code}: {said}", file=sys.stderr)
        return 1
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
