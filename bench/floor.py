"""What the design itself costs before tarkastus does any work: the floor under issue 17's budgets.

    python bench/floor.py                 # 1,000 documents, 21 rounds of process starts
    python bench/floor.py --rounds 41 --count 200

Two floors, each measured next to what tarkastus takes, in the same rounds
(the host's speed drifts by a fifth within minutes, so only figures taken
together are compared):

One agreement, cold. The processes are started in turn, round after round:
``python -c pass``; ``python -c "import …"`` of every module outside
tarkastus that ``tarkastus check ONE.md`` has imported when it ends (click,
PyYAML and the standard library, found by running that check once); and
the check itself. The difference between the last two is what tarkastus's
own code, its rule pack and its work on the file cost.

Many agreements, per file and in one process: reading each file and
composing its front matter with PyYAML's C parser (the least any checker of
this format does, and what the Rego peer does before its eight rules),
against ``bench/phases.py``'s whole check of the same files (loading,
reading the text's facts, every rule). Dividing by two gives the wall time of
a file on the two cores of the benchmark machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402

_MODULES = """
import io, sys
from tarkastus.cli import main
sys.stdout = io.StringIO()
try:
    main(["check", sys.argv[1]], standalone_mode=False)
except SystemExit:
    pass
print(" ".join(sorted(m for m in sys.modules if m.partition(".")[0] != "tarkastus")), file=sys.stderr)
"""


def _outside_modules(one: Path, env: dict) -> list[str]:
    """The modules outside tarkastus that a one-file check imports, minus those of a bare interpreter."""
    bare = set(subprocess.run([sys.executable, "-c", "import sys; print(' '.join(sys.modules))"], env=env,
                              capture_output=True, text=True, check=True).stdout.split())
    used = subprocess.run([sys.executable, "-c", _MODULES, str(one)], env=env, capture_output=True,
                          text=True).stderr.split()
    return [m for m in used if m not in bare and not m.startswith("_") and ".__" not in m]


def _starts(commands: dict[str, list[str]], rounds: int, env: dict) -> dict[str, float]:
    """Median seconds of each command, the commands run in turn every round (one warm-up round)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for k in range(rounds + 1):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if k:
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def _front_matter_floor(files: list[Path]) -> float:
    """Seconds per file to read it and compose its front matter with PyYAML's C parser."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    start = time.perf_counter()
    for path in files:
        text = path.read_bytes().decode("utf-8")
        if path.suffix == ".md":
            text = text.split("\n---\n", 1)[0]
        yaml.compose(text, Loader=loader)
    return (time.perf_counter() - start) / len(files)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--tarkastus", default=str(Path(sys.executable).with_name("tarkastus")),
                        help="the installed command (default: beside this interpreter)")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="tarkastus-floor-"))
    try:
        env = dict(os.environ, TARKASTUS_CACHE_DIR=str(work / "cache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        files = bench.generate(work / "docs", args.count)
        one = next(p for p in files if p.suffix == ".md" and "-yhteistoimintasopimus" not in p.name
                   and "-suunnitelma" not in p.name)
        subprocess.run([args.tarkastus, "check", str(one)], env=env, stdout=subprocess.DEVNULL)  # the pack
        outside = _outside_modules(one, env)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            f"import the {len(outside)} outside modules": [sys.executable, "-c", "import " + ", ".join(outside)],
            "tarkastus check ONE.md": [args.tarkastus, "check", str(one)],
        }

        def forget() -> None:
            for stored in (work / "cache").glob("results-*"):
                stored.unlink()

        forget()
        medians = _starts(commands, args.rounds, env)
        bare, floor, check = medians.values()
        print("| one agreement, cold | median | × interpreter |\n|---|--:|--:|")
        for name, seconds in medians.items():
            print(f"| {name} | {seconds * 1000:.1f} ms | {seconds / bare:.1f} |")
        print(f"| tarkastus's own part (check − outside imports) | {(check - floor) * 1000:.1f} ms | |")
        print(f"\noutside modules: {' '.join(sorted({m.partition('.')[0] for m in outside}))}\n")

        fm = _front_matter_floor(files)
        phases = subprocess.run([sys.executable, str(Path(__file__).with_name("phases.py")), "--prose", "0", "--count",
                                 str(args.count)], env=env, capture_output=True, text=True, check=True).stdout
        total = next(float(line.split("|")[2]) for line in phases.splitlines() if line.startswith("| total"))
        print("| many agreements, one process | ms per file | on 2 cores |\n|---|--:|--:|")
        print(f"| read + PyYAML C compose of the front matter | {fm * 1000:.3f} | {fm * 500:.3f} |")
        print(f"| tarkastus, the whole check (bench/phases.py) | {total:.3f} | {total / 2:.3f} |")
        print(f"\n{args.count} files, the same in both rows (bench/run.py's, front matter kept)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
