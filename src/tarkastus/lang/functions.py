"""The built-in functions of the rule language: names, arities, argument kinds.

Shared by the load-time checker (which validates calls) and the evaluator
(which implements them). ``provision`` arguments name an entry of the
provision table (``rules/provisions.yaml``), not a document field.
"""

from __future__ import annotations

# name -> (minimum args, maximum args, kinds of arguments, description)
SIGNATURES: dict[str, tuple[int, int, tuple[str, ...], str]] = {
    "present": (1, 1, ("value",), "arvo on annettu eikä ole tyhjä"),
    "provided": (1, 1, ("provision",), "määräys on etusivulla tai tekstissä otsikon alla"),
    "section": (1, 1, ("provision",), "määräystä vastaava tekstin otsikko (tai null)"),
    # The heading (or sentence) whose text only defers the provision ("Sovitaan
    # myöhemmin.", "[täydennä]"), at the deferring line; null when provided.
    "deferred": (1, 1, ("provision",), "kohta, jonka teksti lykkää määräyksen (tai null)"),
    "len": (1, 1, ("value",), "luettelon pituus"),
    "first": (1, 1, ("value",), "luettelon ensimmäinen arvo"),
    "unique": (1, 1, ("value",), "luettelo ilman toistoja"),
    "abs": (1, 1, ("value",), "itseisarvo"),
    "approx": (2, 2, ("value", "value"), "luvut ovat samat 0,01:n tarkkuudella"),
    "mentions": (2, 2, ("value", "value"), "teksti mainitsee nimen (myös taivutettuna)"),
    "is_date": (1, 1, ("value",), "arvo on kelvollinen päivämäärä"),
    "invalid_date": (1, 1, ("value",), "arvo on päivämäärä, jota ei ole (esim. 31.2.2025)"),
    "text": (1, 1, ("value",), "arvo tekstinä (luettelot yhdistettyinä)"),
    "coalesce": (1, 9, ("value",) * 9, "ensimmäinen annettu (ei tyhjä) arvo"),
    # The municipality registry (rules/kunnat.yaml).
    "municipality": (1, 1, ("value",), "kunnan virallinen suomenkielinen nimi (myös ruotsinkielisestä), tai null"),
    "known_municipality": (1, 1, ("value",), "nimi on Suomen kunta (suomeksi tai ruotsiksi)"),
    "closest_municipality": (1, 1, ("value",), "lähin kunnan nimi (kirjoitusvirheen korjausehdotus)"),
    "merged_into": (1, 1, ("value",), "kunta, johon entinen kunta on liitetty, tai null"),
    "person_name": (1, 1, ("value",), "teksti nimeää henkilön (kaksi isolla alkavaa sanaa, jotka eivät ole kunnan "
                                      "nimiä, esim. 'Matti Meikäläinen'), tai null"),
    # Statute names in text (rules/statutes.yaml nimet).
    "statutes_named": (1, 1, ("value",), "tekstissä nimetyt säädökset (lyhenteet)"),
    # Linear grouping, for rules over several documents.
    "group": (1, 1, ("value",), "[[avain, arvo], …] ryhmiteltynä: [[avain, [arvot]], …]"),
    "lookup": (2, 2, ("value", "value"), "[[avain, arvo], …]-parien arvot, joiden avain on annettu"),
    "document": (1, 1, ("value",), "asiakirja, josta arvo (avain–arvo-rakenne tai luettelo) on peräisin"),
}

from ..vocabulary import CORPUS  # noqa: E402  (applies-to of rules over the set of checked documents)

SECTION_FIELDS = {"otsikko": "title", "teksti": "text", "title": "title", "text": "text"}
