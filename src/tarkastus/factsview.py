"""What tarkastus read from agreements (``tarkastus facts``): facts, provisions and conflicts, with evidence.

For each document: every fact with its source (a front-matter key, or the
text at line:col) and the words that state it; every provision the rules
for its type ask about, with how it was found (a key, a heading, a sentence,
a deferral) and the words; and the conflicts. A lawyer can see why
tarkastus thinks section 6 is monitoring, and what it did not find. Each
document also says which language it is written in (``language.detect``:
``fi``, ``sv``, or none when it cannot be told), and its words are shown in
the language asked for (``--kieli auto``: the document's own).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .diagnostics import Severity
from .documents.converted import locator_at, locator_in
from .documents.loader import SIDECAR_LINE
from .prose.facts import _plain

WORDS = {
    "fi": {"facts": "Tiedot", "provisions": "Määräykset", "conflicts": "Ristiriidat", "none": "(ei yhtään)",
           "front": "etusivu", "text": "teksti", "avain": "avain", "otsikko": "otsikko", "lause": "lause",
           "lykätty": "lykätty", "tieto": "tekstin tieto", "missing": "puuttuu", "untyped": "tyyppiä ei tunnistettu",
           "read_from_text": "luettu tekstistä", "errors": "Syötevirheet", "language": "kieli",
           "unknown_language": "ei tunnistettu"},
    "sv": {"facts": "Uppgifter", "provisions": "Bestämmelser", "conflicts": "Motstridigheter", "none": "(inga)",
           "front": "framsida", "text": "text", "avain": "nyckel", "otsikko": "rubrik", "lause": "mening",
           "lykätty": "uppskjuten", "tieto": "uppgift i texten", "missing": "saknas", "untyped": "typen inte identifierad",
           "read_from_text": "läst ur texten", "errors": "Indatafel", "language": "språk",
           "unknown_language": "inte identifierat"},
    "en": {"facts": "Facts", "provisions": "Provisions", "conflicts": "Conflicts", "none": "(none)",
           "front": "front matter", "text": "text", "avain": "key", "otsikko": "heading", "lause": "sentence",
           "lykätty": "deferred", "tieto": "fact in the text", "missing": "missing", "untyped": "type not identified",
           "read_from_text": "read from the text", "errors": "Input errors", "language": "language",
           "unknown_language": "not identified"},
}
_PROVISION_FUNCTIONS = ("provided", "section", "deferred")


def provisions_used(rule) -> list[str]:
    """The provisions a rule asks about (``provided(x)``, ``section(x)``, ``deferred(x)``), in order."""
    from .lang import ast

    # Remembered on the rule (derived, not a field: never cached to disk): the facts of every
    # upload of ``tarkastus serve`` walked every rule's nodes again (issue 17).
    known = rule.__dict__.get("_provisions_used")
    if known is None:
        found: dict[str, None] = {}
        for node in ast.rule_nodes(rule):
            if isinstance(node, ast.Call) and node.func in _PROVISION_FUNCTIONS:
                for arg in node.args:
                    if isinstance(arg, ast.Name):
                        found[arg.name] = None
        known = tuple(sorted(found))
        object.__setattr__(rule, "_provisions_used", known)
    return list(known)


def document_facts(path: Path, shown: str, book, as_of, lang: str = "fi") -> dict:
    """The facts, provisions and conflicts of one file, as plain data (its words in ``lang``; auto: its own)."""
    from .documents.loader import load

    return loaded_facts(load(path, book.shapes, shown, prose=True), book, as_of, lang)


def loaded_facts(doc, book, as_of, lang: str = "fi") -> dict:
    """``document_facts`` of a document just loaded (``load(…, prose=True)``); its text is read into it."""
    from . import prose
    from .lang.evaluator import Context, provision_evidence
    from .language import detect
    from .messages import known

    shown = doc.path
    front = _flatten(doc.data, "") if doc.data is not None and doc.front_matter else []
    prose.apply(doc, book)
    written = detect(doc.text) if doc.text else None
    words = (written or "fi") if lang == "auto" else known(lang)
    errors = [d.in_language(words) for d in doc.diagnostics if d.severity is Severity.ERROR]
    out = {"path": shown, "tyyppi": doc.doc_type, "etusivu": doc.front_matter, "language": written, WORDS_KEY: words,
           "errors": [{"code": d.code, "line": d.position.line, "column": d.position.column, "message": d.message}
                      for d in errors],
           "facts": [], "provisions": [], "conflicts": []}
    lines = doc.text.split("\n")
    locators = doc.locators

    def place(pos) -> dict:
        """line and column; in a Word, OpenDocument or PDF file also where a lawyer finds it."""
        found = {"line": pos.line, "column": pos.column}
        if locators and pos.line <= SIDECAR_LINE:
            found["locator"] = locator_at(locators, pos.line)
        elif pos.line > SIDECAR_LINE and doc.sidecar is not None:
            found = {"line": pos.line - SIDECAR_LINE, "column": pos.column, "file": doc.sidecar[0]}
        return found

    side_lines = (doc.sidecar[1] or "").split("\n") if doc.sidecar is not None else []
    for key, value, pos in front:
        quote = _line(side_lines, pos._replace(line=pos.line - SIDECAR_LINE)) if pos.line > SIDECAR_LINE \
            else _line(lines, pos)
        out["facts"].append({"key": key, "value": value, "source": "etusivu", **place(pos), "quote": quote})
    text_facts = doc.facts.items if doc.facts is not None else []
    front_keys = {key for key, _, _ in front}
    for fact in text_facts:
        if isinstance(fact.value, list) and any(f.key.startswith(fact.key + "[") for f in text_facts):
            continue  # a list is shown item by item
        out["facts"].append({"key": fact.key, "value": _plain(fact.value), "source": "teksti",
                             **place(fact.pos), "quote": fact.quote,
                             "used": not any(fact.key == k or fact.key.startswith(k + ".") or
                                             fact.key.startswith(k + "[") for k in front_keys)})
    for conflict in doc.conflicts:
        out["conflicts"].append({
            "rule": f"RISTIRIITA-{conflict.fact}", "key": conflict.key,
            "first": {"source": conflict.first_source, "value": _plain(conflict.first.value),
                      **place(conflict.first.pos), "quote": conflict.first.quote},
            "second": {"source": "teksti", "value": _plain(conflict.second.value),
                       **place(conflict.second.pos), "quote": conflict.second.quote}})
    if doc.data is not None and not errors:
        ctx = Context(doc, book, as_of, words)
        names: dict[str, None] = {}
        for compiled in book.compiled:
            if compiled.applies_to(doc.doc_type) and compiled.rule.in_force(as_of):
                names.update(dict.fromkeys(provisions_used(compiled.rule)))
        for name in sorted(names):
            entry = book.provisions[name]
            found = provision_evidence(ctx, name)
            item = {"name": name, "description": entry.description_in(words), "how": found[0] if found else None}
            if found:
                how, pos, quoted = found  # (not "words": that is the language the words are shown in)
                if how == "avain":
                    # a key the text filled: show the words that state it, not the joined value
                    key = quoted.split(":", 1)[0]
                    in_front = any(k == key or k.startswith((key + ".", key + "[")) for k in front_keys)
                    fact = None if in_front else next(
                        (f for f in text_facts if f.key == key or f.key.startswith((key + ".", key + "["))), None)
                    if fact is not None:
                        how, pos, quoted = "tieto", fact.pos, fact.quote
                item.update({"how": how, **place(pos), "words": " ".join(quoted.split())})
            out["provisions"].append(item)
    if doc.data is not None and not errors:
        out["data"] = doc.data  # what tarkastus will check: for --format yaml
    return out


def _flatten(value, prefix: str) -> list[tuple[str, object, object]]:
    """(key, plain value, position) of every leaf of a front matter, lists of scalars as one value."""
    from .documents.loader import Map, Seq

    out = []
    if isinstance(value, Map):
        for key, item in value.items():
            at = value.key_pos.get(key, value.pos)
            path = f"{prefix}{key}"
            if isinstance(item, Map):
                out.extend(_flatten(item, path + "."))
            elif isinstance(item, Seq) and any(isinstance(i, Map) for i in item):
                out.extend(_flatten(item, path))
            else:
                out.append((path, _plain(item), at))
    elif isinstance(value, Seq):
        for i, item in enumerate(value):
            if isinstance(item, Map):
                out.extend(_flatten(item, f"{prefix}[{i}]."))
            else:
                out.append((f"{prefix}[{i}]", _plain(item), value.item_pos[i] if i < len(value.item_pos) else value.pos))
    return out


def _line(lines: list[str], pos) -> str:
    if 1 <= pos.line <= len(lines):
        return lines[pos.line - 1].strip()[:120]
    return ""


WORDS_KEY = "_words"  # the language a document's words are shown in (not part of the JSON)


def render_json(documents: list[dict], stream) -> None:
    shown = [{k: v for k, v in doc.items() if k not in ("data", WORDS_KEY)} for doc in documents]
    json.dump({"version": 1, "documents": shown}, stream, ensure_ascii=False, indent=2, default=str)
    stream.write("\n")


_YAML_WORDS = {
    "fi": ("Tiedot, jotka tarkastus luki tiedostosta {path}.",
           "Tarkista ne. Tallennettuna tiedoston viereen nimellä {sidecar} ne ovat sopimuksen tietoja:",
           "tarkastus lukee ne tekstin lisäksi ja ilmoittaa, jos teksti sanoo toisin (RISTIRIITA-*).",
           "Tiedostosta ei luettu tietoja: {reason}."),
    "sv": ("Uppgifter som tarkastus läste ur filen {path}.",
           "Granska dem. Sparade bredvid filen som {sidecar} är de avtalets uppgifter:",
           "tarkastus läser dem utöver texten och meddelar om texten säger annat (RISTIRIITA-*).",
           "Inga uppgifter lästes ur filen: {reason}."),
    "en": ("Facts tarkastus read from {path}.",
           "Review them. Saved beside the file as {sidecar} they are the agreement's facts:",
           "tarkastus reads them besides the text and reports where the text says otherwise (RISTIRIITA-*).",
           "No facts were read from the file: {reason}."),
}


def render_yaml(documents: list[dict], stream) -> None:
    """The facts in the sidecar's format (``sopimus.yaml`` beside ``sopimus.docx``), each with where it was read.

    What is written loads back as the same facts: keys in the format's
    order as read, values quoted where YAML would read them otherwise.
    """
    out: list[str] = []
    for i, doc in enumerate(documents):
        lang = doc.get(WORDS_KEY, "fi")
        w = _YAML_WORDS.get(lang, _YAML_WORDS["fi"])
        if i:
            out.append("---")
        path = doc["path"]
        stem = path.rsplit(".", 1)[0] if "." in path.rsplit("/", 1)[-1] else path
        out.append("# " + w[0].format(path=path))
        data = doc.get("data")
        if data is None:
            reason = "; ".join(e["message"] for e in doc["errors"]) or (doc["tyyppi"] or "?")
            out.append("# " + w[3].format(reason=reason))
            out.append("{}")
            continue
        out.append("# " + w[1].format(sidecar=stem + ".yaml"))
        out.append("# " + w[2])
        where = {fact["key"]: fact for fact in doc["facts"]}
        if "tarkastus" not in data:
            out.append("tarkastus: 1")
        _yaml_mapping(data, "", 0, where, out, lang=lang)
    stream.write("\n".join(out) + "\n")


def _yaml_mapping(value, prefix: str, indent: int, where: dict, out: list[str], first: str = "",
                  lang: str = "fi") -> None:
    from .documents.loader import Map, Seq

    pad = " " * indent
    for n, (key, item) in enumerate(value.items()):
        lead = first if n == 0 and first else pad
        path = f"{prefix}{key}"
        name = _yaml_scalar(key)
        if isinstance(item, Map):
            out.append(f"{lead}{name}:{_yaml_comment(where.get(path), lang)}")
            _yaml_mapping(item, path + ".", indent + 2, where, out, lang=lang)
        elif isinstance(item, Seq) and any(isinstance(i, Map) for i in item):
            out.append(f"{lead}{name}:")
            for j, element in enumerate(item):
                if isinstance(element, Map):
                    _yaml_mapping(element, f"{path}[{j}].", indent + 4, where, out, first=pad + "  - ", lang=lang)
                else:
                    out.append(f"{pad}  - {_yaml_scalar(_plain(element))}"
                               f"{_yaml_comment(where.get(f'{path}[{j}]'), lang)}")
        else:
            plain = _plain(item)
            if isinstance(plain, list):
                shown = "[" + ", ".join(_yaml_scalar(v) for v in plain) + "]"
            else:
                shown = _yaml_scalar(plain)
            out.append(f"{lead}{name}: {shown}{_yaml_comment(where.get(path), lang)}")


def _yaml_scalar(value) -> str:
    import yaml

    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value  # a date, as a lawyer would write it in the sidecar
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1 << 30)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _yaml_comment(fact, lang: str = "fi") -> str:
    if fact is None or fact.get("source") != "teksti":
        return ""
    where = locator_in(fact["locator"], lang) if fact.get("locator") else f"{fact['line']}:{fact['column']}"
    quote = " ".join(str(fact.get("quote", "")).split())
    if len(quote) > 70:
        quote = quote[:69] + "…"
    return f"  # {where}: “{quote}”" if quote else f"  # {where}"


def render_text(documents: list[dict], stream) -> None:
    out = []
    for doc in documents:
        lang = doc.get(WORDS_KEY, "fi")
        w = WORDS.get(lang, WORDS["fi"])
        kind = doc["tyyppi"] or w["untyped"]
        origin = "" if doc["etusivu"] else f", {w['read_from_text']}"
        written = f", {w['language']}: {doc.get('language') or w['unknown_language']}"
        out.append(f"{doc['path']}  ({kind}{origin}{written})")
        if doc["errors"]:
            out.append(f"  {w['errors']}:")
            out.extend(f"    {e['line']}:{e['column']}  {e['code']}  {e['message']}" for e in doc["errors"])
        out.append(f"  {w['facts']}:")
        if not doc["facts"]:
            out.append(f"    {w['none']}")
        width = max((len(f"{f['key']} = {_shown(f['value'])}") for f in doc["facts"]), default=0)
        width = min(width, 60)
        for fact in doc["facts"]:
            left = f"{fact['key']} = {_shown(fact['value'])}"
            source = w["front"] if fact["source"] == "etusivu" else w["text"]
            place = _place(fact, lang)
            out.append(f"    {left:<{width}}  {place:>7}  {source:<8}  “{fact['quote']}”")
        if doc["provisions"]:
            out.append(f"  {w['provisions']}:")
            for item in doc["provisions"]:
                label = f"{item['name']} ({item['description']})" if item["description"] else item["name"]
                if item["how"] is None:
                    out.append(f"    {label}: {w['missing']}")
                else:
                    place = _place(item, lang)
                    out.append(f"    {label}: {w[item['how']]} {place}  “{item['words']}”")
        if doc["conflicts"]:
            out.append(f"  {w['conflicts']}:")
            for c in doc["conflicts"]:
                first, second = c["first"], c["second"]
                out.append(f"    {c['rule']}  {c['key']}: "
                           f"{w['front'] if first['source'] == 'etusivu' else w['text']} {_place(first, lang)} "
                           f"{_shown(first['value'])} ↔ {w['text']} {_place(second, lang)} “{second['quote']}”")
        out.append("")
    stream.write("\n".join(out))


def _place(item: dict, lang: str = "fi") -> str:
    if item.get("locator"):
        return locator_in(item["locator"], lang)
    return (f"{item['file']}:" if item.get("file") else "") + f"{item['line']}:{item['column']}"


def _shown(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = " ".join(str(text).split())
    return text if len(text) <= 48 else text[:47] + "…"
