"""Rebuild the LibreOffice-written .odt and .docx fixtures of tests/test_libreoffice_files.py (needs LibreOffice).

    .venv/bin/python tests/data/libreoffice/regenerate.py            # every fixture
    .venv/bin/python tests/data/libreoffice/regenerate.py turku       # the ones whose name contains a word

Each sample of ``SAMPLES`` is written as a .docx by ``tests/office_fixtures.py``
(``docx(blocks_of_markdown(md))``), completed into a package LibreOffice
opens (``tests/data/pdf/regenerate.py``'s ``package``: heading styles with
outline levels, numbering), then saved by LibreOffice as OpenDocument text
(``--convert-to odt``) and again as Word 2007–365 (``--convert-to
docx:"MS Word 2007 XML"``). The files are what LibreOffice itself writes:
its styles, its automatic numbering, its table and list markup. Run on
purpose, never in CI (CI has no LibreOffice); commit what it writes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(HERE.parent / "pdf"))

from office_fixtures import blocks_of_markdown, docx  # noqa: E402
from regenerate import package  # noqa: E402  (tests/data/pdf/regenerate.py)

SAMPLES = {
    "turku-lieto": ROOT / "samples" / "proosa" / "kl54" / "turku-lieto.md",
    "luonnos-ei-seurantaa": ROOT / "samples" / "proosa" / "kl54" / "luonnos-ei-seurantaa.md",
    "kuopio-yhteistoimintasopimus": ROOT / "samples" / "proosa" / "alueet" / "kuopio-yhteistoimintasopimus.md",
    "meri-lappi-jarjestamissuunnitelma": ROOT / "samples" / "proosa" / "meri-lappi" / "meri-lappi-jarjestamissuunnitelma.md",
}
FORMATS = (("odt", "odt"), ("docx", 'docx:"MS Word 2007 XML"'))


def convert(name: str, data: bytes) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed to regenerate these fixtures.")
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "in" / f"{name}.docx"
        source.parent.mkdir()
        source.write_bytes(data)
        for suffix, target in FORMATS:
            out = Path(work) / suffix
            # A profile of its own, so a running LibreOffice of the user's is not disturbed.
            subprocess.run([soffice, f"-env:UserInstallation=file://{work}/profile", "--headless",
                            "--convert-to", target.replace('"', ""), "--outdir", str(out), str(source)],
                           check=True, capture_output=True, timeout=300)
            (HERE / f"{name}.{suffix}").write_bytes((out / f"{name}.{suffix}").read_bytes())
            print(f"{name}.{suffix}: {(HERE / f'{name}.{suffix}').stat().st_size} bytes")


def main(words: list[str]) -> None:
    for name, path in SAMPLES.items():
        if not words or any(word in name for word in words):
            convert(name, package(docx(blocks_of_markdown(path.read_text(encoding="utf-8")))))


if __name__ == "__main__":
    main(sys.argv[1:])
