"""Reading facts from an agreement's text (see ``facts``)."""

from .facts import Conflict, Fact, TextFacts, read_facts

__all__ = ["Conflict", "Fact", "TextFacts", "read_facts"]


def apply(doc, book) -> None:
    """Read the text of a loaded Markdown document into its facts (``doc.facts``, ``doc.conflicts``).

    A document with front matter keeps it and gets from the text what it
    leaves out (``merge``); one without is an agreement if its text says
    which of the three documents it is, and then its facts are the text's.
    YAML files have no text to read.
    """
    from ..documents.loader import YAML_SUFFIXES

    if doc.path.lower().endswith(YAML_SUFFIXES) or not doc.text:
        return
    if doc.sidecar is not None:
        _join_sidecar(doc, book)
    if doc.front_matter and doc.data is None:
        return  # front matter that failed to load: its errors are reported, nothing is checked
    facts = read_facts(doc.text, book, doc.doc_type)
    doc.facts = facts
    if doc.data is None:
        if facts.doc_type is not None:
            doc.data, doc.doc_type = facts.data, facts.doc_type
            doc.conflicts = list(facts.conflicts)
        return
    from .merge import merge

    doc.conflicts = list(facts.conflicts) + merge(doc.data, facts, book.registry)


def _join_sidecar(doc, book) -> None:
    """A document's sidecar YAML (``sopimus.yaml`` beside ``sopimus.docx``) read as its front matter.

    Its ``tyyppi`` may be left out when the text says the type. A sidecar
    with an error stops the check of the document, as a broken front matter
    does; its findings point into the sidecar (``loader.SIDECAR_LINE``).
    """
    from ..documents.loader import load_sidecar
    from .doctype import stated_kind

    shown, text = doc.sidecar
    kind = stated_kind(doc.text, book)
    side = load_sidecar(shown, text, book.shapes, kind[0] if kind else None)
    doc.diagnostics.extend(side.diagnostics)
    if side.data is None and not side.diagnostics:
        return  # an empty sidecar: the text alone
    doc.front_matter = True
    doc.data, doc.doc_type = side.data, side.doc_type
