"""The vocabularies of tarkastus, each defined once.

The grammar of the rule language (``lang.parser`` writes its ``lang`` and
``doc_type`` alternatives from here), the document model, the command line,
the configuration and the reporters all read these tables, so adding a
document type or a language is one change here plus its data (the type's
model and rules; the language's catalogue column and reading words).

Light on purpose: imported on every run, it imports nothing.
"""

from __future__ import annotations

# The languages tarkastus speaks (the message catalogue's columns, in order), the default first.
LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = LANGUAGES[0]
# The translations a rule file gives besides its Finnish text (``title sv``, ``message en``).
TRANSLATIONS = LANGUAGES[1:]
# The languages agreements are read in (``language.detect``, the ``sv: `` word patterns).
READ_LANGUAGES = ("fi", "sv")
# --kieli auto / kieli = "auto": each agreement's findings in the language it is written in.
AUTO = "auto"
RUN_LANGUAGES = (*LANGUAGES, AUTO)

# Severities and their order (``diagnostics.Severity`` is made from this), most severe first:
# --fail-on, the configuration's fail-on, the reports' words.
SEVERITY_LEVELS = {"error": 3, "warning": 2, "info": 1}
SEVERITIES = tuple(sorted(SEVERITY_LEVELS, key=SEVERITY_LEVELS.get, reverse=True))

# Report formats of ``check --format`` (each a module of ``reporters``).
FORMATS = ("text", "json", "sarif", "github", "junit", "concise")

# The document types (``tyyppi``), and what a rule's ``applies-to`` may name besides them.
DOCUMENT_TYPES = ("yhteistoimintasopimus", "kl54", "järjestämissuunnitelma")
ALL_TYPES = "all"  # every document type
CORPUS = "asiakirjat"  # the set of documents read together (rules over several documents)
RULE_SCOPES = (*DOCUMENT_TYPES, ALL_TYPES, CORPUS)
