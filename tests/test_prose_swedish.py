"""Swedish agreements (issue 13): the word tables cover Swedish, and Swedish prose is checked as Finnish is.

- **The meta-test.** Every entry of the word tables — a provision's heading
  and sentence patterns and the deferral phrases (``provisions.yaml``), a
  fact's words (``tekstitiedot.yaml``), a statute's names
  (``statutes.yaml``) — that has Finnish patterns has Swedish ones too. A
  Swedish pattern is marked by its language tag, ``"sv: uppfoljning*"``
  (``text.Pattern.language``; an untagged pattern is Finnish), so the test
  reads the language from the data, not from a guess at the words. An entry
  with word endings (``päätteet``) cannot carry the tag (the rule language
  compares endings as written), so its Swedish is shown by Swedish words
  that its endings must recognise. An entry that needs no Swedish says why
  in ``NO_SWEDISH``; the test fails when such an entry gets Swedish words,
  so the reason cannot outlive the fact.
- **Swedish prose through the CLI**, without front matter: the Swedish
  headings, sentences and deferrals of every provision, transfers of the
  organising responsibility, dispute bodies and the acts' Swedish names,
  one case each; and the Swedish false positives that need a change in a
  rule file (strict xfail).
- **The issue's acceptance**, on the samples in ``samples/proosa/svenska``:
  a complete Swedish KL 54 agreement passes, the same with "Uppföljningen
  avtalas senare." fails KL54-SEURANTA, a Swedish joint-body agreement gets
  no false JARJL13-MALLI or KL8 finding, and "lagen om ordnande av
  arbetskraftsservice (383/2023)" gets VIITE-LAKINUMERO.

The facts read from Swedish sentences are cases of ``data/prose_phrasings.yaml``
(the "=== Swedish" section), run by ``test_prose_facts.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import AS_OF, ROOT
from tarkastus.cli import main

SWEDISH = ROOT / "samples" / "proosa" / "svenska"
KL54 = SWEDISH / "vasa-korsholm-kl54.md"
JOINT_BODY = SWEDISH / "vasa-samarbetsavtal.md"
DRAFT = SWEDISH / "utkast-ingen-uppfoljning.md"

LANGUAGES = {"fi", "sv"}

# Entries that need no Swedish words, and why (the test fails when one gets some).
NO_SWEDISH = {
    ("tekstitiedot", "paattyy_jalkeen"): "Swedish puts the word before the date ('till och med 31.12.2026', "
                                         "'fram till …'): those are paattyy_ennen",
}

# Swedish words that the endings of an entry must recognise (endings carry no language tag).
SWEDISH_ENDINGS = {
    "virkanimike": ["sysselsättningsspecialist", "sysselsättningsspecialisterna", "arbetskraftsrådgivare",
                    "handledaren", "sysselsättningskoordinator", "servicechef", "tjänsteinnehavarna"],
    "monikko": ["parter", "medlemskommuner", "medlemskommunerna", "avtalskommunerna"],
    "rooli_muoto": [],  # Finnish case endings; Swedish says the role with a word before it (its sanat)
    "nimen_genetiivi": ["Korsholms", "Vasas", "Jakobstads"],  # a Swedish ending only: Finnish forms are the registry's
}


# ---- the meta-test -----------------------------------------------------------------

def _languages(patterns) -> set[str]:
    return {p.language for p in patterns}


def untranslated(book) -> list[str]:
    """The entries of the word tables that have Finnish patterns but no Swedish ones, as "table: entry (list)"."""
    from tarkastus.text import norm

    problems = []

    def check(table: str, name: str, kind: str, patterns) -> None:
        languages = _languages(patterns)
        if "fi" in languages and "sv" not in languages and (table, name) not in NO_SWEDISH:
            problems.append(f"{table}: {name} ({kind})")

    for name, provision in book.provisions.items():
        check("provisions", name, "otsikot", provision.patterns)
        check("provisions", name, "teksti", provision.text_patterns)
    for name, lexeme in book.lexicon.items():
        check("tekstitiedot", name, "sanat", lexeme.patterns)
        if lexeme.endings and "sv" not in _languages(lexeme.patterns):
            examples = SWEDISH_ENDINGS.get(name)
            if not examples:
                problems.append(f"tekstitiedot: {name} (päätteet: no Swedish words in SWEDISH_ENDINGS)")
            else:
                problems.extend(f"tekstitiedot: {name} (päätteet: {word!r} is not recognised)"
                                for word in examples if not lexeme.ends(norm(word)))
    for name, statute in book.statutes.items():
        check("statutes", name, "nimet", statute.patterns)
    return problems


def test_every_word_table_entry_has_swedish_words(book):
    assert untranslated(book) == [], "entries with Finnish words but no Swedish ones (add 'sv: …' patterns)"


def test_the_endings_of_entries_recognise_their_swedish_words(book):
    from tarkastus.text import norm

    for name, examples in SWEDISH_ENDINGS.items():
        lexeme = book.lexicon[name]
        assert lexeme.endings, name
        missing = [word for word in examples if not lexeme.ends(norm(word))]
        assert not missing, (name, missing)


def test_the_meta_test_reports_an_entry_with_finnish_words_only(book):
    """A provision, a fact and a statute added in Finnish only are each reported."""
    from tarkastus.rulebook import Lexeme, Provision, Statute
    from tarkastus.text import compile_pattern

    class Pack:
        provisions = {**book.provisions, "uusi": Provision("uusi", "", (), (compile_pattern("uusi*"),),
                                                           (compile_pattern("sv: ny*"),))}
        lexicon = {**book.lexicon, "uusi_sana": Lexeme("uusi_sana", "", (compile_pattern("uusi"),)),
                   "uusi_paate": Lexeme("uusi_paate", "", (), ("paate",))}
        statutes = {**book.statutes, "UL": Statute("UL", "Uusi laki", "1/2026", "", patterns=(
            compile_pattern("uusi laki~"),))}

    assert untranslated(Pack) == ["provisions: uusi (otsikot)", "tekstitiedot: uusi_sana (sanat)",
                                  "tekstitiedot: uusi_paate (päätteet: no Swedish words in SWEDISH_ENDINGS)",
                                  "statutes: UL (nimet)"]


def test_entries_without_swedish_still_have_none_and_exist(book):
    tables = {"provisions": book.provisions, "tekstitiedot": book.lexicon, "statutes": book.statutes}
    for (table, name), reason in NO_SWEDISH.items():
        entry = tables[table].get(name)
        assert entry is not None, f"{table}: {name} is gone; drop it from NO_SWEDISH"
        patterns = list(getattr(entry, "patterns", ())) + list(getattr(entry, "text_patterns", ()))
        assert "sv" not in _languages(patterns), f"{table}: {name} has Swedish words now; drop it ({reason})"


def test_every_language_tag_is_a_known_language(book):
    found = [(name, p.source) for name, e in book.provisions.items() for p in e.patterns + e.text_patterns]
    found += [(name, p.source) for name, e in book.lexicon.items() for p in e.patterns]
    found += [(name, p.source) for name, e in book.statutes.items() for p in e.patterns]
    unknown = [(name, source) for name, source in found if compile_pattern_language(source) not in LANGUAGES]
    assert not unknown, unknown


def compile_pattern_language(source: str) -> str:
    from tarkastus.text import compile_pattern

    return compile_pattern(source).language


def test_a_language_tag_labels_the_words_without_changing_what_they_match():
    from tarkastus.text import Pattern, language_of

    tagged, plain = Pattern("sv: avtalas senare"), Pattern("avtalas senare")
    assert (tagged.language, plain.language) == ("sv", "fi")
    assert tagged.alternatives == plain.alternatives
    assert tagged.match("Uppföljningen avtalas senare.") and not tagged.match("Avtalas nu.")
    assert language_of("sv:x") == ("fi", "sv:x")  # a tag is followed by a space
    assert Pattern("sv: a | b").alternatives == Pattern("a | b").alternatives  # the tag is for the whole text


def test_the_deferral_phrases_cover_swedish(book):
    from tarkastus.rulebook import deferral_patterns

    assert "sv" in _languages(deferral_patterns(book))


# ---- through the CLI -------------------------------------------------------------------

def check(path: Path, *options: str) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(main, ["check", str(path), "--as-of", AS_OF.isoformat(), "--isolated",
                                       "--format", "json", *options])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)["diagnostics"]


def write(tmp_path, text: str, name: str = "avtal.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def codes(found) -> list[str]:
    return sorted(d["code"] for d in found)


def edited(sample: Path, old: str, new: str) -> str:
    text = sample.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new)


# ---- Swedish headings, sentences and deferrals ----------------------------------------
#
# An agreement with every provision but one, in Swedish; the provision is then
# stated by one heading or sentence of the brief, and its presence rule must pass.

BASE = """# Avtal om skötseln av en myndighetsuppgift

Borgå stad och Lovisa stad har ingått följande avtal enligt 54 § i kommunallagen.

## 1. Avtalsparter

Borgå stad (ansvarskommun) och Lovisa stad (medlemskommun).

## 2. Avtalets bakgrund och syfte

Organiseringsansvaret kvarstår hos Borgå.

## 3. Uppgiftens innehåll

Lovisas sysselsättningsspecialister sköter på Borgås vägnar jobbsökarens serviceprocess enligt 4 kap. i lagen om ordnande av arbetskraftsservice. Uppgifterna sköts i Lovisa.

## 4. Styrning

Borgå har rätt att styra och övervaka tjänsteinnehavarnas verksamhet.

## 5. Uppföljning

Borgå följer upp hur uppgifterna sköts.

## 6. Kostnader och fördelning av kostnaderna

Grunden för kostnaderna är lönekostnaderna. Borgå ersätter Lovisa för lönekostnaderna enligt arbetsinsats.

## 7. Meningsskiljaktigheter

Meningsskiljaktigheter avgörs som förvaltningstvistemål vid förvaltningsdomstolen.

## 8. Dataskydd

Kunduppgifterna behandlas enligt dataskyddslagen.

## 9. Skadestånd

Lovisa svarar för skador som dess tjänsteinnehavare orsakar.

## 10. Ändring av avtalet

Avtalet ändras skriftligen.

## 11. Avtalets giltighet och uppsägning

Avtalet träder i kraft 1.3.2025 och gäller tills vidare. Uppsägningstiden är sex (6) månader.
"""


def section(text: str, number: int) -> str:
    """The heading and text of section ``number`` of ``text``."""
    start = text.index(f"## {number}. ")
    end = text.find("\n## ", start + 1)
    return text[start:end + 1 if end >= 0 else len(text)]


def test_the_swedish_base_agreement_has_every_provision(tmp_path):
    exit_code, found = check(write(tmp_path, BASE))
    assert (exit_code, codes(found)) == (0, [])


@pytest.mark.parametrize(("number", "replacement", "code"), [
    # headings with text
    (1, "## 1. Avtalets parter\n\nBorgå stad (ansvarskommun) och Lovisa stad (medlemskommun).\n", "KL54-OSAPUOLET"),
    (3, "## 3. Uppgifter\n\nLovisas handledare sköter jobbsökningssamtal enligt 4 kap. i Lovisa.\n", "KL54-SISALTO"),
    (5, "## 5. Uppföljning\n\nSkötseln av uppgifterna följs kvartalsvis.\n", "KL54-SEURANTA"),
    (5, "## 5. Tillsyn\n\nBorgå har tillsynen.\n", "KL54-SEURANTA"),
    (6, "## 6. Kostnader\n\nGrunden för kostnaderna är lönekostnaderna. Borgå ersätter Lovisa för lönekostnaderna "
        "enligt arbetsinsats.\n", "KL54-KUSTANNUSPERUSTE"),
    (6, "## 6. Ersättning\n\nBorgå ersätter Lovisa för lönekostnaderna enligt arbetsinsats.\n",
     "KL54-KUSTANNUSPERUSTE"),
    (7, "## 7. Tvister\n\nTvister avgörs vid förvaltningsdomstolen.\n", "OHJE-ERIMIELISYYDET"),
    (8, "## 8. Behandling av kunduppgifter och dataskydd\n\nUppgifterna behandlas konfidentiellt.\n",
     "OHJE-TIETOSUOJA"),
    (9, "## 9. Skadestånd\n\nLovisa svarar som arbetsgivare.\n", "OHJE-VAHINGOT"),
    (10, "## 10. Ändring av avtalet\n\nÄndringar görs skriftligen.\n", "OHJE-MUUTTAMINEN"),
    (11, "## 11. Ikraftträdande och uppsägning\n\nAvtalet träder i kraft 1.3.2025 och gäller tills vidare. "
         "Uppsägningstiden är sex (6) månader.\n", "KL54-VOIMASSAOLO"),
    # sentences under another heading
    (5, "## 5. Rapportering\n\nUppföljningen sker genom rapportering till Borgå.\n", "KL54-SEURANTA"),
    (4, "## 4. Övrigt\n\nBorgå har rätt att styra och övervaka tjänsteinnehavarnas verksamhet.\n", "KL54-OHJAUS"),
    (4, "## 4. Styrning och tillsyn\n\nBorgå ger tjänsteinnehavarna arbetsanvisningar.\n", "KL54-OHJAUS"),
    (6, "## 6. Ekonomi\n\nGrunden för kostnaderna är lönekostnaderna. Kostnaderna fördelas mellan parterna enligt "
        "arbetsinsats.\n", "KL54-KUSTANNUSJAKO"),
    (11, "## 11. Övriga villkor\n\nAvtalet träder i kraft 1.3.2025 och gäller tills vidare. Vardera parten kan "
         "säga upp avtalet med tolv månaders uppsägningstid.\n", "KL54-IRTISANOMINEN"),
])
def test_a_swedish_heading_or_sentence_states_the_provision(tmp_path, number, replacement, code):
    text = BASE.replace(section(BASE, number), replacement + "\n")
    _, found = check(write(tmp_path, text))
    assert code not in codes(found), found


@pytest.mark.parametrize("deferral", ["Avtalas senare.", "Uppföljningen avtalas senare.", "[fylls i]",
                                      "Fastställs senare.", "Uppföljningen avtalas separat."])
def test_a_swedish_monitoring_section_that_defers_fires_at_the_deferring_line(tmp_path, deferral):
    text = BASE.replace("Borgå följer upp hur uppgifterna sköts.", deferral)
    _, found = check(write(tmp_path, text))
    seuranta = [d for d in found if d["code"] == "KL54-SEURANTA"]
    line = text.split("\n").index(deferral) + 1
    assert [(d["line"], d["column"]) for d in seuranta] == [(line, 1)], found
    assert "'5. Uppföljning'" in seuranta[0]["message"] and deferral in seuranta[0]["message"]


def test_a_swedish_deferral_that_says_how_is_no_deferral(tmp_path):
    text = BASE.replace("Borgå följer upp hur uppgifterna sköts.",
                        "Borgå följer upp skötseln av uppgifterna genom rapportering på ett sätt som avtalas "
                        "separat.")
    _, found = check(write(tmp_path, text))
    assert "KL54-SEURANTA" not in codes(found)


@pytest.mark.parametrize(("sentence", "expected"), [
    # Both findings, as for "Järjestämisvastuu siirretään Liedolle.": given to another party, and given at all.
    ("Organiseringsansvaret överförs till Lovisa.", ["KL8-JARJESTAMISVASTUU", "KL8-JARJESTAMISVASTUU"]),
    ("Organiseringsansvaret kvarstår hos Borgå.", []),
    ("Organiseringsansvaret överförs inte till Lovisa, utan det kvarstår hos Borgå.", []),
    ("Lovisa ansvarar för tillsynen över produktionen av tjänsterna.", ["KL8-JARJESTAMISVASTUU"]),
    ("Till Lovisas tjänsteinnehavare överförs utövningen av den behörighet som tillkommer myndigheten.", []),
])
def test_swedish_transfers_of_the_organising_responsibility(tmp_path, sentence, expected):
    """KL 8 § 2 mom.: only the use of an authority's powers (5 k.) may be given by a 54 § agreement."""
    text = BASE.replace("Organiseringsansvaret kvarstår hos Borgå.", sentence)
    _, found = check(write(tmp_path, text))
    assert [c for c in codes(found) if c.startswith("KL8-")] == expected, found


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Meningsskiljaktigheter avgörs som förvaltningstvistemål vid förvaltningsdomstolen.", []),
    ("Meningsskiljaktigheter avgörs genom skiljeförfarande.", ["KL63-ERIMIELISYYDET"]),
    ("Meningsskiljaktigheter avgörs vid Östra Nylands tingsrätt.", ["KL63-ERIMIELISYYDET"]),
    ("Meningsskiljaktigheter avgörs inte genom skiljeförfarande, utan vid förvaltningsdomstolen.", []),
])
def test_swedish_dispute_bodies(tmp_path, sentence, expected):
    text = BASE.replace("Meningsskiljaktigheter avgörs som förvaltningstvistemål vid förvaltningsdomstolen.",
                        sentence)
    _, found = check(write(tmp_path, text))
    assert [c for c in codes(found) if c.startswith("KL63")] == expected, found


# ---- statutes by their Swedish names ---------------------------------------------------

@pytest.mark.parametrize(("text", "named", "number"), [
    ("enligt 54 § i kommunallagen (410/2015)", "KL", "410/2015"),
    ("13 § 2 mom. i lagen om ordnande av arbetskraftsservice (380/2023)", "JärjL", "380/2023"),
    ("lagen om ordnande av arbetskraftsservice (383/2023)", "JärjL", "383/2023"),
    ("4 § i lagen om införande av lagen om ordnande av arbetskraftsservice (383/2023)", "VPL", "383/2023"),
    ("uppgifter enligt lagen om främjande av integration (681/2023)", "KotoL", "681/2023"),
    ("lagen om rättegång i förvaltningsärenden (808/2019)", "HOL", "808/2019"),
    ("13 kap. i lagen om ordnande av arbetskraftsservice och dataskyddslagen (1050/2018)", "TSL", "1050/2018"),
])
def test_statutes_are_known_by_their_swedish_names(book, text, named, number):
    from tarkastus.citations import scan

    found = [dict(c) for c in scan(text, book.statutes.values(), AS_OF)]
    assert [(c["nimetty"], c["numero"]) for c in found] == [(named, number)]


def test_the_repealed_procedure_act_is_known_by_its_swedish_name(tmp_path):
    text = BASE.replace("Meningsskiljaktigheter avgörs som förvaltningstvistemål vid förvaltningsdomstolen.",
                        "Meningsskiljaktigheter avgörs som förvaltningstvistemål vid förvaltningsdomstolen enligt "
                        "förvaltningsprocesslagen (586/1996).")
    _, found = check(write(tmp_path, text))
    assert "VIITE-KUMOTTU" in codes(found)


# ---- Swedish false positives that were in the rule files ---------------------------------
#
# Each rule tested Finnish words or a Finnish spelling itself: OHJE-IRTISANOMISAIKA's
# notice words, KL54-HENKILOSTO's "the employer keeps the terms" words, and mentions()
# (lang/evaluator.py), which now also tries a municipality's Swedish names.

def test_a_swedish_termination_in_writing_without_a_period_is_no_ohje_irtisanomisaika(tmp_path):
    text = BASE.replace("Uppsägningstiden är sex (6) månader.", "Avtalet kan sägas upp skriftligen.")
    _, found = check(write(tmp_path, text))
    assert "OHJE-IRTISANOMISAIKA" not in codes(found)


def test_a_swedish_staff_section_that_leaves_the_terms_to_the_employer_is_no_kl54_henkilosto(tmp_path):
    text = BASE.replace("## 9. Skadestånd", "## 8a. Arbetsledning\n\nLovisa svarar som arbetsgivare för "
                                           "arbetsledningen enligt sin egen praxis.\n\n## 9. Skadestånd")
    _, found = check(write(tmp_path, text))
    assert "KL54-HENKILOSTO" not in codes(found)


# ---- the acceptance ------------------------------------------------------------

def test_a_complete_swedish_kl54_agreement_without_front_matter_passes():
    assert not KL54.read_text(encoding="utf-8").startswith("---")
    exit_code, found = check(KL54)
    assert (exit_code, found) == (0, [])


def test_the_same_agreement_deferring_its_monitoring_fails_kl54_seuranta(tmp_path):
    monitoring = KL54.read_text(encoding="utf-8").split("## 6. Uppföljning och tillsyn\n\n", 1)[1].split("\n\n", 1)[0]
    path = write(tmp_path, edited(KL54, monitoring, "Uppföljningen avtalas senare."))
    exit_code, found = check(path)
    assert exit_code == 1
    assert [(d["code"], d["severity"]) for d in found] == [("KL54-SEURANTA", "error")]
    message = found[0]["message"]
    assert "'6. Uppföljning och tillsyn'" in message and "Uppföljningen avtalas senare." in message


def test_the_swedish_draft_sample_fails_only_kl54_seuranta():
    exit_code, found = check(DRAFT)
    assert exit_code == 1
    assert [(d["code"], d["severity"], d["line"]) for d in found] == [("KL54-SEURANTA", "error", 33)]


def test_a_swedish_joint_body_agreement_gets_no_false_model_or_organiser_finding():
    exit_code, found = check(JOINT_BODY)
    assert exit_code == 0
    assert not [d for d in found if d["code"] in ("JARJL13-MALLI", "KL8-JARJESTAMISVASTUU")], found
    assert found == []


def test_the_organising_act_cited_as_383_2023_in_swedish_gets_viite_lakinumero(tmp_path):
    path = write(tmp_path, edited(KL54, "lagen om ordnande av arbetskraftsservice (380/2023)",
                                  "lagen om ordnande av arbetskraftsservice (383/2023)"))
    _, found = check(path)
    assert codes(found) == ["VIITE-LAKINUMERO"]
    assert "383/2023" in found[0]["message"] and "380/2023" in found[0]["message"]


def test_the_swedish_samples_together_agree_across_documents():
    """The KL 54 agreement's organiser leads its area's joint body, and its counterparty is a member (ALUE-*)."""
    exit_code, found = check(SWEDISH)
    assert [(d["path"].rsplit("/", 1)[-1], d["code"]) for d in found] == [
        ("utkast-ingen-uppfoljning.md", "KL54-SEURANTA")]


def test_a_swedish_organiser_sentence_naming_the_members_is_no_kl8_finding(tmp_path):
    text = edited(JOINT_BODY, "för avtalskommunernas räkning hos Vasa,",
                  "för Korsholms, Vörå, Malax och Korsnäs räkning hos Vasa stad,")
    _, found = check(write(tmp_path, text))
    assert "KL8-JARJESTAMISVASTUU" not in codes(found)


@pytest.mark.parametrize("sample", [JOINT_BODY, ROOT / "samples" / "proosa" / "alueet" / "kuopio-yhteistoimintasopimus.md"],
                         ids=lambda p: p.stem)
def test_a_word_document_with_a_sidecar_without_its_type_is_read_as_its_text_states(tmp_path, sample):
    """The sidecar's type comes from the sentence that states it, not from every section the text names.

    A cooperation agreement "sänds till arbets- och näringsministeriet enligt 15 § i
    organiseringslagen tillsammans med planen" (Finnish: "järjestämislain 15 §:n mukaisesti
    yhdessä suunnitelman kanssa") was checked as a service plan (JARJL15-* errors, its keys
    unknown).
    """
    from office_fixtures import blocks_of_markdown, docx

    document = tmp_path / f"{sample.stem}.docx"
    document.write_bytes(docx(blocks_of_markdown(sample.read_text(encoding="utf-8"))))
    (tmp_path / f"{sample.stem}.yaml").write_text("tarkastus: 1\nmalli: vastuukunta\n", encoding="utf-8")
    _, found = check(document)
    _, markdown = check(sample)
    assert codes(found) == codes(markdown)


# ---- linear time ------------------------------------------------------------------------

@pytest.mark.parametrize("piece", ["A-", "An-", "A&", "Aan ", "Vasa sysselsättningsområde ", "Vasas ",
                                   "(nedan Vasa) ", "i egenskap av ansvarskommun ", "Organiseringsansvaret överförs "])
def test_pathological_swedish_and_hyphenated_text_is_read_in_linear_time(book, piece):
    """The name patterns bound their runs: each start of a word in "A-A-A-…" read to the end of the run
    (64 KB took 50 s), and a clause split was tried again from every blank of a long run (25 s)."""
    import time

    from tarkastus.prose import read_facts

    text = "# Avtal om skötseln av en myndighetsuppgift\n\n## 3. Uppgiftens innehåll\n\n" + piece * (64_000 // len(piece))
    started = time.process_time()
    read_facts(text, book)
    assert time.process_time() - started < 3.0


@pytest.mark.parametrize("sentence", ["Organiseringsansvaret överförs", "Järjestämisvastuu siirretään"])
def test_a_long_run_of_blanks_in_a_sentence_is_read_in_linear_time(book, sentence):
    import time

    from tarkastus.prose import read_facts

    text = "# Avtal om skötseln av en myndighetsuppgift\n\n" + sentence + " " * 64_000 + "till Lovisa."
    started = time.process_time()
    read_facts(text, book)
    assert time.process_time() - started < 3.0


@pytest.mark.parametrize(("parties", "title"), [
    # Found trying it as a user: a role in apposition that starts with two words, and an office title in -expert.
    ("Borgå stad (nedan Borgå), ansvarig kommun för Östra Nylands sysselsättningsområde, och Lovisa stad "
     "(nedan Lovisa).", "sysselsättningsexperter"),
    ("Borgå stad, ansvarskommun för Östra Nylands sysselsättningsområde, och Lovisa stad.", "sakkunniga"),
    ("Borgå stad (ansvarskommun) och Lovisa stad (medlemskommun).", "handläggare"),
])
def test_a_swedish_role_in_apposition_and_swedish_office_titles(tmp_path, parties, title):
    text = edited_base("Borgå stad (ansvarskommun) och Lovisa stad (medlemskommun).", parties)
    text = text.replace("sysselsättningsspecialister", title)
    exit_code, found = check(write(tmp_path, text))
    assert (exit_code, codes(found)) == (0, [])
    facts = CliRunner().invoke(main, ["facts", str(tmp_path / "avtal.md"), "--format", "json"])
    stated = {f["key"]: f["value"] for f in json.loads(facts.output)["documents"][0]["facts"]}
    assert (stated["osapuolet[0].rooli"], stated["osapuolet[1].rooli"]) == ("vastuukunta", "jäsenkunta")


def edited_base(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)
