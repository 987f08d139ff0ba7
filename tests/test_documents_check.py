"""Word and OpenDocument agreements through ``tarkastus check``, ``facts`` and every report format.

The .docx and .odt files are written in the tests from the prose samples
(office_fixtures.py). What is pinned down: a folder of them is checked
file by file with findings at "kohta N"; the same agreement gives the same
findings as Markdown, .docx and .odt (modulo positions); drafts, legacy and
broken files get their own messages; a sidecar YAML joins the facts and
carries the deviations; ``facts --format yaml`` writes a sidecar that reads
back to the same findings.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import AS_OF, ROOT
from office_fixtures import blocks_of_markdown, docx, odt
from tarkastus.cli import main

PROSE = sorted((ROOT / "samples" / "proosa").rglob("*.md"))
WRITERS = {".docx": docx, ".odt": odt}
TURKU_LIETO = ROOT / "samples" / "proosa" / "kl54" / "turku-lieto.md"
NO_MONITORING = ROOT / "samples" / "proosa" / "kl54" / "luonnos-ei-seurantaa.md"


def run(*args: str, env: dict | None = None):
    result = CliRunner().invoke(main, [*args, "--as-of", AS_OF.isoformat(), "--isolated"], env=env,
                                catch_exceptions=False)
    return result


def write(directory: Path, sample: Path, suffix: str) -> Path:
    path = directory / (sample.stem + suffix)
    path.write_bytes(WRITERS[suffix](blocks_of_markdown(sample.read_text(encoding="utf-8"))))
    return path


def findings(output: str) -> list[tuple[str, str]]:
    """(folder/file stem, code) of each finding in a JSON report."""
    data = json.loads(output)
    return sorted((f"{Path(d['path']).parent.name}/{Path(d['path']).stem}", d["code"]) for d in data["diagnostics"])


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """The prose samples as Markdown, .docx and .odt, one folder each."""
    root = tmp_path_factory.mktemp("formats")
    for kind in ("md", "docx", "odt"):
        (root / kind).mkdir()
    for sample in PROSE:
        for kind in ("md", "docx", "odt"):  # a folder of its own for each sample folder (two share a name)
            (root / kind / sample.parent.name).mkdir(exist_ok=True)
        (root / "md" / sample.parent.name / sample.name).write_text(sample.read_text(encoding="utf-8"),
                                                                     encoding="utf-8")
        write(root / "docx" / sample.parent.name, sample, ".docx")
        write(root / "odt" / sample.parent.name, sample, ".odt")
    return root


def test_a_folder_of_word_and_opendocument_agreements_is_checked_like_markdown(folders):
    reports = {kind: run("check", str(folders / kind), "--format", "json") for kind in ("md", "docx", "odt")}
    assert findings(reports["docx"].output) == findings(reports["md"].output)
    assert findings(reports["odt"].output) == findings(reports["md"].output)
    for kind in ("docx", "odt"):
        data = json.loads(reports[kind].output)
        assert data["summary"]["files"] == len(PROSE)
        assert reports[kind].exit_code == reports["md"].exit_code == 1
        # Every finding says where a lawyer finds it; none points at a line of the converted text alone.
        assert all(re.match(r"(otsikko|alku|kohta \d+)", d["locator"]) for d in data["diagnostics"]), data


def test_findings_point_at_the_section_and_paragraph(folders):
    result = run("check", str(folders / "docx" / "kl54" / "luonnos-valimiesmenettely.docx"), "--format", "concise")
    assert "luonnos-valimiesmenettely.docx (kohta 8): KL63-ERIMIELISYYDET [error]" in result.output
    missing = run("check", str(folders / "docx" / "kl54" / "luonnos-ei-seurantaa.docx"), "--format", "concise")
    # A missing provision points at the title.
    assert "luonnos-ei-seurantaa.docx (otsikko): KL54-SEURANTA [error]" in missing.output
    text = run("check", str(folders / "docx" / "kl54" / "luonnos-ei-seurantaa.docx"))
    assert "  luonnos-ei-seurantaa.docx (otsikko): KL54-SEURANTA" in text.output.replace(
        str(folders / "docx" / "kl54") + "/", "")


def test_compliant_documents_exit_zero(folders):
    result = run("check", str(folders / "docx" / "kl54" / "turku-lieto.docx"),
                 str(folders / "odt" / "kl54" / "turku-lieto.odt"))
    assert result.exit_code == 0, result.output
    assert "2 tiedostoa tarkastettu" in result.output


def test_every_report_format_carries_the_locator(folders):
    path = str(folders / "docx" / "kl54" / "luonnos-ei-seurantaa.docx")
    data = json.loads(run("check", path, "--format", "json").output)
    assert [d["locator"] for d in data["diagnostics"]] == ["otsikko"]
    sarif = json.loads(run("check", path, "--format", "sarif").output)
    jsonschema.validate(sarif, json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text()))
    location = sarif["runs"][0]["results"][0]["locations"][0]
    assert location["logicalLocations"] == [{"fullyQualifiedName": "otsikko", "kind": "element"}]
    assert "region" not in location["physicalLocation"]  # a line of the converted text is no line of the file
    github = run("check", path, "--format", "github").output
    assert github.startswith("::error file=") and ",line=" not in github and "::otsikko: " in github
    junit = run("check", path, "--format", "junit").output
    assert "KL54-SEURANTA otsikko" in junit


def test_cross_document_findings_have_locators(folders):
    data = json.loads(run("check", str(folders / "docx" / "alueet"), "--format", "json").output)
    overlap = [d for d in data["diagnostics"] if d["code"] == "ALUE-PAALLEKKAISYYS"]
    assert overlap and all(d["locator"].startswith("kohta") for d in overlap), overlap
    assert all(r.get("locator") for d in overlap for r in d["related"]), overlap


def test_tracked_changes_and_comments_are_an_info_finding(tmp_path):
    blocks = blocks_of_markdown(TURKU_LIETO.read_text(encoding="utf-8"))
    blocks += [("ins", "Sopimusta ", "voidaan muuttaa", " kirjallisesti."), ("del", "Tämä ", "poistettu", " lause."),
               ("comment", "Tarkista tämä.")]
    path = tmp_path / "luonnos.docx"
    path.write_bytes(docx(blocks))
    result = run("check", str(path), "--format", "json")
    data = json.loads(result.output)
    notes = [d for d in data["diagnostics"] if d["code"] == "TARK-LUONNOS"]
    assert len(notes) == 1 and notes[0]["severity"] == "info", data
    assert "2 jäljitettyä muutosta ja 1 kommenttia" in notes[0]["message"]
    assert "hyväksytty" in notes[0]["message"]
    assert result.exit_code == 0  # an info note does not fail the check


@pytest.mark.parametrize(("name", "content", "words"), [
    ("vanha.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "vanhaa Word-muotoa"),
    ("makrot.docm", b"PK\x03\x04", "makroja"),
    ("teksti.rtf", b"{\\rtf1\\ansi Sopimus}", "RTF"),
    ("naamioitu.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "vanhaa Word-muotoa"),
    ("rikki.docx", b"PK\x03\x04 not a zip at all", "zip-rakenne on rikki"),
    ("rikki.odt", b"not a zip", "zip-rakenne on rikki"),
    ("tyhja.docx", b"", "zip-rakenne on rikki"),
])
def test_unreadable_files_get_a_clear_message_and_the_rest_is_checked(tmp_path, name, content, words):
    (tmp_path / name).write_bytes(content)
    write(tmp_path, TURKU_LIETO, ".docx")
    result = run("check", str(tmp_path), "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.output)
    errors = [d for d in data["diagnostics"] if d["path"].endswith(name)]
    assert len(errors) == 1 and errors[0]["code"] in ("TARK-MUOTO", "TARK-LUKU"), errors
    assert words in errors[0]["message"] and errors[0]["fix"]
    assert data["summary"]["files"] == 2
    assert "Traceback" not in result.output


def test_a_sidecar_joins_the_facts_and_holds_the_deviations(tmp_path):
    path = write(tmp_path, NO_MONITORING, ".docx")
    assert run("check", str(path)).exit_code == 1
    sidecar = tmp_path / "luonnos-ei-seurantaa.yaml"
    sidecar.write_text("tarkastus: 1\npoikkeukset:\n  - sääntö: KL54-SEURANTA\n"
                       "    perustelu: Seuranta sovitaan erillisellä pöytäkirjalla 1.3.2025.\n", encoding="utf-8")
    result = run("check", str(path), "--format", "json", "--show-suppressed")
    data = json.loads(result.output)
    assert result.exit_code == 0, result.output
    assert [(d["code"], d.get("suppressed") is not None) for d in data["diagnostics"]] == [("KL54-SEURANTA", True)]
    # A fact the sidecar states differently from the text is a conflict, reported at both places.
    sidecar.write_text("tarkastus: 1\nvoimassaolo:\n  alkaa: 2026-01-01\n", encoding="utf-8")
    data = json.loads(run("check", str(path), "--format", "json").output)
    conflict = next(d for d in data["diagnostics"] if d["code"] == "RISTIRIITA-VOIMASSAOLO")
    assert conflict["locator"].startswith("kohta") and "(kohta" in conflict["message"]
    assert conflict["related"][0]["path"].endswith("luonnos-ei-seurantaa.yaml")
    assert conflict["related"][0]["line"] == 3 and "locator" not in conflict["related"][0]


def test_a_broken_sidecar_is_reported_in_its_own_file(tmp_path):
    path = write(tmp_path, TURKU_LIETO, ".docx")
    (tmp_path / "turku-lieto.yaml").write_text("tarkastus: 1\nvoimassaolo: [\n", encoding="utf-8")
    result = run("check", str(tmp_path), "--format", "json")
    data = json.loads(result.output)
    assert result.exit_code == 2
    (error,) = [d for d in data["diagnostics"] if d["code"] == "TARK-YAML"]
    assert error["path"].endswith("turku-lieto.yaml") and error["line"] >= 2
    assert data["summary"]["files"] == 1  # the sidecar is the document's part, not an agreement of its own
    (tmp_path / "turku-lieto.yaml").write_text("tarkastus: 1\nvoimassaolo:\n  alkoi: 2025-01-01\n", encoding="utf-8")
    text = run("check", str(path)).output
    assert "turku-lieto.yaml:3:3: TARK-AVAIN" in text and "alkaa" in text


def test_a_sidecar_named_alone_checks_its_document(tmp_path):
    write(tmp_path, NO_MONITORING, ".docx")
    sidecar = tmp_path / "luonnos-ei-seurantaa.yaml"
    sidecar.write_text("seuranta:\n  vastuu: järjestäjä\n  keinot: [raportointi]\n", encoding="utf-8")
    result = run("check", str(sidecar), "--format", "json", "--agreements-only")
    data = json.loads(result.output)
    assert data["summary"]["files"] == 1 and result.exit_code == 0, result.output


def test_the_result_cache_sees_a_changed_sidecar(tmp_path):
    path = write(tmp_path, NO_MONITORING, ".docx")
    env = {"TARKASTUS_CACHE_DIR": str(tmp_path / "cache")}
    assert run("check", str(path), env=env).exit_code == 1
    assert run("check", str(path), env=env).exit_code == 1  # from the cache
    sidecar = tmp_path / "luonnos-ei-seurantaa.yaml"
    sidecar.write_text("seuranta:\n  vastuu: järjestäjä\n  keinot: [raportointi]\n", encoding="utf-8")
    assert run("check", str(path), env=env).exit_code == 0
    sidecar.unlink()
    assert run("check", str(path), env=env).exit_code == 1


@pytest.mark.parametrize("sample", PROSE, ids=lambda p: p.stem)
def test_facts_as_yaml_is_a_sidecar_that_reads_back_to_the_same_findings(tmp_path, sample):
    path = write(tmp_path, sample, ".docx")
    before = run("check", str(path), "--format", "json")
    written = run("facts", str(path), "--format", "yaml").output
    assert yaml.safe_load(written)  # valid YAML
    (tmp_path / (sample.stem + ".yaml")).write_text(written, encoding="utf-8")
    after = run("check", str(path), "--format", "json")
    codes = [code for _, code in findings(after.output)]
    assert not [c for c in codes if c.startswith(("RISTIRIITA", "TARK-"))], after.output
    assert sorted(codes) == sorted(code for _, code in findings(before.output))
    assert after.exit_code == before.exit_code


def test_facts_show_locators(tmp_path):
    path = write(tmp_path, TURKU_LIETO, ".docx")
    data = json.loads(run("facts", str(path), "--format", "json").output)
    start = next(f for f in data["documents"][0]["facts"] if f["key"] == "voimassaolo.alkaa")
    assert start["locator"].startswith("kohta 11")
    assert "kohta 11, 1. kappale" in run("facts", str(path)).output


def test_a_document_without_an_agreement_is_said_to_hold_none(tmp_path):
    blocks = [("h", 1, "Kokouskutsu"), ("p", "Kunnanhallitus kokoontuu 3.2.2025 kello 16."),
              ("p", "Esityslista on liitteenä.")]
    (tmp_path / "kutsu.docx").write_bytes(docx(blocks, numbered_headings=False))
    result = run("check", str(tmp_path), "--format", "json")
    data = json.loads(result.output)
    (note,) = data["diagnostics"]
    assert note["code"] == "TARK-OHITETTU" and note["severity"] == "info" and "ei ole sopimusta" in note["message"]
    assert result.exit_code == 0


def test_the_hook_hands_documents_to_the_check():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    pattern = re.compile(hooks[0]["files"])
    for name in ("sopimus.docx", "SOPIMUS.PDF", "sopimus.odt", "sopimus.md", "sopimus.yaml", "vanha.doc"):
        assert pattern.search(name), name
    assert not pattern.search("kuva.png")


def test_checking_markdown_imports_no_document_reader(tmp_path):
    # -X importtime lists every module the process imports, on stderr.
    args = [sys.executable, "-X", "importtime", "-m", "tarkastus", "check", str(TURKU_LIETO), "--isolated"]
    out = subprocess.run(args, capture_output=True, text=True, check=False,
                         env={"TARKASTUS_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stdout + out.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines()}
    assert not {"pypdf", "tarkastus.documents.office", "tarkastus.documents.pdf"} & imported


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".docx", ".odt", ".pdf", ".doc", ".rtf", ".docm"]),
       head=st.sampled_from([b"", b"PK\x03\x04", b"%PDF-1.7\n", b"\xd0\xcf\x11\xe0", b"{\\rtf1"]))
def test_random_bytes_under_a_document_name_never_crash_the_check(book, tmp_path, data, suffix, head):
    from tarkastus.engine import check_file

    path = tmp_path / f"x{suffix}"
    path.write_bytes(head + data)
    found, _, _ = check_file(path, path.name, book, book.compiled, AS_OF)
    assert all(d.code != "TARK-SISAINEN" for d in found), found


def test_a_number_typed_in_the_heading_is_the_section_number(tmp_path):
    blocks = [("h", 1, "Sopimus viranomaistehtävän hoitamisesta"),
              ("p", "Turun kaupunki ja Raision kaupunki ovat sopineet kuntalain 54 §:n mukaisesti."),
              ("h", 2, "6. Seuranta"), ("p", "Sovitaan myöhemmin.")]
    path = tmp_path / "luonnos.docx"
    path.write_bytes(docx(blocks, numbered_headings=False))
    data = json.loads(run("check", str(path), "--format", "json").output)
    (monitoring,) = [d for d in data["diagnostics"] if d["code"] == "KL54-SEURANTA"]
    assert monitoring["locator"].startswith("kohta 6"), monitoring
    facts = run("facts", str(path)).output
    assert "seuranta" in facts and "kohta 6" in facts


def test_a_pdf_that_only_restricts_copying_is_read(tmp_path):
    """Published attachments are often AES-encrypted with an owner password only: they open without one."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(ROOT / "tests" / "data" / "pdf" / "turku-lieto.pdf"))
    writer.encrypt(user_password="", owner_password="omistaja", algorithm="AES-256", permissions_flag=0)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = tmp_path / "turku-lieto.pdf"
    path.write_bytes(buffer.getvalue())
    result = run("check", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["summary"]["files"] == 1


PDF = ROOT / "tests" / "data" / "pdf"


def test_a_folder_of_docx_odt_and_pdf_agreements(tmp_path):
    """The issue's acceptance: every file checked, findings at 'kohta N' or page and line, a scanned PDF
    told to get text recognition, the compliant ones exit 0."""
    folder = tmp_path / "sopimukset"
    folder.mkdir()
    write(folder, TURKU_LIETO, ".docx")
    write(folder, ROOT / "samples" / "proosa" / "kl54" / "turku-raisio.md", ".odt")
    write(folder, NO_MONITORING, ".docx")
    for name in ("keski-savo-yhteistoimintasopimus.pdf", "skannattu.pdf"):
        (folder / name).write_bytes((PDF / name).read_bytes())
    result = run("check", str(folder), "--format", "json")
    data = json.loads(result.output)
    assert result.exit_code == 2  # the scanned PDF is an input error
    by_file: dict[str, list[dict]] = {}
    for d in data["diagnostics"]:
        by_file.setdefault(Path(d["path"]).name, []).append(d)
    (scanned,) = by_file["skannattu.pdf"]
    assert scanned["code"] == "TARK-TEKSTITON" and "tekstintunnistuksen" in scanned["message"]
    assert [d["code"] for d in by_file["luonnos-ei-seurantaa.docx"]] == ["KL54-SEURANTA"]
    assert all(re.fullmatch(r"sivu \d+, rivi \d+", d["locator"]) for d in by_file.get(
        "keski-savo-yhteistoimintasopimus.pdf", [])), by_file
    assert data["summary"]["files"] == 5
    for name in ("turku-lieto.docx", "turku-raisio.odt"):
        assert name not in by_file
        assert run("check", str(folder / name)).exit_code == 0


def test_an_agreement_inside_minutes_is_checked_alone(tmp_path):
    """Minutes (a .docx here; a PDF is read the same way) with the agreement as appendix 3."""
    minutes = [("p", "LIEDON KUNTA"), ("p", "Kunnanhallitus"), ("p", "PÖYTÄKIRJA 14/2024"),
               ("p", "Kokousaika: 27.11.2024 klo 17.00–19.10"), ("p", "Läsnä: Matti Virtanen, Liisa Laine"),
               ("p", "§ 198 Sopimus viranomaistehtävän hoitamisesta Turun kanssa"),
               ("p", "Päätösehdotus: Kunnanhallitus hyväksyy liitteen 3 mukaisen sopimuksen."),
               ("p", "Päätös: Hyväksyttiin."), ("p", "LIITE 3")]
    after = [("p", "§ 199 Talousarvion toteutuminen 1.1.–31.10.2024"),
             ("p", "Päätösehdotus: Kunnanhallitus merkitsee toteutumaraportin tiedoksi."), ("p", "Päätös: Hyväksyttiin.")]
    agreement = blocks_of_markdown(NO_MONITORING.read_text(encoding="utf-8"))
    path = tmp_path / "poytakirja-14-2024.docx"
    path.write_bytes(docx(minutes + agreement + after))
    data = json.loads(run("check", str(path), "--format", "json").output)
    assert [d["code"] for d in data["diagnostics"]] == ["KL54-SEURANTA"], data
    # The minutes around it are no agreement of their own.
    bare = tmp_path / "poytakirja-15-2024.docx"
    bare.write_bytes(docx(minutes[:5] + after, numbered_headings=False))
    (note,) = json.loads(run("check", str(bare), "--format", "json").output)["diagnostics"]
    assert note["code"] == "TARK-OHITETTU" and note["severity"] == "info"


def test_an_approval_stamp_in_the_word_page_header_is_the_approval_fact(tmp_path):
    docx_lib = pytest.importorskip("docx")
    document = docx_lib.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "Hyväksytty: Liedon kunnanhallitus 27.11.2024, 198 §"
    header.add_paragraph("TURUN TYÖLLISYYSALUE")  # not a stamp: no label, no date
    document.add_heading("Sopimus viranomaistehtävän hoitamisesta", level=1)
    document.add_paragraph("Turun kaupunki ja Liedon kunta ovat sopineet kuntalain 54 §:n mukaisesti.")
    path = tmp_path / "sopimus.docx"
    document.save(path)
    data = json.loads(run("facts", str(path), "--format", "json").output)
    facts = {f["key"]: f for f in data["documents"][0]["facts"]}
    assert facts["hyväksytty[0].päivämäärä"]["value"] == "2024-11-27"
    assert facts["hyväksytty[0].kunta"]["value"] == "Lieto"
    assert facts["hyväksytty[0].kunta"]["locator"] == "ylätunniste"
    assert not any("TYÖLLISYYSALUE" in str(f["quote"]) for f in facts.values())


def test_a_document_too_long_to_read_whole_is_an_error_not_a_partial_reading(tmp_path):
    from tarkastus.documents.office import MAX_BLOCKS

    path = tmp_path / "pitka.docx"
    path.write_bytes(docx([("h", 1, "Sopimus viranomaistehtävän hoitamisesta")]
                          + [("p", f"Kappale {i}.") for i in range(MAX_BLOCKS + 1)]))
    result = run("check", str(path), "--format", "json")
    (error,) = json.loads(result.output)["diagnostics"]
    assert result.exit_code == 2 and error["code"] == "TARK-KOKO", error
