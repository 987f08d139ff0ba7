"""One bad file gives one diagnostic, and every other file is still reported.

Issue 10, through the public command line (click's ``CliRunner`` on
``tarkastus.cli.main``, and the installed script where only a real process
shows it: the bytes on standard output, a FIFO that would block, a user
without the right to read). Each test pairs the bad input with a good file
whose finding must still be in the report, in every output format.

Tests run as root, who reads everything; unreadable files are made real by
running the script with the capabilities that let root ignore permissions
dropped (``setpriv``), and are also simulated in-process.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
import tracemalloc
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import AS_OF, DATA, ROOT
from tarkastus.cli import main
from tarkastus.config import ConfigError, read as read_config

FAILING = "---\ntarkastus: 1\ntyyppi: kl54\nohjaus: Turku\n---\n# Sopimus\n"
ONE_RULE = ("--select", "KL54-SEURANTA", "--as-of", AS_OF.isoformat())
FORMATS = ("text", "json", "sarif", "github", "junit", "concise")
SCRIPT = Path(sys.executable).with_name("tarkastus")
SAMPLES = ROOT / "samples"


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch):
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


def invoke(*args, **kwargs):
    result = CliRunner().invoke(main, [str(a) if isinstance(a, Path) else a for a in args], **kwargs)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def report(*args) -> tuple[int, dict]:
    result = invoke("check", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def found(data) -> set[tuple[str, str]]:
    return {(d["code"], d["path"]) for d in data["diagnostics"]}


def script(*args, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    """The installed console script in a process of its own (stdout as bytes)."""
    if not SCRIPT.exists():
        pytest.skip("no tarkastus script beside the interpreter")
    return subprocess.run([str(SCRIPT), *map(os.fsdecode, args)], capture_output=True, timeout=timeout, **kwargs)


def _sarif_schema():
    return json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def assert_valid(fmt: str, text: str, paths: list[str]) -> None:
    """The report is valid in its format and names every path (as shown)."""
    if fmt == "json":
        data = json.loads(text)
        assert {d["path"] for d in data["diagnostics"]} >= set(paths)
    elif fmt == "sarif":
        log = json.loads(text)
        jsonschema.validate(log, _sarif_schema())
        uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]]
        assert len(uris) >= len(paths)
        for uri in uris:  # a URI reference: nothing but unreserved, reserved and %XX
            assert all(c.isascii() and (c.isalnum() or c in "-._~/!$&'()*+,;=:@%") for c in uri), uri
    elif fmt == "junit":
        root = ET.fromstring(text.encode("utf-8"))
        names = {case.get("classname") for case in root.iter("testcase")}
        assert names >= set(paths)
    elif fmt == "github":
        lines = text.splitlines()
        assert len(lines) >= len(paths) and all(line.startswith("::error file=") for line in lines)
        for path in paths:
            assert any(f"file={path.replace(':', '%3A').replace(',', '%2C')}," in line for line in lines)
    else:
        for path in paths:
            assert path in text
    assert "\x1b" not in text and "\r" not in text


# ---- A. file names: not UTF-8, control characters; a deep directory ------------------

BAD_NAMES = [b"sopimus-\xff.md", "ohjaus\x01\x1b[31m\nrivi.md".encode()]


@pytest.mark.parametrize("fmt", FORMATS)
def test_file_names_that_are_not_utf8_or_hold_control_characters_are_reported_in_every_format(tmp_path, fmt):
    directory = tmp_path / "d"
    directory.mkdir()
    (directory / "hyva.md").write_text(FAILING, encoding="utf-8")
    for name in BAD_NAMES:
        with open(os.path.join(os.fsencode(directory), name), "w", encoding="utf-8") as handle:
            handle.write(FAILING)
    result = invoke("check", directory, "--format", fmt, *ONE_RULE)
    assert result.exit_code == 1, result.output
    text = result.stdout_bytes.decode("utf-8")  # strict: the report is UTF-8
    shown = [f"{directory}/hyva.md", f"{directory}/sopimus-\\xff.md", f"{directory}/ohjaus\\x01\\x1b[31m\\x0arivi.md"]
    assert_valid(fmt, text, shown)
    if fmt == "concise":
        assert len(text.splitlines()) == 3  # a newline in a name does not split a finding's line
    if fmt == "sarif":
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in json.loads(text)["runs"][0]["results"]}
        assert any(uri.endswith("/sopimus-%FF.md") for uri in uris), uris  # the file's own bytes
        assert any(uri.endswith("/ohjaus%01%1B%5B31m%0Arivi.md") for uri in uris), uris


def test_a_name_that_is_not_utf8_through_the_script_and_into_an_output_file(tmp_path):
    directory = tmp_path / "d"
    directory.mkdir()
    (directory / "hyva.md").write_text(FAILING, encoding="utf-8")
    with open(os.path.join(os.fsencode(directory), b"sopimus-\xff.md"), "w", encoding="utf-8") as handle:
        handle.write(FAILING)
    done = script("check", directory, "--format", "json", *ONE_RULE)
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout.decode("utf-8"))
    assert {d["path"] for d in data["diagnostics"]} == {f"{directory}/hyva.md", f"{directory}/sopimus-\\xff.md"}
    target = os.path.join(os.fsencode(tmp_path), b"raportti-\xfe.json")
    for _ in range(2):  # written, then recognised as our own and replaced
        done = script("check", directory, "--format", "json", "-o", target, *ONE_RULE)
        assert done.returncode == 1, done.stderr
        assert b"Traceback" not in done.stderr
    with open(target, "rb") as handle:
        assert json.loads(handle.read().decode("utf-8")) == data
    assert not [n for n in os.listdir(os.fsencode(tmp_path)) if b".bak" in n]


def test_a_directory_1100_levels_deep_is_walked(tmp_path):
    (tmp_path / "ylin.md").write_text(FAILING, encoding="utf-8")
    levels = [os.fspath(tmp_path)]
    for _ in range(1100):
        levels.append(os.path.join(levels[-1], "a"))
        os.mkdir(levels[-1])
    Path(levels[-1], "syvin.md").write_text(FAILING, encoding="utf-8")
    try:
        code, data = report(tmp_path, *ONE_RULE)
        assert code == 1
        assert {Path(p).name for _, p in found(data)} == {"ylin.md", "syvin.md"}
        assert data["summary"]["files"] == 2
    finally:  # pytest's own clean-up recurses, too deep for this tree
        os.unlink(os.path.join(levels[-1], "syvin.md"))
        for level in reversed(levels[1:]):
            os.rmdir(level)


def test_links_to_directories_are_not_followed_so_a_loop_ends(tmp_path):
    real = tmp_path / "sopimukset"
    real.mkdir()
    (real / "a.md").write_text(FAILING, encoding="utf-8")
    (real / "silmukka").symlink_to(tmp_path, target_is_directory=True)
    (real / "itse").symlink_to(".", target_is_directory=True)
    (tmp_path / "linkki.md").symlink_to(real / "a.md")  # a link to a file is followed
    code, data = report(tmp_path, *ONE_RULE)
    assert code == 1
    assert found(data) == {("KL54-SEURANTA", str(real / "a.md")), ("KL54-SEURANTA", str(tmp_path / "linkki.md"))}


def test_an_unreadable_subdirectory_is_an_input_error_and_the_rest_is_checked(tmp_path, monkeypatch):
    (tmp_path / "a.md").write_text(FAILING, encoding="utf-8")
    locked = tmp_path / "lukittu"
    locked.mkdir()
    (locked / "b.md").write_text(FAILING, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path) == os.fspath(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, data = report(tmp_path, *ONE_RULE)
    assert code == 2
    assert found(data) == {("TARK-LUKU", str(locked)), ("KL54-SEURANTA", str(tmp_path / "a.md"))}
    (problem,) = [d for d in data["diagnostics"] if d["code"] == "TARK-LUKU"]
    assert problem["severity"] == "error" and "Hakemistoa ei voi lukea" in problem["message"]


def _unprivileged() -> list[str]:
    """A command prefix under which mode 000 really means unreadable (root without DAC override)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root, and no setpriv to drop the capability to read everything")
    prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]
    probe = Path(tempfile.mkdtemp()) / "probe"
    try:
        probe.write_text("x", encoding="utf-8")
        probe.chmod(0)
        if subprocess.run([*prefix, "cat", str(probe)], capture_output=True).returncode == 0:
            pytest.skip("setpriv could not drop the capability here")
    finally:
        shutil.rmtree(probe.parent)
    return prefix


def test_unreadable_files_and_directories_are_input_errors_not_usage_errors(tmp_path):
    prefix = _unprivileged()
    if not SCRIPT.exists():
        pytest.skip("no tarkastus script beside the interpreter")
    (tmp_path / "hyva.md").write_text(FAILING, encoding="utf-8")
    locked_file = tmp_path / "lukittu.md"
    locked_file.write_text(FAILING, encoding="utf-8")
    locked_dir = tmp_path / "lukittu"
    locked_dir.mkdir()
    (locked_dir / "sisalla.md").write_text(FAILING, encoding="utf-8")
    locked_file.chmod(0)
    locked_dir.chmod(0)
    try:
        for args in ([tmp_path], [tmp_path / "hyva.md", locked_file, locked_dir, locked_dir / "sisalla.md"]):
            done = subprocess.run([*prefix, str(SCRIPT), "check", "--format", "json", "--no-cache",
                                   *map(str, args), *ONE_RULE], capture_output=True, timeout=60)
            assert done.returncode == 2 and done.stdout, done.stderr
            data = json.loads(done.stdout)
            codes = found(data)
            assert ("KL54-SEURANTA", str(tmp_path / "hyva.md")) in codes
            assert ("TARK-LUKU", str(locked_file)) in codes and ("TARK-LUKU", str(locked_dir)) in codes
            if len(args) > 1:
                assert ("TARK-LUKU", str(locked_dir / "sisalla.md")) in codes
            assert b"Usage:" not in done.stderr and b"Traceback" not in done.stderr
    finally:
        locked_file.chmod(0o644)
        locked_dir.chmod(0o755)


# ---- B. FIFOs, devices and sockets ------------------------------------------------------

@pytest.fixture
def short_dir():
    """A directory with a short path (a UNIX socket's name has at most 107 bytes)."""
    directory = Path(tempfile.mkdtemp(prefix="tk-", dir="/tmp"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def _socket(path: Path) -> socket.socket:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    return server


def test_a_fifo_a_device_and_a_socket_named_on_the_command_line_are_not_opened(short_dir):
    good = short_dir / "hyva.md"
    good.write_text(FAILING, encoding="utf-8")
    fifo = short_dir / "putki.md"
    os.mkfifo(fifo)
    server = _socket(short_dir / "pistoke.md")
    try:
        started = time.monotonic()
        done = script("check", "--format", "json", good, fifo, "/dev/zero", short_dir / "pistoke.md", *ONE_RULE,
                      timeout=60)
        assert time.monotonic() - started < 30
    finally:
        server.close()
    assert done.returncode == 2, done.stderr
    data = json.loads(done.stdout)
    messages = {d["path"]: d["message"] for d in data["diagnostics"] if d["code"] == "TARK-LUKU"}
    assert set(messages) == {str(fifo), "/dev/zero", str(short_dir / "pistoke.md")}
    assert "Nimetty putki" in messages[str(fifo)] and "Laitetiedosto" in messages["/dev/zero"]
    assert "Pistoke" in messages[str(short_dir / "pistoke.md")]
    assert ("KL54-SEURANTA", str(good)) in found(data) and data["summary"]["files"] == 1


def test_the_library_does_not_block_on_a_fifo_either(short_dir, book):
    import tarkastus

    fifo = short_dir / "putki.md"
    os.mkfifo(fifo)
    result = tarkastus.check([str(fifo)], book)
    assert [d.code for d in result.diagnostics] == ["TARK-LUKU"] and result.files == 0


def test_in_a_directory_non_regular_files_with_agreement_names_are_named_and_others_passed_over(short_dir):
    (short_dir / "hyva.md").write_text(FAILING, encoding="utf-8")
    os.mkfifo(short_dir / "putki.md")
    os.mkfifo(short_dir / "ajo.pipe")  # no agreement's name: passed over silently
    (short_dir / "kadonnut.yaml").symlink_to(short_dir / "ei-ole.yaml")
    server = _socket(short_dir / "pistoke.yaml")
    try:
        done = script("check", "--format", "json", short_dir, *ONE_RULE)
    finally:
        server.close()
    assert done.returncode == 1, done.stderr  # warnings: the good file's finding decides
    data = json.loads(done.stdout)
    skipped = {Path(d["path"]).name: d for d in data["diagnostics"] if d["code"] == "TARK-OHITETTU"}
    assert set(skipped) == {"putki.md", "kadonnut.yaml", "pistoke.yaml"}
    assert all(d["severity"] == "warning" for d in skipped.values())
    assert ("KL54-SEURANTA", str(short_dir / "hyva.md")) in found(data)


@pytest.mark.parametrize("kind", ["fifo", "zero", "directory", "socket"])
def test_an_output_that_is_not_a_regular_file_is_refused_at_once(short_dir, kind):
    (short_dir / "hyva.md").write_text(FAILING, encoding="utf-8")
    target, server = {"fifo": short_dir / "putki", "zero": Path("/dev/zero"), "directory": short_dir / "hakemisto",
                      "socket": short_dir / "pistoke"}[kind], None
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "directory":
        target.mkdir()
    elif kind == "socket":
        server = _socket(target)
    try:
        for args in (["check", short_dir / "hyva.md", "-o", target, *ONE_RULE],
                     ["audit", short_dir / "hyva.md", "--markdown", target],
                     ["audit", short_dir / "hyva.md", "--html", target],
                     ["schema", "-o", target]):
            done = script(*args, timeout=60)
            assert done.returncode == 2, (args, done.stderr)
            assert "ei ole tavallinen tiedosto" in done.stderr.decode("utf-8"), done.stderr
            assert b"Traceback" not in done.stderr
    finally:
        if server is not None:
            server.close()
    mode = os.stat(target).st_mode
    assert {"fifo": stat.S_ISFIFO, "zero": stat.S_ISCHR, "directory": stat.S_ISDIR, "socket": stat.S_ISSOCK}[kind](mode)
    assert not [p for p in short_dir.iterdir() if ".bak" in p.name or ".tmp" in p.name]


# ---- C. configuration files --------------------------------------------------------------

DEEP = "a = " + "[" * 100_000 + "]" * 100_000 + "\n"
BROKEN_CONFIGS = [
    ("tarkastus.toml", b"as-of = 2025-01-01T10:00:00\n", "kellonaikaa", (1, 1)),
    ("tarkastus.toml", b'select = ["KL54-"]\nkieli = "fi\xff"\n', "UTF-8", (2, 12)),
    ("pyproject.toml", b'[project]\nname = "\xe4\xe4ni"\n', "UTF-8", (2, 9)),
    ("tarkastus.toml", b'rule-dirs = ["\\u0000x"]\n', "NUL", (1, 1)),
    ("pyproject.toml", b'tool = "x"\n', "'tool'", (1, 1)),
    ("tarkastus.toml", DEEP.encode(), "liian syv", None),
    ("tarkastus.toml", b'ignore = ["OHJE-"]\nselect = [""]\n', "tyhjä tunnus", (2, 1)),
    ("tarkastus.toml", b'ignore = ["  "]\n', "tyhjä tunnus", (1, 1)),
    ("tarkastus.toml", b'[per-file-ignores]\n"*.md" = [""]\n', "tyhjä tunnus", (2, 1)),
    ("pyproject.toml", b'[tool.ruff]\nselect = ["E"]\n[tool.tarkastus]\nfail-on = "kaikki"\n', "fail-on", (4, 1)),
    ("tarkastus.toml", b"x = [\n", "virheellinen TOML", None),
    ("tarkastus.toml", b"select = 1\n", "luettelo", (1, 1)),
]


@pytest.mark.parametrize("name, content, words, position", BROKEN_CONFIGS,
                         ids=[f"{n}-{i}" for i, (n, *_) in enumerate(BROKEN_CONFIGS)])
def test_a_broken_configuration_is_one_diagnostic_and_other_files_are_still_checked(
        tmp_path, name, content, words, position):
    governed, other = tmp_path / "a", tmp_path / "b"
    governed.mkdir()
    other.mkdir()
    (governed / name).write_bytes(content)
    (governed / "x.md").write_text(FAILING, encoding="utf-8")
    (governed / "y.md").write_text(FAILING, encoding="utf-8")
    (other / "x.md").write_text(FAILING, encoding="utf-8")
    for fmt in FORMATS:
        result = invoke("check", "--format", fmt, governed, other, *ONE_RULE)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "Usage:" not in result.output
        assert_valid(fmt, result.stdout, [str(governed / name), str(other / "x.md")])
    code, data = report(governed, other, *ONE_RULE)
    (problem,) = [d for d in data["diagnostics"] if d["code"] == "TARK-ASETUS"]
    assert problem["path"] == str(governed / name) and problem["severity"] == "error"
    assert words in problem["message"], problem["message"]
    assert "2" in problem["fix"]  # the files left unchecked
    if position is not None:
        assert (problem["line"], problem["column"]) == position
    assert found(data) == {("TARK-ASETUS", str(governed / name)), ("KL54-SEURANTA", str(other / "x.md"))}
    assert data["summary"]["files"] == 1


def test_a_broken_explicit_configuration_is_a_diagnostic(tmp_path):
    config = tmp_path / "oma.toml"
    config.write_text("as-of = 2025-01-01 10:00:00\n", encoding="utf-8")
    (tmp_path / "x.md").write_text(FAILING, encoding="utf-8")
    code, data = report("--config", config, tmp_path / "x.md", *ONE_RULE)
    assert code == 2 and found(data) == {("TARK-ASETUS", str(config))}
    text = invoke("check", "--config", config, tmp_path / "x.md", *ONE_RULE).stdout
    assert f"{config}:1:1: TARK-ASETUS [virhe]" in text and "^" in text


@pytest.mark.parametrize("args", [("--select", ""), ("--ignore", " "), ("--select", "KL54-", "--select", "")])
def test_an_empty_rule_selector_on_the_command_line_is_an_error(tmp_path, args):
    (tmp_path / "x.md").write_text(FAILING, encoding="utf-8")
    result = invoke("check", tmp_path / "x.md", *args)
    assert result.exit_code == 2
    assert "tyhjä tunnus" in result.output


def test_a_valid_configuration_still_applies(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.ruff]\nselect = [""]\n[tool.tarkastus]\nselect = ["KL54-SEURANTA"]\n'
                                             'as-of = 2026-11-23\n', encoding="utf-8")
    (tmp_path / "x.md").write_text(FAILING, encoding="utf-8")
    code, data = report(tmp_path / "x.md")
    assert code == 1 and found(data) == {("KL54-SEURANTA", str(tmp_path / "x.md"))}


_TOKENS = [*"[]{}=\"'#.,:-_ \n\t\\", "select", "ignore", "as-of", "kieli", "fail-on", "rule-dirs",
           "per-file-ignores", "tool", "tarkastus", "1", "2025-01-01", "10:00:00", "T", "x", "\x00", "\xff", "ä",
           "\ud800", "true", "inf", '"""', "'" * 3]
_TOML_TEXT = st.one_of(st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join), st.text(max_size=40))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TOML_TEXT, pyproject=st.booleans())
def test_random_configuration_text_raises_only_configuration_errors(tmp_path, text, pyproject):
    path = tmp_path / ("pyproject.toml" if pyproject else "tarkastus.toml")
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        read_config(path)
    except ConfigError as exc:
        assert exc.position is None or exc.position.line >= 1 and exc.position.column >= 1
        str(exc).encode("utf-8")  # shown as it is


def _toml(value, depth: int = 0) -> str:
    """TOML for a Python value (strings as JSON strings: also valid TOML, or a TOML error for a lone surrogate)."""
    import datetime as dt

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value).replace("inf", "inf").replace("nan", "nan")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v, depth + 1) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v, depth + 1)}" for k, v in value.items()) + "}"


_SCALARS = st.one_of(st.text(max_size=12), st.sampled_from(["", " ", "KL54-", "OHJE-", "error", "fi", "sv", ".",
                                                            "2025-01-01", "1.1.2025", "\x00", "../..", "*.md"]),
                     st.integers(), st.floats(), st.booleans(), st.dates(), st.datetimes(), st.times())
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.text(max_size=6), inner, max_size=2), max_leaves=6)
_KEYS = ["select", "ignore", "per-file-ignores", "rule-dirs", "fail-on", "as-of", "kieli", "selcet", ""]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.dictionaries(st.sampled_from(_KEYS), _VALUES, max_size=3), pyproject=st.booleans())
def test_random_values_at_every_configuration_key_never_end_the_run(tmp_path, values, pyproject):
    body = "".join(f"{json.dumps(key)} = {_toml(value)}\n" for key, value in values.items())
    config = tmp_path / ("pyproject.toml" if pyproject else "tarkastus.toml")
    for stale in ("pyproject.toml", "tarkastus.toml"):
        (tmp_path / stale).unlink(missing_ok=True)
    config.write_bytes((("[tool.tarkastus]\n" if pyproject else "") + body).encode("utf-8", "surrogatepass"))
    document = tmp_path / "x.md"
    document.write_text(FAILING, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(document)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (body, result.output)
    assert result.exit_code in (0, 1, 2), (body, result.output)
    data = json.loads(result.stdout)
    codes = {d["code"] for d in data["diagnostics"]}
    assert result.exit_code != 2 or codes & {"TARK-ASETUS", "TARK-SAANTO"}, (body, data)


# ---- D. an earlier report, and anything else, under -o --------------------------------

USER_FILES = {
    "luonnos.md": '---\ntyyppi: kl54\n---\n# Luonnos\nTämä käy läpi "tarkastus"-työkalun.\n',
    "pyproject.toml": '[project]\nname = "tarkastus"\nversion = "0.1.0"\n',
    "sopimus.yaml": "tarkastus: 1\ntyyppi: kl54\nohjaus: Turku\n",
    "muistio.txt": "Found three issues in the draft.\n  luonnos.md:1:2: katso\n",
    "loki.txt": "Löytyi 2 virhettä\n",
    "huomiot.md": "<!-- tarkastus: ohita KL54-SEURANTA perustelu=\"x\" -->\n# Huomiot\n",
    "toinen.sarif": '{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0",\n'
                    '  "runs": [{"tool": {"driver": {"name": "ruff"}}}]\n}\n',
    "package.json": '{\n  "name": "tarkastus",\n  "version": "1.0.0"\n}\n',
}
WRITERS = {
    "check": lambda target: ["check", SAMPLES / "kl54" / "turku-raisio.md", "-o", target],
    "check-json": lambda target: ["check", SAMPLES / "kl54", "--format", "json", "-o", target],
    "audit-markdown": lambda target: ["audit", SAMPLES / "kl54" / "turku-raisio.md", "--markdown", target],
    "audit-html": lambda target: ["audit", SAMPLES / "kl54" / "turku-raisio.md", "--html", target],
    "schema": lambda target: ["schema", "-o", target],
}


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("name", USER_FILES)
def test_a_file_tarkastus_did_not_write_is_kept_as_a_backup(tmp_path, writer, name):
    target = tmp_path / name
    target.write_text(USER_FILES[name], encoding="utf-8")
    result = invoke(*WRITERS[writer](target))
    assert result.exit_code in (0, 1), result.output
    assert (tmp_path / f"{name}.bak").read_text(encoding="utf-8") == USER_FILES[name]
    assert f"{name}.bak" in result.output
    written = target.read_text(encoding="utf-8")
    again = invoke(*WRITERS[writer](target))
    assert again.exit_code == result.exit_code and target.read_text(encoding="utf-8") == written
    assert not (tmp_path / f"{name}.bak.2").exists(), "an earlier report is replaced without a backup"


REPORT_RUNS = [(fmt, lang, extra) for fmt in FORMATS for lang in ("fi", "sv", "en") for extra in ([], ["--statistics"])
               if not (extra and fmt != "text")]


@pytest.mark.parametrize("fmt, lang, extra", REPORT_RUNS, ids=[f"{f}-{l}{'-stat' if e else ''}" for f, l, e in REPORT_RUNS])
def test_every_report_is_recognised_as_an_earlier_report_small_or_large(tmp_path, fmt, lang, extra):
    for paths in ([SAMPLES / "kl54" / "turku-raisio.md"], [SAMPLES]):  # a few lines, and tens of kilobytes
        target = tmp_path / f"raportti-{len(paths)}-{len(str(paths[0]))}"
        args = ["check", *paths, "--format", fmt, "--kieli", lang, "--as-of", AS_OF.isoformat(), *extra, "-o", target]
        first = invoke(*args)
        second = invoke(*args)
        assert first.exit_code == second.exit_code and ".bak" not in second.output, second.output
    assert not list(tmp_path.glob("*.bak*"))


def test_an_output_onto_a_100_mb_file_reads_only_its_ends(tmp_path):
    from tarkastus.output import write_report

    big = tmp_path / "iso.md"
    with open(big, "wb") as handle:
        handle.write(b"---\ntyyppi: kl54\n---\n")
        handle.truncate(100 * 1024 * 1024)
    tracemalloc.start()
    try:
        notes = write_report(str(big), "Ei havaintoja (0 tiedostoa tarkastettu; laki 23.11.2026 mukaan).\n")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024, peak
    assert notes and (tmp_path / "iso.md.bak").stat().st_size == 100 * 1024 * 1024
    big.write_bytes(b"")
    with open(big, "r+b") as handle:  # a 100 MB earlier report: recognised by its last line
        handle.truncate(100 * 1024 * 1024 - 200)
        handle.seek(0, 2)
        handle.write("\nLöytyi 1 virhe, 0 varoitusta ja 0 huomiota (1 tiedosto tarkastettu; laki 1.1.2026 mukaan).\n"
                     .encode("utf-8"))
    result = invoke("check", SAMPLES / "kl54" / "turku-raisio.md", "-o", big)
    assert result.exit_code == 0 and ".bak" not in result.output
    assert not (tmp_path / "iso.md.bak.2").exists()


# ---- E. nothing meant as an agreement is passed over silently ----------------------------

def test_an_agreement_whose_type_key_is_written_otherwise_is_checked(tmp_path):
    (tmp_path / "iso.md").write_text(FAILING.replace("tyyppi:", "Tyyppi:"), encoding="utf-8")
    (tmp_path / "lainaus.md").write_text(FAILING.replace("tyyppi:", '"tyyppi":'), encoding="utf-8")
    (tmp_path / "valilyonti.yaml").write_text("tarkastus: 1\nTYYPPI : kl54\nohjaus: Turku\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Sopimukset\n\n```yaml\ntyyppi: kl54\n```\n", encoding="utf-8")
    code, data = report(tmp_path, *ONE_RULE)
    assert code == 1
    assert {Path(p).name for c, p in found(data) if c == "KL54-SEURANTA"} == {"iso.md", "lainaus.md", "valilyonti.yaml"}
    assert data["summary"]["files"] == 3 and all(c == "KL54-SEURANTA" for c, _ in found(data))


def test_files_that_look_meant_as_agreements_but_are_not_checked_are_named_with_the_reason(tmp_path):
    (tmp_path / "hyva.md").write_text(FAILING, encoding="utf-8")
    (tmp_path / "tyhja-rivi.md").write_text("\n" + FAILING, encoding="utf-8")
    (tmp_path / "ei-etusivua.md").write_text("tarkastus: 1\ntyyppi: kl54\n\n# Sopimus\n", encoding="utf-8")
    (tmp_path / "ei-tyyppia.yaml").write_text("tarkastus: 1\nohjaus: Turku\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Ei sopimus\n", encoding="utf-8")
    (tmp_path / "ci.yaml").write_text("jobs:\n  tarkastus:\n    runs-on: x\n", encoding="utf-8")
    result = invoke("check", tmp_path, *ONE_RULE)
    assert result.exit_code == 1, result.output
    code, data = report(tmp_path, *ONE_RULE)
    skipped = {Path(d["path"]).name: d for d in data["diagnostics"] if d["code"] == "TARK-OHITETTU"}
    assert set(skipped) == {"tyhja-rivi.md", "ei-etusivua.md", "ei-tyyppia.yaml"}
    assert "ensimmäiseltä riviltä" in skipped["tyhja-rivi.md"]["message"]
    assert "YAML-etusivua" in skipped["ei-etusivua.md"]["message"]
    assert "tyyppi-avainta" in skipped["ei-tyyppia.yaml"]["message"]
    assert all(d["severity"] == "warning" and d["fix"] for d in skipped.values())
    for name in skipped:
        assert f"{tmp_path / name}:1:1: TARK-OHITETTU [varoitus]" in result.stdout
    alone = invoke("check", tmp_path / "ei-tyyppia.yaml", tmp_path / "README.md", "--agreements-only", *ONE_RULE)
    assert alone.exit_code == 0 and "TARK-OHITETTU" in alone.stdout and "0 tiedostoa tarkastettu" in alone.stdout


# ---- F. the Markdown audit escapes what documents say -------------------------------------

def test_the_markdown_audit_escapes_document_values(tmp_path):
    from markdown_it import MarkdownIt

    text = (SAMPLES / "kokkola" / "kokkola-yhteistoimintasopimus.md").read_text(encoding="utf-8")
    hostile = "<script>alert(1)</script> [klikkaa](javascript:alert(1)) *lihava* `koodi` a|b ###"
    text = text.replace("työllisyysalue: Keski-Pohjanmaan työllisyysalue", f"työllisyysalue: {json.dumps(hostile)}")
    assert hostile in json.loads(json.dumps(hostile)) and json.dumps(hostile) in text
    directory = tmp_path / "a`b|c"
    directory.mkdir()
    (directory / "sopimus.md").write_text(text, encoding="utf-8")
    result = invoke("audit", directory, "--markdown", "-")
    assert result.exit_code in (0, 1), result.output
    markdown = result.stdout
    heading = next(line for line in markdown.splitlines() if line.startswith("### ") and "alert" in line)
    assert "<script>" not in heading and "&lt;script&gt;" in heading and "\\[klikkaa\\]" in heading
    page = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(markdown)
    assert "<script" not in page and 'href="javascript' not in page and "<em>lihava</em>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [klikkaa](javascript:alert(1)) *lihava* `koodi` a|b ###" in page
    assert f"<code>{directory}/sopimus.md</code>".replace("&", "&amp;") in page


# ---- G. the library leaves the interpreter as it found it ---------------------------------

@pytest.mark.parametrize("enabled", [True, False])
def test_check_leaves_the_garbage_collector_as_it_was(tmp_path, enabled):
    (tmp_path / "x.md").write_text(FAILING, encoding="utf-8")
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        for args in (["check", tmp_path / "x.md", *ONE_RULE], ["audit", tmp_path, "--markdown", "-"]):
            invoke(*args)
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


# ---- the directory walk's key reader is linear and means what its pattern meant ----------

_OLD_KEY = __import__("re").compile(r"""(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'#:?\-][^:\n]*?))[ \t]*:(?:[ \t]|$)""")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet='ab :\t"\'#-?x', max_size=12))
def test_the_key_reader_reads_what_the_old_pattern_matched(line):
    from tarkastus.engine import _key

    match = _OLD_KEY.match(line)
    expected = None if match is None else next(g for g in match.groups() if g is not None)
    assert _key(line) == expected


def test_a_line_of_spaces_is_read_in_linear_time(tmp_path):
    """The pattern it replaced took ~3 s on a 64 KB line of spaces before the colon."""
    for name, line in (("a.md", "a" + " " * 200_000 + "x"), ("b.md", "tyyppi" + " " * 200_000 + ":x")):
        (tmp_path / name).write_text(line + "\n\nTeksti.\n", encoding="utf-8")
    # Processor time (the rule pack is built too: --no-cache), so that a busy machine does not fail it;
    # the quadratic pattern took some 30 s on these 200 KB lines.
    started = time.process_time()
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--isolated", "--no-cache"])
    assert time.process_time() - started < 2.5
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("isolated", [True, False])
def test_files_without_a_configuration_are_one_group_with_one_rule_pack(tmp_path, monkeypatch, isolated):
    """Every file got a settings object of its own: one rule-pack load per file (20 s for 110 files with
    --no-cache), and rules over the set of documents saw one document at a time."""
    from tarkastus import rulebook

    sample = (ROOT / "samples" / "kl54" / "turku-raisio.md").read_text(encoding="utf-8")
    for name in ("a/yksi.md", "a/kaksi.md", "b/kolme.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(sample, encoding="utf-8")
    loads = []
    real = rulebook.load_rulebook
    monkeypatch.setattr(rulebook, "load_rulebook", lambda *a, **k: loads.append(a) or real(*a, **k))
    monkeypatch.chdir(tmp_path)
    args = ["check", "a", "b", "--no-cache", "--format", "json"] + (["--isolated"] if isolated else [])
    result = CliRunner().invoke(main, args)
    assert json.loads(result.output)["summary"]["files"] == 3
    assert len(loads) == 1


def test_select_codes_may_be_comma_separated_and_an_unknown_one_is_a_usage_error(tmp_path):
    sample = str(ROOT / "samples" / "kl54" / "luonnos-ei-seurantaa.md")
    runner = CliRunner()
    both = runner.invoke(main, ["check", sample, "--isolated", "--format", "json",
                                "--select", "KL54-SEURANTA,OHJE-", "--as-of", AS_OF.isoformat()])
    assert "KL54-SEURANTA" in {d["code"] for d in json.loads(both.output)["diagnostics"]}
    typo = runner.invoke(main, ["check", sample, "--isolated", "--select", "KL45-SEURANTA"])
    assert typo.exit_code == 2 and "Tarkoititko KL54-SEURANTA?" in typo.output
    (tmp_path / "tarkastus.toml").write_text('ignore = ["OHJE-MUUTOS"]\n', encoding="utf-8")
    shutil.copy(sample, tmp_path / "sopimus.md")
    configured = runner.invoke(main, ["check", str(tmp_path / "sopimus.md"), "--format", "json"])
    (error,) = json.loads(configured.output)["diagnostics"]  # the configuration's error, its file not checked
    assert configured.exit_code == 2 and error["code"] == "TARK-ASETUS" and "OHJE-MUUTOS" in error["message"]
    input_code = runner.invoke(main, ["check", sample, "--isolated", "--ignore", "TARK-AVAIN"])
    assert input_code.exit_code == 1


def test_a_prose_agreement_without_front_matter_is_checked_and_an_untyped_one_named(tmp_path):
    (tmp_path / "proosa.md").write_text("# SOPIMUS VIRANOMAISTEHTÄVÄN HOITAMISESTA\n\n## 2. Seuranta\n\n"
                                        "Sovitaan myöhemmin.\n", encoding="utf-8")
    (tmp_path / "luonnos.md").write_text("# Sopimusluonnos\n\nTekstiä.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Sopimukset\n\nTämä hakemisto sisältää sopimukset.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--isolated", "--no-cache", "--format", "json",
                                       "--select", "KL54-SEURANTA"])
    data = json.loads(result.output)
    found = {(Path(d["path"]).name, d["code"], d["line"]) for d in data["diagnostics"]}
    assert ("proosa.md", "KL54-SEURANTA", 5) in found  # typed by its title, the deferral at its line
    assert ("luonnos.md", "TARK-OHITETTU", 1) in found  # looks like an agreement, says not which
    assert not any(name == "README.md" for name, _, _ in found)
    assert data["summary"]["files"] == 1 and result.exit_code == 1  # the untyped one is not counted as checked
    text = CliRunner().invoke(main, ["check", str(tmp_path), "--isolated", "--no-cache", "--select", "KL54-SEURANTA"])
    assert "1 tiedosto tarkastettu; " in text.output and "voimassa olevan lain mukaan; 1 ohitettu (TARK-OHITETTU))." in text.output


def test_a_readme_or_a_title_that_says_it_is_none_is_not_named(tmp_path):
    (tmp_path / "README.md").write_text("# Sopimus-hakemiston ohje\n", encoding="utf-8")
    (tmp_path / "muistio.md").write_text("# Ei sopimus\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--isolated", "--no-cache", "--format", "json"])
    assert [d for d in json.loads(result.output)["diagnostics"] if d["code"] == "TARK-OHITETTU"] == []
