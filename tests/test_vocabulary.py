"""One definition per vocabulary (issue 14, item 10): the languages, severities, formats and document
types are defined in ``tarkastus.vocabulary`` and read from there by the grammar, the document model, the
command line, the configuration and the reporters; adding one is one change there plus its data."""

from __future__ import annotations

import importlib

import pytest
from click.testing import CliRunner

from tarkastus import vocabulary
from tarkastus.cli import main


def test_the_grammar_is_written_from_the_vocabulary(monkeypatch):
    from tarkastus.lang import parser

    monkeypatch.setattr(vocabulary, "TRANSLATIONS", (*vocabulary.TRANSLATIONS, "de"))
    monkeypatch.setattr(vocabulary, "RULE_SCOPES", (*vocabulary.RULE_SCOPES, "uusityyppi"))
    parser._lark.cache_clear()
    try:
        grammar = parser.grammar_text()
        assert '!lang: "sv" | "en" | "de"' in grammar and '"uusityyppi"' in grammar
        rule = parser.parse_rule_source('rule X-Y\ntitle "a"\ntitle de "b"\napplies-to uusityyppi\n', "X-Y.tark")
        assert rule.titles == {"de": "b"} and rule.applies == ("uusityyppi",)
    finally:
        parser._lark.cache_clear()


def test_severities_are_one_table():
    from tarkastus.diagnostics import Severity

    assert tuple(s.label for s in sorted(Severity, reverse=True)) == vocabulary.SEVERITIES == ("error", "warning", "info")
    assert [Severity.parse(label).value for label in vocabulary.SEVERITIES] == [3, 2, 1]


def test_every_format_is_a_reporter_and_a_choice():
    for name in vocabulary.FORMATS:
        assert hasattr(importlib.import_module(f"tarkastus.reporters.{name}"), "render")
    help_text = CliRunner().invoke(main, ["check", "--help"], env={"COLUMNS": "200"}).output
    assert "[" + "|".join(vocabulary.FORMATS) + "]" in help_text


@pytest.mark.parametrize("doc_type", vocabulary.DOCUMENT_TYPES)
def test_every_document_type_has_its_model_skeleton_and_words(doc_type, tmp_path):
    from tarkastus.audit import words
    from tarkastus.documents.model import json_schema

    assert doc_type in str(json_schema())
    result = CliRunner().invoke(main, ["init", str(tmp_path / "x.md"), "--tyyppi", doc_type])
    assert result.exit_code == 0, result.output
    assert all(doc_type in str(words.words(lang)) for lang in vocabulary.LANGUAGES)  # the audit page's headings


def test_every_language_is_a_column_of_the_catalogue_and_a_choice():
    from tarkastus.messages import CATALOGUE

    assert all(len(entry) == len(vocabulary.LANGUAGES) for entry in CATALOGUE.values())
    help_text = CliRunner().invoke(main, ["check", "--help"], env={"COLUMNS": "200"}).output
    assert "[" + "|".join(vocabulary.RUN_LANGUAGES) + "]" in help_text
