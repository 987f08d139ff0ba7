"""The agreement document format, version 1, as pydantic models.

This module is the single declaration of the format: keys (Finnish, as
aliases), types, allowed values and their descriptions. Three things are
derived from it:

* the JSON Schema of the format (``tarkastus schema``),
* the *shape* that the fast loader validates against (``documents.shape``),
  which is also what rule files are checked against when they load,
* the differential tests, which assert that the loader and
  ``Model.model_validate`` accept and reject the same documents.

Importing pydantic costs about 0.1 s, more than the whole budget of a
pre-commit run, so the command-line path never imports this module once the
compiled shape is cached.

Every scalar is declared with ``scalar()``: the converter from ``values`` runs
as a ``BeforeValidator`` here and as a plain function in the loader.
"""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from .. import values

FORMAT_VERSION = 1


class ScalarKind:
    """Marker in a field's metadata: which converter defines the scalar."""

    def __init__(self, kind: str, convert, json_schema: dict) -> None:
        self.kind = kind
        self.convert = convert
        self.json_schema = json_schema


def scalar(kind: str, convert, json_schema: dict):
    # null is an empty value, as in the loader: "seuranta:" with nothing after it.
    return Annotated[
        Any,
        BeforeValidator(lambda value: None if value is None else convert(value)),
        WithJsonSchema(json_schema),
        ScalarKind(kind, convert, json_schema),
    ]


def enum(*allowed: str):
    return scalar("enum", values.enum_converter(allowed), {"type": "string", "enum": list(allowed)})


Text = scalar("text", values.to_text, {"type": "string"})
Int = scalar("int", values.to_int, {"type": "integer"})
Bool = scalar("bool", values.to_bool, {"type": "boolean"})
Date = scalar("date", values.to_date, {"type": "string", "format": "date",
                                       "description": "2025-01-01 tai 1.1.2025"})
EndDate = scalar("end_date", values.to_end_date, {
    "anyOf": [{"type": "string", "format": "date"}, {"const": "toistaiseksi"}],
    "description": "päivämäärä tai 'toistaiseksi'"})
Duration = scalar("duration", values.to_duration, {
    "type": "string", "pattern": r"^\s*\d+([.,]\d+)?\s*\S+", "examples": ["6 kk", "12 kuukautta", "1 vuosi"]})
Percent = scalar("percent", values.to_percent, {
    "anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^\s*-?\d+([.,]\d+)?(\s*%)?\s*$"}],
    "description": "prosenttiosuus, esimerkiksi 40 tai '40 %'"})
TextList = scalar("text_list", values.to_text_list, {
    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]})

from ..vocabulary import DOCUMENT_TYPES  # noqa: E402
ROLES = ("vastuukunta", "jäsenkunta", "kuntayhtymä", "toisen-alueen-vastuukunta", "itsenäinen")
TRANSFERABLE = ("toimivallan-käyttö", "tuottaminen", "järjestämisvastuu", "valvonta",
                "saatavuus", "tarve-määrä-laatu", "tuottamistapa")


def F(alias: str, description: str, **kw):
    return Field(default=None, alias=alias, description=description, **kw)


class Node(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")


# --- common parts -----------------------------------------------------------

class Party(Node):
    """Sopimuksen osapuoli."""

    municipality: Text = F("kunta", "Kunta tai kuntayhtymä (virallinen nimi)")
    role: enum(*ROLES) = F("rooli", "vastuukunta, jäsenkunta, kuntayhtymä, toisen-alueen-vastuukunta "
                                    "tai itsenäinen (kunta, joka järjestää palvelut yksin, JärjL 12 § 1 mom.)")


class Validity(Node):
    """Sopimuksen voimassaolo."""

    start: Date = F("alkaa", "Alkamispäivä")
    end: EndDate = F("päättyy", "Päättymispäivä tai 'toistaiseksi'")


class Termination(Node):
    """Irtisanominen."""

    notice_period: Duration = F("irtisanomisaika", "Irtisanomisaika, esimerkiksi '6 kk'")
    terms: Text = F("ehdot", "Irtisanomisen menettely tai muut ehdot")


class Disputes(Node):
    """Erimielisyyksien ratkaiseminen."""

    negotiation: Bool = F("neuvottelu", "Ratkaistaanko erimielisyydet ensin neuvottelemalla")
    forum: Text = F("ratkaisija", "Lopullinen ratkaisija: hallinto-oikeus (hallintoriita, KL 63 §), "
                                  "välimiesmenettely tai käräjäoikeus")


class Approval(Node):
    """Päätös, jolla sopimus hyväksyttiin."""

    municipality: Text = F("kunta", "Kunta")
    body: Text = F("toimielin", "Toimielin, esimerkiksi valtuusto")
    date: Date = F("päivämäärä", "Päätöksen päivämäärä")
    section: Text = F("pykälä", "Pöytäkirjan pykälä")


class Deviation(Node):
    """Tietoinen poikkeama säännöstä (perustelu on pakollinen)."""

    rule: Text = F("sääntö", "Säännön tunnus, esimerkiksi KL54-TYOPANOS")
    reason: Text = F("perustelu", "Miksi poiketaan")


class Share(Node):
    """Kunnan osuus prosentteina."""

    municipality: Text = F("kunta", "Kunta")
    share: Percent = F("osuus", "Osuus prosentteina")


class Costs(Node):
    """Kustannusten peruste ja jakautuminen."""

    basis: Text = F("peruste", "Kustannusten peruste")
    distribution: Text = F("jakautuminen", "Kustannusten jakautuminen osapuolten kesken")
    invoicing: Text = F("laskutus", "Laskutus")
    shares: list[Share] | None = F("osuudet", "Kuntien osuudet prosentteina (yhteensä 100)")


class Agreement(Node):
    """Kaikille asiakirjoille yhteiset avaimet."""

    format_version: Int = F("tarkastus", "Muodon versio (1)")
    doc_type: enum(*DOCUMENT_TYPES) = Field(alias="tyyppi", description="Asiakirjan tyyppi")
    title: Text = F("otsikko", "Otsikko")
    area: Text = F("työllisyysalue", "Työllisyysalue, johon asiakirja kuuluu")
    parties: list[Party] | None = F("osapuolet", "Sopijapuolet")
    validity: Validity | None = F("voimassaolo", "Voimassaolo")
    termination: Termination | None = F("irtisanominen", "Irtisanominen")
    disputes: Union[Disputes, Text, None] = F("erimielisyydet", "Erimielisyyksien ratkaiseminen")
    amendment: Text = F("muuttaminen", "Sopimuksen muuttaminen")
    data_protection: Text = F("tietosuoja", "Asiakastietojen käsittely ja tietosuoja")
    damages: Text = F("vahingonkorvaus", "Vastuu vahingoista")
    approvals: list[Approval] | None = F("hyväksytty", "Hyväksymispäätökset")
    deviations: list[Deviation] | None = F("poikkeukset", "Tietoiset poikkeamat säännöistä perusteluineen")


# --- tyyppi: kl54 -----------------------------------------------------------

class Task(Node):
    """Toisen kunnan viranhaltijalle annettava tehtävä."""

    task: Text = F("tehtävä", "Tehtävän kuvaus")
    legal_basis: TextList = F("lainkohta", "Säännös, josta tehtävä tulee (esim. 'JärjL 4 luku')")
    powers: TextList = F("toimivalta", "Päätökset ja toimivalta, jotka annetaan")
    official: Text = F("viranhaltija", "Viranhaltijan virkanimike (ei henkilön nimeä)")
    employer: Text = F("työnantaja", "Kunta tai kuntayhtymä, jonka palveluksessa viranhaltija on")
    area: TextList = F("alue", "Kunnat, joissa tehtävää hoidetaan")
    effective: Date = F("alkaen", "Päivä, josta alkaen tehtävä annetaan (oletus: sopimuksen alkamispäivä)")
    work_share: list[Share] | None = F("työpanos", "Viranhaltijan työpanoksen jako kunnittain")


class Monitoring(Node):
    """Tehtävän hoidon seuranta."""

    responsible: Text = F("vastuu", "Kuka seuraa ja valvoo tehtävän hoitoa")
    means: TextList = F("keinot", "Seurannan keinot (raportointi, arvioinnit, asiakastyytyväisyys …)")


class Staff(Node):
    """Henkilöstöä koskevat määräykset (54 §:n sopimuksella niistä ei sovita)."""

    employer: Text = F("työnantaja", "Toteamus: työnantajakunta päättää palvelussuhteen ehdoista, "
                                     "työnjohdosta ja henkilöstöpolitiikasta")
    terms_of_employment: Text = F("palvelussuhteen_ehdot", "Palvelussuhteen ehtoja koskevat määräykset")
    management: Text = F("työnjohto", "Työnjohto-oikeutta koskevat määräykset")
    staff_policy: Text = F("henkilöstöpolitiikka", "Henkilöstöpolitiikkaa koskevat määräykset")


class Kl54Agreement(Agreement):
    """Sopimus viranomaistehtävän hoitamisesta (KL 54 §, JärjL 13 § 2 mom.)."""

    organiser: Text = F("järjestämisvastuu", "Kenellä järjestämisvastuu säilyy")
    tasks: list[Task] | None = F("tehtävät", "Annettavat tehtävät")
    transfers: list[enum(*TRANSFERABLE)] | None = F(
        "siirretään", "Mitä sopimuksella annetaan: toimivallan-käyttö, tuottaminen, …")
    monitoring: Monitoring | None = F("seuranta", "Tehtävän hoidon seuranta")
    direction: Text = F("ohjaus", "Kenellä on oikeus ohjata ja valvoa viranhaltijaa")
    costs: Costs | None = F("kustannukset", "Kustannusten peruste ja jakautuminen")
    staff: Staff | None = F("henkilöstö", "Henkilöstöä koskevat määräykset")


# --- tyyppi: yhteistoimintasopimus ------------------------------------------

class MemberMunicipality(Node):
    municipality: Text = F("kunta", "Kunta")
    labour_force: Int = F("työvoima", "Työvoiman määrä (työlliset + työttömät, Tilastokeskus)")
    labour_force_year: Int = F("työvoima_vuosi", "Tilastovuosi")
    source: Text = F("lähde", "Lähde")


class Seat(Node):
    municipality: Text = F("kunta", "Kunta, joka valitsee jäsenet")
    seats: Int = F("paikat", "Paikkojen määrä")


class JointBody(Node):
    """Yhteinen toimielin."""

    name: Text = F("nimi", "Toimielimen nimi")
    members: list[Seat] | None = F("jäsenet", "Paikat kunnittain")
    chair: Text = F("puheenjohtaja", "Kunta, joka valitsee puheenjohtajan")


class TaskRef(Node):
    task: Text = F("tehtävä", "Tehtävä")
    legal_basis: TextList = F("lainkohta", "Säännös")


class Finance(Node):
    planning: Text = F("suunnittelu", "Jäsenkuntien osallistuminen suunnitteluun ja talousarvioon")
    monitoring: Text = F("seuranta", "Seuranta")
    reporting: Text = F("raportointi", "Raportointi jäsenkunnille")


class ExceptionPermit(Node):
    decision: Text = F("päätös", "Valtioneuvoston päätös (383/2023 4 §)")
    date: Date = F("päivämäärä", "Päätöksen päivämäärä")
    grounds: Text = F("peruste", "Poikkeamisen peruste (383/2023 4 § 1 mom. 1–5 k.)")


class Organ(Node):
    name: Text = F("nimi", "Toimielimen nimi")
    organ_type: enum("yhtymävaltuusto", "yhtymäkokous", "yhtymähallitus", "muu") = F(
        "tyyppi", "yhtymävaltuusto, yhtymäkokous, yhtymähallitus tai muu")


class JointAuthority(Node):
    """Kuntayhtymän perussopimuksen tiedot (KL 56 § 1 mom.)."""

    name: Text = F("nimi", "Kuntayhtymän nimi (sisältää sanan kuntayhtymä, ruotsiksi samkommun)")
    seat: Text = F("kotipaikka", "Kotipaikka")
    organs: list[Organ] | None = F("toimielimet", "Toimielimet")
    voting: Text = F("äänivalta", "Jäsenmäärä ja äänivallan perusteet (3 k.)")
    representation: Text = F("edustaminen", "Toimielin, joka valvoo etua ja edustaa (5 k.)")
    capital: Text = F("peruspääoma", "Osuudet peruspääomaan ja varoihin, vastuu veloista (6 k.)")
    audit: Text = F("tarkastus", "Hallinnon ja talouden tarkastus (7 k.)")
    leaving: Text = F("eroaminen", "Eroavan ja jatkavien jäsenkuntien asema (8 k.)")
    dissolution: Text = F("purkaminen", "Purkaminen ja loppuselvitys (9 k.)")
    deficit: Text = F("alijäämä", "Alijäämän kattamismenettely (10 k.)")
    monitoring: Text = F("seuranta", "Talouden ja toiminnan seuranta ja raportointi (11 k.)")


class CooperationAgreement(Agreement):
    """Yhteistoimintasopimus, jolla työllisyysalue muodostetaan (JärjL 13 §)."""

    model_kind: enum("vastuukunta", "kuntayhtymä") = F("malli", "vastuukunta (KL 51 §) tai kuntayhtymä (KL 55 §)")
    lead: Text = F("vastuukunta", "Vastuukunta")
    municipalities: list[MemberMunicipality] | None = F("kunnat", "Alueen kunnat ja niiden työvoima")
    joint_body: JointBody | None = F("toimielin", "Yhteinen toimielin")
    organiser: Text = F("järjestämisvastuu", "Kenellä järjestämisvastuu on")
    tasks: list[Union[TaskRef, Text]] | None = F("tehtävät", "Alueen tehtävät")
    costs: Costs | None = F("kustannukset", "Kustannusten peruste ja jakautuminen")
    finance: Finance | None = F("talous", "Talouden suunnittelu ja raportointi")
    exception_permit: ExceptionPermit | None = F("poikkeuslupa", "Valtioneuvoston poikkeuslupa (383/2023 4 §)")
    joint_authority: JointAuthority | None = F("kuntayhtymä", "Kuntayhtymän tiedot")


# --- tyyppi: järjestämissuunnitelma -----------------------------------------

class ServicePlan(Agreement):
    """Suunnitelma työvoimapalvelujen järjestämiseksi (JärjL 15 § 4 mom.)."""

    resources: TextList = F("resurssit", "Taloudelliset ja henkilöstövoimavarat ja niiden kohdentuminen (1 k.)")
    production: TextList = F("tuottaminen", "Palvelujen tuottamista ja kohdentamista koskevat ratkaisut (2 k.)")
    service_points: TextList = F("toimipisteet", "Toimipisteiden määrä ja sijoittuminen (3 k.)")
    cooperation: TextList = F("yhteistyö", "Yhteistyötahot ja -muodot (4 k.)")
    matching: TextList = F("kohtaanto", "Työperäinen maahanmuutto, kohtaanto ja liikkuvuus (5 k.)")
    structural_change: TextList = F("rakennemuutos", "Varautuminen rakennemuutostilanteisiin (6 k.)")


MODELS: dict[str, type[Agreement]] = {
    "kl54": Kl54Agreement,
    "yhteistoimintasopimus": CooperationAgreement,
    "järjestämissuunnitelma": ServicePlan,
}


def json_schema() -> dict:
    """The JSON Schema of the document format (front matter or YAML file), for editors."""
    from typing import Union

    from pydantic import TypeAdapter

    schema = TypeAdapter(Union[tuple(MODELS.values())]).json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "tarkastus: sopimusasiakirja (muoto 1)",
        "description": "Yhteistoimintasopimus, KL 54 §:n sopimus tai järjestämissuunnitelma "
                       "(YAML-tiedosto tai Markdown-tiedoston etusivu).",
        **schema,
    }
