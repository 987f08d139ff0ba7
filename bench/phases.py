"""Per-phase profile of checking never-seen files, in one process (``--jobs 1``).

    python bench/phases.py                 # 1,000 documents, half of the Markdown ones prose-only
    python bench/phases.py --count 200 --prose 0

Phases, each timed over all files (ms per file, and share of the total):
collect (walking and sniffing the directory), load (reading, YAML front
matter, headings), read facts (the text reader and the merge with the
front matter), rules (every rule for one document), report (sorting and
the text report). Start-up and imports are the ``python -c`` rows of
``bench/run.py``. The documents are those of ``bench/run.py``.
"""

from __future__ import annotations

import argparse
import datetime
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--prose", type=float, default=0.5, help="share of Markdown files made prose-only")
    args = parser.parse_args(argv)

    from tarkastus import prose
    from tarkastus.diagnostics import Diagnostic
    from tarkastus.documents.loader import load
    from tarkastus.engine import Report, collect
    from tarkastus.lang.evaluator import Context
    from tarkastus.reporters import render
    from tarkastus.rulebook import load_rulebook

    directory = Path(tempfile.mkdtemp(prefix="tarkastus-phases-"))
    try:
        step = round(1 / args.prose) if args.prose else 0
        for k, path in enumerate(bench.generate(directory, args.count, args.seed)):
            if step and k % step == step - 1 and path.suffix == ".md":
                path.write_text(bench.prose(path.read_text(encoding="utf-8")), encoding="utf-8")
        book = load_rulebook()
        as_of = datetime.date(2026, 11, 23)
        rules = [r for r in book.compiled if not r.corpus and r.rule.in_force(as_of)]
        times = dict.fromkeys(("collect", "load", "read facts", "rules", "report"), 0.0)
        started = time.perf_counter()
        files, _ = collect([directory])
        times["collect"] = time.perf_counter() - started
        found: list[Diagnostic] = []
        for path, shown in files:
            t0 = time.perf_counter()
            doc = load(path, book.shapes, shown, prose=True)
            t1 = time.perf_counter()
            prose.apply(doc, book)
            t2 = time.perf_counter()
            if doc.ok:
                ctx = Context(doc, book, as_of)
                for compiled in rules:
                    if compiled.applies_to(doc.doc_type):
                        found.extend(Diagnostic(compiled.rule.id, s, shown, p, m) for p, m, _, s in compiled.run(ctx))
                        ctx.vars.clear()
            t3 = time.perf_counter()
            times["load"] += t1 - t0
            times["read facts"] += t2 - t1
            times["rules"] += t3 - t2
        t0 = time.perf_counter()
        found.sort(key=Diagnostic.sort_key)
        render("text", Report(found, len(files), as_of, [s for _, s in files]), io.StringIO())
        times["report"] = time.perf_counter() - t0
        total = sum(times.values())
        print(f"| phase | ms per file | share |\n|---|--:|--:|")
        for name, seconds in times.items():
            print(f"| {name} | {seconds / len(files) * 1000:.3f} | {seconds / total:.0%} |")
        print(f"| total | {total / len(files) * 1000:.3f} | 100% |")
        print(f"\n{len(files)} files ({args.prose:.0%} of the Markdown ones prose-only), one process, "
              f"law of {as_of}, every rule in force")
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
