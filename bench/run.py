"""Wall-clock benchmark of the ``tarkastus`` command line.

What it measures: whole processes, as a user or a pre-commit hook sees them,
including interpreter start-up and imports. Each command runs once as a
warm-up (fills the OS file cache, writes ``.pyc`` files) and then ``--runs``
times; median, min and max of ``time.perf_counter()`` around
``subprocess.run`` are reported. Every process is new; the disk cache is
warm. Output goes to /dev/null so terminal speed does not count. The
children get a private ``TARKASTUS_CACHE_DIR``; compiled rules stay in it
(built once per rule-pack edit), and "first run" means the stored results
of earlier runs are deleted before each run, so every file is checked.

    tarkastus check ONE.md (prose only, first run)  target: median <= 0.10 s
    tarkastus check DIR (half prose-only, first run) target: median <= 0.5 s for 1,000 files (issue 17)
    tarkastus check ONE.md (first run)       target: median <= 0.07 s (issue 17)
    tarkastus check DIR (first run)          target: median <= 0.5 s for 1,000 files (issue 17)
    tarkastus check --jobs 1 DIR (first run) reference: one process
    tarkastus check DIR (unchanged)          target: median <= 0.35 s for 1,000 files
    tarkastus audit DIR --html --markdown (first run)  target: median <= 3 s for 1,000 files
    tarkastus audit DIR --html --markdown (unchanged)  reference
    tarkastus check ONE.docx (12 pages, first run)      target: median <= 0.4 s
    tarkastus check ONE.pdf (30 pages, first run)       target: median <= 1.5 s
    tarkastus check DIR (100 .docx, first run)           target: median <= 10 s
    python -c pass                           reference: bare interpreter start-up
    python -c "import tarkastus.cli"         reference: import cost of the CLI
    peer: regopy, 8 rules in Rego (N files, front matter)                  reference peer (issue 17)
    peer: regopy, 8 rules in Rego (N files, half prose-only, front matter) reference peer

The peer rows run bench/rego/peer.py (eight tarkastus rules written in Rego,
bench/rego/policy.rego, evaluated by regopy over each file's front matter;
``pip install regopy``) over the same directories as the two rows
``tarkastus check DIR (… first run)``; after the table, and in the JSON, is
the ratio peer median / tarkastus median of each pair: "tarkastus is 1.2×
faster than the Rego peer". They run when the interpreter running this
script can import regopy, or with ``--rego PYTHON``; otherwise one line says
they were skipped. bench/rego/crosscheck.py shows that the peer finds what
tarkastus finds with those rules on the same files.

The documents are synthetic KL 54 § agreements in the format of
agreement-format.md, generated deterministically by ``generate()`` (importable
by other code): the same ``--count`` and ``--seed`` always give the same files.
About 30 % carry one defect and about 10 % are YAML-only files. Their legal
references and wording are plausible placeholders, not checked content.

Reproduce:

    python bench/run.py                         # 1,000 documents, 7 runs
    python bench/run.py --count 200 --runs 15 --seed 3
    python bench/run.py --tarkastus ".venv/bin/tarkastus" --json bench.json
    python bench/run.py --out /tmp/agreements   # keep the documents
    python bench/run.py --scaling 250,1000,4000,20000  # how a first run grows, with peak memory
    python bench/run.py --rego .venv/bin/python  # the Rego peer with that interpreter's regopy

Exit codes 0 and 1 of ``tarkastus check`` are normal (1 = findings); any
other exit code, or a failing reference command, prints the command's stderr
and ends the benchmark with exit code 2. Because ``python -m`` of a package
that is not installed also exits with 1, ``tarkastus --help`` must succeed
first. The reference commands use the interpreter running this script.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Employment areas with a few member municipalities; the first one is the lead.
REGIONS = {
    "Turun seudun työllisyysalue": [
        "Turku", "Raisio", "Naantali", "Masku", "Lieto", "Aura", "Paimio", "Sauvo",
        "Kaarina", "Laitila", "Loimaa", "Parainen", "Uusikaupunki",
    ],
    "Keski-Pohjanmaan työllisyysalue": [
        "Kokkola", "Lestijärvi", "Halsua", "Kaustinen", "Toholampi", "Veteli",
    ],
    "Oulun seudun työllisyysalue": ["Oulu", "Kempele", "Liminka", "Muhos"],
    "Kuopion seudun työllisyysalue": ["Kuopio", "Siilinjärvi", "Tuusniemi"],
}
# An area document that also claims Tuusniemi: every run has one overlap
# (ALUE-PAALLEKKAISYYS) across documents.
OVERLAPPING = ("Sisä-Savon työllisyysalue", ["Suonenjoki", "Rautalampi", "Tervo", "Tuusniemi"])
TASKS = [
    ("Työnhakijan palveluprosessi", "JärjL 4 luku"),
    ("Työllistymistä edistävät palvelut", "JärjL 6 luku"),
    ("Työnantaja- ja yrityspalvelut", "JärjL 5 luku"),
    ("Työvoimapoliittiset lausunnot", "JärjL 11 luku"),
    ("Monialainen yhteispalvelu", "TYPL 2 §"),
]
OFFICIALS = ["työllisyysasiantuntija", "työvoimaneuvoja", "palveluohjaaja",
             "yrityskoordinaattori", "työllisyyspalvelupäällikkö"]
POWERS = ["työllistymissuunnitelman laatiminen", "työnhaun voimassaolo",
          "työvoimapoliittinen lausunto", "palveluun ohjaaminen"]
MEANS = ["raportointi", "asiakastyytyväisyysmittaus", "arvioinnit",
         "tilastoseuranta", "seurantakokoukset"]
TITLES = ["Sopimus viranomaistehtävän hoitamisesta", "Kuntalain 54 §:n mukainen sopimus",
          "Sopimus työllisyyspalvelujen viranomaistehtävistä"]
DEFECTS = ["no-seuranta", "no-jakautuminen", "arbitration", "no-viranhaltija",
           "end-before-start", "shares-90", "outsider", "wrong-lead"]
NORMAL = {0, 1}  # tarkastus: 0 = clean, 1 = findings

_RESERVED = {"true", "false", "yes", "no", "on", "off", "y", "n", "null"}
_PLAIN = re.compile(r"[^\W\d_][\w .()/§-]*")


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, datetime.date)):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def _yaml(data: dict, indent: int = 0) -> list[str]:
    """Block-style YAML for the small subset of types the generator uses."""
    pad, lines = " " * indent, []
    for key, value in data.items():
        if isinstance(value, dict):
            lines += [f"{pad}{key}:", *_yaml(value, indent + 2)]
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{pad}{key}:")
            for item in value:
                item_lines = _yaml(item, indent + 4)
                item_lines[0] = f"{pad}  - {item_lines[0].lstrip()}"
                lines += item_lines
        elif isinstance(value, list):
            lines.append(f"{pad}{key}: [{', '.join(map(_scalar, value))}]")
        else:
            lines.append(f"{pad}{key}: {_scalar(value)}")
    return lines


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """*total* split into *parts* positive multiples of 5."""
    cuts = sorted(rng.sample(range(5, total, 5), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total])]


def _fi_date(day: datetime.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def _task(rng: random.Random, name: str, basis: str, member: str, towns: list[str]) -> dict:
    others = [t for t in towns[1:] if t != member]
    area = [member, *rng.sample(others, rng.randint(0, min(3, len(others))))]
    task = {"tehtävä": name, "lainkohta": basis}
    if rng.random() < 0.5:
        task["toimivalta"] = rng.sample(POWERS, rng.randint(1, 3))
    task |= {"viranhaltija": rng.choice(OFFICIALS), "työnantaja": member, "alue": area,
             "työpanos": [{"kunta": k, "osuus": s}
                          for k, s in zip(area, _split(100, len(area), rng))]}
    return task


def _agreement(rng: random.Random, defect: str | None) -> tuple[dict, list[tuple[str, str, str]]]:
    """One agreement: front matter and body sections (provision, heading, text)."""
    area, towns = rng.choice(list(REGIONS.items()))
    lead, member = towns[0], rng.choice(towns[1:])
    if defect == "outsider":  # a counterparty from another area (ALUE-JASENYYS)
        member = rng.choice([t for a, ts in REGIONS.items() if a != area for t in ts[1:]])
    elif defect == "wrong-lead":  # a member as the organiser (ALUE-VASTUUKUNTA)
        lead, member = member, rng.choice([t for t in towns[1:] if t != member])
    tasks = [_task(rng, name, basis, member, towns)
             for name, basis in rng.sample(TASKS, rng.randint(1, 3))]
    start = datetime.date(rng.randint(2025, 2027), rng.choice([1, 3, 6, 9]), 1)
    end = "toistaiseksi" if rng.random() < 0.6 else (
        start.replace(year=start.year + rng.randint(2, 5)) - datetime.timedelta(days=1))
    costs = {"peruste": rng.choice(["viranhaltijan palkkakustannukset sivukuluineen",
                                    "toteutunut työpanos ja yleiskustannuslisä"]),
             "jakautuminen": "vastuukunta maksaa tehtävän hoitavalle kunnalle työpanoksen mukaisen osuuden"}
    if rng.random() < 0.3:
        costs["laskutus"] = rng.choice(["kuukausittain", "neljännesvuosittain"])
    if defect == "shares-90" or rng.random() < 0.4:
        total = 90 if defect == "shares-90" else 100
        costs["osuudet"] = [{"kunta": k, "osuus": s}
                            for k, s in zip((lead, member), _split(total, 2, rng))]
    disputes: dict | str = {"neuvottelu": True, "ratkaisija": "hallinto-oikeus"}
    if defect == "arbitration":
        disputes["ratkaisija"] = "välimiesmenettely"
    elif rng.random() < 0.25:
        disputes = "Erimielisyydet ratkaistaan neuvotteluin ja viime kädessä hallinto-oikeudessa hallintoriita-asiana."
    notice = {"irtisanomisaika": rng.choice(["3 kk", "6 kk", "12 kuukautta", "1 vuosi"])}
    if rng.random() < 0.3:
        notice["ehdot"] = "Irtisanominen tehdään kirjallisesti."
    doc = {
        "tarkastus": 1, "tyyppi": "kl54", "otsikko": f"{rng.choice(TITLES)}, {member}",
        "työllisyysalue": area, "järjestämisvastuu": lead,
        "osapuolet": [{"kunta": lead, "rooli": "vastuukunta"},
                      {"kunta": member, "rooli": "jäsenkunta"}],
        "tehtävät": tasks,
        "seuranta": {"vastuu": lead, "keinot": rng.sample(MEANS, rng.randint(1, 3))},
        "ohjaus": lead, "kustannukset": costs,
        "voimassaolo": {"alkaa": start, "päättyy": end},
        "irtisanominen": notice, "erimielisyydet": disputes,
        "tietosuoja": "Vastuukunta on asiakastietojen rekisterinpitäjä; tehtävän hoitava kunta käsittelee tietoja sen lukuun.",
        "muuttaminen": "Sopimusta muutetaan kirjallisesti sopijapuolten hyväksymällä tavalla.",
        "vahingonkorvaus": rng.choice(["Kumpikin osapuoli vastaa aiheuttamistaan vahingoista.",
                                       "Vahingonkorvausvastuu määräytyy vahingonkorvauslain mukaan."]),
    }
    if defect == "no-seuranta":
        del doc["seuranta"]
    elif defect == "no-jakautuminen":
        del costs["jakautuminen"]
    elif defect == "no-viranhaltija":
        del rng.choice(tasks)["viranhaltija"]
    elif defect == "end-before-start":
        doc["voimassaolo"]["päättyy"] = start - datetime.timedelta(days=rng.randint(1, 365))
    ends = doc["voimassaolo"]["päättyy"]
    until = "toistaiseksi" if ends == "toistaiseksi" else f"{_fi_date(ends)} saakka"
    resolver = "välimiesmenettelyssä" if defect == "arbitration" else "hallinto-oikeudessa"
    sections = [
        ("osapuolet", "Sopijapuolet", f"Sopijapuolina ovat {lead} ja {member}."),
        ("tarkoitus", "Sopimuksen tarkoitus", "Sopimuksella sovitaan viranomaistehtävän hoitamisesta kuntalain 54 §:n mukaisesti."),
        ("tehtävät", "Hoidettavat tehtävät", f"Sopimuksen perusteella hoidetaan {len(tasks)} tehtäväkokonaisuutta. Tehtävät hoitaa toisen kunnan viranhaltija."),
        ("järjestämisvastuu", "Järjestämisvastuu", f"Järjestämisvastuu säilyy vastuukunnalla ({lead})."),
        ("seuranta", "Seuranta ja valvonta", "Vastuukunta seuraa ja valvoo tehtävien hoitamista. Seurannasta raportoidaan vuosittain."),
        ("ohjaus", "Ohjaus", f"Oikeus ohjata ja valvoa viranhaltijan toimivallan käyttöä on vastuukunnalla ({lead})."),
        ("kustannukset", "Kustannusten jako ja laskutus", "Kustannukset korvataan toteutuneen työpanoksen mukaan."),
        ("tietosuoja", "Tietosuoja ja asiakastiedot", "Asiakastietoja käsitellään tietosuojalainsäädännön mukaisesti."),
        ("vahingonkorvaus", "Vahingonkorvaus", "Kumpikin osapuoli vastaa omasta toiminnastaan."),
        ("erimielisyydet", "Erimielisyydet", f"Erimielisyydet pyritään ratkaisemaan neuvotteluin. Muutoin ne ratkaistaan {resolver}."),
        ("muuttaminen", "Sopimuksen muuttaminen", "Muutokset tehdään kirjallisesti."),
        ("voimassaolo", "Voimassaolo ja irtisanominen", f"Sopimus tulee voimaan {_fi_date(start)} ja on voimassa {until}. Irtisanomisaika on {notice['irtisanomisaika']}."),
    ]
    # A heading alone satisfies a provision, so a defect must drop it as well.
    dropped = {"no-seuranta": "seuranta", "no-jakautuminen": "kustannukset"}.get(defect or "")
    sections = [s for s in sections if s[0] != dropped]
    keep = sorted(rng.sample(range(1, len(sections)), rng.randint(7, len(sections) - 1)))
    return doc, [sections[0], *(sections[i] for i in keep)]


def _body(title: str, sections: list[tuple[str, str, str]], rng: random.Random) -> str:
    sign = rng.choice(["{}.", "{} §"])  # both numbering styles occur in practice
    parts = [f"# {title}\n"]
    for number, (_, heading, text) in enumerate(sections, start=1):
        parts.append(f"## {sign.format(number)} {heading}\n\n{text}\n")
    return "\n".join(parts)


def _area(rng: random.Random, area: str, towns: list[str]) -> tuple[dict, list[tuple[str, str, str]]]:
    """An employment area's cooperation agreement (lead-municipality model)."""
    lead = towns[0]
    forces = [rng.randint(30_000, 120_000)] + [rng.randint(900, 15_000) for _ in towns[1:]]
    seats = [max(1, len(towns) // 2)] + [1] * (len(towns) - 1)
    doc = {
        "tarkastus": 1, "tyyppi": "yhteistoimintasopimus", "otsikko": f"Yhteistoimintasopimus: {area}",
        "työllisyysalue": area, "malli": "vastuukunta", "vastuukunta": lead,
        "osapuolet": [{"kunta": t, "rooli": "vastuukunta" if t == lead else "jäsenkunta"} for t in towns],
        "kunnat": [{"kunta": t, "työvoima": f, "työvoima_vuosi": 2023, "lähde": "Tilastokeskus"}
                   for t, f in zip(towns, forces)],
        "toimielin": {"nimi": f"{area}n työllisyyslautakunta",
                      "jäsenet": [{"kunta": t, "paikat": s} for t, s in zip(towns, seats)],
                      "puheenjohtaja": lead},
        "järjestämisvastuu": f"{lead} (yhteinen toimielin)",
        "tehtävät": [{"tehtävä": name, "lainkohta": basis} for name, basis in TASKS[:4]],
        "kustannukset": {"peruste": "asukasluku ja työnhakijoiden määrä",
                         "jakautuminen": "kunnat maksavat osuutensa vastuukunnalle neljännesvuosittain"},
        "talous": {"suunnittelu": "Jäsenkunnat osallistuvat talousarvion valmisteluun.",
                   "raportointi": "Vastuukunta raportoi jäsenkunnille neljännesvuosittain."},
        "voimassaolo": {"alkaa": datetime.date(2025, 1, 1), "päättyy": "toistaiseksi"},
        "irtisanominen": {"irtisanomisaika": "12 kuukautta"},
        "erimielisyydet": {"neuvottelu": True, "ratkaisija": "hallinto-oikeus"},
        "tietosuoja": "Vastuukunta on asiakastietojen rekisterinpitäjä.",
        "muuttaminen": "Sopimusta muutetaan kuntien valtuustojen päätöksin.",
        "vahingonkorvaus": "Kukin kunta vastaa aiheuttamistaan vahingoista.",
    }
    if sum(forces) < 20_000:
        doc["poikkeuslupa"] = {"päätös": "VN/1234/2023", "päivämäärä": datetime.date(2023, 12, 14),
                               "peruste": "383/2023 4 § 1 mom. 1 k."}
    sections = [
        ("tehtävät", "Yhteisen toimielimen tehtävät", "Toimielin vastaa alueen työvoimapalveluista."),
        ("kokoonpano", "Toimielimen kokoonpano", "Kukin kunta valitsee toimielimeen jäsenensä."),
        ("kustannukset", "Kustannusten jakaminen", "Kustannukset jaetaan asukasluvun mukaan."),
        ("voimassaolo", "Voimassaolo ja irtisanominen", "Sopimus on voimassa toistaiseksi."),
    ]
    return doc, sections


def _plan(area: str, towns: list[str]) -> dict:
    """An employment area's service plan (JärjL 15 § 4 mom)."""
    return {
        "tarkastus": 1, "tyyppi": "järjestämissuunnitelma", "otsikko": f"Järjestämissuunnitelma: {area}",
        "työllisyysalue": area,
        "resurssit": "Henkilöstö ja määrärahat kohdennetaan palvelutarpeen mukaan.",
        "tuottaminen": "Palvelut tuotetaan pääosin omana toimintana.",
        "toimipisteet": [f"{t}, palvelupiste" for t in towns[:3]],
        "yhteistyö": ["oppilaitokset", "yrittäjäjärjestöt", "hyvinvointialue"],
        "kohtaanto": "Työperäistä maahanmuuttoa edistetään rekrytointipalveluin.",
        "rakennemuutos": "Rakennemuutoksiin varaudutaan muutosturvayhteistyöllä.",
    }


def generate(directory: str | os.PathLike, n: int, seed: int = 0) -> list[Path]:
    """Write *n* synthetic documents into *directory*; return their paths.

    Deterministic for a given (n, seed). When *n* allows, the first ones are
    each employment area's cooperation agreement and service plan (one area
    overlaps another, for the checks across documents); the rest are KL 54 §
    agreements of those areas. 30 % of these carry one defect from
    ``DEFECTS`` (named in a YAML comment at the top), 10 % are YAML-only
    ``.yaml`` files, the rest Markdown with front matter.
    """
    rng = random.Random(seed)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    width = len(str(max(n - 1, 0)))
    paths = []
    areas = [*REGIONS.items(), OVERLAPPING] if n >= 4 * (len(REGIONS) + 1) else []
    for area, towns in areas:
        slug = towns[0].lower().translate(str.maketrans("äöå", "aoa"))
        for kind, doc in (("yhteistoimintasopimus", _area(rng, area, towns)[0]), ("suunnitelma", _plan(area, towns))):
            path = directory / f"{len(paths):0{width}d}-{slug}-{kind}.md"
            front = "\n".join([f"# synthetic benchmark document, seed {seed}", *_yaml(doc)]) + "\n"
            path.write_text(f"---\n{front}---\n\n# {doc['otsikko']}\n", encoding="utf-8")
            paths.append(path)
    first = len(paths)
    defective = set(rng.sample(range(first, n), round((n - first) * 0.3)))
    yaml_only = set(rng.sample(range(first, n), round((n - first) * 0.1)))
    for i in range(first, n):
        defect = rng.choice(DEFECTS) if i in defective else None
        doc, sections = _agreement(rng, defect)
        lead, member = (party["kunta"] for party in doc["osapuolet"])
        slug = f"{lead}-{member}".lower().translate(str.maketrans("äöå", "aoa"))
        path = directory / f"{i:0{width}d}-{slug}{'.yaml' if i in yaml_only else '.md'}"
        front = "\n".join([f"# synthetic benchmark document, seed {seed}; defect: {defect or 'none'}",
                           *_yaml(doc)]) + "\n"
        body = _body(doc["otsikko"], sections, rng)
        text = front if path.suffix == ".yaml" else f"---\n{front}---\n\n{body}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def prose(text: str) -> str:
    """A Markdown agreement without its front matter, its facts stated in the text as lawyers write them.

    The front matter's facts (type, parties and roles, organiser, validity,
    notice, costs, monitoring, disputes) become sentences before the body's
    sections, so a prose-only file is a document with the same content.
    """
    import yaml

    if not text.startswith("---\n"):
        return text
    front, _, body = text[4:].partition("\n---\n")
    doc = yaml.safe_load(front) or {}
    parties = doc.get("osapuolet") or []
    lead = next((p["kunta"] for p in parties if p.get("rooli") == "vastuukunta"), None)
    members = [p["kunta"] for p in parties if p.get("kunta") != lead]
    lines = [body.lstrip("\n").split("\n", 1)[0], ""]
    if doc.get("tyyppi") == "kl54":
        lines.append("Tämä sopimus on kuntalain 54 §:n mukainen sopimus viranomaistehtävän hoitamisesta.")
    else:
        lines.append("Tämä sopimus on kuntalain 51 ja 52 §:n mukainen sopimus yhteisestä toimielimestä.")
    lines += ["", "## Sopijapuolet", ""]
    if lead:
        lines.append(f"Sopijapuolina ovat {lead} (vastuukunta) sekä " + ", ".join(members) + " (jäsenkunnat).")
    organiser = doc.get("järjestämisvastuu")
    if organiser:
        lines += ["", f"Järjestämisvastuu säilyy kokonaisuudessaan: {organiser}."]
    validity = doc.get("voimassaolo") or {}
    if validity.get("alkaa"):
        end = validity.get("päättyy")
        lines += ["", "## Voimassaolo ja irtisanominen", "",
                  f"Sopimus tulee voimaan {validity['alkaa']} ja on voimassa "
                  + ("toistaiseksi." if str(end) == "toistaiseksi" or not end else f"{end} asti.")]
    notice = (doc.get("irtisanominen") or {}).get("irtisanomisaika")
    if notice:
        lines.append(f"Sopijapuoli voi irtisanoa sopimuksen {notice} irtisanomisajalla.")
    costs = doc.get("kustannukset") or {}
    if costs:
        lines += ["", "## Kustannukset", ""]
        if costs.get("peruste"):
            lines.append(f"Kustannusten perusteena ovat {costs['peruste']}.")
        if costs.get("jakautuminen"):
            lines.append(f"Kustannukset jaetaan seuraavasti: {costs['jakautuminen']}.")
    rest = body.lstrip("\n").split("\n", 1)
    return "\n".join(lines) + "\n\n" + (rest[1] if len(rest) > 1 else "")


_FILLER = ("Sopijapuolet sitoutuvat noudattamaan tätä sopimusta ja sen liitteitä. Toimielimen kokouksista, "
           "valmistelusta ja päätösten täytäntöönpanosta vastaa vastuukunnan viranhaltija. Asiakirjat "
           "säilytetään vastuukunnan arkistonmuodostussuunnitelman mukaisesti, ja tietopyyntöihin vastataan "
           "julkisuuslain mukaisesti. Kustakin muutoksesta neuvotellaan sopijapuolten kesken hyvissä ajoin.")


def long_agreement(markdown: str, pages: int) -> str:
    """A prose agreement padded to about ``pages`` pages (some 3,000 characters a page) with lawful filler."""
    parts = markdown.rstrip("\n").split("\n\n## ")
    per_section = max(1, (pages * 3000 - len(markdown)) // (len(_FILLER) + 2) // max(1, len(parts) - 1))
    padded = [parts[0]] + [part + "\n\n" + "\n\n".join([_FILLER] * per_section) for part in parts[1:]]
    return "\n\n## ".join(padded) + "\n"


def _office_writers():
    """The fixture writers of the tests (tests/office_fixtures.py): .docx files as Word writes them."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from office_fixtures import blocks_of_markdown, docx

    return blocks_of_markdown, docx


def _pdf_of_pages(directory: Path, pages: int) -> Path | None:
    """The committed 30-page PDF fixture (tests/data/pdf, made with LibreOffice by its regenerate.py), copied."""
    fixture = Path(__file__).resolve().parent.parent / "tests" / "data" / "pdf" / f"pitka-{pages}-sivua.pdf"
    if not fixture.is_file():
        return None
    copy = directory / fixture.name
    shutil.copyfile(fixture, copy)
    return copy


def _run(command: list[str], ok: set[int], hint: str = "", env: dict | None = None) -> float:
    """Seconds of wall clock for one process; exit 2 on an unexpected exit code."""
    start = time.perf_counter()
    proc = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok:
        print(f"error: `{shlex.join(command)}` exited with {proc.returncode}", file=sys.stderr)
        sys.stderr.write(proc.stderr.decode(errors="replace") + hint)
        sys.exit(2)
    return elapsed


def measure(name: str, command: list[str], runs: int, ok: set[int],
            target: float | None = None, env: dict | None = None, before=None) -> dict:
    """One warm-up run, then *runs* timed runs of *command*; ``before()`` runs before each."""
    def once() -> float:
        if before is not None:
            before()
        return _run(command, ok, env=env)

    once()
    times = [once() for _ in range(runs)]
    return {"name": name, "command": command, "median_s": statistics.median(times),
            "min_s": min(times), "max_s": max(times), "runs": runs, "times_s": times,
            "target_s": target, "met": None if target is None else statistics.median(times) <= target}


_PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _peak_mb(command: list[str], env: dict) -> float:
    """The largest resident size (MB) of any process of one run of ``command`` (the check or a worker).

    Measured from a fresh interpreter, so that only that run's processes count
    (``RUSAGE_CHILDREN``), as tests/test_memory.py does.
    """
    out = subprocess.run([sys.executable, "-c", _PEAK, *command], env=env, capture_output=True, text=True,
                         check=True).stdout
    return int(out.strip()) / 1024


def _environment(cache: Path) -> dict:
    """The children's environment: a private cache, and bytecode written as usual.

    Some sandboxes set PYTHONDONTWRITEBYTECODE, which makes every run compile
    tarkastus from source: not what an installed tool does.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("TARKASTUS_NO_CACHE", None)
    env["TARKASTUS_CACHE_DIR"] = str(cache)
    return env


def _table(results: list[dict], machine: dict) -> str:
    lines = ["| command | median s | min s | max s | runs | target |",
             "|---|--:|--:|--:|--:|---|"]
    for r in results:
        target = "" if r["target_s"] is None else (
            f"≤ {r['target_s']:.2f} s ({'met' if r['met'] else 'missed'})")
        peak = f"; peak {r['peak_mb']:.0f} MB" if "peak_mb" in r else ""
        lines.append(f"| `{r['name']}` | {r['median_s']:.3f} | {r['min_s']:.3f} "
                     f"| {r['max_s']:.3f} | {r['runs']} | {target}{peak} |")
    lines.append("")
    lines += [f"- {key}: {value}" for key, value in machine.items()]
    return "\n".join(lines)


PEER = Path(__file__).resolve().parent / "rego" / "peer.py"
PEER_HINT = "pip install regopy (into the interpreter running bench/run.py, or pass --rego PYTHON)"


def _rego_python(choice: str | None) -> tuple[str | None, str]:
    """(interpreter, its regopy version) for the Rego peer, or (None, why the peer is skipped)."""
    python = choice or sys.executable
    probe = "import importlib.metadata, regopy, yaml; print(importlib.metadata.version('regopy'))"
    try:
        proc = subprocess.run([python, "-c", probe], capture_output=True, text=True)
    except OSError as error:
        return None, f"{python}: {error.strerror}"
    if proc.returncode != 0:
        return None, f"{python} cannot import regopy and yaml"
    return python, proc.stdout.strip()


def _comparison(peer: dict, tarkastus: dict) -> dict:
    """Peer median / tarkastus median of two rows over the same files."""
    ratio = peer["median_s"] / tarkastus["median_s"]
    return {"peer": peer["name"], "tarkastus": tarkastus["name"], "peer_median_s": peer["median_s"],
            "tarkastus_median_s": tarkastus["median_s"], "ratio": ratio}


def _comparison_line(c: dict) -> str:
    speed = (f"tarkastus is {c['ratio']:.1f}× faster than the Rego peer" if c["ratio"] >= 1
             else f"the Rego peer is {1 / c['ratio']:.1f}× faster than tarkastus")
    return (f"{speed}: `{c['tarkastus']}` {c['tarkastus_median_s']:.3f} s, "
            f"`{c['peer']}` {c['peer_median_s']:.3f} s (ratio {c['ratio']:.2f})")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=1000, help="documents to generate (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command after one warm-up (default 7)")
    parser.add_argument("--out", metavar="DIR", help="write the documents here (new or empty directory) and keep them")
    parser.add_argument("--tarkastus", metavar="CMD", help='command to run tarkastus (default: "python -m tarkastus")')
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--rego", metavar="PYTHON",
                        help="interpreter with regopy for the Rego peer (default: this one, if it has regopy)")
    parser.add_argument("--scaling", metavar="N,N,…", default="",
                        type=lambda text: [int(n) for n in text.split(",") if n.strip()],
                        help="also time first runs over these numbers of files, against the budget scaled linearly")
    args = parser.parse_args(argv)
    if args.count < 1 or args.runs < 1:
        parser.error("--count and --runs must be at least 1")
    if args.out and Path(args.out).exists() and any(Path(args.out).iterdir()):
        parser.error(f"--out {args.out} is not empty; old files would be checked too")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    tarkastus = shlex.split(args.tarkastus) if args.tarkastus else [sys.executable, "-m", "tarkastus"]
    directory = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="tarkastus-bench-"))
    try:
        paths = generate(directory, args.count, args.seed)
        one = next((p for p in paths if p.suffix == ".md" and not p.stem.endswith(("-yhteistoimintasopimus", "-suunnitelma"))), paths[0])
        _run([*tarkastus, "--help"], {0},
             "hint: install tarkastus (pip install -e .) or pass --tarkastus CMD\n")
        cache = Path(tempfile.mkdtemp(prefix="tarkastus-bench-cache-"))
        env = _environment(cache)

        def forget_results() -> None:  # "first run": no stored results, compiled rules kept
            for stored in cache.glob("results-*"):
                stored.unlink()

        budget = 0.5 if args.count == 1000 else None  # issue 17: 1,000 never-seen files in 0.5 s
        # The same documents with half of the Markdown ones prose-only (no front matter).
        mixed = Path(tempfile.mkdtemp(prefix="tarkastus-bench-prose-"))
        for k, path in enumerate(paths):
            text = path.read_text(encoding="utf-8")
            (mixed / path.name).write_text(prose(text) if k % 2 and path.suffix == ".md" else text, encoding="utf-8")
        one_prose = next(p for k, p in enumerate(sorted(mixed.iterdir()))
                         if k % 2 and p.suffix == ".md" and "-yhteistoimintasopimus" not in p.name
                         and "-suunnitelma" not in p.name)
        # Word files: one long agreement, and a hundred of the prose-only agreements.
        blocks_of_markdown, docx = _office_writers()
        documents = Path(tempfile.mkdtemp(prefix="tarkastus-bench-docx-"))
        sample = Path(__file__).resolve().parent.parent / "samples" / "proosa" / "kl54" / "turku-lieto.md"
        long_docx = documents / "pitka-sopimus.docx"
        long_docx.write_bytes(docx(blocks_of_markdown(long_agreement(sample.read_text(encoding="utf-8"), 12))))
        hundred = documents / "sata"
        hundred.mkdir()
        prose_only = [p for k, p in enumerate(sorted(mixed.iterdir())) if k % 2 and p.suffix == ".md"][:100]
        for path in prose_only:
            (hundred / (path.stem + ".docx")).write_bytes(docx(blocks_of_markdown(path.read_text(encoding="utf-8"))))
        long_pdf = _pdf_of_pages(documents, 30)
        results = [
            measure("tarkastus check pitka-sopimus.docx (12 pages, first run)", [*tarkastus, "check", str(long_docx)],
                    args.runs, NORMAL, 0.4, env, forget_results),
            *([measure(f"tarkastus check {long_pdf.name} (30 pages, first run)", [*tarkastus, "check", str(long_pdf)],
                       args.runs, NORMAL, 1.5, env, forget_results)] if long_pdf is not None else []),
            measure(f"tarkastus check DIR ({len(prose_only)} .docx, first run)", [*tarkastus, "check", str(hundred)],
                    args.runs, NORMAL, 10.0 if len(prose_only) == 100 else None, env, forget_results),
            measure(f"tarkastus check {one_prose.name} (prose only, first run)", [*tarkastus, "check", str(one_prose)],
                    args.runs, NORMAL, 0.10, env, forget_results),
            measure(f"tarkastus check DIR ({args.count} files, half prose-only, first run)",
                    [*tarkastus, "check", str(mixed)], args.runs, NORMAL, budget,
                    env, forget_results),
            measure(f"tarkastus check {one.name} (first run)", [*tarkastus, "check", str(one)],
                    args.runs, NORMAL, 0.07, env, forget_results),
            measure(f"tarkastus check DIR ({args.count} files, first run)", [*tarkastus, "check", str(directory)],
                    args.runs, NORMAL, budget, env, forget_results),
            measure(f"tarkastus check --jobs 1 DIR ({args.count} files, first run)",
                    [*tarkastus, "check", "--jobs", "1", str(directory)], args.runs, NORMAL, None, env,
                    forget_results),
            measure(f"tarkastus check DIR ({args.count} files, unchanged since last run)",
                    [*tarkastus, "check", str(directory)], args.runs, NORMAL, 0.35 if args.count == 1000 else None, env),
            measure(f"tarkastus audit DIR --html --markdown ({args.count} files, first run)",
                    [*tarkastus, "audit", str(directory), "--html", str(cache / "audit.html"),
                     "--markdown", str(cache / "audit.md")], args.runs, NORMAL,
                    3.0 if args.count == 1000 else None, env, forget_results),
            measure(f"tarkastus audit DIR --html --markdown ({args.count} files, unchanged since last run)",
                    [*tarkastus, "audit", str(directory), "--html", str(cache / "audit.html"),
                     "--markdown", str(cache / "audit.md")], args.runs, NORMAL, None, env),
            measure("python -c pass", [sys.executable, "-c", "pass"], args.runs, {0}, env=env),
            measure('python -c "import tarkastus.cli"',
                    [sys.executable, "-c", "import tarkastus.cli"], args.runs, {0}, env=env),
        ]
        # The Rego peer over the directories of the two "check DIR (… first run)" rows.
        rego_python, regopy_version = _rego_python(args.rego)
        comparisons = []
        if rego_python is not None:
            for label, folder in (("", directory), (", half prose-only", mixed)):
                ours = next(r for r in results if r["name"] == f"tarkastus check DIR ({args.count} files{label}, first run)")
                peer = measure(f"peer: regopy, 8 rules in Rego ({args.count} files{label}, front matter)",
                               [rego_python, str(PEER), str(folder)], args.runs, {0}, None, env)
                results.append(peer)
                comparisons.append(_comparison(peer, ours))
        for count in args.scaling:
            scaled = Path(tempfile.mkdtemp(prefix=f"tarkastus-bench-{count}-"))
            try:
                generate(scaled, count, args.seed)
                result = measure(f"tarkastus check DIR ({count} files, first run)",
                                 [*tarkastus, "check", str(scaled)], args.runs, NORMAL,
                                 0.5 * count / 1000, env, forget_results)
                result["scaling"] = count
                forget_results()
                result["peak_mb"] = _peak_mb([*tarkastus, "check", str(scaled)], env)
                results.append(result)
            finally:
                shutil.rmtree(scaled, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(mixed, ignore_errors=True)
        shutil.rmtree(documents, ignore_errors=True)
    finally:
        if not args.out:
            shutil.rmtree(directory, ignore_errors=True)
    machine = {"platform": platform.platform(),
               "python": f"{platform.python_version()} ({platform.python_implementation()})",
               "cpu_count": os.cpu_count(),
               "documents": f"{args.count}, seed {args.seed}",
               "tarkastus": shlex.join(tarkastus)}
    if rego_python is not None:
        machine["rego peer"] = f"regopy {regopy_version} ({rego_python})"
    print(_table(results, machine))
    print()
    if rego_python is None:
        print(f"peer: the Rego peer was skipped ({regopy_version}); {PEER_HINT}")
    for c in comparisons:
        print(_comparison_line(c))
    peer_info = ({"skipped": f"{regopy_version}; {PEER_HINT}"} if rego_python is None
                 else {"python": rego_python, "regopy": regopy_version, "command": str(PEER),
                       "comparisons": comparisons})
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine, "results": results, "rego_peer": peer_info},
                                              ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
