"""Does the Rego peer conclude what tarkastus concludes from front matter?

    python bench/rego/crosscheck.py --tarkastus .venv/bin/tarkastus
    python bench/rego/crosscheck.py --count 200 --seed 3

Three checks, all over the eight rules of ``peer.RULES``:

1. The rules' own YAML examples (``example pass/fail … ```yaml`` in
   rules/*.tark; the Markdown ones need the text, which the peer does not
   read): a fail example must give the peer a finding of its rule, a pass
   example none.
2. The benchmark's corpus (``generate()`` of bench/run.py; all of it has
   front matter): the number of findings per (file, rule) of the peer and of
   ``tarkastus check --output-format json --select …``, which must be equal.
3. The same over variants of the corpus's YAML files, each with one to three
   of ``CHANGES`` (Finnish dates, impossible dates, shares as text, missing
   keys, other roles and dispute clauses, a documented deviation): the
   corpus alone never makes three of the rules fire.

Prints the agreement and every difference; exit code 1 if there is one.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import random
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
import peer  # noqa: E402
from run import _yaml, generate  # noqa: E402

_EXAMPLE = re.compile(r'^example (pass|fail) "([^"]*)"[^`\n]*```yaml\n(.*?)^```', re.MULTILINE | re.DOTALL)


def _fi(value):
    return f"{value.day}.{value.month}.{value.year}" if isinstance(value, datetime.date) else value


def _set(key: str, value):
    return lambda doc: doc.__setitem__(key, value)


def _validity(change):
    return lambda doc: change(doc.setdefault("voimassaolo", {}))


def _roles(role: str):
    return lambda doc: [party.__setitem__("rooli", role) for party in doc["osapuolet"]]


CHANGES = {
    "no basis": lambda doc: doc["kustannukset"].pop("peruste", None),
    "no term": lambda doc: doc.pop("voimassaolo", None),
    "no start": _validity(lambda v: v.pop("alkaa", None)),
    "no end": _validity(lambda v: v.pop("päättyy", None)),
    "Finnish dates": _validity(lambda v: v.update({k: _fi(d) for k, d in v.items()})),
    "31.2.": _validity(lambda v: v.__setitem__("alkaa", "31.2.2025")),
    "31 April": _validity(lambda v: v.__setitem__("päättyy", "2026-04-31")),
    "one party": lambda doc: doc.__setitem__("osapuolet", doc["osapuolet"][:1]),
    "members only": _roles("jäsenkunta"),
    "two leads": _roles("Vastuukunta"),
    "joint authority": _set("osapuolet", [{"kunta": "Työllisyyskuntayhtymä", "rooli": "kuntayhtymä"},
                                          {"kunta": "Raisio", "rooli": "jäsenkunta"}]),
    "shares as text": lambda doc: doc["kustannukset"].__setitem__(
        "osuudet", [{"kunta": "Turku", "osuus": "35,5 %"}, {"kunta": "Raisio", "osuus": "60"}]),
    "no shares": _set("kustannukset", {"peruste": "palkkakustannukset", "osuudet": []}),
    "monitoring null": _set("seuranta", None),
    "district court": _set("erimielisyydet", "Riidat ratkaisee Varsinais-Suomen käräjäoikeus."),
    "civil court": _set("erimielisyydet", {"neuvottelu": False, "ratkaisija": "yleinen tuomioistuin"}),
    "both courts": _set("erimielisyydet", "Välimiesmenettely tai hallintoriita-asiana hallinto-oikeudessa."),
    "deviation": lambda doc: (doc.pop("seuranta", None), doc.__setitem__(
        "poikkeukset", [{"sääntö": "KL54-SEURANTA", "perustelu": "Seurannasta päättää toimielin."}])),
    "approved 30.2.": _set("hyväksytty", [{"kunta": "Turku", "toimielin": "valtuusto", "päivämäärä": "30.2.2024"}]),
    "type in capitals": _set("tyyppi", "KL54"),
}


def write_variants(corpus: Path, target: Path, seed: int) -> None:
    """Three variants of each YAML file of ``corpus``, each with one to three ``CHANGES``."""
    rng = random.Random(seed)
    for copy in range(3):
        for path in sorted(corpus.glob("*.yaml")):
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            for name in rng.sample(sorted(CHANGES), rng.randint(1, 3)):
                CHANGES[name](doc)
            # _yaml writes None as text; "seuranta:" with nothing after it is null
            lines = [line.removesuffix(" None") if line.endswith(": None") else line for line in _yaml(doc)]
            (target / f"{path.stem}-{copy}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def check_examples(rules_dir: Path, rego: peer.Peer) -> list[str]:
    """Differences between the peer and the pass/fail YAML examples of its rules."""
    wrong, total = [], 0
    for rule in peer.RULES:
        for kind, name, source in _EXAMPLE.findall((rules_dir / f"{rule}.tark").read_text(encoding="utf-8")):
            total += 1
            found = any(f["rule"] == rule for f in rego.findings(yaml.load(source, Loader=peer._Loader) or {}))
            if found != (kind == "fail"):
                wrong.append(f"{rule} example {kind} {name!r}: the peer {'finds' if found else 'finds nothing'}")
    print(f"rule examples: {total - len(wrong)} of {total} as tarkastus says")
    return wrong


def counts(findings, key) -> collections.Counter:
    return collections.Counter(key(f) for f in findings)


def check_corpus(directory: Path, tarkastus: list[str], rego: peer.Peer, label: str = "corpus") -> list[str]:
    """Differences per (file, rule) between the peer and tarkastus over ``directory``."""
    result = peer.check(peer.agreement_files([str(directory)]), rego)
    selected = [arg for rule in peer.RULES for arg in ("--select", rule)]
    proc = subprocess.run([*tarkastus, "check", "--isolated", "--no-cache", "--output-format", "json",
                           *selected, str(directory)], capture_output=True, text=True)
    try:  # exit code 2 with a report: input errors (TARK-*), which the peer does not look for
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        sys.exit(f"tarkastus exited with {proc.returncode}:\n{proc.stderr}")
    inputs = [d for d in report["diagnostics"] if d["code"].startswith("TARK-")]
    ours = counts(result["findings"], lambda f: (Path(f["path"]).name, f["rule"]))
    # The JSON report lists suppressed findings too (with "suppressed"); the peer drops them.
    theirs = counts([d for d in report["diagnostics"] if d["code"] in peer.RULES and not d.get("suppressed")],
                    lambda d: (Path(d["path"]).name, d["code"]))
    wrong = [f"{name} {rule}: peer {ours[name, rule]}, tarkastus {theirs[name, rule]}"
             for name, rule in sorted(ours.keys() | theirs.keys()) if ours[name, rule] != theirs[name, rule]]
    wrong += [f"{e['path']}: peer error: {e['error']}" for e in result["errors"]]
    agree = sum(min(ours[k], theirs[k]) for k in ours.keys() & theirs.keys())
    by_rule = counts(result["findings"], lambda f: f["rule"])
    print(f"{label}: {result['files']} files ({result['without_front_matter']} without front matter); "
          f"findings: peer {sum(ours.values())}, tarkastus {sum(theirs.values())}, the same (file, rule) {agree}")
    print("  by rule (peer): " + ", ".join(f"{rule} {by_rule[rule]}" for rule in peer.RULES))
    if inputs:
        print(f"  tarkastus also reports {len(inputs)} input errors: "
              + ", ".join(f"{k} {n}" for k, n in sorted(counts(inputs, lambda d: d["code"]).items())))
    return wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", help="check these documents instead of generating them")
    parser.add_argument("-n", "--count", type=int, default=1000, help="documents to generate (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--tarkastus", metavar="CMD", help='command to run tarkastus (default: "python -m tarkastus")')
    args = parser.parse_args(argv)
    tarkastus = shlex.split(args.tarkastus) if args.tarkastus else [sys.executable, "-m", "tarkastus"]
    rego = peer.Peer()
    wrong = check_examples(HERE.parent.parent / "rules", rego)
    with tempfile.TemporaryDirectory(prefix="tarkastus-rego-") as scratch:
        directory = Path(args.directory) if args.directory else Path(scratch, "corpus")
        if not args.directory:
            generate(directory, args.count, args.seed)
        wrong += check_corpus(directory, tarkastus, rego)
        variants = Path(scratch, "variants")
        variants.mkdir()
        write_variants(directory, variants, args.seed)
        wrong += check_corpus(variants, tarkastus, rego, "variants of its YAML files")
    for line in wrong:
        print("  differs: " + line)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
