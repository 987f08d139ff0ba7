"""Which language a document is written in: Finnish, Swedish, or both.

Agreements come in Finnish, in Swedish (the bilingual and Swedish-speaking
municipalities of Ostrobothnia, Uusimaa and the archipelago) and in both,
side by side in two columns or one after the other. ``detect`` says which
language a text is in, ``bilingual`` whether it holds both::

    >>> detect("Sopimus tulee voimaan, kun kaikki kunnat ovat hyväksyneet sen, ja on voimassa toistaiseksi.")
    'fi'
    >>> detect("Avtalet träder i kraft när alla kommuner har godkänt det och gäller tills vidare.")
    'sv'
    >>> detect("Sopimus") is None          # too little text to tell
    True

The design is the cheapest one that is right for these documents: count
how many of a text's words are among a few hundred of each language's
commonest words (function words, and the words every cooperation agreement
uses: "kunta", "sopimus" / "kommun", "avtal") and compare the counts. A
statistical model (character n-grams, as langdetect and fastText do) tells
a hundred languages apart on a tweet; here there are two, the texts are
pages long and the vocabulary is known, so two word sets and one pass over
the words are enough, with no data to load and no randomness. Words the
languages share ("se", "alla", "under", "per") are in neither set. English,
which an agreement's reader may also meet, is counted only to say None: its
"on" and "in" would otherwise count as Finnish and Swedish.

Swedish says with separate words what Finnish says with endings, so a page
of Swedish holds more known words: about 60 in 1000 characters, against
about 33 in Finnish (the prose samples, and the texts of
tests/test_language.py). When the languages are compared a Finnish word
therefore weighs 5 to a Swedish word's 3 (``_WEIGHT``), so that "more"
means more of the text.

Time is linear and bounded: ``detect`` reads the first ``DETECT_CHARS``
characters (a document's beginning tells its language; a bilingual one is
judged by ``bilingual``), ``bilingual`` at most ``BILINGUAL_CHARS`` taken in
evenly spaced slices over the whole text, so that a Swedish translation after
a long Finnish text is seen.

Public API: ``detect``, ``bilingual``, ``counts`` and the constants below.
The command line does not use it yet (``--kieli auto`` will).
"""

from __future__ import annotations

import re

__all__ = ["BILINGUAL_CHARS", "BILINGUAL_SHARE", "DETECT_CHARS", "LANGUAGES", "MIN_WORDS", "bilingual", "counts",
           "detect"]

from .vocabulary import READ_LANGUAGES as LANGUAGES  # noqa: E402
DETECT_CHARS = 64 * 1024  # characters of the beginning that detect reads
BILINGUAL_CHARS = 256 * 1024  # characters bilingual reads, in slices over the whole text
_SLICES = 16  # how many slices, when the text is longer than BILINGUAL_CHARS
MIN_WORDS = 5  # known words a language needs before a text counts as in it
BILINGUAL_SHARE = 0.2  # the smaller language's share of the known words in a bilingual text

_WORD = re.compile(r"[^\W\d_]+")
# What a known word weighs when the two languages are compared (see the module docstring).
_WEIGHT = {"fi": 5, "sv": 3}

# Finnish: the commonest function words, and the words (in their commonest
# forms) that every cooperation agreement uses. Agglutination makes Finnish
# function words fewer than Swedish ones, so agreement words weigh more here.
_FINNISH = frozenset("""
ja on ovat oli olivat olla ole ei eivät emme tai sekä että jos kun kuin mutta myös vain jo niin sitten
sillä koska vaikka jotta eli joka jonka jota jossa josta johon jolla jolle jolta joiden joita jotka joissa
joista joihin joilla joille mikä mitä missä mistä mihin miten miksi tämä tämän tätä tässä tästä tähän
tällä tälle tältä nämä näiden näitä näissä näistä näihin näillä sen sitä siinä siitä siihen sille siltä
niiden niitä niissä niistä niihin niillä hän heidän kanssa mukaan mukaisesti mukainen mukaiset mukaisen
mukaisia osalta välillä välinen välisen kesken lisäksi kuten noin yli ennen jälkeen aikana asti saakka
kautta vuoksi takia perusteella nojalla lukuun kaikki kaikkien kaikille muut muiden muille muu muun oma
omat oman omien eri sama saman samoin tulee tulevat voi voidaan voivat pitää on ollut olevat oleva olevan
ollaan kuuluu kuuluvat kuuluvien koskee koskevat koskevan koskevia sovitaan sovittu sovitun sovittava
sopimus sopimuksen sopimuksessa sopimukseen sopimusta sopimuksella sopimuksesta sopimukset sopijapuolet
sopijapuolten sopijapuolia kunta kunnan kunnat kuntien kunnassa kunnalle kunnalla kunnilla kunnille
kunnista kuntaa kaupunki kaupungin kaupungit kaupunkien kaupungissa kaupungille kaupunginhallitus
kunnanhallitus valtuusto tehtävä tehtävän tehtävät tehtävien tehtäviä tehtävistä tehtäviin hoitaa hoitavat
hoitamisesta hoidon hoidettavaksi kustannukset kustannusten kustannuksista laki lain lakia lakiin lailla
kuntalain kuntalaki järjestämislain voimassa voimaan irtisanominen irtisanomisaika irtisanoa vuoden vuodessa
vuosittain päivä päivää kuukauden kuukautta viranhaltija viranhaltijat viranhaltijoiden viranhaltijan
työllisyysalueen työllisyysalue työvoimapalveluiden työvoimapalvelujen työvoimaviranomainen yhteinen
yhteisen yhteistoimintasopimus yhteistoimintasopimuksen toimielin toimielimen vastuukunta vastuukunnan
jäsenkunta jäsenkunnat jäsenkuntien järjestämisvastuu seuranta seurannan valvonta erimielisyydet
erimielisyys ratkaistaan päättää päätös päätöksen asiakas asiakkaiden palvelut palveluiden palvelujen
tarkoitettu tarkoitetun säädetty säädetään momentin kohdan kohdassa pykälän luvun liite liitteenä osapuolet
vastaa vastaavat vastaavasti huolehtii toimii toimivat sekä siten tarvittaessa erikseen muutoin
""".split())

# Swedish: function words and the agreement words in their commonest forms.
_SWEDISH = frozenset("""
och att som för av med den det de en ett i på till från om är var vara varit blir blev bli har hade ha
inte eller men samt även också så när där då vid hos över efter före mellan genom enligt utan inom mot
kan ska skall skulle får fick måste bör kommer denna detta dessa deras dess sin sitt sina vilka vilken
vilket vars andra annan annat varje båda både mer än hur vad ingen inga något några samma egen egna ny nya
ut upp här sådan sådana dock därtill därför därmed härmed vilket jag vi ni han hon man sig oss dem
kommun kommunen kommunens kommuner kommunerna kommunernas stad staden stadens städer avtal avtalet avtalets
avtalen avtalas avtalsparterna avtalsparter parterna parternas part parten uppgift uppgiften uppgifter
uppgifterna uppgifternas kostnader kostnaderna kostnadernas kostnad tjänsteinnehavare tjänsteinnehavaren
tjänsteinnehavarna tjänsteinnehavarnas sysselsättningsområdet sysselsättningsområde sysselsättningsområdets
arbetskraftsservice arbetskraftsservicen arbetskraftsmyndigheten arbetskraftsmyndighet lag lagen lagens
kommunallagen kommunallag organiseringslagen gäller träder kraft giltigt giltighet uppsägning
uppsägningstid säga månader månaders år året årligen gemensamma gemensamt gemensam organ organet
ansvarskommun ansvarskommunen ansvarskommunens medlemskommun medlemskommuner medlemskommunerna
organiseringsansvar organiseringsansvaret uppföljning uppföljningen tillsyn tillsynen tvister tvist
förvaltningsdomstolen förvaltningstvist beslut beslutet beslutar besluta kunder kundernas tjänster
tjänsterna avses avsedda föreskrivs föreskrivet moment momentet punkt punkten paragraf kapitel bilaga
bilagan sköter sköta ansvarar ansvara svarar fördelas fördelning enlighet grund grunden
""".split())

# English: only so that an English text is none of the two ("on", "in", "he" …).
_ENGLISH = frozenset("""
the and of to in is that for it with as was on be by this are or from at an which not have has shall
will may any such their its these those between other each must should been were would can agreement
municipality municipalities party parties costs services
""".split())


def counts(text: str, limit: int = DETECT_CHARS) -> dict[str, int]:
    """How many words of each language's word set the first ``limit`` characters of ``text`` hold.

    ``{"fi": …, "sv": …, "en": …}``; "en" is only the guard against English.
    """
    if not isinstance(text, str):
        return {"fi": 0, "sv": 0, "en": 0}
    return _count(_WORD.findall(text[:max(0, limit)].lower()))


def detect_and_bilingual(text: str) -> tuple[str | None, bool]:
    """``(detect(text), bilingual(text))``, the words counted once when both read the same characters."""
    if not isinstance(text, str):
        return None, False
    if len(text) > min(DETECT_CHARS, BILINGUAL_CHARS):
        return detect(text), bilingual(text)
    found = counts(text)
    return _detected(found), _bilingual(found)


def detect(text: str) -> str | None:
    """The language of ``text``: "fi", "sv", or None.

    None when the first ``DETECT_CHARS`` characters hold fewer than
    ``MIN_WORDS`` known words of either language (a title, a name, numbers),
    when they are in neither (English counts more), or when the two weigh
    the same. A bilingual text is in the language most of its beginning is
    in; ``bilingual`` tells whether it holds the other too.
    """
    return _detected(counts(text))


def _detected(found: dict[str, int]) -> str | None:
    fi, sv = found["fi"], found["sv"]
    if max(fi, sv) < MIN_WORDS or found["en"] > max(fi, sv):
        return None
    weighed_fi, weighed_sv = fi * _WEIGHT["fi"], sv * _WEIGHT["sv"]
    if weighed_fi == weighed_sv:
        return None
    return "fi" if weighed_fi > weighed_sv else "sv"


def bilingual(text: str) -> bool:
    """Whether ``text`` holds both Finnish and Swedish: side by side or one after the other.

    Both languages must have ``MIN_WORDS`` known words, and the smaller at
    least ``BILINGUAL_SHARE`` of the two together (weighed), in at most
    ``BILINGUAL_CHARS`` characters read in evenly spaced slices over the
    whole text. A Finnish agreement that quotes a Swedish name or sentence
    is not bilingual.
    """
    if not isinstance(text, str):
        return False
    return _bilingual(_count(_WORD.findall(_sample(text).lower())))


def _bilingual(found: dict[str, int]) -> bool:
    fi, sv = found["fi"], found["sv"]
    weighed_fi, weighed_sv = fi * _WEIGHT["fi"], sv * _WEIGHT["sv"]
    return min(fi, sv) >= MIN_WORDS and min(weighed_fi, weighed_sv) >= BILINGUAL_SHARE * (weighed_fi + weighed_sv)


def _count(words: list[str]) -> dict[str, int]:
    # sum(map(set.__contains__, …)) counts in C: three passes, each faster than one loop in Python.
    return {"fi": sum(map(_FINNISH.__contains__, words)), "sv": sum(map(_SWEDISH.__contains__, words)),
            "en": sum(map(_ENGLISH.__contains__, words))}


def _sample(text: str) -> str:
    """``text`` if it is short; else ``_SLICES`` evenly spaced slices of it, ``BILINGUAL_CHARS`` in all."""
    if len(text) <= BILINGUAL_CHARS:
        return text
    size = BILINGUAL_CHARS // _SLICES
    step = (len(text) - size) // (_SLICES - 1)
    # Slices joined by a space, so that no word is made of two slices' ends.
    return " ".join(text[i * step:i * step + size] for i in range(_SLICES))
