"""The issue's examples, each a prose-only draft checked through the CLI.

Every draft is a whole agreement without front matter (except where a
conflict with front matter is the point), written as the area's lawyers
write them: all required provisions present, so that the finding an
example is about is the one it gets. The drafts come from three builders
(a KL 54 § agreement, a cooperation agreement forming an area, a service
plan) whose sections a test replaces or drops; lines are found in the
built text, never counted by hand.

Runs through click's CliRunner with the session's rule cache: no
subprocess, no rule-pack build per test.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import AS_OF
from tarkastus.cli import main

# ---- running the CLI -----------------------------------------------------------------


def check(*paths, extra=()) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", "--format", "json", "--as-of", AS_OF.isoformat(), "--isolated",
                                       *extra, *map(str, paths)], catch_exceptions=False)
    return result.exit_code, json.loads(result.output)


def findings(tmp_path, text: str, name: str = "sopimus.md") -> list[dict]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, report = check(path)
    assert code in (0, 1), (code, report["diagnostics"])
    assert report["summary"]["files"] == 1
    return report["diagnostics"]


def of(found: list[dict], *codes: str) -> list[dict]:
    return [d for d in found if d["code"] in codes]


def codes(found: list[dict]) -> list[str]:
    return sorted(d["code"] for d in found)


def line_of(text: str, needle: str, start: int = 1) -> int:
    """The 1-based line where ``needle`` first occurs, at or after line ``start``."""
    for number, line in enumerate(text.split("\n"), 1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the draft")


def places(finding: dict) -> set[int]:
    """The lines a finding points at: its own and its related places."""
    return {finding["line"], *(r["line"] for r in finding.get("related", []))}


# ---- the drafts ------------------------------------------------------------------------

KUOPIO = {"nom": "Kuopio", "gen": "Kuopion", "ade": "Kuopiolla", "all": "Kuopiolle", "par": "Kuopiota",
          "official": "Kuopion kaupunki", "court": "Itä-Suomen hallinto-oikeudessa"}
SIILINJARVI = {"nom": "Siilinjärvi", "gen": "Siilinjärven", "ill": "Siilinjärveen", "all": "Siilinjärvelle",
               "official": "Siilinjärven kunta", "ine": "Siilinjärven kunnassa"}
SASTAMALA = {"nom": "Sastamala", "gen": "Sastamalan", "ade": "Sastamalalla", "all": "Sastamalalle",
             "par": "Sastamalaa", "official": "Sastamalan kaupunki", "court": "Hämeenlinnan hallinto-oikeudessa"}
PUNKALAIDUN = {"nom": "Punkalaidun", "gen": "Punkalaitumen", "ill": "Punkalaitumeen", "all": "Punkalaitumelle",
               "official": "Punkalaitumen kunta", "ine": "Punkalaitumen kunnassa"}

# (key, heading, body); {o[...]} is the organiser, {m[...]} the other municipality.
KL54_SECTIONS = [
    ("osapuolet", "Sopijapuolet",
     "Sopijapuolina ovat {o[official]} (jäljempänä {o[nom]}) {o[gen]} työllisyysalueen vastuukuntana ja "
     "{m[official]} (jäljempänä {m[nom]}) {o[gen]} työllisyysalueen jäsenkuntana."),
    ("tarkoitus", "Sopimuksen tarkoitus",
     "Tämä sopimus on kuntalain (410/2015) 54 §:n mukainen sopimus viranomaistehtävän hoitamisesta. "
     "Sopimuksella {o[nom]} antaa työvoimapalveluiden järjestämisestä annetun lain (380/2023, jäljempänä "
     "järjestämislaki) 13 §:n 2 momentin nojalla 3 kohdassa yksilöidyt työvoimaviranomaisen tehtävät "
     "virkavastuulla {m[gen]} viranhaltijoiden hoidettaviksi.\n\n"
     "Järjestämisvastuu säilyy kokonaisuudessaan {o[ade]}. Sopimuksella siirretään ainoastaan kuntalain 8 §:n "
     "2 momentin 5 kohdassa tarkoitetun viranomaiselle kuuluvan toimivallan käyttö."),
    ("sisalto", "Sopimuksen sisältö",
     "{m[gen]} työllisyysasiantuntijat hoitavat {o[gen]} lukuun järjestämislain 4 luvussa säädetyn "
     "työnhakijan palveluprosessin (27–29 ja 31–38 §) {m[ine]} asuvien asiakkaiden osalta.\n\n"
     "{o[ade]} on oikeus ohjata ja valvoa viranhaltijoiden toimintaa siirretyn toimivallan käytössä."),
    ("virkasuhde", "Viranhaltijan virkasuhde",
     "Viranhaltijat ovat virkasuhteessa {m[ill]}, joka vastaa työnantajan velvoitteista. "
     "Tällä sopimuksella ei sovita palvelussuhteen ehdoista."),
    ("kustannukset", "Kustannusten jako ja laskutus",
     "Kustannusten perusteena ovat viranhaltijoiden palkkakustannukset sivukuluineen siltä osin kuin heidän "
     "työpanoksensa kohdistuu tämän sopimuksen mukaisiin tehtäviin. {o[nom]} maksaa {m[all]} työpanoksen "
     "mukaisen osuuden palkkakustannuksista. {m[nom]} laskuttaa {o[par]} neljännesvuosittain jälkikäteen."),
    ("seuranta", "Tehtävien hoidon seuranta ja valvonta",
     "{o[nom]} vastaa tehtävien hoidon seurannasta ja valvonnasta. {m[nom]} raportoi {o[all]} "
     "neljännesvuosittain tehtävien hoidosta ja asiakasmääristä. Seurannassa käytetään lisäksi "
     "asiakastyytyväisyysmittauksia."),
    ("vahingot", "Vastuu vahingoista",
     "{m[nom]} vastaa työnantajana viranhaltijoidensa tehtävissä aiheuttamista vahingoista "
     "vahingonkorvauslain (412/1974) mukaisesti."),
    ("erimielisyydet", "Erimielisyyksien ratkaiseminen",
     "Erimielisyydet pyritään ratkaisemaan ensin sopijapuolten välisin neuvotteluin. Jos neuvottelut eivät "
     "johda tulokseen, erimielisyys ratkaistaan kuntalain 63 §:n mukaisesti hallintoriita-asiana {o[court]}."),
    ("tietosuoja", "Asiakastietojen käsittely ja tietosuoja",
     "{m[gen]} viranhaltijat käsittelevät asiakastietoja {o[gen]} lukuun ainoastaan tämän sopimuksen "
     "mukaisten tehtävien hoitamiseksi. Käsittelyssä noudatetaan järjestämislain 13 lukua, EU:n yleistä "
     "tietosuoja-asetusta ja tietosuojalakia (1050/2018)."),
    ("muuttaminen", "Sopimuksen muuttaminen",
     "Sopimusta voidaan muuttaa sopijapuolten yhtäpitävin kirjallisin päätöksin."),
    ("voimassaolo", "Sopimuksen voimassaolo ja irtisanominen",
     "Sopimus tulee voimaan 1.1.2025 ja on voimassa toistaiseksi. Kumpikin sopijapuoli voi irtisanoa "
     "sopimuksen kirjallisesti kuuden (6) kuukauden irtisanomisajalla."),
    ("muut", "Muut ehdot",
     "Sopimus täydentää {o[gen]} työllisyysalueen yhteistoimintasopimusta. Sopimus on laadittu kahtena "
     "samansisältöisenä kappaleena, yksi kummallekin sopijapuolelle."),
]


def _render(title: str, intro: str, sections, changes: dict, front: str, forms: dict) -> str:
    unknown = set(changes) - {key for key, _, _ in sections}
    assert not unknown, unknown
    parts = [f"# {title}\n\n", f"{intro}\n\n" if intro else ""]
    number = 0
    for key, heading, body in sections:
        change = changes.get(key, body)
        if change is None:
            continue  # the section is dropped
        if isinstance(change, tuple):
            heading, change = change
        number += 1
        parts.append(f"## {number}. {heading}\n\n{change}\n\n")
    return front + "".join(parts).rstrip("\n").format(**forms) + "\n"


def kl54(o=KUOPIO, m=SIILINJARVI, front: str = "", **changes) -> str:
    """A KL 54 § agreement; a keyword replaces a section's body, (heading, body) both, None drops it."""
    return _render("Sopimus viranomaistehtävän hoitamisesta (kuntalaki 54 §), {m[gen]} toiminta-alue",
                   "{o[official]} ja {m[official]} ovat sopineet kuntalain 54 §:n mukaisesti "
                   "viranomaistehtävän hoitamisesta seuraavasti.",
                   KL54_SECTIONS, changes, front, {"o": o, "m": m})


# An area: its lead's forms and, per municipality, (official name, nominative, labour force, seats, share).
KUOPION_ALUE = {
    "area_gen": "Kuopion työllisyysalueen", "area_ade": "Kuopion työllisyysalueella",
    "lead": KUOPIO, "body": "Kuopion työllisyysalueen työllisyyslautakunta",
    "rows": [("Kuopion kaupunki", "Kuopio", "58 516", 6, "75,8"),
             ("Siilinjärven kunta", "Siilinjärvi", "9 914", 1, "12,9"),
             ("Lapinlahden kunta", "Lapinlahti", "4 015", 1, "5,2"),
             ("Suonenjoen kaupunki", "Suonenjoki", "2 816", 1, "3,6"),
             ("Kaavin kunta", "Kaavi", "1 013", 1, "1,3"),
             ("Tuusniemen kunta", "Tuusniemi", "885", 1, "1,2")],
}
YLA_SAVO = {  # 14 600 in all: below the threshold of JärjL 12 §
    "area_gen": "Ylä-Savon työllisyysalueen", "area_ade": "Ylä-Savon työllisyysalueella",
    "lead": {"nom": "Iisalmi", "gen": "Iisalmen", "ade": "Iisalmella", "official": "Iisalmen kaupunki",
             "court": "Itä-Suomen hallinto-oikeudessa"},
    "body": "Ylä-Savon työllisyyslautakunta",
    "rows": [("Iisalmen kaupunki", "Iisalmi", "9 200", 4, "63,0"),
             ("Kiuruveden kaupunki", "Kiuruvesi", "3 100", 2, "21,2"),
             ("Sonkajärven kunta", "Sonkajärvi", "1 500", 1, "10,3"),
             ("Vieremän kunta", "Vieremä", "800", 1, "5,5")],
}
TURUN_ALUE = {  # official names of the issue: Paraisten kaupunki, Uudenkaupungin kaupunki, Nousiaisten kunta
    "area_gen": "Turun työllisyysalueen", "area_ade": "Turun työllisyysalueella",
    "lead": {"nom": "Turku", "gen": "Turun", "ade": "Turulla", "official": "Turun kaupunki",
             "court": "Turun hallinto-oikeudessa"},
    "body": "Turun seudun työllisyyslautakunta",
    "rows": [("Turun kaupunki", "Turku", "98 500", 7, "58,0"),
             ("Kaarinan kaupunki", "Kaarina", "17 300", 2, "13,0"),
             ("Liedon kunta", "Lieto", "10 200", 1, "12,0"),
             ("Uudenkaupungin kaupunki", "Uusikaupunki", "7 600", 1, "8,0"),
             ("Paraisten kaupunki", "Parainen", "7 100", 1, "6,5"),
             ("Nousiaisten kunta", "Nousiainen", "2 300", 1, "2,5")],
}


def _table(header: str, rows) -> str:
    return "\n".join([f"| Kunta | {header} |", "|---|---:|", *(f"| {name} | {value} |" for name, value in rows)])


def _listing(names) -> str:
    return ", ".join(names[:-1]) + " ja " + names[-1]


def coop_sections(area):
    lead, rows = area["lead"], area["rows"]
    labour = _table("Työvoima", [(r[1], r[2]) for r in rows])
    seats = _table("Jäsenet", [(r[1], r[3]) for r in rows])
    shares = _table("Osuus", [(r[1], f"{r[4]} %") for r in rows])
    return [
        ("osapuolet", "Sopijapuolet",
         f"Sopijapuolina ovat {_listing([r[0] for r in rows])}. {lead['official']} toimii vastuukuntana "
         "(jäljempänä vastuukunta). Muut sopijapuolet ovat jäsenkuntia."),
        ("tarkoitus", "Sopimuksen tarkoitus ja oikeudellinen perusta",
         "Tämä sopimus on kuntalain (410/2015) 52 §:n mukainen sopimus yhteisestä toimielimestä. Sopijakunnat "
         "muodostavat työvoimapalveluiden järjestämisestä annetun lain (380/2023, jäljempänä järjestämislaki) "
         f"12 §:ssä tarkoitetun {area['area_gen']} ja järjestävät työvoimapalvelut järjestämislain 13 §:n "
         "1 momentissa tarkoitetussa lakisääteisessä yhteistoiminnassa.\n\n"
         "Sopijakuntien työvoima oli Tilastokeskuksen työssäkäyntitilaston mukaan vuonna 2021 seuraava:\n\n"
         f"{labour}"),
        ("jarjestamisvastuu", "Järjestämisvastuu",
         "Kuntalain 8 §:n 1 momentin mukainen järjestämisvastuu työvoimapalveluista on sopijakuntien puolesta "
         f"vastuukuntana toimivalla {lead['ade']}, ja sitä käyttää yhteinen toimielin, {area['body']}."),
        ("tehtavat", "Yhteisen toimielimen tehtävät",
         "Yhteinen toimielin järjestää järjestämislaissa säädetyt julkiset työvoimapalvelut "
         "työllisyysalueella, päättää palveluverkosta, hyväksyy järjestämislain 15 §:n 4 momentissa "
         "tarkoitetun suunnitelman työvoimapalvelujen järjestämiseksi ja päättää kuntalain 54 §:n "
         "mukaisista sopimuksista viranomaistehtävän hoitamisesta."),
        ("kokoonpano", "Yhteisen toimielimen kokoonpano ja jäsenten valinta",
         f"Yhteisessä toimielimessä on {sum(r[3] for r in rows)} jäsentä, ja kullakin jäsenellä on "
         "henkilökohtainen varajäsen. Sopijakunnat valitsevat jäsenet valtuuston toimikaudeksi seuraavasti:\n\n"
         f"{seats}\n\n{lead['nom']} valitsee toimielimen puheenjohtajan."),
        ("talous", "Talous",
         "### Kustannustenjaon perusteet\n\n"
         "Kustannusten perusteena ovat työllisyysalueen toteutuneet nettokustannukset vähennettyinä toiminnan "
         "tuloilla. Yhteiset nettokustannukset jaetaan sopijakuntien kesken työikäisen väestön suhteessa. "
         "Vuoden 2025 talousarvion mukaiset osuudet ovat:\n\n"
         f"{shares}\n\n"
         "### Maksuosuuden suorittaminen\n\n"
         f"{lead['nom']} laskuttaa jäsenkuntia neljännesvuosittain talousarvion mukaisin ennakoin. Ennakot "
         "tasataan toteutuneiden kustannusten mukaisiksi tilinpäätöksen valmistuttua. Talouden ja toiminnan "
         "toteutumisesta raportoidaan jäsenkunnille neljä kertaa vuodessa."),
        ("tietosuoja", "Asiakastietojen käsittely ja tietosuoja",
         f"Asiakastietojen rekisterinpitäjänä toimii työvoimaviranomaisena {area['body']}. Tietoja käsitellään "
         "järjestämislain 13 luvun, EU:n yleisen tietosuoja-asetuksen ja tietosuojalain (1050/2018) mukaisesti."),
        ("vahingot", "Vahingonkorvausvastuu",
         f"{lead['nom']} vastaa työvoimaviranomaisena toimintansa aiheuttamista vahingoista "
         "vahingonkorvauslain (412/1974) mukaisesti. Vahingonkorvausten kustannukset käsitellään yhteisinä "
         "kustannuksina."),
        ("erimielisyydet", "Erimielisyyksien ratkaiseminen",
         "Erimielisyydet pyritään ratkaisemaan ensisijaisesti sopijakuntien välisin neuvotteluin. Jos "
         "neuvotteluissa ei päästä sopimukseen, erimielisyys ratkaistaan kuntalain 63 §:n mukaisesti "
         f"hallintoriita-asiana {lead['court']}."),
        ("muuttaminen", "Sopimuksen muuttaminen",
         "Sopimusta muutetaan sopijakuntien valtuustojen yhtäpitävin päätöksin."),
        ("voimassaolo", "Sopimuksen voimassaolo ja irtisanominen",
         "Sopimus tulee voimaan 1.1.2024 ja on voimassa toistaiseksi. Sopijakunta voi irtisanoa sopimuksen "
         "päättymään kalenterivuoden vaihteessa kahdentoista (12) kuukauden irtisanomisajalla. Irtisanominen "
         "tehdään kirjallisesti valtuuston päätöksellä."),
        ("allekirjoitukset", "Allekirjoitukset", "Sopimus allekirjoitetaan sähköisesti."),
    ]


def coop(area=KUOPION_ALUE, front: str = "", **changes) -> str:
    """A cooperation agreement forming ``area``; changes as for ``kl54``."""
    text = _render(f"Yhteistoimintasopimus työvoimapalveluiden järjestämisestä {area['area_ade']}", "",
                   coop_sections(area), changes, front, {})
    return text


SUUNNITELMA = """\
# Suunnitelma työvoimapalvelujen järjestämiseksi Kuopion työllisyysalueella

Tämä suunnitelma on työvoimapalveluiden järjestämisestä annetun lain (380/2023) 15 §:n 4 momentin mukainen \
suunnitelma, joka toimitetaan työ- ja elinkeinoministeriölle yhteistoimintasopimuksen liitteenä.

## 1. Taloudelliset ja henkilöstövoimavarat sekä niiden kohdentuminen

Työllisyysalueen talousarvio vuodelle 2025 on 24,6 miljoonaa euroa, ja palveluksessa on 210 henkilöä. \
Henkilöstö kohdennetaan tuotantoalueille asiakasmäärien mukaan.

## 2. Palvelujen tuottaminen ja kohdentaminen

Lakisääteiset tapaamiset järjestetään lähipalveluina kaikissa sopijakunnissa. Erityisosaamista vaativat \
palvelut tuotetaan keskitetysti Kuopiossa.

## 3. Toimipisteiden määrä ja sijainti

Jatkuvasti miehitetyt toimipisteet sijaitsevat Kuopion ja Siilinjärven keskustoissa; muissa kunnissa on \
ajanvarauksella toimivat palvelupisteet.

## 4. Yhteistyötahot ja yhteistyön muodot

Alue tekee yhteistyötä Pohjois-Savon hyvinvointialueen, Kelan, oppilaitosten ja elinkeinoelämän kanssa \
yhteisissä asiakasprosesseissa ja verkostoissa.

## 5. Työperäisen maahanmuuton, kohtaannon ja liikkuvuuden edistäminen

Työperäistä maahanmuuttoa edistetään yhdessä Kuopion kaupungin kansainvälisten osaajien palvelun kanssa, ja \
kohtaantoa parannetaan rekrytointitapahtumilla.

## 6. Varautuminen rakennemuutostilanteisiin

Rakennemuutostilanteissa alue kokoaa muutosturvaryhmän ja järjestää muutosturvakoulutusta.
"""


# ---- a prose agreement is an agreement -------------------------------------------------------

def test_a_prose_agreement_named_on_the_command_line_is_checked(tmp_path):
    path = tmp_path / "kuopio-siilinjarvi.md"
    path.write_text(kl54(), encoding="utf-8")
    code, report = check(path)
    assert code in (0, 1), report["diagnostics"]
    assert not of(report["diagnostics"], "TARK-ETUSIVU", "TARK-OHITETTU", "TARK-SCHEMA")
    assert report["summary"]["files"] == 1


@pytest.mark.parametrize("text", [kl54(), coop(), SUUNNITELMA], ids=["kl54", "yhteistoimintasopimus",
                                                                       "järjestämissuunnitelma"])
def test_a_complete_prose_agreement_passes(tmp_path, text):
    """The drafts the other tests start from state every provision: no error at all."""
    path = tmp_path / "sopimus.md"
    path.write_text(text, encoding="utf-8")
    code, report = check(path)
    errors = [(d["code"], d["line"], d["message"]) for d in report["diagnostics"] if d["severity"] == "error"]
    assert errors == []
    assert code == 0


def test_a_directory_of_prose_agreements_is_checked_and_an_undetermined_one_named(tmp_path):
    (tmp_path / "kl54-kuopio-siilinjarvi.md").write_text(kl54(), encoding="utf-8")
    (tmp_path / "yhteistoimintasopimus.md").write_text(coop(), encoding="utf-8")
    (tmp_path / "suunnitelma.md").write_text(SUUNNITELMA, encoding="utf-8")
    (tmp_path / "README.md").write_text("# Kuopion työllisyysalueen sopimukset\n\nTässä hakemistossa ovat "
                                         "alueen sopimukset ja niiden liitteet.\n", encoding="utf-8")
    (tmp_path / "luonnos.md").write_text("# Sopimus työllisyyspalveluiden yhteistyöstä\n\nTämä luonnos kuvaa "
                                         "kuntien yhteistyön periaatteita. Sisältöä täydennetään, kun kunnat "
                                         "ovat sopineet yhteistyön muodosta.\n", encoding="utf-8")
    code, report = check(tmp_path)
    assert code in (0, 1), report["diagnostics"]
    assert report["summary"]["files"] == 3
    skipped = of(report["diagnostics"], "TARK-OHITETTU")
    assert [d["path"].rsplit("/", 1)[-1] for d in skipped] == ["luonnos.md"]
    assert skipped[0]["severity"] == "warning"
    assert not [d for d in report["diagnostics"] if d["path"].endswith("README.md")]
    checked = {d["path"].rsplit("/", 1)[-1] for d in report["diagnostics"] if d["code"] != "TARK-OHITETTU"}
    assert "luonnos.md" not in checked


# ---- KL 54 § 2 mom.: monitoring, costs, validity ---------------------------------------------

@pytest.mark.parametrize("deferral", ["Sovitaan myöhemmin.", "[täydennä]"])
def test_deferred_monitoring_is_reported_at_the_deferring_line(tmp_path, deferral):
    text = kl54(seuranta=("Tehtävien hoidon seuranta", deferral))
    (finding,) = of(findings(tmp_path, text), "KL54-SEURANTA")
    assert finding["line"] == line_of(text, deferral, start=line_of(text, "## 6. Tehtävien hoidon seuranta"))
    assert "lykkää" in finding["message"]
    assert deferral in finding["message"]


def test_provisions_stated_under_other_headings_count(tmp_path):
    text = kl54(
        sisalto=("Tehtävät", "Siilinjärven työllisyysasiantuntijat hoitavat Kuopion lukuun järjestämislain "
                             "4 luvussa säädetyn työnhakijan palveluprosessin Siilinjärven kunnassa asuvien "
                             "asiakkaiden osalta. Kuopio seuraa tehtävän hoitoa neljännesvuosittain Siilinjärven "
                             "raportoinnin avulla.\n\nKuopiolla on oikeus ohjata ja valvoa viranhaltijoiden "
                             "toimintaa siirretyn toimivallan käytössä."),
        seuranta=None,
        kustannukset=("Talous", "Kustannusten perusteena ovat viranhaltijoiden palkkakustannukset sivukuluineen. "
                                "Kuopio maksaa Siilinjärvelle työpanoksen mukaisen osuuden palkkakustannuksista."),
        voimassaolo=("Voimassaolo", "Sopimus tulee voimaan 1.1.2025 ja on voimassa toistaiseksi. "
                                    "Irtisanomisaika on kuusi kuukautta."),
    )
    found = findings(tmp_path, text)
    for code in ("KL54-SEURANTA", "KL54-KUSTANNUSPERUSTE", "KL54-KUSTANNUSJAKO", "KL54-IRTISANOMINEN",
                 "KL54-VOIMASSAOLO", "OHJE-IRTISANOMISAIKA"):
        assert not of(found, code), (code, of(found, code))


def test_a_heading_naming_the_distribution_over_the_basis_only_is_no_distribution(tmp_path):
    text = kl54(kustannukset=("Kustannukset ja niiden jakaminen",
                              "Kustannukset muodostuvat viranhaltijoiden palkkakustannuksista sivukuluineen."))
    found = findings(tmp_path, text)
    assert of(found, "KL54-KUSTANNUSJAKO")
    assert not of(found, "KL54-KUSTANNUSPERUSTE")


def test_an_end_before_the_start_is_reported(tmp_path):
    sentence = "Sopimus tulee voimaan 1.3.2025 ja päättyy 31.12.2024."
    text = kl54(voimassaolo=f"{sentence} Kumpikin sopijapuoli voi irtisanoa sopimuksen kirjallisesti kuuden (6) "
                            "kuukauden irtisanomisajalla.")
    (finding,) = of(findings(tmp_path, text), "PVM-JARJESTYS")
    assert finding["line"] == line_of(text, sentence)


# ---- KL 8 § 2 mom.: the organiser keeps the responsibility ----------------------------------

def test_a_member_taking_the_organising_responsibility_in_a_cooperation_agreement(tmp_path):
    sentence = "Siilinjärvi ottaa järjestämisvastuun työvoimapalveluista koko työllisyysalueella."
    text = coop(jarjestamisvastuu=sentence)
    found = of(findings(tmp_path, text), "KL8-JARJESTAMISVASTUU")
    assert found
    assert line_of(text, sentence) in {d["line"] for d in found}


def test_a_member_taking_the_organising_responsibility_in_a_kl54_agreement(tmp_path):
    sentence = "Siilinjärvi ottaa järjestämisvastuun työnhakijan palveluprosessista Siilinjärven kunnassa."
    text = kl54(tarkoitus="Tämä sopimus on kuntalain (410/2015) 54 §:n mukainen sopimus viranomaistehtävän "
                          f"hoitamisesta.\n\n{sentence}")
    found = of(findings(tmp_path, text), "KL8-JARJESTAMISVASTUU")
    assert found
    assert line_of(text, sentence) in {d["line"] for d in found}


def test_a_negated_transfer_is_no_transfer(tmp_path):
    text = kl54(tarkoitus="Tämä sopimus on kuntalain (410/2015) 54 §:n mukainen sopimus viranomaistehtävän "
                          "hoitamisesta.\n\nJärjestämisvastuu ei siirry Siilinjärvelle. Sopimuksella siirretään "
                          "ainoastaan viranomaiselle kuuluvan toimivallan käyttö.")
    assert not of(findings(tmp_path, text), "KL8-JARJESTAMISVASTUU")


# ---- JärjL 12 §: labour force and the Government's permit ------------------------------------

@pytest.mark.parametrize("said", ["", "Sopijakunnat hakevat valtioneuvostolta voimaanpanolain 4 §:n mukaista "
                                      "poikkeuslupaa."], ids=["ei-mainintaa", "lupaa-haetaan"])
def test_a_labour_force_below_the_threshold_without_a_permit(tmp_path, said):
    sections = dict((key, body) for key, _, body in coop_sections(YLA_SAVO))
    text = coop(YLA_SAVO, tarkoitus=sections["tarkoitus"] + (f"\n\n{said}" if said else ""))
    found = findings(tmp_path, text)
    (finding,) = of(found, "JARJL12-TYOVOIMA")
    assert "14600" in finding["message"].replace(" ", "").replace("\u00a0", "")
    assert line_of(text, "| Kunta | Työvoima |") <= finding["line"] <= line_of(text, "| Vieremä | 800 |")
    assert not of(found, "JARJL12-TYOVOIMATIETO", "JARJL12-POIKKEUSLUPA")


def test_a_labour_force_below_the_threshold_with_a_permit(tmp_path):
    sections = dict((key, body) for key, _, body in coop_sections(YLA_SAVO))
    permit = ("Valtioneuvosto on päätöksellään 12.6.2024 (VN/1234/2024) myöntänyt poikkeuksen työvoimapohjaa "
              "koskevasta vaatimuksesta. Lupa perustuu voimaanpanolain 4 §:n 1 momentin 1 kohtaan alueen "
              "pitkien etäisyyksien vuoksi.")
    text = coop(YLA_SAVO, tarkoitus=sections["tarkoitus"] + f"\n\n{permit}")
    found = findings(tmp_path, text)
    assert not of(found, "JARJL12-TYOVOIMA", "JARJL12-TYOVOIMATIETO")
    (info,) = of(found, "JARJL12-POIKKEUSLUPA")
    assert info["severity"] == "info"
    assert info["line"] == line_of(text, "Valtioneuvosto on päätöksellään")
    assert "VN/1234/2024" in info["message"]


# ---- cost shares -------------------------------------------------------------------------------

def test_cost_shares_adding_up_to_101(tmp_path):
    rows = [row if row[1] != "Kuopio" else (*row[:4], "76,8") for row in KUOPION_ALUE["rows"]]
    text = coop({**KUOPION_ALUE, "rows": rows})
    (finding,) = of(findings(tmp_path, text), "KUSTANNUS-OSUUDET")
    assert "101" in finding["message"]
    assert line_of(text, "| Kunta | Osuus |") <= finding["line"] <= line_of(text, "| Tuusniemi | 1,2 % |")


# ---- KL 54 § 1 mom.: who performs the task ---------------------------------------------------------

def test_a_task_given_to_a_company(tmp_path):
    sentence = ("Järjestämislain 4 luvussa säädetyn työnhakijan palveluprosessin hoitaa Kuopion lukuun "
                "Siilinjärven kunnan kokonaan omistama Työllisyyspalvelut Savo Oy Siilinjärven kunnassa "
                "asuvien asiakkaiden osalta.")
    text = kl54(sisalto=f"{sentence}\n\nKuopiolla on oikeus ohjata ja valvoa tehtävän hoitoa.")
    found = of(findings(tmp_path, text), "KL54-TOINEN-KUNTA")
    assert found
    assert line_of(text, sentence) in {d["line"] for d in found}


@pytest.mark.parametrize("performer", ["Matti Meikäläinen", "työllisyysasiantuntija Matti Meikäläinen"],
                         ids=["nimi", "nimike-ja-nimi"])
def test_a_task_given_to_a_person_by_name(tmp_path, performer):
    """A person instead of an office is a finding; a person's name besides the office title is allowed.

    The guidance says the name is not needed (the title suffices), not that it
    is forbidden: KL54-VIRANHALTIJA must not forbid what the law allows.
    """
    sentence = (f"Järjestämislain 4 luvussa säädetyn työnhakijan palveluprosessin hoitaa Kuopion lukuun "
                f"{performer} Siilinjärven kunnasta Siilinjärven kunnassa asuvien asiakkaiden osalta.")
    text = kl54(sisalto=f"{sentence}\n\nKuopiolla on oikeus ohjata ja valvoa tehtävän hoitoa.")
    found = of(findings(tmp_path, text), "KL54-VIRANHALTIJA")
    if performer == "Matti Meikäläinen":
        assert found
        assert line_of(text, sentence) in {d["line"] for d in found}
        assert "Matti Meikäläinen" in found[0]["message"]
    else:
        assert not found, found


# ---- names -------------------------------------------------------------------------------------------

def test_official_names_in_a_cooperation_agreement_are_known(tmp_path, book):
    from tarkastus.prose import read_facts

    text = coop(TURUN_ALUE)
    found = findings(tmp_path, text)
    assert not of(found, "KUNTA-TUNTEMATON"), of(found, "KUNTA-TUNTEMATON")
    # not vacuous: the parties were read, by their canonical names
    parties = {p["kunta"] for p in read_facts(text, book).plain().get("osapuolet", [])}
    assert {"Parainen", "Uusikaupunki", "Nousiainen", "Turku"} <= parties


def test_official_names_in_a_kl54_agreement_are_known(tmp_path, book):
    from tarkastus.prose import read_facts

    text = kl54(SASTAMALA, PUNKALAIDUN)
    found = findings(tmp_path, text)
    assert not of(found, "KUNTA-TUNTEMATON"), of(found, "KUNTA-TUNTEMATON")
    parties = {(p["kunta"], p["rooli"]) for p in read_facts(text, book).plain().get("osapuolet", [])}
    assert parties == {("Sastamala", "vastuukunta"), ("Punkalaidun", "jäsenkunta")}


# ---- statute names -------------------------------------------------------------------------------------

LAWS = "Sopimukseen sovelletaan lisäksi seuraavia lakeja: kuntalaki 410/2015, järjestämislaki 380/2023 ja " \
       "kotoutumislaki 681/2023."


def test_statutes_cited_by_name_and_right_number_pass(tmp_path):
    found = findings(tmp_path, kl54(muut=LAWS))
    assert not of(found, "VIITE-LAKINUMERO", "VIITE-KUMOTTU")


def test_the_implementing_act_number_for_the_organising_act(tmp_path):
    sentence = "Sopimus perustuu siihen, mitä järjestämislaki (383/2023) 13 §:ssä säätää."
    text = kl54(muut=f"{LAWS} {sentence}".replace(LAWS + " ", LAWS + "\n\n"))
    (finding,) = of(findings(tmp_path, text), "VIITE-LAKINUMERO")
    assert finding["line"] == line_of(text, sentence)
    assert "380/2023" in finding["message"]


def test_the_integration_act_is_recognised_by_its_nominative_name(tmp_path):
    sentence = "Kotoutumislaki (380/2023) ei koske tämän sopimuksen tehtäviä."
    text = kl54(muut=f"{LAWS}\n\n{sentence}")
    (finding,) = of(findings(tmp_path, text), "VIITE-LAKINUMERO")
    assert finding["line"] == line_of(text, sentence)
    assert "681/2023" in finding["message"]


# ---- conflicts between the front matter and the text, and within the text ----------------------------

def _conflict(found, *codes_):
    hits = of(found, *codes_)
    assert hits, (codes_, codes(found))
    return hits


def test_validity_in_the_front_matter_and_the_text_differ(tmp_path):
    front = "---\ntarkastus: 1\ntyyppi: kl54\nvoimassaolo:\n  alkaa: 2025-01-01\n---\n\n"
    sentence = "Sopimus tulee voimaan 1.3.2025 ja on voimassa toistaiseksi."
    text = kl54(front=front, voimassaolo=f"{sentence} Kumpikin sopijapuoli voi irtisanoa sopimuksen "
                                         "kirjallisesti kuuden (6) kuukauden irtisanomisajalla.")
    hits = _conflict(findings(tmp_path, text), "RISTIRIITA-VOIMASSAOLO")
    assert any({5, line_of(text, sentence)} <= places(d) for d in hits), hits
    assert all(d.get("related") for d in hits)


def test_notice_period_in_the_front_matter_and_the_text_differ(tmp_path):
    front = "---\ntarkastus: 1\ntyyppi: kl54\nirtisanominen:\n  irtisanomisaika: 6 kk\n---\n\n"
    sentence = "Kumpikin sopijapuoli voi irtisanoa sopimuksen kirjallisesti 12 kuukauden irtisanomisajalla."
    text = kl54(front=front, voimassaolo=f"Sopimus tulee voimaan 1.1.2025 ja on voimassa toistaiseksi. {sentence}")
    hits = _conflict(findings(tmp_path, text), "RISTIRIITA-IRTISANOMISAIKA")
    assert any({5, line_of(text, sentence)} <= places(d) for d in hits), hits


def test_two_notice_periods_in_the_text(tmp_path):
    second = "Sopimuksen irtisanomisaika on kaksitoista (12) kuukautta."
    text = kl54(muut=f"Sopimus täydentää Kuopion työllisyysalueen yhteistoimintasopimusta.\n\n{second}")
    hits = _conflict(findings(tmp_path, text), "RISTIRIITA-IRTISANOMISAIKA")
    first = line_of(text, "kuuden (6) kuukauden irtisanomisajalla")
    assert any({first, line_of(text, second)} <= places(d) for d in hits), hits


def test_lead_municipality_in_the_front_matter_and_the_text_differ(tmp_path):
    front = "---\ntarkastus: 1\ntyyppi: yhteistoimintasopimus\nvastuukunta: Turku\n---\n\n"
    sentence = "Kaarinan kaupunki toimii vastuukuntana (jäljempänä vastuukunta)."
    sections = dict((key, body) for key, _, body in coop_sections(TURUN_ALUE))
    text = coop(TURUN_ALUE, front=front,
                osapuolet=sections["osapuolet"].replace("Turun kaupunki toimii vastuukuntana (jäljempänä "
                                                        "vastuukunta).", sentence),
                jarjestamisvastuu="Kuntalain 8 §:n 1 momentin mukainen järjestämisvastuu työvoimapalveluista "
                                  "on sopijakuntien puolesta vastuukunnalla, ja sitä käyttää yhteinen toimielin, "
                                  "Turun seudun työllisyyslautakunta.")
    assert sentence in text
    hits = _conflict(findings(tmp_path, text), "RISTIRIITA-OSAPUOLET", "RISTIRIITA-JARJESTAJA")
    assert any({4, line_of(text, sentence)} <= places(d) for d in hits), hits


def test_cost_shares_in_the_front_matter_and_the_table_differ(tmp_path):
    front = ("---\ntarkastus: 1\ntyyppi: yhteistoimintasopimus\nkustannukset:\n  osuudet:\n"
             "    - {kunta: Turku, osuus: 60}\n    - {kunta: Kaarina, osuus: 11}\n"
             "    - {kunta: Lieto, osuus: 12}\n    - {kunta: Uusikaupunki, osuus: 8}\n"
             "    - {kunta: Parainen, osuus: 6.5}\n    - {kunta: Nousiainen, osuus: 2.5}\n---\n\n")
    text = coop(TURUN_ALUE, front=front)
    found = findings(tmp_path, text)
    hits = _conflict(found, "RISTIRIITA-OSUUDET")
    table = range(line_of(text, "| Kunta | Osuus |"), line_of(text, "| Nousiainen | 2,5 % |") + 1)
    assert any(places(d) & set(range(5, 12)) and places(d) & set(table) for d in hits), hits
    assert not of(found, "KUSTANNUS-OSUUDET")  # both add up to 100: they only disagree
