"""Load on ``tarkastus serve``: 200 uploads from 8 concurrent clients on the loopback address.

Half are a Markdown agreement, half a Word draft, all to ``/api/check``;
each answer must be 200 with exactly the findings the same file gets
alone (requests share the rule pack and nothing else), and afterwards the
server's temporary directory must be empty. A few seconds; the figures of a
longer run are in BENCHMARKS.md (``bench/serve_load.py``).
"""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from serve_load import drafts, findings, load, post, start, stop  # noqa: E402


def test_200_uploads_from_8_clients(tmp_path):
    process, url = start({"TMPDIR": str(tmp_path)})
    try:
        variants = []
        documents = drafts(variants=4)
        for kind in ("md", "docx"):
            for document in documents[kind]:
                files = [document]
                status, _, first = post(url, "/api/check", files)
                assert status == 200
                expected = findings(first)
                assert any(code == "KL54-SEURANTA" for code, *_ in expected)
                variants.append((files, lambda body, expected=expected: None if findings(body) == expected
                                 else "other findings than the file alone"))
        result = load(url, "/api/check", variants, total=200, clients=8)
    finally:
        code, said = stop(process)
    assert result["requests"] == 200 and result["failures"] == [], result["failures"][:5]
    assert list(tmp_path.iterdir()) == []
    assert code == 0 and said == ""
