"""``tarkastus serve``: the page and the API over HTTP, from a real server process on the loopback address.

One server (``tarkastus serve --port 0``, its ``TMPDIR`` a directory of the
test's) answers most tests; its temporary directory must be empty after
each request, and what it wrote on standard error (nothing but its one
line) must hold no document text. The Done-when scenario of issue 15 is
here as a lawyer does it: a Word draft whose monitoring section is missing
(and one whose section only defers it), in Finnish and in Swedish, posted
as ``curl -F file=@draft.docx …/api/check`` would, and as the page's form.
"""

from __future__ import annotations

import html
import http.client
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, ROOT
from office_fixtures import blocks_of_markdown, docx

sys.path.insert(0, str(ROOT / "bench"))
from serve_load import post, start, stop  # noqa: E402  (the benchmark's client: one for both)

PAIMIO = (ROOT / "samples" / "proosa" / "kl54" / "turku-paimio.md").read_text(encoding="utf-8").split("<!--")[0]
VASA = (ROOT / "samples" / "proosa" / "svenska" / "vasa-korsholm-kl54.md").read_text(encoding="utf-8").split("<!--")[0]


def without_monitoring(text: str, number: str, deferral: str | None) -> str:
    """The agreement with section ``number`` (its monitoring) cut out, or its text only deferring."""
    head, _, rest = text.partition(f"## {number}.")
    title, _, tail = rest.partition("\n## ")
    if deferral is None:
        return head + "## " + tail
    return head + f"## {number}.{title.splitlines()[0]}\n\n{deferral}\n\n## " + tail


DEFERRED = docx(blocks_of_markdown(without_monitoring(PAIMIO, "6", "Sovitaan myöhemmin.")))
MISSING = docx(blocks_of_markdown(without_monitoring(PAIMIO, "6", None)))
FIELDS = {"as_of": AS_OF.isoformat()}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    temporary = tmp_path_factory.mktemp("server-tmp")
    process, url = start({"TMPDIR": str(temporary)})
    box = {"url": url, "tmp": temporary, "process": process}
    yield box
    code, said = stop(process)
    assert code == 0, said
    # Nothing but the line it started with: no access log, and never a document's words.
    assert said.strip() == "", said
    assert list(temporary.iterdir()) == []


def _api(server, files, fields=FIELDS, path="/api/check", **options):
    status, headers, body = post(server["url"], path, files, fields, **options)
    assert list(server["tmp"].iterdir()) == [], "the request's files outlived its response"
    return status, headers, body


def test_the_server_says_where_in_one_line_and_stops_on_ctrl_c(tmp_path):
    process, url = start({"TMPDIR": str(tmp_path)})
    status, _, body = post(url, "/api/check", [("a.md", (ROOT / "samples/kl54/turku-lieto.md").read_bytes())])
    assert status == 200 and json.loads(body)["summary"]["files"] == 1
    code, said = stop(process)
    assert code == 0 and said == ""
    assert list(tmp_path.iterdir()) == []


def test_a_word_draft_without_its_monitoring_section_over_the_api(server):
    """Done when: curl -F file=@draft.docx http://127.0.0.1:8754/api/check, the finding at its place."""
    status, headers, body = _api(server, [("luonnos.docx", MISSING)])
    assert status == 200 and headers["Tarkastus-Exit-Code"] == "1"
    data = json.loads(body)
    (finding,) = [d for d in data["diagnostics"] if d["code"] == "KL54-SEURANTA"]
    assert finding["path"] == "luonnos.docx" and finding["locator"] == "otsikko"  # a missing provision: the title
    assert finding["citation"].startswith("KL 54 § 2 mom.")
    status, _, body = _api(server, [("luonnos.docx", DEFERRED)])
    (finding,) = [d for d in json.loads(body)["diagnostics"] if d["code"] == "KL54-SEURANTA"]
    assert finding["locator"] == "kohta 6, 1. kappale" and "Sovitaan myöhemmin." in finding["message"]


def test_the_api_gives_the_json_of_check(server, tmp_path):
    (tmp_path / "luonnos.docx").write_bytes(DEFERRED)
    (tmp_path / "ei-seurantaa.md").write_bytes((ROOT / "samples/kl54/luonnos-ei-seurantaa.md").read_bytes())
    expected = subprocess.run([sys.executable, "-m", "tarkastus", "check", "luonnos.docx", "ei-seurantaa.md",
                               "--format", "json", "--as-of", AS_OF.isoformat(), "--isolated"],
                              cwd=tmp_path, capture_output=True, text=True)
    assert expected.returncode == 1, expected.stderr
    status, headers, body = _api(server, [("luonnos.docx", DEFERRED),
                                          ("ei-seurantaa.md", (tmp_path / "ei-seurantaa.md").read_bytes())])
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert json.loads(body) == json.loads(expected.stdout)


def test_the_page_answers_a_plain_form_post_with_the_report(server):
    status, headers, body = _api(server, [("luonnos.docx", DEFERRED)], {**FIELDS, "kieli": "fi"}, path="/?kieli=fi")
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert '<html lang="fi">' in page and "KL54-SEURANTA" in page
    assert "Sopimukseen on otettava tarpeelliset määräykset" in page  # the quoted KL 54 § 2 mom., folded
    assert "<details class=\"quote\">" in page and "kohta 6, 1. kappale" in page
    assert '<mark id="d1-e' in page  # the evidence marked in the text
    assert "data:text/html;charset=utf-8;base64," in page  # the audit page to download, not kept on the server
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'nonce-" in policy and headers["Cache-Control"] == "no-store"


def test_a_swedish_draft_in_swedish(server):
    draft = docx(blocks_of_markdown(without_monitoring(VASA, "6", "Fastställs senare.")))
    status, _, body = _api(server, [("utkast.docx", draft)], {**FIELDS, "kieli": "sv"})
    data = json.loads(body)
    (finding,) = [d for d in data["diagnostics"] if d["code"] == "KL54-SEURANTA"]
    assert finding["language"] == "sv" and finding["where"].startswith("punkt 6")
    status, _, body = _api(server, [("utkast.docx", draft)], {**FIELDS, "kieli": "sv"}, path="/?kieli=sv")
    page = body.decode("utf-8")
    assert '<html lang="sv">' in page and "Bestämmelsens text" in page and "KL54-SEURANTA" in page


def test_rules_and_health(server):
    connection = http.client.HTTPConnection("127.0.0.1", int(server["url"].rsplit(":", 1)[1].strip("/")))
    connection.request("GET", "/api/rules?kieli=sv")
    rules = json.loads(connection.getresponse().read())["rules"]
    assert any(rule["id"] == "KL54-SEURANTA" and rule["citation"].startswith("54 § 2 mom. KomL") for rule in rules)
    connection.request("GET", "/api/health")
    health = json.loads(connection.getresponse().read())
    assert health["status"] == "ok" and health["rules"] == len(rules)
    connection.close()


@pytest.mark.parametrize("files, fields, path, status, words", [
    ([("kuva.png", b"\x89PNG")], {}, "/api/check", 415, "'kuva.png' ei voi tarkastaa"),
    ([("kuva.png", b"\x89PNG")], {}, "/?kieli=sv", 415, "Filen 'kuva.png' kan inte granskas"),
    ([], {"kieli": "fi"}, "/api/check", 422, "Valitse ainakin yksi tiedosto."),
    ([("a.md", b"x")], {"as_of": "31.2.2025"}, "/api/check?kieli=en", 422, "The date '31.2.2025' cannot be read"),
    ([("a.md", b"x")], {"kieli": "de"}, "/api/check", 422, "Kentän 'kieli' arvo 'de' ei kelpaa"),
    ([("a.md", b"x")], {"tyyppi": "sopimus"}, "/?kieli=en", 422, "The value 'sopimus' of the field 'tyyppi'"),
    ([("a.md", b"x")], {"salasana": "x"}, "/api/check", 422, "tuntematon kenttä 'salasana'"),
])
def test_wrong_requests_are_told_in_the_pages_language(server, files, fields, path, status, words):
    got, _, body = _api(server, files, fields, path=path)
    said = html.unescape(body.decode("utf-8"))
    assert got == status and words in said, said[:500]
    if path.startswith("/?"):
        assert f'lang="{path[-2:]}"' in said and 'role="alert"' in said


def test_a_body_that_is_not_a_form_is_415(server):
    host, port = "127.0.0.1", int(server["url"].rsplit(":", 1)[1].strip("/"))
    connection = http.client.HTTPConnection(host, port)
    connection.request("POST", "/api/check", b'{"file": "x"}', {"Content-Type": "application/json"})
    response = connection.getresponse()
    assert response.status == 415 and "multipart/form-data" in json.loads(response.read())["error"]["message"]
    connection.close()


def test_over_the_limit_is_413_before_and_while_the_body_arrives(tmp_path):
    process, url = start({"TMPDIR": str(tmp_path)}, ["--max-upload", "0.05"])  # 52 kB
    try:
        big = [("iso.pdf", b"%PDF-1.7\n" + b"0" * 80_000)]
        status, _, body = post(url, "/?kieli=fi", big)  # Content-Length says so: refused unread
        assert status == 413 and "yli 0.05 Mt" in body.decode("utf-8")
        # Without a length (chunked), refused when the limit is passed.
        from serve_load import multipart

        payload, kind = multipart(big)
        connection = http.client.HTTPConnection("127.0.0.1", int(url.rsplit(":", 1)[1].strip("/")))
        connection.putrequest("POST", "/api/check?kieli=en")
        connection.putheader("Content-Type", kind)
        connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()
        try:
            for start_at in range(0, len(payload), 8192):
                chunk = payload[start_at:start_at + 8192]
                connection.send(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            connection.send(b"0\r\n\r\n")
        except OSError:
            pass  # the server may close the connection once it has answered
        response = connection.getresponse()
        assert response.status == 413 and "larger than 0.05 MB" in json.loads(response.read())["error"]["message"]
        connection.close()
        status, _, _ = post(url, "/api/check", [("pieni.md", (ROOT / "samples/kl54/turku-lieto.md").read_bytes())])
        assert status == 200  # under the limit
    finally:
        code, said = stop(process)
    assert code == 0, said
    assert list(tmp_path.iterdir()) == []


def test_another_host_name_is_refused_on_loopback(server):
    """A web page elsewhere cannot reach the page by pointing a name of its own at 127.0.0.1."""
    status, _, _ = post(server["url"], "/api/check", [("a.md", b"x")], headers={"Host": "attacker.example"})
    assert status == 400


def test_a_type_chosen_on_the_form_makes_an_untitled_draft_checkable(server):
    # Its title names an agreement, its text not which of the three documents it is.
    untitled = docx([("h", 1, "Sopimus työnhakijoiden palveluista"),
                     ("p", "Turun kaupunki ja Raision kaupunki sopivat seuraavasta."),
                     ("h", 2, "Tehtävät"), ("p", "Raision työllisyysasiantuntija hoitaa työnhakukeskustelut.")])
    status, _, body = _api(server, [("muistio.docx", untitled)])
    assert {d["code"] for d in json.loads(body)["diagnostics"]} == {"TARK-OHITETTU"}
    status, _, body = _api(server, [("muistio.docx", untitled)], {**FIELDS, "tyyppi": "kl54"})
    codes = {d["code"] for d in json.loads(body)["diagnostics"]}
    assert "KL54-SEURANTA" in codes and "TARK-OHITETTU" not in codes
    status, _, body = _api(server, [("muistio.docx", untitled)], {**FIELDS, "tyyppi": "kl54"}, path="/?kieli=fi")
    assert "tyyppi valittu lomakkeella" in body.decode("utf-8")


def test_names_are_made_safe_and_kept_apart(server):
    text = (ROOT / "samples/kl54/luonnos-ei-seurantaa.md").read_bytes()
    status, _, body = _api(server, [("../../etc/luonnos.md", text), ("C:\\Users\\x\\luonnos.md", text),
                                    (".piilo\x1b[31m.md", text)])
    paths = sorted({d["path"] for d in json.loads(body)["diagnostics"]})
    assert paths == ["luonnos (2).md", "luonnos.md", "piilo [31m.md"], paths


def test_a_non_loopback_host_is_warned_about(tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "tarkastus", "serve", "--host", "0.0.0.0", "--port", "0"],
                               stderr=subprocess.PIPE, text=True, env={"TMPDIR": str(tmp_path), "PATH": "/usr/bin:/bin",
                                                                        "TARKASTUS_KIELI": "en"})
    try:
        warning = process.stderr.readline()
        line = process.stderr.readline()
    finally:
        code, _ = stop(process)
    assert warning.startswith("Warning: the page listens on 0.0.0.0") and "http://127.0.0.1:" in line
    assert code == 0


def test_a_port_in_use_is_one_line_and_exit_2(server):
    port = server["url"].rsplit(":", 1)[1].strip("/")
    result = subprocess.run([sys.executable, "-m", "tarkastus", "serve", "--port", port], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and f"127.0.0.1:{port}" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_does_not_import_the_web_stack(tmp_path):
    """Starlette, uvicorn and python-multipart are for serve only: `check` must not pay for them."""
    args = [sys.executable, "-X", "importtime", "-m", "tarkastus", "check", str(ROOT / "samples/kl54/turku-lieto.md"),
            "--isolated"]
    out = subprocess.run(args, capture_output=True, text=True, check=False,
                         env={"TARKASTUS_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in out.stderr.splitlines()}
    modules = {line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines()}
    assert not {"starlette", "uvicorn", "python_multipart", "multipart", "anyio", "h11"} & imported
    assert not {m for m in modules if m.startswith("tarkastus.serve")}


def test_every_page_word_is_in_each_language():
    """The page in each language with every part drawn: a missing catalogue key would fail here."""
    from tarkastus.serve import page

    for lang in ("fi", "sv", "en"):
        html = page.render(lang, "n", "20", error="x")
        assert f'<html lang="{lang}">' in html and "{" not in html.split("<style")[0]
