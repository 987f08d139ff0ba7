"""The Rego peer of bench/run.py: eight tarkastus rules in Rego over each agreement's front matter.

    python bench/rego/peer.py DIR...          # findings, one a line, then a count line
    python bench/rego/peer.py --json DIR...   # the same as JSON, for cross-checking

Needs ``pip install regopy`` (rego-cpp, an OPA-compatible Rego engine) and
PyYAML. It is written the way a competent OPA user would write it, so that
the ratio bench/run.py prints is fair: one process; the policy
(``policy.rego`` beside this file) is compiled once into a bundle, rego-cpp's
prepared query, and each document only sets its input and runs the bundle
(querying by text instead recompiles the policy every time, about five times
slower); YAML is read with PyYAML's C parser.

What it reads: ``.md`` files (the block between the first two ``---``
lines) and ``.yaml``/``.yml`` files (the whole file), each at most 1 MiB,
under the given directories in sorted order. A Markdown file without front
matter has nothing for the policy to read and is only counted. A file that
cannot be read or parsed is an error line, not a crash; the exit code is 0.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

import regopy
import yaml

POLICY = Path(__file__).resolve().parent / "policy.rego"
# The tarkastus rules policy.rego implements (its header says how far).
RULES = ("KL54-SEURANTA", "KL54-KUSTANNUSPERUSTE", "KL54-KUSTANNUSJAKO", "KL54-VOIMASSAOLO",
         "KL54-OSAPUOLET", "KUSTANNUS-OSUUDET", "PVM-JARJESTYS", "KL63-ERIMIELISYYDET")
SUFFIXES = (".md", ".yaml", ".yml")
MAX_BYTES = 1024 * 1024  # as tarkastus reads a text file
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """PyYAML's safe loader (the C one when built) that keeps dates as written.

    ``2025-01-01`` stays a string: the input is JSON, and the policy decides
    what a date is, so ``2025-02-31`` is a finding instead of a load error.
    """


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def agreement_files(roots: list[str]) -> list[Path]:
    """The .md/.yaml/.yml files of ``roots`` (files or directories), sorted, hidden directories skipped."""
    found = []
    for root in roots:
        if os.path.isfile(root):
            found.append(Path(root))
            continue
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = [s for s in subfolders if not s.startswith(".")]
            found += [Path(folder, n) for n in names if n.lower().endswith(SUFFIXES)]
    return sorted(found)


def front_matter(path: Path) -> str | None:
    """The YAML text of ``path``: a YAML file whole, a Markdown file's front matter, or None if it has none.

    Raises ``ValueError`` for a file that is too large, not UTF-8, or whose front matter is not closed.
    """
    with open(path, "rb") as stream:
        raw = stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ValueError(f"larger than {MAX_BYTES} bytes")
    text = raw.decode("utf-8").removeprefix("\ufeff")  # UnicodeDecodeError is a ValueError
    if path.suffix.lower() != ".md":
        return text
    first, _, rest = text.partition("\n")
    if first.rstrip() != "---":
        return None
    end = _CLOSING.search(rest)
    if end is None:
        raise ValueError("front matter has no closing '---' line")
    return "\n" + rest[: end.start()]  # a blank line for the '---', so YAML's line numbers are the file's


class Peer:
    """The policy, compiled once; ``findings(data)`` evaluates it for one document's front matter."""

    def __init__(self, policy: Path = POLICY) -> None:
        compiler = regopy.Interpreter()
        compiler.add_module(policy.name, policy.read_text(encoding="utf-8"))
        self._bundle = compiler.build("findings := data.tarkastus.findings", ["tarkastus/findings"])
        if not self._bundle.ok():
            raise RuntimeError(f"{policy}: the policy does not compile")
        self._rego = regopy.Interpreter()

    def findings(self, data) -> list[dict]:
        self._rego.set_input(data)  # converted in C; a YAML set becomes a Rego set, a number key text
        output = self._rego.query_bundle(self._bundle)
        if not output.ok() or len(output) == 0:
            raise RuntimeError(str(output))
        return output[0]["findings"]


def check(paths: list[Path], peer: Peer) -> dict:
    """Findings and errors of ``paths``, each sorted by (file, rule)."""
    findings, errors, without = [], [], 0
    for path in paths:
        try:
            source = front_matter(path)
            if source is None:
                without += 1
                continue
            data = yaml.load(source, Loader=_Loader)
            if data is None:
                data = {}
            if not isinstance(data, dict):
                raise ValueError("front matter is not a mapping")
            findings += [{"path": str(path), **f} for f in peer.findings(data)]
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            errors.append({"path": str(path), "error": f"YAML {where}{error.problem or error.context}"})
        except (OSError, ValueError, yaml.YAMLError, RuntimeError, RecursionError, regopy.RegoError) as error:
            errors.append({"path": str(path), "error": " ".join(str(error).split())})
    findings.sort(key=lambda f: (f["path"], f["rule"], f["message"]))
    return {"files": len(paths), "without_front_matter": without, "findings": findings, "errors": errors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="DIR", help="directories (or files) to check")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    result = check(agreement_files(args.paths), Peer())
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    lines = [(f["path"], f["rule"], f"{f['path']}: {f['rule']} {f['message']}") for f in result["findings"]]
    lines += [(e["path"], "", f"{e['path']}: error: {e['error']}") for e in result["errors"]]
    for *_, line in sorted(lines):
        print(line)
    print(f"{len(result['findings'])} findings, {len(result['errors'])} errors in {result['files']} files "
          f"({result['without_front_matter']} without front matter)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
