"""Benchmark of ``tarkastus lsp``: start-up, and the time from an edit to its diagnostics.

What it measures, through the protocol as an editor sees it (a minimal
JSON-RPC client of its own over the server's stdin and stdout, no test
framework):

    start-up: process start -> the initialize response           target: median <= 1.5 s
    start-up: process start -> the first diagnostics of an opened agreement (reference)
    edit:     didChange sent -> publishDiagnostics of that version  target: median <= 100 ms

The agreement is ``samples/kl54/turku-raisio.md`` (12 numbered sections,
about 9,000 characters), opened in a workspace folder holding it and the
other kl54 samples (so the rules across documents read seven more from
disk). Each edit types or deletes a word in section 6 (an incremental
change of a few characters, as a keystroke is) and waits for the
diagnostics of that version before the next; the first ``--warm-up``
edits are not counted. Every start-up is a new process; the rule pack's
cache (a private ``TARKASTUS_CACHE_DIR``, filled by one run first) is warm,
as it is for a user after the first run of any tarkastus command.

Reproduce:

    python bench/lsp_latency.py                        # 7 start-ups, 50 edits
    python bench/lsp_latency.py --tarkastus ".venv/bin/tarkastus" --starts 11 --edits 200
    python bench/lsp_latency.py --json lsp.json

Exit code 0 when both budgets are met, 1 when one is missed, 2 when the
server fails (its stderr is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AGREEMENT = ROOT / "samples" / "kl54" / "turku-raisio.md"
STARTUP_BUDGET = 1.5
EDIT_BUDGET = 0.100


class Server:
    """A ``tarkastus lsp`` process and a JSON-RPC connection to it."""

    def __init__(self, command: list[str], env: dict) -> None:
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env=env)
        self.messages: queue.Queue = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            body = stream.read(length)
            self.messages.put((time.perf_counter(), json.loads(body)))

    def send(self, message: dict) -> float:
        body = json.dumps({"jsonrpc": "2.0", **message}, ensure_ascii=False).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return time.perf_counter()

    def request(self, method: str, params) -> tuple[float, dict]:
        self.next_id += 1
        wanted = self.next_id
        self.send({"id": wanted, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == wanted and "method" not in m)

    def notify(self, method: str, params) -> float:
        return self.send({"method": method, "params": params})

    def wait(self, matches, timeout: float = 30.0) -> tuple[float, dict]:
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no answer from the server")
            item = self.messages.get(timeout=left)
            if item is None:
                raise RuntimeError("the server ended:\n" + self.process.stderr.read().decode("utf-8", "replace"))
            when, message = item
            if "method" in message and "id" in message:  # a request of the server's (registerCapability)
                self.send({"id": message["id"], "result": None})
                continue
            if matches(message):
                return when, message

    def diagnostics(self, uri: str, version: int) -> tuple[float, list]:
        when, message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                  and m["params"]["uri"] == uri and m["params"].get("version") == version)
        return when, message["params"]["diagnostics"]

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()


def initialize(server: Server, folder: Path) -> float:
    when, _ = server.request("initialize", {
        "processId": os.getpid(), "rootUri": folder.as_uri(),
        "workspaceFolders": [{"uri": folder.as_uri(), "name": folder.name}],
        "capabilities": {"textDocument": {"publishDiagnostics": {"relatedInformation": True},
                                          "synchronization": {"didSave": True}},
                         "workspace": {"workspaceFolders": True}}})
    server.notify("initialized", {})
    return when


def open_agreement(server: Server, path: Path, text: str) -> str:
    uri = path.as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                            "text": text}})
    return uri


def edits(text: str):
    """Keystroke-sized changes in section 6: a word typed, then deleted, over and over."""
    lines = text.split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("## 6.")) + 2
    column = len(lines[row])
    word = " Lisäksi"
    while True:
        yield {"range": {"start": {"line": row, "character": column}, "end": {"line": row, "character": column}},
               "text": word}
        yield {"range": {"start": {"line": row, "character": column},
                         "end": {"line": row, "character": column + len(word)}}, "text": ""}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tarkastus", default=None, help="the command (default: this interpreter's -m tarkastus)")
    parser.add_argument("--starts", type=int, default=7, help="start-ups measured (each a new process)")
    parser.add_argument("--edits", type=int, default=50, help="edits measured")
    parser.add_argument("--warm-up", type=int, default=5, help="edits before the measured ones")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    command = [args.tarkastus, "lsp"] if args.tarkastus else [sys.executable, "-m", "tarkastus", "lsp"]
    work = Path(tempfile.mkdtemp(prefix="tarkastus-lsp-bench-"))
    env = {**os.environ, "TARKASTUS_CACHE_DIR": str(work / "cache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed tool has its bytecode compiled
    folder = work / "sopimukset"
    folder.mkdir()
    for sample in sorted(AGREEMENT.parent.glob("*.md")):
        shutil.copy(sample, folder / sample.name)
    path = folder / AGREEMENT.name
    text = path.read_text(encoding="utf-8")
    documents = len(list(folder.glob("*.md")))
    try:
        starts, firsts = [], []
        for n in range(args.starts + 1):  # the first fills the rule cache: not counted
            server = Server(command, env)
            try:
                ready = initialize(server, folder)
                uri = open_agreement(server, path, text)
                first, _ = server.diagnostics(uri, 1)
            finally:
                server.close()
            if n:
                starts.append(ready - server.started)
                firsts.append(first - server.started)
        server = Server(command, env)
        latencies = []
        try:
            initialize(server, folder)
            uri = open_agreement(server, path, text)
            server.diagnostics(uri, 1)
            changes = edits(text)
            for version in range(2, args.warm_up + args.edits + 2):
                sent = server.notify("textDocument/didChange", {
                    "textDocument": {"uri": uri, "version": version}, "contentChanges": [next(changes)]})
                when, _ = server.diagnostics(uri, version)
                if version > args.warm_up + 1:
                    latencies.append(when - sent)
        finally:
            server.close()
    except (RuntimeError, TimeoutError) as exc:
        print(exc, file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def row(name: str, values: list[float], budget: float | None, unit: float = 1.0, suffix: str = "s") -> dict:
        median = statistics.median(values)
        verdict = "" if budget is None else (", met" if median <= budget else ", MISSED")
        shown = f"≤ {budget / unit:g} {suffix}{verdict}" if budget is not None else "reference"
        print(f"{name:<58} median {median / unit:8.3f} {suffix}  min {min(values) / unit:8.3f}  "
              f"max {max(values) / unit:8.3f}  {shown}")
        return {"name": name, "median": median, "min": min(values), "max": max(values), "budget": budget,
                "runs": len(values)}

    print(f"tarkastus lsp, {AGREEMENT.name} ({text.count(chr(10) + '## ')} sections), "
          f"{documents} agreements in the folder")
    results = [row("start-up: process -> initialize response", starts, STARTUP_BUDGET),
               row("start-up: process -> first diagnostics", firsts, None),
               row("edit -> diagnostics of that version", latencies, EDIT_BUDGET, 0.001, "ms")]
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    met = statistics.median(starts) <= STARTUP_BUDGET and statistics.median(latencies) <= EDIT_BUDGET
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
