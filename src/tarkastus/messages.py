"""Every word tarkastus says itself, in Finnish, Swedish and English: one catalogue of templates.

An input error (TARK-LUKU …), a note, a report's own words, a locator's
words: each is a key of ``CATALOGUE`` with a template per language, whose
``{name}`` placeholders are filled from values (``{{`` is a brace). Rule
messages are not here: a rule file carries its own in each language.

Where a diagnostic is made, its message is a ``Message`` (key and values),
rendered in Finnish for ``Diagnostic.message`` and kept in
``Diagnostic.text`` (the fix in ``fix_text``), so that it can be rendered
again in the report's language when the report is made
(``Diagnostic.in_language``). That is what lets a message made before the
language is known — by the loader, in the compiled rule pack, in the result
cache, for a path that does not exist — be shown in the language of the
document it concerns (``--kieli auto``) or of the report. A value may itself
be a ``Message`` (a reason inside "Invalid configuration file: {reason}"),
rendered in the same language (``{kind:lower}``: with its first letter in
lower case, for the middle of a sentence), or a tuple of values (a list,
said joined with commas); other values (file names, numbers, an
operating system's error text) are shown as they are.

A key missing from the catalogue (a stored result of another version) keeps
the Finnish text it was stored with. Only the standard library is imported:
every command starts by reading these.
"""

from __future__ import annotations

from .record import Record

from .vocabulary import DEFAULT_LANGUAGE as DEFAULT, LANGUAGES  # noqa: E402


class Message(Record, frozen=True):
    """A catalogue key and the values of its placeholders, rendered in any language."""

    key: str
    values: tuple = ()  # ((name, value), …): value is str, int, Message or a tuple of them (a list)

    def render(self, lang: str = DEFAULT) -> str:
        entry = CATALOGUE.get(self.key)
        if entry is None:
            raise KeyError(f"no message {self.key!r} in the catalogue")
        template = entry[_INDEX.get(lang, 0)]
        if not self.values:
            return template.format() if "{" in template else template
        return template.format_map({name: _value(value, lang) for name, value in self.values})

    def __str__(self) -> str:
        return self.render(DEFAULT)


class _Said(str):
    """A message rendered inside another: ``{kind:lower}`` puts it in the middle of a sentence."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        if spec == "lower":
            return self[:1].lower() + self[1:]
        return format(str(self), spec)


def _value(value, lang: str):
    if isinstance(value, Message):
        return _Said(value.render(lang))
    if isinstance(value, tuple):  # a list of values: said one by one, joined with commas
        return ", ".join(str(_value(item, lang)) for item in value)
    return value


def say(key: str, /, **values) -> Message:
    """The message ``key`` with ``values`` for its placeholders (checked against the catalogue when tested)."""
    return Message(key, tuple(values.items()))


def text(key: str, lang: str = DEFAULT, /, **values) -> str:
    """The message ``key`` rendered in ``lang`` right away."""
    return Message(key, tuple(values.items())).render(lang)


def template(key: str, lang: str = DEFAULT) -> str:
    """The template of ``key`` in ``lang``, placeholders unfilled."""
    return CATALOGUE[key][_INDEX.get(lang, 0)]


def known(lang: str | None) -> str:
    """``lang`` if it is one of ``LANGUAGES``, else the default (a report's words need a language)."""
    return lang if lang in _INDEX else DEFAULT


_INDEX = {lang: i for i, lang in enumerate(LANGUAGES)}


# (fi, sv, en) for every key. Keys are grouped by where the words are used.
CATALOGUE: dict[str, tuple[str, str, str]] = {
    # ---- severities, one word each in every report, the audit page and explain ----------------------
    "severity.error": ("virhe", "fel", "error"),
    "severity.warning": ("varoitus", "varning", "warning"),
    "severity.info": ("huomio", "anmärkning", "note"),
    "count.error.one": ("{n} virhe", "{n} fel", "{n} error"),
    "count.error.many": ("{n} virhettä", "{n} fel", "{n} errors"),
    "count.warning.one": ("{n} varoitus", "{n} varning", "{n} warning"),
    "count.warning.many": ("{n} varoitusta", "{n} varningar", "{n} warnings"),
    "count.info.one": ("{n} huomio", "{n} anmärkning", "{n} note"),
    "count.info.many": ("{n} huomiota", "{n} anmärkningar", "{n} notes"),
    "count.file.one": ("{n} tiedosto", "{n} fil", "{n} file"),
    "count.file.many": ("{n} tiedostoa", "{n} filer", "{n} files"),

    "count.example.one": ("{n} esimerkki", "{n} exempel", "{n} example"),
    "count.example.many": ("{n} esimerkkiä", "{n} exempel", "{n} examples"),
    # ---- the text report ------------------------------------------------------------------------------
    "report.basis": ("peruste", "grund", "basis"),
    "fix.replace_deferral": ("Korvaa '{text}' ({where}) määräyksellä.", "Ersätt '{text}' ({where}) med en bestämmelse.",
                             "Replace '{text}' ({where}) with the provision."),
    "fix.on_line": ("rivi {line}", "rad {line}", "line {line}"),
    "fix.sidecar": ("Word-, OpenDocument- ja PDF-tiedostossa ei ole etusivua: sen tiedot kirjoitetaan viereiseen tiedostoon {sidecar}.",
                    "En Word-, OpenDocument- eller PDF-fil har ingen front matter: uppgifterna skrivs i filen {sidecar} bredvid den.",
                    "A Word, OpenDocument or PDF file has no front matter: its facts go in the file {sidecar} beside it."),
    "report.fix": ("korjaus", "åtgärd", "fix"),
    # ---- fixes a finding carries (fixes.py) and what check --fix / --diff / --watch say -----------------
    "fix.municipality": ("Korjaa '{written}' → '{name}'", "Rätta '{written}' → '{name}'",
                         "Correct '{written}' → '{name}'"),
    "fix.statute_number": ("Korjaa säädöksen numero {written} → {number}",
                           "Rätta författningens nummer {written} → {number}",
                           "Correct the statute's number {written} → {number}"),
    "fix.date": ("Kirjoita päivämäärä '{written}' muodossa '{date}'", "Skriv datumet '{written}' som '{date}'",
                 "Write the date '{written}' as '{date}'"),
    "fix.dates": ("Kirjoita päivämäärät oikein: {dates}", "Skriv datumen rätt: {dates}",
                  "Write the dates correctly: {dates}"),
    "fix.date_pair": ("'{written}' → '{date}'", "'{written}' → '{date}'", "'{written}' → '{date}'"),
    "fix.key": ("Korjaa avain '{written}' → '{key}'", "Rätta nyckeln '{written}' → '{key}'",
                "Correct the key '{written}' → '{key}'"),
    "fix.section": ("Lisää otsikko '{heading}' ja sen alle paikka määräykselle",
                    "Lägg till rubriken '{heading}' och under den en plats för bestämmelsen",
                    "Insert the heading '{heading}' with a place for the provision under it"),
    "fix.applied": ("{path}: {fixes}; alkuperäinen tallennettiin nimellä {backup}.",
                    "{path}: {fixes}; originalet sparades som {backup}.",
                    "{path}: {fixes}; the original was kept as {backup}."),
    "fix.would_apply": ("{path}: {fixes} tehtävissä.", "{path}: {fixes} kan göras.", "{path}: {fixes} can be made."),
    "count.fix.one": ("{n} korjaus", "{n} rättelse", "{n} fix"),
    "count.fix.many": ("{n} korjausta", "{n} rättelser", "{n} fixes"),
    "fix.unsafe_hidden": ("{fixes} lisää ei tehty, koska ne lisäävät tekstiä, joka on vielä kirjoitettava (esimerkiksi "
                          "puuttuvan kohdan otsikko): ne tehdään valinnalla --unsafe-fixes.",
                          "{fixes} till gjordes inte, eftersom de lägger till text som ännu ska skrivas (till "
                          "exempel rubriken för ett avsnitt som saknas): de görs med --unsafe-fixes.",
                          "{fixes} more were not made, as they add text still to be written (such as the heading "
                          "of a missing section): --unsafe-fixes makes them."),
    "fix.not_text": ("Word-, OpenDocument- ja PDF-tiedostoja ei korjata: korjaukset tehdään vain .md- ja "
                     ".yaml-tiedostoihin.",
                     "Word-, OpenDocument- och PDF-filer rättas inte: rättelser görs bara i .md- och .yaml-filer.",
                     "Word, OpenDocument and PDF files are not fixed: fixes are made to .md and .yaml files only."),
    "fix.changed": ("{path} muuttui tarkastuksen aikana, joten sitä ei korjattu.",
                    "{path} ändrades under granskningen och rättades därför inte.",
                    "{path} changed while it was checked, so it was not fixed."),
    "watch.start": ("[{time}] Tarkastus seuraa muutoksia (Ctrl-C lopettaa).",
                    "[{time}] Granskningen följer ändringar (Ctrl-C avslutar).",
                    "[{time}] Watching for changes (Ctrl-C stops)."),
    "watch.changed": ("[{time}] Muuttui: {paths}. Tarkastetaan uudelleen.",
                      "[{time}] Ändrat: {paths}. Granskar på nytt.",
                      "[{time}] Changed: {paths}. Checking again."),
    "watch.missing": ("--watch tarvitsee paketin watchfiles: pip install watchfiles (tai tarkastus[watch]).",
                      "--watch behöver paketet watchfiles: pip install watchfiles (eller tarkastus[watch]).",
                      "--watch needs the package watchfiles: pip install watchfiles (or tarkastus[watch])."),
    "help.fix": ("Tee turvalliset korjaukset tiedostoihin (.md, .yaml): alkuperäinen tallennetaan nimellä NIMI.bak; "
                 "raportti kertoo, mitä jäi.",
                 "Gör de säkra rättelserna i filerna (.md, .yaml): originalet sparas som NAMN.bak; rapporten "
                 "visar vad som återstår.",
                 "Make the safe fixes in the files (.md, .yaml): the original is kept as NAME.bak; the report "
                 "shows what is left."),
    "help.diff": ("Näytä korjaukset yhtenäisenä erotteluna (unified diff) muuttamatta mitään; poistumiskoodi 1, "
                  "jos korjattavaa on.",
                  "Visa rättelserna som en enhetlig diff utan att ändra något; slutkod 1 om det finns något att "
                  "rätta.",
                  "Print the fixes as a unified diff and change nothing; exit code 1 if there is something to fix."),
    "help.unsafe_fixes": ("Tee (--fix) tai näytä (--diff) myös korjaukset, jotka lisäävät vielä kirjoitettavaa "
                          "tekstiä, kuten puuttuvan kohdan otsikon.",
                          "Gör (--fix) eller visa (--diff) också rättelser som lägger till text som ännu ska "
                          "skrivas, till exempel rubriken för ett avsnitt som saknas.",
                          "Also make (--fix) or show (--diff) the fixes that add text still to be written, such as "
                          "the heading of a missing section."),
    "help.watch": ("Tarkasta uudelleen aina, kun jokin polkujen tiedosto muuttuu (Ctrl-C lopettaa).",
                   "Granska på nytt varje gång en fil under sökvägarna ändras (Ctrl-C avslutar).",
                   "Check again whenever a file under the paths changes (Ctrl-C stops)."),
    "cli.fix_with": ("Valintaa {option} ei voi käyttää valintojen --fix tai --diff kanssa.",
                     "Flaggan {option} kan inte användas med --fix eller --diff.",
                     "{option} cannot be used with --fix or --diff."),
    "report.see": ("katso myös", "se även", "see also"),
    "report.suppressed": ("ohitettu", "undantag", "suppressed"),
    "report.found": ("Löytyi {errors}, {warnings} ja {infos}", "Hittade {errors}, {warnings} och {infos}",
                     "Found {errors}, {warnings} and {infos}"),
    "report.none": ("Ei havaintoja", "Inga fynd", "No findings"),
    "report.checked": ("{files} tarkastettu; {date} voimassa olevan lain mukaan", "{files} granskade; lagen per {date}",
                       "{files} checked; law as of {date}"),
    "report.checked_one": ("{files} tarkastettu; {date} voimassa olevan lain mukaan", "{files} granskad; lagen per {date}",
                           "{files} checked; law as of {date}"),
    "report.hidden": ("{n} ohitettu poikkeuksena", "{n} undantagna med motivering", "{n} suppressed as deviations"),
    "report.skipped": ("{n} ohitettu (TARK-OHITETTU)", "{n} överhoppade (TARK-OHITETTU)", "{n} skipped (TARK-OHITETTU)"),
    "report.statistics": ("Havainnot säännöittäin", "Fynd per regel", "Findings per rule"),
    "report.progress": ("Tarkastetaan", "Granskar", "Checking"),
    "report.error": ("Virhe: {message}", "Fel: {message}", "Error: {message}"),

    # ---- where a place in a Word, OpenDocument or PDF file is (documents.converted) ------------------
    "locator.section": ("kohta {n}", "punkt {n}", "section {n}"),
    "locator.title": ("otsikko", "rubrik", "title"),
    "locator.heading": ("otsikko {title}", "rubrik {title}", "heading {title}"),
    "locator.start": ("alku", "början", "beginning"),
    "locator.paragraph": ("{n}. kappale", "{n} st.", "paragraph {n}"),
    "locator.row": ("taulukon {n}. rivi", "tabellrad {n}", "table row {n}"),
    "locator.header": ("ylätunniste", "sidhuvud", "page header"),
    "locator.page": ("sivu {n}", "sida {n}", "page {n}"),
    "locator.line": ("rivi {n}", "rad {n}", "line {n}"),

    # ---- what a path that is not a regular file is (files.py), to start a sentence --------------------
    "kind.directory": ("Hakemisto", "En katalog", "A directory"),
    "kind.fifo": ("Nimetty putki (FIFO)", "En namngiven pipe (FIFO)", "A named pipe (FIFO)"),
    "kind.socket": ("Pistoke (socket)", "En socket", "A socket"),
    "kind.device": ("Laitetiedosto", "En enhetsfil", "A device file"),
    "kind.special": ("Erikoistiedosto", "En specialfil", "A special file"),
    "kind.file": ("Tiedosto", "Filen", "The file"),

    # ---- hints shared by several messages ------------------------------------------------------------
    "hint.did_you_mean": (" Tarkoititko {name}?", " Menade du {name}?", " Did you mean {name}?"),
    "hint.did_you_mean_quoted": (" Tarkoititko '{name}'?", " Menade du '{name}'?", " Did you mean '{name}'?"),
    "hint.see_rules": (" Katso tarkastus rules.", " Se tarkastus rules.", " See tarkastus rules."),

    # ---- collecting the files (engine.collect) ---------------------------------------------------------
    "path.missing": ("Tiedostoa tai hakemistoa ei ole.", "Filen eller katalogen finns inte.",
                     "No such file or directory."),
    "path.check.fix": ("Tarkista polku.", "Kontrollera sökvägen.", "Check the path."),
    "path.dangling": ("Linkki osoittaa tiedostoon, jota ei ole.", "Länken pekar på en fil som inte finns.",
                      "The link points to a file that does not exist."),
    "path.dangling.fix": ("Korjaa linkki tai anna tiedoston oma polku.",
                          "Rätta länken eller ange filens egen sökväg.",
                          "Fix the link or give the file's own path."),
    "path.nul": ("Polussa on NUL-merkki.", "Sökvägen innehåller ett NUL-tecken.", "The path contains a NUL character."),
    "path.unreadable": ("Tiedostoa ei voi lukea: {reason}.", "Filen kan inte läsas: {reason}.",
                        "The file cannot be read: {reason}."),
    "path.unreadable.fix": ("Tarkista tiedoston ja sen hakemistojen oikeudet.",
                            "Kontrollera behörigheterna för filen och dess kataloger.",
                            "Check the permissions of the file and of its directories."),
    "path.not_regular": ("{kind} ei ole tavallinen tiedosto, joten sitä ei luettu.",
                         "{kind} är inte en vanlig fil, så den lästes inte.",
                         "{kind} is not a regular file, so it was not read."),
    "path.agreement.fix": ("Anna tarkastettavaksi sopimustiedosto (Markdown tai YAML).",
                           "Ange en avtalsfil att granska (Markdown eller YAML).",
                           "Give an agreement file to check (Markdown or YAML)."),
    "path.document.fix": ("Anna tarkastettavaksi sopimustiedosto.", "Ange en avtalsfil att granska.",
                          "Give an agreement file to check."),
    "dir.unreadable": ("Hakemistoa ei voi lukea: {reason}.", "Katalogen kan inte läsas: {reason}.",
                       "The directory cannot be read: {reason}."),
    "dir.unreadable.fix": ("Tarkista hakemiston oikeudet; muut tiedostot tarkastettiin.",
                           "Kontrollera katalogens behörigheter; de övriga filerna granskades.",
                           "Check the directory's permissions; the other files were checked."),
    "skip.link": ("Linkki ei osoita luettavaan tiedostoon, joten sitä ei tarkastettu.",
                  "Länken pekar inte på en läsbar fil, så den granskades inte.",
                  "The link does not point to a readable file, so it was not checked."),
    "skip.link.fix": ("Korjaa tai poista linkki.", "Rätta eller ta bort länken.", "Fix or remove the link."),
    "skip.special": ("{kind} sopimuksen nimellä ei ole tavallinen tiedosto, joten sitä ei avattu eikä tarkastettu.",
                     "{kind} med ett avtals namn är inte en vanlig fil, så den öppnades inte och granskades inte.",
                     "{kind} with an agreement's name is not a regular file, so it was neither opened nor checked."),
    "skip.special.fix": ("Tallenna sopimus tavallisena tiedostona tai nimeä tiedosto toisin.",
                         "Spara avtalet som en vanlig fil eller ge filen ett annat namn.",
                         "Save the agreement as a regular file or give the file another name."),
    "skip.late_front": ("YAML-etusivu ei ala tiedoston ensimmäiseltä riviltä, joten tiedostoa ei tarkastettu.",
                        "YAML-framsidan (front matter) börjar inte på filens första rad, så filen granskades inte.",
                        "The YAML front matter does not start on the file's first line, so the file was not "
                        "checked."),
    "skip.late_front.fix": ("Poista tyhjät rivit ennen ensimmäistä '---'-riviä.",
                            "Ta bort de tomma raderna före den första '---'-raden.",
                            "Remove the blank lines before the first '---' line."),
    "skip.no_fences": ("Tiedostossa on tyyppi-avain mutta ei YAML-etusivua, joten sitä ei tarkastettu.",
                       "Filen har en tyyppi-nyckel men ingen YAML-framsida, så den granskades inte.",
                       "The file has a tyyppi key but no YAML front matter, so it was not checked."),
    "skip.no_fences.fix": ("Aloita tiedosto rivillä '---' ja päätä etusivu rivillä '---'.",
                           "Börja filen med raden '---' och avsluta framsidan med raden '---'.",
                           "Start the file with a '---' line and end the front matter with a '---' line."),
    "skip.version_only": ("Tiedostossa on muodon versio (tarkastus-avain) mutta ei tyyppi-avainta, joten sitä ei "
                          "tarkastettu.",
                          "Filen har en formatversion (tarkastus-nyckel) men ingen tyyppi-nyckel, så den granskades "
                          "inte.",
                          "The file has a format version (tarkastus key) but no tyyppi key, so it was not checked."),
    "skip.version_only.fix": ("Jos tiedosto on sopimus, lisää etusivulle tyyppi: kl54, yhteistoimintasopimus tai "
                              "järjestämissuunnitelma.",
                              "Om filen är ett avtal, lägg till tyyppi: kl54, yhteistoimintasopimus eller "
                              "järjestämissuunnitelma på framsidan.",
                              "If the file is an agreement, add tyyppi: kl54, yhteistoimintasopimus or "
                              "järjestämissuunnitelma to the front matter."),

    # ---- a document read but not checked (engine.untyped, draft_notes) ---------------------------------
    "untyped.prose": ("Tiedosto näyttää sopimukselta, mutta sen tekstistä ei käy ilmi, onko se "
                      "yhteistoimintasopimus, KL 54 §:n sopimus vai järjestämissuunnitelma, joten sitä ei "
                      "tarkastettu.",
                      "Filen ser ut som ett avtal, men av texten framgår inte om den är ett samarbetsavtal, ett "
                      "avtal enligt 54 § KomL eller en plan för ordnandet av tjänsterna, så den granskades inte.",
                      "The file looks like an agreement, but its text does not say whether it is a cooperation "
                      "agreement, a KL 54 § agreement or a service plan, so it was not checked."),
    "untyped.fix": ("Kirjoita sopimukseen lause, joka kertoo sen lainkohdan ('Tämä sopimus on kuntalain 54 §:n "
                    "mukainen sopimus …', '… kuntalain 51 ja 52 §:n mukainen sopimus …'), tai lisää alkuun etusivu "
                    "'---', 'tyyppi: kl54' ja '---'.",
                    "Skriv i avtalet en mening som anger dess lagrum (till exempel 'Tämä sopimus on kuntalain "
                    "54 §:n mukainen sopimus …'), eller lägg i början till en framsida '---', 'tyyppi: kl54' och "
                    "'---'.",
                    "Write a sentence into the agreement that names its section of law (for example 'Tämä "
                    "sopimus on kuntalain 54 §:n mukainen sopimus …'), or add a front matter '---', "
                    "'tyyppi: kl54' and '---' at the start."),
    "untyped.no_agreement": ("Tiedostossa ei ole sopimusta (sen tekstissä ei ole sopimuksen otsikkoa eikä lausetta, "
                             "joka kertoo sopimuksen lainkohdan), joten sitä ei tarkastettu.",
                             "Filen innehåller inget avtal (texten har varken ett avtals rubrik eller en mening som "
                             "anger avtalets lagrum), så den granskades inte.",
                             "The file holds no agreement (its text has neither an agreement's title nor a sentence "
                             "naming the agreement's section of law), so it was not checked."),
    "untyped.no_agreement.fix": ("Jos tiedosto on pöytäkirja, jonka liitteenä sopimus on, tarkasta, että liite on "
                                 "mukana tekstinä (ei kuvana). {more}",
                                 "Om filen är ett protokoll med avtalet som bilaga, kontrollera att bilagan finns "
                                 "med som text (inte som bild). {more}",
                                 "If the file is minutes with the agreement as an appendix, check that the appendix "
                                 "is there as text (not as an image). {more}"),
    "untyped.no_front": ("Tiedostossa ei ole YAML-etusivua, eikä sen tekstistä käy ilmi, mikä asiakirja se on.",
                         "Filen har ingen YAML-framsida, och av texten framgår inte vilket dokument den är.",
                         "The file has no YAML front matter, and its text does not say which document it is."),
    "draft.changes": ("{n} jäljitettyä muutosta", "{n} spårade ändringar", "{n} tracked changes"),
    "draft.comments": ("{n} kommenttia", "{n} kommentarer", "{n} comments"),
    "draft.both": ("{changes} ja {comments}", "{changes} och {comments}", "{changes} and {comments}"),
    "draft.note": ("Asiakirjassa on {parts}. Tarkastus luki tekstin ikään kuin kaikki muutokset olisi hyväksytty "
                   "(poistot pois, lisäykset mukaan); kommentteja ei luettu.",
                   "Dokumentet har {parts}. Granskningen läste texten som om alla ändringar hade godkänts "
                   "(strykningar borta, tillägg med); kommentarerna lästes inte.",
                   "The document has {parts}. The check read the text as if every change had been accepted "
                   "(deletions out, insertions in); the comments were not read."),
    "draft.note.fix": ("Hyväksy tai hylkää muutokset ja poista kommentit ennen kuin sopimus viedään päätettäväksi; "
                       "tarkasta sitten uudelleen.",
                       "Godkänn eller avvisa ändringarna och ta bort kommentarerna innan avtalet förs till beslut; "
                       "granska sedan på nytt.",
                       "Accept or reject the changes and delete the comments before the agreement goes to a "
                       "decision; then check it again."),
    "rule.failed": ("Säännön {rule} arviointi keskeytyi tiedostossa {path}: {reason}",
                    "Utvärderingen av regeln {rule} avbröts i filen {path}: {reason}",
                    "Evaluating rule {rule} stopped in the file {path}: {reason}"),
    "rule.failed.fix": ("Korjaa sääntö; muut säännöt tarkastettiin.", "Rätta regeln; de övriga reglerna granskades.",
                        "Fix the rule; the other rules were checked."),
    "internal": ("Tiedoston tarkastus keskeytyi tarkastuksen sisäiseen virheeseen ({error}).",
                 "Granskningen av filen avbröts av ett internt fel i tarkastus ({error}).",
                 "Checking the file stopped at an internal error of tarkastus ({error})."),
    "internal.fix": ("Ilmoita virheestä tarkastuksen kehittäjille ja liitä tiedosto mukaan; muut tiedostot "
                     "tarkastettiin.",
                     "Rapportera felet till utvecklarna av tarkastus och bifoga filen; de övriga filerna granskades.",
                     "Report the error to the developers of tarkastus with the file attached; the other files "
                     "were checked."),

    # ---- reading a file (documents.loader) -------------------------------------------------------------
    "format.doc": ("Tiedosto on vanhaa Word-muotoa (.doc), jota ei lueta.",
                   "Filen är i det gamla Word-formatet (.doc), som inte läses.",
                   "The file is in the old Word format (.doc), which is not read."),
    "format.doc.fix": ("Tallenna sopimus Wordissa tai LibreOfficessa muodossa .docx (Word-asiakirja) tai .odt.",
                       "Spara avtalet i Word eller LibreOffice i formatet .docx (Word-dokument) eller .odt.",
                       "Save the agreement in Word or LibreOffice as .docx (Word document) or .odt."),
    "format.docm": ("Tiedosto on makroja sisältävä Word-asiakirja (.docm); makrollisia asiakirjoja ei lueta.",
                    "Filen är ett Word-dokument med makron (.docm); dokument med makron läses inte.",
                    "The file is a Word document with macros (.docm); documents with macros are not read."),
    "format.docm.fix": ("Tallenna sopimus tavallisena Word-asiakirjana (.docx) ilman makroja.",
                        "Spara avtalet som ett vanligt Word-dokument (.docx) utan makron.",
                        "Save the agreement as a plain Word document (.docx) without macros."),
    "format.rtf": ("Tiedosto on RTF-muotoinen, jota ei lueta.", "Filen är i RTF-format, som inte läses.",
                   "The file is in RTF format, which is not read."),
    "format.rtf.fix": ("Tallenna sopimus muodossa .docx, .odt tai PDF (tekstitasoineen).",
                       "Spara avtalet som .docx, .odt eller PDF (med textlager).",
                       "Save the agreement as .docx, .odt or PDF (with a text layer)."),
    "format.ole": ("Tiedosto on vanhaa Word-muotoa (.doc) tai salasanalla suojattu Word-asiakirja, jota ei voi "
                   "lukea.",
                   "Filen är i det gamla Word-formatet (.doc) eller ett lösenordsskyddat Word-dokument, som inte "
                   "kan läsas.",
                   "The file is in the old Word format (.doc) or a password-protected Word document, which cannot "
                   "be read."),
    "format.ole.fix": ("{save} Poista salasanasuojaus.", "{save} Ta bort lösenordsskyddet.",
                       "{save} Remove the password protection."),
    "format.not_pdf": ("Tiedosto ei ole PDF-tiedosto (%PDF-alku puuttuu).", "Filen är ingen PDF-fil (början %PDF saknas).",
                       "The file is not a PDF file (the %PDF start is missing)."),
    "format.not_pdf.fix": ("Tallenna sopimus uudelleen PDF-muodossa tai tarkasta alkuperäinen asiakirja.",
                           "Spara avtalet på nytt som PDF eller kontrollera originaldokumentet.",
                           "Save the agreement again as PDF or check the original document."),
    "size.too_large": ("Tiedosto on liian suuri ({size} tavua, enintään {limit}).",
                       "Filen är för stor ({size} byte, högst {limit}).",
                       "The file is too large ({size} bytes, at most {limit})."),
    "size.grew": ("Tiedosto on liian suuri (yli {limit} tavua).", "Filen är för stor (över {limit} byte).",
                  "The file is too large (over {limit} bytes)."),
    "size.text.fix": ("Jaa sopimus pienempiin tiedostoihin tai tarkista, että tiedosto on sopimus.",
                      "Dela upp avtalet i mindre filer eller kontrollera att filen är ett avtal.",
                      "Split the agreement into smaller files or check that the file is an agreement."),
    "size.document.fix": ("Tarkista, että tiedosto on sopimus; erota sopimus pöytäkirjasta omaksi tiedostokseen.",
                          "Kontrollera att filen är ett avtal; skilj avtalet från protokollet till en egen fil.",
                          "Check that the file is an agreement; separate the agreement from the minutes into a file "
                          "of its own."),
    "size.split.fix": ("Tarkista, että tiedosto on sopimus; jaa hyvin suuri asiakirja osiin.",
                       "Kontrollera att filen är ett avtal; dela upp ett mycket stort dokument i delar.",
                       "Check that the file is an agreement; split a very large document into parts."),
    "size.separate.fix": ("Tarkista, että tiedosto on sopimus; erota sopimus muista asiakirjoista omaksi "
                          "tiedostokseen.",
                          "Kontrollera att filen är ett avtal; skilj avtalet från andra dokument till en egen fil.",
                          "Check that the file is an agreement; separate the agreement from other documents into a "
                          "file of its own."),
    "read.nul_path": ("Tiedostoa ei voi lukea: polussa on NUL-merkki.",
                      "Filen kan inte läsas: sökvägen innehåller ett NUL-tecken.",
                      "The file cannot be read: the path contains a NUL character."),
    "binary": ("Tiedosto ei ole tekstiä (se sisältää NUL-tavuja).", "Filen är inte text (den innehåller NUL-byte).",
               "The file is not text (it contains NUL bytes)."),
    "binary.fix": ("Tallenna sopimus Markdown- tai YAML-tekstitiedostona (UTF-8).",
                   "Spara avtalet som en Markdown- eller YAML-textfil (UTF-8).",
                   "Save the agreement as a Markdown or YAML text file (UTF-8)."),
    "encoding": ("Tiedosto ei ole UTF-8-koodattu (virheellinen tavu {byte}).",
                 "Filen är inte UTF-8-kodad (ogiltig byte {byte}).",
                 "The file is not UTF-8 encoded (invalid byte {byte})."),
    "encoding.fix": ("Tallenna tiedosto UTF-8-merkistössä.", "Spara filen med teckenkodningen UTF-8.",
                     "Save the file in UTF-8."),
    "front.missing": ("Markdown-tiedostosta puuttuu YAML-etusivu (front matter) tai sen päättävä '---'-rivi.",
                      "Markdown-filen saknar YAML-framsida (front matter) eller den avslutande '---'-raden.",
                      "The Markdown file has no YAML front matter, or no '---' line ending it."),
    "front.missing.fix": ("Aloita tiedosto rivillä '---', kirjoita avaimet ja päätä etusivu rivillä '---'.",
                          "Börja filen med raden '---', skriv nycklarna och avsluta framsidan med raden '---'.",
                          "Start the file with a '---' line, write the keys and end the front matter with a '---' "
                          "line."),
    "yaml.too_deep": ("YAML on liian syvälle sisäkkäinen (yli {depth} tasoa).",
                      "YAML-strukturen är för djupt nästlad (över {depth} nivåer).",
                      "The YAML is nested too deep (over {depth} levels)."),
    "yaml.too_deep.fix": ("Sopimuksen tiedot eivät tarvitse näin syvää rakennetta; tarkista sisennykset ja sulkeet.",
                          "Avtalets uppgifter behöver ingen så djup struktur; kontrollera indrag och parenteser.",
                          "An agreement's facts need no structure this deep; check the indentation and the "
                          "brackets."),
    "yaml.error": ("YAML-virhe: {problem}.", "YAML-fel: {problem}.", "YAML error: {problem}."),
    "yaml.error.fix": ("Korjaa YAML-rakenne merkityssä kohdassa (sisennys, kaksoispiste, lainausmerkit).",
                       "Rätta YAML-strukturen på den markerade platsen (indrag, kolon, citattecken).",
                       "Fix the YAML structure at the marked place (indentation, colon, quotes)."),
    "yaml.too_many": ("YAML-rakenteessa on yli {n} solmua (esimerkiksi ankkureilla ja viittauksilla monistettu "
                      "rakenne).",
                      "YAML-strukturen har över {n} noder (till exempel en struktur som mångfaldigats med ankare och "
                      "referenser).",
                      "The YAML has over {n} nodes (for example a structure multiplied by anchors and aliases)."),
    "yaml.too_many.fix": ("Kirjoita sopimuksen tiedot auki ilman sisäkkäisiä ankkureita (&) ja viittauksia (*).",
                          "Skriv ut avtalets uppgifter utan nästlade ankare (&) och referenser (*).",
                          "Write the agreement's facts out without nested anchors (&) and aliases (*)."),
    "schema.not_mapping": ("Etusivun pitää olla avain–arvo-rakenne (esimerkiksi 'tyyppi: kl54').",
                           "Framsidan ska vara en nyckel–värde-struktur (till exempel 'tyyppi: kl54').",
                           "The front matter must be a key–value mapping (for example 'tyyppi: kl54')."),
    "version.missing": ("Muodon versiota ei ole ilmoitettu; oletetaan 'tarkastus: 1'.",
                        "Formatversionen har inte angetts; 'tarkastus: 1' antas.",
                        "The format version is not given; 'tarkastus: 1' is assumed."),
    "version.missing.fix": ("Lisää etusivulle rivi 'tarkastus: 1'.", "Lägg till raden 'tarkastus: 1' på framsidan.",
                            "Add the line 'tarkastus: 1' to the front matter."),
    "version.unsupported": ("Muodon versiota {version} ei tueta (tuetut: {supported}).",
                            "Formatversionen {version} stöds inte (stöds: {supported}).",
                            "Format version {version} is not supported (supported: {supported})."),
    "schema.unknown_type": ("Tuntematon asiakirjatyyppi; sallitut: {types}.", "Okänd dokumenttyp; tillåtna: {types}.",
                            "Unknown document type; allowed: {types}."),
    "schema.no_type": ("Etusivulta puuttuu 'tyyppi'.", "Framsidan saknar 'tyyppi'.",
                       "The front matter has no 'tyyppi'."),
    "schema.no_type.fix": ("Lisää esimerkiksi 'tyyppi: kl54' (sallitut: {types}).",
                           "Lägg till till exempel 'tyyppi: kl54' (tillåtna: {types}).",
                           "Add for example 'tyyppi: kl54' (allowed: {types})."),
    "schema.empty_item": ("Luettelossa on tyhjä kohta; odotettiin avain–arvo-rakennetta.",
                          "Listan har en tom punkt; en nyckel–värde-struktur förväntades.",
                          "The list has an empty item; a key–value mapping was expected."),
    "schema.invalid": ("Virheellinen arvo: {reason}.", "Ogiltigt värde: {reason}.", "Invalid value: {reason}."),
    "schema.mismatch": ("Odotettiin: {expected}; löytyi {found}.", "Förväntades: {expected}; hittades {found}.",
                        "Expected: {expected}; found {found}."),
    "schema.found.mapping": ("avain–arvo-rakenne", "en nyckel–värde-struktur", "a key–value mapping"),
    "schema.found.list": ("luettelo", "en lista", "a list"),
    "schema.found.scalar": ("yksittäinen arvo", "ett enskilt värde", "a single value"),
    "schema.key_not_text": ("Avaimen pitää olla teksti.", "Nyckeln ska vara text.", "A key must be text."),
    "key.unknown": ("Tuntematon avain '{key}'.{hint}", "Okänd nyckel '{key}'.{hint}", "Unknown key '{key}'.{hint}"),
    "key.unknown.fix": ("Korjaa avaimen nimi tai poista se. Tunnetut avaimet tässä kohdassa: {known}.",
                        "Rätta nyckelns namn eller ta bort den. Kända nycklar på den här platsen: {known}.",
                        "Correct the key's name or remove it. The keys known here: {known}."),
    "key.duplicate": ("Avain '{key}' toistuu; kumpi arvo on tarkoitettu?",
                      "Nyckeln '{key}' upprepas; vilket värde avses?",
                      "The key '{key}' is repeated; which value is meant?"),
    "key.duplicate.fix": ("Poista toinen avaimista tai yhdistä niiden sisältö.",
                          "Ta bort den ena nyckeln eller slå ihop deras innehåll.",
                          "Remove one of the keys or merge their contents."),
    "sidecar.unreadable": ("Sopimuksen tietotiedostoa ei voi lukea (se ei ole UTF-8-tekstiä tai on yli {limit} "
                           "tavua).",
                           "Avtalets uppgiftsfil kan inte läsas (den är inte UTF-8-text eller är över {limit} byte).",
                           "The agreement's data file cannot be read (it is not UTF-8 text or is over {limit} "
                           "bytes)."),
    "sidecar.unreadable.fix": ("Tallenna tietotiedosto UTF-8-tekstinä tai poista se.",
                               "Spara uppgiftsfilen som UTF-8-text eller ta bort den.",
                               "Save the data file as UTF-8 text or delete it."),

    # ---- Word and OpenDocument (documents.office) ------------------------------------------------------
    "office.zip": ("Tiedosto ei ole ehjä Word- tai OpenDocument-tiedosto (zip-rakenne on rikki).",
                   "Filen är ingen hel Word- eller OpenDocument-fil (zip-strukturen är trasig).",
                   "The file is not an intact Word or OpenDocument file (its zip structure is broken)."),
    "office.resave.fix": ("Avaa ja tallenna tiedosto uudelleen tekstinkäsittelyohjelmassa.",
                          "Öppna filen i ordbehandlingsprogrammet och spara den på nytt.",
                          "Open the file in a word processor and save it again."),
    "office.member": ("Tiedoston osaa {name} ei voi lukea (tiedosto on vioittunut).",
                      "Delen {name} av filen kan inte läsas (filen är skadad).",
                      "The part {name} of the file cannot be read (the file is damaged)."),
    "office.dtd": ("Tiedoston osassa {name} on DTD-määrittely, jota asiakirjoissa ei käytetä; sitä ei luettu.",
                   "Delen {name} av filen har en DTD-definition, som dokument inte använder; den lästes inte.",
                   "The part {name} of the file has a DTD declaration, which documents do not use; it was not "
                   "read."),
    "office.dtd.fix": ("Tallenna asiakirja uudelleen tekstinkäsittelyohjelmassa.",
                       "Spara dokumentet på nytt i ordbehandlingsprogrammet.",
                       "Save the document again in a word processor."),
    "office.xml": ("Tiedoston osa {name} ei ole kelvollista XML:ää ({error}).",
                   "Delen {name} av filen är inte giltig XML ({error}).",
                   "The part {name} of the file is not valid XML ({error})."),
    "office.deep": ("Tiedoston osa {name} on liian syvälle sisäkkäinen.", "Delen {name} av filen är för djupt nästlad.",
                    "The part {name} of the file is nested too deep."),
    "office.too_large": ("Asiakirjan XML-sisältö on yli {mb} Mt purettuna (tai pakkaus on vääristelty).",
                         "Dokumentets XML-innehåll är över {mb} MB uppackat (eller så är komprimeringen förfalskad).",
                         "The document's XML content is over {mb} MB unpacked (or its compression is forged)."),
    "office.macros": ("Tiedostossa on makroja (.docm); makrollisia asiakirjoja ei lueta.",
                      "Filen har makron (.docm); dokument med makron läses inte.",
                      "The file has macros (.docm); documents with macros are not read."),
    "office.not_docx": ("Tiedosto ei ole Word-asiakirja (word/document.xml puuttuu).",
                        "Filen är inget Word-dokument (word/document.xml saknas).",
                        "The file is not a Word document (word/document.xml is missing)."),
    "office.not_docx.fix": ("Tallenna sopimus Word-asiakirjana (.docx).", "Spara avtalet som Word-dokument (.docx).",
                            "Save the agreement as a Word document (.docx)."),
    "office.not_odt": ("Tiedosto ei ole OpenDocument-tekstiasiakirja (content.xml puuttuu).",
                       "Filen är inget OpenDocument-textdokument (content.xml saknas).",
                       "The file is not an OpenDocument text document (content.xml is missing)."),
    "office.not_odt.fix": ("Tallenna sopimus OpenDocument-tekstinä (.odt) tai Word-asiakirjana (.docx).",
                           "Spara avtalet som OpenDocument-text (.odt) eller Word-dokument (.docx).",
                           "Save the agreement as OpenDocument text (.odt) or a Word document (.docx)."),
    "office.too_long": ("Asiakirjassa on yli {mb} Mt tekstiä tai yli {blocks} kappaletta ja taulukon riviä, joten "
                        "sitä ei luettu.",
                        "Dokumentet har över {mb} MB text eller över {blocks} stycken och tabellrader, så det lästes "
                        "inte.",
                        "The document has over {mb} MB of text or over {blocks} paragraphs and table rows, so it was "
                        "not read."),

    # ---- PDF (documents.pdf) -----------------------------------------------------------------------------
    "pdf.no_pypdf": ("PDF-tiedostoja ei voi lukea, koska pypdf-kirjasto puuttuu.",
                     "PDF-filer kan inte läsas eftersom biblioteket pypdf saknas.",
                     "PDF files cannot be read because the pypdf library is missing."),
    "pdf.no_pypdf.fix": ("Asenna tarkastus uudelleen (pip install tarkastus) tai asenna pypdf.",
                         "Installera tarkastus på nytt (pip install tarkastus) eller installera pypdf.",
                         "Reinstall tarkastus (pip install tarkastus) or install pypdf."),
    "pdf.damaged.fix": ("Avaa PDF ja tallenna tai tulosta se uudelleen PDF-tiedostoksi, tai käytä alkuperäistä "
                        "Word-tiedostoa.",
                        "Öppna PDF-filen och spara eller skriv ut den på nytt som PDF, eller använd den ursprungliga "
                        "Word-filen.",
                        "Open the PDF and save or print it again as a PDF file, or use the original Word file."),
    "pdf.deep": ("PDF-tiedoston rakenne on liian syvälle sisäkkäinen; sitä ei voi lukea.",
                 "PDF-filens struktur är för djupt nästlad; den kan inte läsas.",
                 "The PDF file's structure is nested too deep; it cannot be read."),
    "pdf.memory": ("PDF-tiedosto on liian suuri luettavaksi.", "PDF-filen är för stor för att läsas.",
                   "The PDF file is too large to read."),
    "pdf.damaged": ("PDF-tiedostoa ei voi lukea: se on vioittunut tai katkennut ({error}).",
                    "PDF-filen kan inte läsas: den är skadad eller avkortad ({error}).",
                    "The PDF file cannot be read: it is damaged or truncated ({error})."),
    "pdf.no_header": ("Tiedosto ei ole PDF-tiedosto (%PDF-otsake puuttuu).", "Filen är ingen PDF-fil (%PDF-huvudet saknas).",
                      "The file is not a PDF file (the %PDF header is missing)."),
    "pdf.no_pages": ("PDF-tiedostossa ei ole yhtään sivua.", "PDF-filen har inga sidor.", "The PDF file has no pages."),
    "pdf.too_many_pages": ("PDF-tiedostossa on {count} sivua; enintään {limit} sivua luetaan.",
                           "PDF-filen har {count} sidor; högst {limit} sidor läses.",
                           "The PDF file has {count} pages; at most {limit} pages are read."),
    "pdf.too_many_pages.fix": ("Tarkista, että tiedosto on sopimus; erota sopimus omaksi tiedostokseen.",
                               "Kontrollera att filen är ett avtal; skilj ut avtalet till en egen fil.",
                               "Check that the file is an agreement; separate the agreement into a file of its own."),
    "pdf.bad_page": ("PDF-tiedoston sivua {page} ei voi lukea: tiedosto on vioittunut tai katkennut ({error}).",
                     "Sidan {page} i PDF-filen kan inte läsas: filen är skadad eller avkortad ({error}).",
                     "Page {page} of the PDF file cannot be read: the file is damaged or truncated ({error})."),
    "pdf.too_much_text": ("PDF-tiedostossa on liikaa tekstiä sopimukseksi.", "PDF-filen har för mycket text för ett avtal.",
                          "The PDF file has too much text for an agreement."),
    "pdf.aes": ("PDF-tiedosto on salattu AES-salauksella, jonka purkamiseen tarvittavaa cryptography-kirjastoa ei ole "
                "asennettu.",
                "PDF-filen är krypterad med AES, och biblioteket cryptography som behövs för att dekryptera den är "
                "inte installerat.",
                "The PDF file is encrypted with AES, and the cryptography library needed to decrypt it is not "
                "installed."),
    "pdf.aes.fix": ("Asenna cryptography (pip install cryptography) tai tallenna PDF ilman suojausta.",
                    "Installera cryptography (pip install cryptography) eller spara PDF-filen utan skydd.",
                    "Install cryptography (pip install cryptography) or save the PDF without protection."),
    "pdf.password": ("PDF-tiedosto on suojattu salasanalla, joten sitä ei voi lukea.",
                     "PDF-filen är lösenordsskyddad, så den kan inte läsas.",
                     "The PDF file is password-protected, so it cannot be read."),
    "pdf.password.fix": ("Pyydä sopimus ilman salasanasuojausta tai tallenna se uudelleen suojaamattomana "
                         "PDF-tiedostona.",
                         "Be om avtalet utan lösenordsskydd eller spara det på nytt som en oskyddad PDF-fil.",
                         "Ask for the agreement without password protection or save it again as an unprotected PDF "
                         "file."),
    "pdf.content": ("PDF-tiedoston sivujen sisältö on yli {mb} Mt; sitä ei luettu.",
                    "Innehållet på PDF-filens sidor är över {mb} MB; det lästes inte.",
                    "The content of the PDF file's pages is over {mb} MB; it was not read."),
    "pdf.no_text": ("PDF-tiedostossa ei ole tekstitasoa: se on luultavasti skannattu kuva, joten sopimuksen tekstiä "
                    "ei voi lukea. Tiedosto tarvitsee tekstintunnistuksen (OCR) ennen tarkastusta.",
                    "PDF-filen har inget textlager: den är sannolikt en skannad bild, så avtalets text kan inte "
                    "läsas. Filen behöver textigenkänning (OCR) före granskningen.",
                    "The PDF file has no text layer: it is probably a scanned image, so the agreement's text cannot "
                    "be read. The file needs text recognition (OCR) before it can be checked."),
    "pdf.no_text.fix": ("Aja PDF-tiedostolle tekstintunnistus (OCR), esimerkiksi ocrmypdf -l fin tiedosto.pdf "
                        "uusi.pdf, tai käytä sopimuksen alkuperäistä Word- tai PDF-versiota.",
                        "Kör textigenkänning (OCR) på PDF-filen, till exempel ocrmypdf -l swe fil.pdf ny.pdf, eller "
                        "använd avtalets ursprungliga Word- eller PDF-version.",
                        "Run text recognition (OCR) on the PDF file, for example ocrmypdf -l fin file.pdf new.pdf, "
                        "or use the agreement's original Word or PDF version."),
    "pdf.text_too_long": ("PDF-tiedoston teksti on yli {mb} Mt, joten sitä ei luettu.",
                          "PDF-filens text är över {mb} MB, så den lästes inte.",
                          "The PDF file's text is over {mb} MB, so it was not read."),

    # ---- deliberate deviations (suppressions) ----------------------------------------------------------
    "deviation.no_rule": ("Poikkeuksesta puuttuu sääntö ('sääntö: TUNNUS').", "Avvikelsen anger ingen regel ('sääntö: KOD').",
                          "The deviation names no rule ('sääntö: CODE')."),
    "deviation.unknown": ("Poikkeus koskee tuntematonta sääntöä {rule}.{hint}",
                          "Avvikelsen gäller en okänd regel {rule}.{hint}",
                          "The deviation is from an unknown rule {rule}.{hint}"),
    "deviation.no_reason": ("Poikkeukselta säännöstä {rule} puuttuu perustelu; ilman perustelua havaintoa ei ohiteta.",
                            "Avvikelsen från regeln {rule} saknar motivering; utan motivering undantas fyndet inte.",
                            "The deviation from rule {rule} has no reason; without a reason the finding is not "
                            "suppressed."),
    "deviation.comment_form": ("Tarkastuskommentin muoto on <!-- tarkastus: ohita TUNNUS perustelu=\"…\" -->.",
                               "En granskningskommentar skrivs <!-- tarkastus: ohita KOD perustelu=\"…\" -->.",
                               "A tarkastus comment is written <!-- tarkastus: ohita CODE perustelu=\"…\" -->."),
    "deviation.no_heading": ("Tarkastuskommentin jälkeen ei ole otsikkoa, jota se koskisi.",
                             "Efter granskningskommentaren finns ingen rubrik som den kunde gälla.",
                             "No heading follows the tarkastus comment for it to apply to."),
    "deviation.unused": ("Poikkeus säännöstä {rule} ei ohita yhtään havaintoa; poista se, jos sitä ei enää tarvita.",
                         "Avvikelsen från regeln {rule} undantar inget fynd; ta bort den om den inte längre behövs.",
                         "The deviation from rule {rule} suppresses no finding; remove it if it is no longer needed."),
    "deviation.fix": ("Kirjaa poikkeus perusteluineen: etusivulle 'poikkeukset: [{{sääntö: TUNNUS, perustelu: \"…\"}}]' "
                      "tai tekstiin seuraavan kohdan yläpuolelle <!-- tarkastus: ohita TUNNUS perustelu=\"…\" -->.",
                      "Registrera avvikelsen med motivering: på framsidan 'poikkeukset: [{{sääntö: KOD, perustelu: "
                      "\"…\"}}]' eller i texten ovanför följande avsnitt <!-- tarkastus: ohita KOD perustelu=\"…\" -->.",
                      "Record the deviation with its reason: in the front matter 'poikkeukset: [{{sääntö: CODE, "
                      "perustelu: \"…\"}}]' or in the text above the next section "
                      "<!-- tarkastus: ohita CODE perustelu=\"…\" -->."),

    # ---- configuration files (config) ------------------------------------------------------------------
    "config.invalid": ("Virheellinen asetustiedosto: {reason}", "Ogiltig konfigurationsfil: {reason}",
                       "Invalid configuration file: {reason}"),
    "config.fix": ("Korjaa asetustiedosto.", "Rätta konfigurationsfilen.", "Fix the configuration file."),
    "config.fix_unchecked": ("Korjaa asetustiedosto. Sen alaisia tiedostoja jäi tarkastamatta: {n}.",
                             "Rätta konfigurationsfilen. Filer som den gäller lämnades ogranskade: {n}.",
                             "Fix the configuration file. Files under it left unchecked: {n}."),
    "config.not_list": ("'{key}' on luettelo tekstejä, esimerkiksi {key} = [\"OHJE-\"], ei {value}.",
                        "'{key}' är en lista med texter, till exempel {key} = [\"OHJE-\"], inte {value}.",
                        "'{key}' is a list of texts, for example {key} = [\"OHJE-\"], not {value}."),
    "config.empty_code": ("'{key}': tyhjä tunnus ei vastaa mitään; poista se tai kirjoita tunnus (esimerkiksi "
                          "\"OHJE-\").",
                          "'{key}': en tom kod motsvarar ingenting; ta bort den eller skriv en kod (till exempel "
                          "\"OHJE-\").",
                          "'{key}': an empty code matches nothing; remove it or write a code (for example \"OHJE-\")."),
    "config.unknown": ("tuntematon asetus '{key}'.{hint} Asetukset: {keys}.",
                       "okänd inställning '{key}'.{hint} Inställningar: {keys}.",
                       "unknown setting '{key}'.{hint} Settings: {keys}."),
    "config.pfi_table": ("'per-file-ignores' on taulukko: \"polku/*.md\" = [\"TUNNUS\"].",
                         "'per-file-ignores' är en tabell: \"sökväg/*.md\" = [\"KOD\"].",
                         "'per-file-ignores' is a table: \"path/*.md\" = [\"CODE\"]."),
    "config.pfi_empty": ("'per-file-ignores': tyhjä polkukuvio ei vastaa yhtään tiedostoa.",
                         "'per-file-ignores': ett tomt sökvägsmönster motsvarar ingen fil.",
                         "'per-file-ignores': an empty path pattern matches no file."),
    "config.one_of": ("'{key}' on yksi arvoista {values}, ei {value}.", "'{key}' är ett av värdena {values}, inte {value}.",
                      "'{key}' is one of {values}, not {value}."),
    "config.datetime": ("'as-of' on päivämäärä ilman kellonaikaa (muoto 2025-01-01), ei {value}.",
                        "'as-of' är ett datum utan klockslag (formen 2025-01-01), inte {value}.",
                        "'as-of' is a date without a time of day (as 2025-01-01), not {value}."),
    "config.not_date": ("'as-of' ei ole päivämäärä: {value} (muoto 2025-01-01).",
                        "'as-of' är inget datum: {value} (formen 2025-01-01).",
                        "'as-of' is not a date: {value} (as 2025-01-01)."),
    "config.rule_dirs_list": ("'rule-dirs' on luettelo polkuja, esimerkiksi rule-dirs = [\"säännöt\"], ei {value}.",
                              "'rule-dirs' är en lista med sökvägar, till exempel rule-dirs = [\"regler\"], inte "
                              "{value}.",
                              "'rule-dirs' is a list of paths, for example rule-dirs = [\"rules\"], not {value}."),
    "config.rule_dirs_empty": ("'rule-dirs': tyhjä polku ei ole sääntöhakemisto.",
                               "'rule-dirs': en tom sökväg är ingen regelkatalog.",
                               "'rule-dirs': an empty path is no rule directory."),
    "config.rule_dirs_nul": ("'rule-dirs': polussa {value} on NUL-merkki.",
                             "'rule-dirs': sökvägen {value} innehåller ett NUL-tecken.",
                             "'rule-dirs': the path {value} contains a NUL character."),
    "config.rule_dir_unreadable": ("sääntöhakemistoa {value} ei voi lukea ({reason}).",
                                   "regelkatalogen {value} kan inte läsas ({reason}).",
                                   "the rule directory {value} cannot be read ({reason})."),
    "config.rule_dir_missing": ("sääntöhakemistoa {value} ei ole.", "regelkatalogen {value} finns inte.",
                                "the rule directory {value} does not exist."),
    "config.not_regular": ("ei ole tavallinen tiedosto.", "är inte en vanlig fil.", "is not a regular file."),
    "config.too_large": ("tiedosto on liian suuri asetustiedostoksi ({size} tavua).",
                         "filen är för stor för en konfigurationsfil ({size} byte).",
                         "the file is too large for a configuration file ({size} bytes)."),
    "config.unreadable": ("tiedostoa ei voi lukea ({reason}).", "filen kan inte läsas ({reason}).",
                          "the file cannot be read ({reason})."),
    "config.encoding": ("tiedosto ei ole UTF-8-koodattu (virheellinen tavu {byte}); tallenna se UTF-8-merkistössä.",
                        "filen är inte UTF-8-kodad (ogiltig byte {byte}); spara den med teckenkodningen UTF-8.",
                        "the file is not UTF-8 encoded (invalid byte {byte}); save it in UTF-8."),
    "config.toml": ("virheellinen TOML: {error}.", "ogiltig TOML: {error}.", "invalid TOML: {error}."),
    "config.toml_deep": ("virheellinen TOML: taulukot ovat liian syvällä toistensa sisällä.",
                         "ogiltig TOML: tabellerna är nästlade för djupt i varandra.",
                         "invalid TOML: the tables are nested too deep."),
    "config.tool": ("'tool' pitää olla taulukko ([tool]), ei {value}.", "'tool' ska vara en tabell ([tool]), inte {value}.",
                    "'tool' must be a table ([tool]), not {value}."),
    "config.not_table": ("asetusten pitää olla taulukko.", "inställningarna ska vara en tabell.",
                         "the settings must be a table."),
    "config.no_tool_table": ("tiedostossa ei ole [tool.tarkastus]-taulukkoa.", "filen har ingen [tool.tarkastus]-tabell.",
                             "the file has no [tool.tarkastus] table."),
    "code.unknown": ("Tunnus '{code}' ei vastaa yhtään sääntöä.{hint}", "Koden '{code}' motsvarar ingen regel.{hint}",
                     "The code '{code}' matches no rule.{hint}"),
    # ---- what each input code means (SARIF's rule descriptors, the README's table) ---------------------
    "input.TARK-LUKU": ("Tiedostoa ei voi lukea", "Filen kan inte läsas", "The file cannot be read"),
    "input.TARK-KOKO": ("Tiedosto on liian suuri", "Filen är för stor", "The file is too large"),
    "input.TARK-BINAARI": ("Tiedosto ei ole tekstiä", "Filen är inte text", "The file is not text"),
    "input.TARK-KOODAUS": ("Tiedosto ei ole UTF-8-koodattu", "Filen är inte UTF-8-kodad", "The file is not UTF-8 encoded"),
    "input.TARK-ETUSIVU": ("Markdown-tiedostosta puuttuu YAML-etusivu", "Markdown-filen saknar YAML-framsida",
                           "The Markdown file has no YAML front matter"),
    "input.TARK-YAML": ("Virheellinen YAML", "Ogiltig YAML", "Malformed YAML"),
    "input.TARK-SCHEMA": ("Arvo on väärää tyyppiä", "Värdet är av fel typ", "A value of the wrong type"),
    "input.TARK-AVAIN": ("Tuntematon avain", "Okänd nyckel", "Unknown key"),
    "input.TARK-VERSIO": ("Muodon versio", "Formatversion", "Format version"),
    "input.TARK-SAANTO": ("Virheellinen sääntötiedosto", "Ogiltig regelfil", "Broken rule file"),
    "input.TARK-POIKKEUS": ("Poikkeus ilman perustelua, tuntemattomalle säännölle tai tarpeeton",
                            "Avvikelse utan motivering, för en okänd regel eller onödig",
                            "Deviation without a reason, for an unknown rule, or unneeded"),
    "input.TARK-ASETUS": ("Virheellinen asetustiedosto", "Ogiltig konfigurationsfil", "Broken configuration file"),
    "input.TARK-OHITETTU": ("Sopimukselta näyttävää tiedostoa ei tarkastettu", "En fil som ser ut som ett avtal granskades inte",
                            "A file that looks like an agreement was not checked"),
    "input.TARK-MUOTO": ("Tiedostomuotoa ei lueta", "Filformatet läses inte", "The file format is not read"),
    "input.TARK-TEKSTITON": ("PDF-tiedostossa ei ole tekstitasoa", "PDF-filen har inget textlager",
                             "The PDF file has no text layer"),
    "input.TARK-LUONNOS": ("Luonnoksen muutokset ja kommentit", "Utkastets ändringar och kommentarer",
                           "A draft's changes and comments"),
    "input.TARK-SISAINEN": ("Tarkastuksen sisäinen virhe", "Internt fel i tarkastus", "Internal error of tarkastus"),
    "input.help": ("Katso README: Input problems.", "Se README: Input problems.", "See the README: Input problems."),
    "sarif.deviation": ("Tietoisen poikkeaman voi kirjata perusteluineen: etusivulle 'poikkeukset: [{{sääntö: {rule}, "
                        "perustelu: \"…\"}}]' tai tekstiin kohdan yläpuolelle <!-- tarkastus: ohita {rule} "
                        "perustelu=\"…\" -->.",
                        "En medveten avvikelse kan registreras med motivering: på framsidan 'poikkeukset: [{{sääntö: "
                        "{rule}, perustelu: \"…\"}}]' eller i texten ovanför avsnittet <!-- tarkastus: ohita {rule} "
                        "perustelu=\"…\" -->.",
                        "A deliberate deviation can be recorded with its reason: in the front matter 'poikkeukset: "
                        "[{{sääntö: {rule}, perustelu: \"…\"}}]' or in the text above the section "
                        "<!-- tarkastus: ohita {rule} perustelu=\"…\" -->."),
    # ---- the command line's own words (cli.py): help texts, metavars, usage errors ----------------------
    "help.main": ("tarkastus: kuntien yhteistoimintasopimusten lainmukaisuuden tarkastin (TE24).",
                  "tarkastus: granskar att kommunernas samarbetsavtal följer lagen (TE24).",
                  "tarkastus: a compliance linter for Finnish municipal cooperation agreements (TE24)."),
    "help.version": ("Näytä versio ja lopeta.", "Visa versionen och avsluta.", "Show the version and exit."),
    "help.help": ("Näytä tämä ohje ja lopeta.", "Visa den här hjälpen och avsluta.", "Show this message and exit."),
    "help.check": ("Tarkasta sopimukset (tiedostot ja hakemistot; ilman polkua nykyinen hakemisto).",
                   "Granska avtal (filer och kataloger; utan sökväg den aktuella katalogen).",
                   "Check agreements (files and directories; without a path, the current directory)."),
    "help.context": ("Tarkasta nimettyjen sopimusten kanssa myös tämän hakemiston sopimukset (alueen muut asiakirjat), "
                     "mutta raportoi vain havainnot, jotka koskevat nimettyjä tiedostoja (pre-commit-koukku).",
                     "Granska de namngivna avtalen tillsammans med avtalen i den här katalogen (områdets övriga "
                     "dokument), men rapportera bara fynd som gäller de namngivna filerna (pre-commit-kroken).",
                     "Check the named agreements together with the agreements in this directory (the area's other "
                     "documents), but report only findings that concern the named files (the pre-commit hook)."),
    "help.show_fixes": ("Anna havainnoille niiden muodolliset korjaukset raporttiin (JSON autofix, SARIF fixes); "
                        "--fix ja --diff tekevät sen itse.",
                        "Ge fynden deras formella rättelser i rapporten (JSON autofix, SARIF fixes); --fix och --diff "
                        "gör det själva.",
                        "Give findings their formal fixes in the report (JSON autofix, SARIF fixes); --fix and --diff "
                        "do it themselves."),
    "help.quiet": ("Älä tulosta mitään; poistumiskoodi kertoo tuloksen (-o-tiedosto kirjoitetaan yhä).",
                   "Skriv inte ut något; slutkoden visar resultatet (en -o-fil skrivs ändå).",
                   "Print nothing; the exit code tells the result (an -o file is still written)."),
    "help.audit": ("Ohjausauditoinnin raportti: alueet, tarkistuslistat ja havainnot yhdellä sivulla.",
                   "Granskningsrapport: områden, checklistor och fynd på en sida.",
                   "The guidance audit report: areas, checklists and findings on one page."),
    "help.init": ("Kirjoita uuden sopimuksen runko (ei koskaan korvaa olemassa olevaa tiedostoa).",
                  "Skriv stommen till ett nytt avtal (skriver aldrig över en befintlig fil).",
                  "Write the skeleton of a new agreement (never overwrites an existing file)."),
    "help.schema": ("Tulosta asiakirjamuodon JSON Schema (editorien YAML-tuki).",
                    "Skriv ut dokumentformatets JSON Schema (YAML-stöd i editorer).",
                    "Print the document format's JSON Schema (YAML support in editors)."),
    "help.lsp": ("Käynnistä kielipalvelin (LSP) editoria varten: havainnot kirjoitettaessa, ohjeet, "
                 "pikakorjaukset ja täydennys. Puhuu vakiosyötteen ja -tulosteen kautta.",
                 "Starta språkservern (LSP) för editorer: fynd medan man skriver, hjälp, snabbkorrigeringar "
                 "och komplettering. Kommunicerar via standard in och ut.",
                 "Start the language server (LSP) for editors: findings as you type, documentation, quick fixes "
                 "and completion. Speaks over standard input and output."),
    "help.rules": ("Luettele säännöt: tunnus, vakavuus, otsikko ja lainkohta.",
                   "Lista reglerna: kod, allvarlighetsgrad, rubrik och lagrum.",
                   "List the rules: code, severity, title and provision."),
    "help.facts": ("Näytä, mitä sopimuksista luettiin: tiedot lähteineen, määräykset ja ristiriidat.",
                   "Visa vad som lästes ur avtalen: uppgifter med källor, bestämmelser och motstridigheter.",
                   "Show what was read from the agreements: facts with their sources, provisions and conflicts."),
    "help.explain": ("Näytä säännön lainkohta, perustelu ja esimerkit.",
                     "Visa regelns lagrum, motivering och exempel.",
                     "Show a rule's provision, reason and examples."),
    "help.test": ("Aja sääntöjen pass- ja fail-esimerkit testeinä (oletus: mukana tulevat säännöt ja asetusten "
                  "rule-dirs; hakemistoilla: niiden säännöt).",
                  "Kör reglernas pass- och fail-exempel som tester (standard: de medföljande reglerna och "
                  "inställningarnas rule-dirs; med kataloger: deras regler).",
                  "Run the rules' pass and fail examples as tests (default: the shipped rules and the "
                  "configuration's rule-dirs; with directories: their rules)."),
    "help.test_select": ("Vain näiden sääntöjen esimerkit (tunnus tai etuliite); toistettavissa.",
                         "Bara dessa reglers exempel (kod eller prefix); kan upprepas.",
                         "Only these rules' examples (code or prefix); repeatable."),
    "help.test_format": ("Tulosteen muoto: text tai json.", "Utmatningens format: text eller json.",
                         "Output format: text or json."),
    "help.test_as_of": ("Minkä päivän lakia esimerkeissä sovelletaan, kun sääntö on silloin voimassa (oletus: "
                        "tänään; muuten säännön voimassaolon lähin päivä).",
                        "Vilken dags lag exemplen tillämpar när regeln då är i kraft (standard: i dag; annars "
                        "närmaste dag då regeln är i kraft).",
                        "Which day's law the examples apply when the rule is in force then (default: today; "
                        "else the nearest day the rule is in force)."),
    "help.explain_rule": ("Näytä, miksi tämä sääntö antoi tai ei antanut havaintoa kustakin tiedostosta: säännön "
                          "lukemat tiedot ja kunkin when-ehdon arvo (vain tämän säännön havainnot).",
                          "Visa varför denna regel gav eller inte gav ett fynd i varje fil: uppgifterna regeln "
                          "läser och värdet av varje when-villkor (bara denna regels fynd).",
                          "Show why this rule fired or did not on each file: the facts it reads and each when "
                          "case's value (this rule's findings only)."),
    "help.fail_on": ("Vakavuus, josta alkaen poistumiskoodi on 1 (oletus: asetuksista, muuten error).",
                     "Allvarlighetsgrad från vilken slutkoden är 1 (standard: inställningarna, annars error).",
                     "Lowest severity that makes the exit code 1 (default: the configuration, else error)."),
    "help.as_of": ("Minkä päivän lakia sovelletaan (oletus: asetuksista, muuten tänään).",
                   "Vilken dags lag som tillämpas (standard: inställningarna, annars i dag).",
                   "Which day's law applies (default: the configuration, else today)."),
    "help.facts_as_of": ("Minkä päivän lakia sovelletaan (oletus: tänään).", "Vilken dags lag som tillämpas (standard: i dag).",
                         "Which day's law applies (default: today)."),
    "help.select": ("Vain nämä säännöt (tunnus tai etuliite, esim. KL54-).",
                    "Bara dessa regler (kod eller prefix, t.ex. KL54-).",
                    "Only these rules (code or prefix, e.g. KL54-)."),
    "help.ignore": ("Ohita nämä säännöt (tunnus tai etuliite).", "Hoppa över dessa regler (kod eller prefix).",
                    "Skip these rules (code or prefix)."),
    "help.kieli": ("Raportin ja sääntöjen viestien kieli: fi, sv, en tai auto (kunkin sopimuksen oma; oletus: "
                   "TARKASTUS_KIELI, asetukset, muuten fi).",
                   "Språket i rapporten och reglernas meddelanden: fi, sv, en eller auto (varje avtals eget; "
                   "standard: TARKASTUS_KIELI, inställningarna, annars fi).",
                   "Language of the report and of the rules' messages: fi, sv, en or auto (each agreement's own; "
                   "default: TARKASTUS_KIELI, the configuration, else fi)."),
    "help.kieli_words": ("Tulosteen kieli: fi, sv tai en (oletus: TARKASTUS_KIELI, muuten fi).",
                         "Utskriftens språk: fi, sv eller en (standard: TARKASTUS_KIELI, annars fi).",
                         "Language of the output: fi, sv or en (default: TARKASTUS_KIELI, else fi)."),
    "help.kieli_init": ("Rungon kieli: fi tai sv (en: suomenkielinen runko; oletus: TARKASTUS_KIELI, muuten fi).",
                        "Stommens språk: fi eller sv (en: finsk stomme; standard: TARKASTUS_KIELI, annars fi).",
                        "Language of the skeleton: fi or sv (en: a Finnish skeleton; default: TARKASTUS_KIELI, else "
                        "fi)."),
    "help.config": ("Käytä tätä asetustiedostoa (tarkastus.toml tai pyproject.toml) kaikille tiedostoille.",
                    "Använd den här konfigurationsfilen (tarkastus.toml eller pyproject.toml) för alla filer.",
                    "Use this configuration file (tarkastus.toml or pyproject.toml) for every file."),
    "help.isolated": ("Älä lue asetustiedostoja.", "Läs inga konfigurationsfiler.", "Read no configuration files."),
    "help.facts_isolated": ("Älä lue asetustiedostoja (omat sääntöhakemistot, rule-dirs).",
                            "Läs inga konfigurationsfiler (egna regelkataloger, rule-dirs).",
                            "Read no configuration files (own rule directories, rule-dirs)."),
    "help.no_cache": ("Älä käytä välimuistia (käännetyt säännöt ja muuttumattomien tiedostojen tulokset).",
                      "Använd inte cachen (kompilerade regler och resultat för oförändrade filer).",
                      "Use no cache (compiled rules and the results of unchanged files)."),
    "help.jobs": ("Rinnakkaisten prosessien määrä suurissa ajoissa (oletus 0: yksi ydintä kohden).",
                  "Antal parallella processer i stora körningar (standard 0: en per kärna).",
                  "Worker processes for large runs (default 0: one per core)."),
    "help.format": ("Raportin muoto: text, json, sarif, github, junit tai concise.",
                    "Rapportens format: text, json, sarif, github, junit eller concise.",
                    "Report format: text, json, sarif, github, junit or concise."),
    "help.output": ("Kirjoita raportti tiedostoon (oletus: vakiotuloste).", "Skriv rapporten till en fil (standard: standardutmatningen).",
                    "Write the report to a file (default: standard output)."),
    "help.statistics": ("Vain havaintojen määrät säännöittäin.", "Bara antalet fynd per regel.",
                        "Only the number of findings per rule."),
    "help.show_suppressed": ("Näytä myös poikkeuksina ohitetut havainnot perusteluineen.",
                             "Visa också fynd som undantagits som avvikelser, med motiveringar.",
                             "Also show the findings suppressed as deviations, with their reasons."),
    "help.agreements_only": ("Tarkasta nimetyistäkin tiedostoista vain sopimukset (tyyppi-avain); muut ohitetaan "
                             "(pre-commit-koukku).",
                             "Granska även bland namngivna filer bara avtal (tyyppi-nyckel); andra hoppas över "
                             "(pre-commit-kroken).",
                             "Of the files named, too, check only agreements (a tyyppi key); skip the others "
                             "(the pre-commit hook)."),
    "help.show_settings": ("Näytä ensimmäiseen polkuun sovellettavat asetukset ja lopeta.",
                           "Visa inställningarna som gäller den första sökvägen och avsluta.",
                           "Show the settings that apply to the first path, and stop."),
    "help.color": ("Värit (oletus: vain päätteellä).", "Färger (standard: bara i en terminal).",
                   "Colour (default: only on a terminal)."),
    "help.html": ("Kirjoita raportti itsenäisenä HTML-sivuna (- = vakiotuloste).",
                  "Skriv rapporten som en fristående HTML-sida (- = standardutmatningen).",
                  "Write the report as a self-contained HTML page (- = standard output)."),
    "help.markdown": ("Kirjoita raportti Markdownina, esim. pull request -kommentiksi (- = vakiotuloste).",
                      "Skriv rapporten som Markdown, t.ex. som kommentar till en pull request (- = standardutmatningen).",
                      "Write the report as Markdown, e.g. for a pull-request comment (- = standard output)."),
    "help.exit_zero": ("Poistumiskoodi 0, vaikka havaintoja on (syöttövirheissä yhä 2).",
                       "Slutkod 0 även om det finns fynd (vid indatafel fortfarande 2).",
                       "Exit code 0 even with findings (input errors still 2)."),
    "help.progress": ("Edistymispalkki (oletus: päätteellä, kun tiedostoja on monta).",
                      "Förloppsindikator (standard: i en terminal, när filerna är många).",
                      "Progress bar (default: on a terminal, for many files)."),
    "help.tyyppi": ("Asiakirjan tyyppi.", "Dokumentets typ.", "The document's type."),
    "help.alue": ("Työllisyysalueen nimi.", "Sysselsättningsområdets namn.", "The employment area's name."),
    "help.vastuukunta": ("Vastuukunta (järjestäjä).", "Ansvarskommunen (organisatören).",
                         "The lead municipality (the organiser)."),
    "help.kunta": ("Jäsenkunta; toistettavissa.", "Medlemskommun; kan upprepas.", "A member municipality; repeatable."),
    "help.schema_output": ("Kirjoita skeema tiedostoon (oletus: vakiotuloste; muu kuin tarkastuksen tiedosto "
                           "tallennetaan ensin nimellä TIEDOSTO.bak).",
                           "Skriv schemat till en fil (standard: standardutmatningen; en fil som tarkastus inte "
                           "skrivit sparas först som FIL.bak).",
                           "Write the schema to a file (default: standard output; a file tarkastus did not write "
                           "is first kept as FILE.bak)."),
    "help.rules_format": ("Luettelon muoto: text tai json.", "Listans format: text eller json.",
                          "Format of the list: text or json."),
    "help.facts_format": ("yaml: tiedot sopimuksen tietotiedoston muodossa (sopimus.yaml sopimus.docx:n viereen), "
                          "lähteet kommentteina.",
                          "yaml: uppgifterna i formatet för avtalets uppgiftsfil (sopimus.yaml bredvid "
                          "sopimus.docx), med källorna som kommentarer.",
                          "yaml: the facts in the format of the agreement's data file (sopimus.yaml beside "
                          "sopimus.docx), their sources as comments."),
    "metavar.file": ("TIEDOSTO", "FIL", "FILE"),
    "metavar.directory": ("HAKEMISTO", "KATALOG", "DIRECTORY"),
    "metavar.day": ("PÄIVÄ", "DAG", "DATE"),
    "metavar.code": ("TUNNUS", "KOD", "CODE"),
    "metavar.name": ("NIMI", "NAMN", "NAME"),
    "metavar.municipality": ("KUNTA", "KOMMUN", "MUNICIPALITY"),
    "metavar.paths": ("POLUT", "SÖKVÄGAR", "PATHS"),
    "metavar.path": ("POLKU", "SÖKVÄG", "PATH"),
    "metavar.rule_id": ("SÄÄNTÖ", "REGEL", "RULE_ID"),
    "metavar.rule_dirs": ("SÄÄNTÖHAKEMISTO", "REGELKATALOG", "RULE_DIR"),
    "metavar.options": ("[VALINNAT]", "[ALTERNATIV]", "[OPTIONS]"),
    "metavar.command": ("KOMENTO [ARGUMENTIT]...", "KOMMANDO [ARGUMENT]...", "COMMAND [ARGS]..."),
    "cli.date": ("anna päivämäärä muodossa 2025-01-01 tai 1.1.2025", "ange ett datum i formen 2025-01-01 eller 1.1.2025",
                 "give a date as 2025-01-01 or 1.1.2025"),
    "cli.empty_code": ("tyhjä tunnus ei vastaa yhtään sääntöä; anna tunnus tai etuliite, esimerkiksi KL54-.",
                       "en tom kod motsvarar ingen regel; ange en kod eller ett prefix, till exempel KL54-.",
                       "an empty code matches no rule; give a code or a prefix, for example KL54-."),
    "cli.settings": ("asetukset: {error}", "inställningar: {error}", "settings: {error}"),
    # what check --show-settings says where a setting is not given (config.Settings.describe)
    "settings.no_file": ("(ei; oletukset)", "(ingen; standardvärdena)", "(none; the defaults)"),
    "settings.today": ("(tänään)", "(i dag)", "(today)"),
    "cli.audit_target": ("Anna raportin tiedosto: --html RAPORTTI.html ja/tai --markdown RAPORTTI.md.",
                         "Ange rapportens fil: --html RAPPORT.html och/eller --markdown RAPPORT.md.",
                         "Give the report's file: --html REPORT.html and/or --markdown REPORT.md."),
    "cli.audit_stdout": ("Vain toinen raporteista voi mennä vakiotulosteeseen (-).",
                         "Bara den ena rapporten kan gå till standardutmatningen (-).",
                         "Only one of the reports can go to standard output (-)."),
    "cli.checklists": ("tarkistuslistat: {error}", "checklistor: {error}", "checklists: {error}"),
    # ---- tarkastus serve: the web page, its API and its lines on the terminal (serve/) -------------------
    "help.serve": ("Käynnistä paikallinen verkkosivu, jolla luonnoksia tarkastetaan selaimessa (ja rajapinta "
                   "muille järjestelmille).",
                   "Starta en lokal webbsida där utkast granskas i webbläsaren (och ett gränssnitt för andra "
                   "system).",
                   "Start a local web page for checking drafts in a browser (and an API for other systems)."),
    "help.host": ("Osoite, jossa sivu kuuntelee; muu kuin 127.0.0.1 tuo luonnokset verkon muiden koneiden "
                  "saataville.",
                  "Adressen där sidan lyssnar; en annan än 127.0.0.1 gör utkasten nåbara för andra datorer i "
                  "nätet.",
                  "The address the page listens on; anything but 127.0.0.1 makes drafts reachable from other "
                  "machines on the network."),
    "help.port": ("Portti (0: mikä tahansa vapaa).", "Porten (0: vilken ledig som helst).", "The port (0: any free one)."),
    "help.open": ("Avaa sivu selaimessa.", "Öppna sidan i webbläsaren.", "Open the page in a browser."),
    "help.max_upload": ("Yhden lähetyksen tiedostojen yhteiskoko enintään, megatavuina; suuremmat hylätään (413).",
                        "Största sammanlagda storlek på filerna i en sändning, i megabyte; större avvisas (413).",
                        "The largest size of one request's files together, in megabytes; larger ones are "
                        "refused (413)."),
    "metavar.host": ("OSOITE", "ADRESS", "HOST"),
    "metavar.megabytes": ("MT", "MB", "MB"),
    "serve.listening": ("tarkastus: sivu osoitteessa {url} (Ctrl-C lopettaa)",
                        "tarkastus: sidan finns på {url} (Ctrl-C avslutar)",
                        "tarkastus: the page is at {url} (Ctrl-C stops it)"),
    "serve.public": ("Varoitus: sivu kuuntelee osoitteessa {host}, joten luonnokset ja niiden tarkastus ovat "
                     "kaikkien tähän koneeseen verkossa yltävien saatavilla. Käytä oletusta 127.0.0.1, ellei "
                     "sivun ole tarkoitus palvella muita koneita.",
                     "Varning: sidan lyssnar på {host}, så utkasten och granskningen av dem är tillgängliga för "
                     "alla som når den här datorn i nätet. Använd standardvärdet 127.0.0.1 om sidan inte ska "
                     "betjäna andra datorer.",
                     "Warning: the page listens on {host}, so drafts and their checks are open to anyone who can "
                     "reach this machine on the network. Keep the default 127.0.0.1 unless the page is meant to "
                     "serve other machines."),
    "serve.bind_failed": ("Osoitetta {host}:{port} ei voi käyttää: {reason}. Valitse toinen portti (--port).",
                          "Adressen {host}:{port} kan inte användas: {reason}. Välj en annan port (--port).",
                          "The address {host}:{port} cannot be used: {reason}. Choose another port (--port)."),
    "serve.title": ("Sopimusluonnoksen tarkastus", "Granskning av avtalsutkast", "Checking an agreement draft"),
    "serve.title_report": ("Tulos – {title}", "Resultat – {title}", "Result – {title}"),
    "serve.skip": ("Siirry sisältöön", "Till innehållet", "Skip to content"),
    "serve.languages": ("Kieli", "Språk", "Language"),
    "serve.lang.fi": ("suomi", "finska", "Finnish"),
    "serve.lang.sv": ("ruotsi", "svenska", "Swedish"),
    "serve.lang.en": ("englanti", "engelska", "English"),
    "serve.intro": ("Valitse tarkastettava luonnos tai pudota se alla olevaan kenttään. Tarkastus kertoo "
                    "kohta kohdalta, mitä sopimuksesta puuttuu tai mikä siinä on ristiriidassa lain tai "
                    "Kuntaliiton ohjeen kanssa, ja lainaa säännöksen.",
                    "Välj utkastet som ska granskas eller släpp det i fältet nedan. Granskningen visar punkt för "
                    "punkt vad som saknas i avtalet eller strider mot lagen eller Kommunförbundets anvisning, "
                    "och citerar bestämmelsen.",
                    "Choose the draft to check, or drop it on the field below. The check shows, section by "
                    "section, what the agreement lacks or what conflicts with the law or the Kuntaliitto "
                    "guidance, with the provision quoted."),
    "serve.files": ("Tarkastettavat tiedostot", "Filer att granska", "Files to check"),
    "serve.files.hint": ("Word (.docx), OpenDocument (.odt), PDF, Markdown (.md) tai YAML; yksi tai useampi, "
                         "yhteensä enintään {mb} Mt. Useampi saman alueen asiakirja tarkastetaan myös yhdessä.",
                         "Word (.docx), OpenDocument (.odt), PDF, Markdown (.md) eller YAML; en eller flera, "
                         "sammanlagt högst {mb} MB. Flera dokument för samma område granskas också tillsammans.",
                         "Word (.docx), OpenDocument (.odt), PDF, Markdown (.md) or YAML; one or several, "
                         "{mb} MB at most together. Several documents of one area are also checked together."),
    "serve.drop": ("Voit myös vetää tiedostot tähän.", "Du kan också dra filerna hit.",
                   "You can also drag the files here."),
    "serve.chosen": ("Valitut tiedostot", "Valda filer", "Chosen files"),
    "serve.size.kb": ("{n} kt", "{n} kB", "{n} KB"),
    "serve.size.mb": ("{n} Mt", "{n} MB", "{n} MB"),
    "serve.settings": ("Asetukset", "Inställningar", "Settings"),
    "serve.type": ("Asiakirjan tyyppi", "Dokumentets typ", "Type of document"),
    "serve.type.hint": ("Tarvitaan vain, jos Word-, OpenDocument- tai PDF-tiedoston tekstistä ei käy ilmi, mikä "
                        "asiakirja se on. Markdown-tiedostossa tyyppi kirjoitetaan etusivulle (tyyppi: kl54).",
                        "Behövs bara om det inte framgår av texten i en Word-, OpenDocument- eller PDF-fil vilket "
                        "dokument den är. I en Markdown-fil skrivs typen på framsidan (tyyppi: kl54).",
                        "Needed only when the text of a Word, OpenDocument or PDF file does not say which "
                        "document it is. A Markdown file states its type in its front matter (tyyppi: kl54)."),
    "serve.type.auto": ("tunnista tekstistä", "identifiera ur texten", "tell from the text"),
    "serve.type.kl54": ("KL 54 §:n sopimus viranomaistehtävän hoitamisesta",
                        "avtal enligt 54 § KomL om skötseln av en myndighetsuppgift",
                        "agreement on performing an authority task (KL 54 §)"),
    "serve.type.yhteistoimintasopimus": ("työllisyysalueen yhteistoimintasopimus",
                                         "samarbetsavtal för sysselsättningsområdet",
                                         "cooperation agreement of the employment area"),
    "serve.type.jarjestamissuunnitelma": ("järjestämissuunnitelma", "plan för ordnandet av tjänsterna",
                                          "service plan"),
    "serve.type.chosen": ("tyyppi valittu lomakkeella", "typen vald i formuläret", "type chosen on the form"),
    "serve.read_from_text": ("luettu tekstistä", "läst ur texten", "read from the text"),
    "serve.written_in": ("kieli: {language}", "språk: {language}", "language: {language}"),
    "serve.as_of": ("Sovellettavan lain päivä", "Dag för tillämplig lag", "Law in force on"),
    "serve.as_of.hint": ("Tarkastus soveltaa tänä päivänä voimassa olevaa lakia.",
                         "Granskningen tillämpar lagen som gäller denna dag.",
                         "The check applies the law in force on this day."),
    "serve.kieli": ("Sivun ja havaintojen kieli", "Språk för sidan och fynden", "Language of the page and findings"),
    "serve.submit": ("Tarkasta", "Granska", "Check"),
    "serve.busy": ("Tarkastetaan…", "Granskar…", "Checking…"),
    "serve.result": ("Tulos", "Resultat", "Result"),
    "serve.law": ("Tarkastettu {date} voimassa olevan lain mukaan.", "Granskat enligt lagen per {date}.",
                  "Checked against the law as of {date}."),
    "serve.errors": ("virheet", "fel", "errors"),
    "serve.warnings": ("varoitukset", "varningar", "warnings"),
    "serve.infos": ("huomiot", "anmärkningar", "notes"),
    "serve.download": ("Lataa raportti", "Ladda ner rapporten", "Download the report"),
    "serve.download.html": ("Tarkastusraportti (HTML)", "Granskningsrapport (HTML)", "Audit report (HTML)"),
    "serve.download.json": ("Havainnot koneluettavina (JSON)", "Fynden maskinläsbara (JSON)",
                            "Findings as data (JSON)"),
    "serve.documents": ("Tarkastetut asiakirjat", "Granskade dokument", "Documents checked"),
    "serve.document": ("Asiakirja", "Dokument", "Document"),
    "serve.across": ("Asiakirjat yhdessä", "Dokumenten tillsammans", "The documents together"),
    "serve.across.findings": ("Havainnot, jotka koskevat useaa asiakirjaa", "Fynd som gäller flera dokument",
                              "Findings that concern several documents"),
    "serve.area.lead": ("Vastuukunta tai järjestäjä", "Ansvarskommun eller anordnare", "Lead municipality or organiser"),
    "serve.area.members": ("Kunnat", "Kommuner", "Municipalities"),
    "serve.area.labour": ("Työvoima yhteensä", "Arbetskraft sammanlagt", "Labour force in total"),
    "serve.area.meets": ("täyttää 20 000 hengen rajan (JärjL 12 §)", "uppfyller gränsen på 20 000 personer (12 §)",
                         "meets the threshold of 20,000 (JärjL 12 §)"),
    "serve.area.permit": ("alle 20 000, valtioneuvoston poikkeuslupa", "under 20 000, statsrådets undantagslov",
                          "below 20,000, with the Government's exception permit"),
    "serve.area.below": ("alle 20 000 eikä poikkeuslupaa", "under 20 000 och inget undantagslov",
                         "below 20,000 and no exception permit"),
    "serve.state.pass": ("kunnossa", "i sin ordning", "in order"),
    "serve.state.fail": ("puute", "brist", "shortcoming"),
    "serve.state.suppressed": ("tietoinen poikkeama", "medveten avvikelse", "deliberate deviation"),
    "serve.state.unchecked": ("ei tarkastettu", "inte granskad", "not checked"),
    "serve.state.none": ("ei tarkastettavaa", "inget att granska", "nothing to check"),
    "serve.whole": ("Koko tiedostoa koskevat havainnot", "Fynd som gäller hela filen", "Findings about the whole file"),
    "serve.text": ("Teksti ja havainnot", "Texten och fynden", "The text and the findings"),
    "serve.text.hint": ("Asiakirjan kohdat järjestyksessä, kunkin havainnot vieressä. Korostetut sanat ovat ne, "
                        "jotka tarkastus luki näytöksi:",
                        "Dokumentets punkter i ordning, med fynden bredvid. De markerade orden är de som "
                        "granskningen läste som belägg:",
                        "The document's sections in order, each with its findings beside it. The highlighted words "
                        "are those the check read as evidence:"),
    "serve.evidence": ("näyttö", "belägg", "evidence"),
    "serve.front": ("Etusivu (YAML)", "Framsida (YAML)", "Front matter (YAML)"),
    "serve.place": ("Kohta", "Plats", "Where"),
    "serve.see_also": ("Katso myös", "Se även", "See also"),
    "serve.suppressed": ("Tietoinen poikkeama, perustelu: {reason}", "Medveten avvikelse, motivering: {reason}",
                         "Deliberate deviation, reason: {reason}"),
    "serve.basis": ("Peruste", "Grund", "Basis"),
    "serve.provision": ("Säännöksen teksti", "Bestämmelsens text", "The provision's text"),
    "serve.quote_in_finnish": ("Lain suomenkielinen teksti.", "Lagens finska lydelse.", "The law's Finnish wording."),
    "serve.fix": ("Korjaus", "Åtgärd", "How to fix"),
    "serve.provisions": ("Määräykset, jotka tarkastus etsi", "Bestämmelser som granskningen sökte",
                         "Provisions the check looked for"),
    "serve.provision.name": ("Määräys", "Bestämmelse", "Provision"),
    "serve.provision.state": ("Löytyikö", "Hittades den", "Found"),
    "serve.provision.words": ("Sanat", "Orden", "Words"),
    "serve.provision.missing": ("puuttuu", "saknas", "missing"),
    "serve.how.key": ("etusivun tieto", "uppgift på framsidan", "front-matter key"),
    "serve.how.heading": ("otsikko", "rubrik", "heading"),
    "serve.how.sentence": ("lause", "mening", "sentence"),
    "serve.how.deferred": ("lykätty", "uppskjuten", "deferred"),
    "serve.how.fact": ("tekstin tieto", "uppgift i texten", "fact in the text"),
    "serve.privacy": ("Tiedostot tarkastetaan tällä koneella. Niitä ei tallenneta eikä lähetetä minnekään: ne "
                      "poistetaan heti, kun tulos on valmis.",
                      "Filerna granskas på den här datorn. De sparas inte och skickas ingenstans: de raderas så "
                      "snart resultatet är klart.",
                      "The files are checked on this machine. They are neither kept nor sent anywhere: they are "
                      "deleted as soon as the result is ready."),
    "serve.generator": ("tarkastus {version}", "tarkastus {version}", "tarkastus {version}"),
    "serve.error.heading": ("Tiedostoja ei tarkastettu", "Filerna granskades inte", "The files were not checked"),
    "serve.error.no_file": ("Valitse ainakin yksi tiedosto.", "Välj minst en fil.", "Choose at least one file."),
    "serve.error.too_large": ("Tiedostot ovat yhteensä yli {mb} Mt, joten niitä ei tarkastettu. Lähetä ne osissa "
                              "tai pienennä tiedostoja (esimerkiksi kuvat pois PDF:stä).",
                              "Filerna är sammanlagt större än {mb} MB, så de granskades inte. Skicka dem i flera "
                              "omgångar eller gör filerna mindre (till exempel utan bilder i PDF-filen).",
                              "The files are larger than {mb} MB together, so they were not checked. Send them in "
                              "parts or make them smaller (for example without the images of a PDF)."),
    "serve.error.type": ("Tiedostoa '{name}' ei voi tarkastaa: tarkastus lukee Word- (.docx), OpenDocument- (.odt), "
                         "PDF-, Markdown- (.md) ja YAML-tiedostoja.",
                         "Filen '{name}' kan inte granskas: tarkastus läser Word- (.docx), OpenDocument- (.odt), "
                         "PDF-, Markdown- (.md) och YAML-filer.",
                         "The file '{name}' cannot be checked: tarkastus reads Word (.docx), OpenDocument (.odt), "
                         "PDF, Markdown (.md) and YAML files."),
    "serve.error.not_form": ("Lähetys ei ollut lomake (multipart/form-data), jossa tiedostot ovat kentässä 'file'.",
                             "Sändningen var inte ett formulär (multipart/form-data) med filerna i fältet 'file'.",
                             "The request was not a form (multipart/form-data) with the files in the field 'file'."),
    "serve.error.malformed": ("Lomakkeen tietoja ei voitu lukea (lähetys katkesi tai oli rikki). Yritä uudelleen.",
                              "Formulärets uppgifter kunde inte läsas (sändningen avbröts eller var trasig). Försök "
                              "igen.",
                              "The form could not be read (the request was cut short or broken). Try again."),
    "serve.error.field_unknown": ("Lomakkeessa on tuntematon kenttä '{field}'; kentät ovat file, as_of, kieli ja "
                                  "tyyppi.",
                                  "Formuläret har ett okänt fält '{field}'; fälten är file, as_of, kieli och tyyppi.",
                                  "The form has an unknown field '{field}'; the fields are file, as_of, kieli and "
                                  "tyyppi."),
    "serve.error.field_long": ("Kentän '{field}' arvo on liian pitkä.", "Värdet i fältet '{field}' är för långt.",
                               "The value of the field '{field}' is too long."),
    "serve.error.too_many": ("Enintään {n} tiedostoa kerrallaan.", "Högst {n} filer åt gången.",
                             "At most {n} files at a time."),
    "serve.error.value": ("Kentän '{field}' arvo '{value}' ei kelpaa; kelvolliset: {allowed}.",
                          "Värdet '{value}' i fältet '{field}' duger inte; giltiga: {allowed}.",
                          "The value '{value}' of the field '{field}' is not valid; valid ones: {allowed}."),
    "serve.error.date": ("Päivää '{value}' ei voi lukea; kirjoita se muodossa 2025-01-01 tai 1.1.2025.",
                         "Datumet '{value}' kan inte läsas; skriv det i formen 2025-01-01 eller 1.1.2025.",
                         "The date '{value}' cannot be read; write it as 2025-01-01 or 1.1.2025."),
    "serve.error.internal": ("Tarkastus keskeytyi sisäiseen virheeseen. Tiedostot on poistettu; ilmoita virheestä "
                             "tarkastuksen ylläpitäjälle.",
                             "Granskningen avbröts av ett internt fel. Filerna har raderats; rapportera felet till "
                             "den som sköter tarkastus.",
                             "The check stopped at an internal error. The files have been deleted; please report "
                             "the error to whoever runs tarkastus."),
    "serve.error.not_found": ("Sivua ei ole. Tarkastus alkaa etusivulta.", "Sidan finns inte. Granskningen börjar "
                              "på startsidan.", "No such page. Checking starts on the front page."),
    "serve.error.method": ("Tätä osoitetta ei voi käyttää näin (väärä HTTP-metodi).",
                           "Den här adressen kan inte användas så (fel HTTP-metod).",
                           "This address cannot be used that way (wrong HTTP method)."),
    # ---- tarkastus lsp: the language server (lsp/) ------------------------------------------------------
    "lsp.related": ("katso myös", "se även", "see also"),
    "lsp.failed": ("tarkastus: kielipalvelimen sisäinen virhe ({error}); palvelin jatkaa. Ilmoita virheestä "
                   "tarkastuksen ylläpitäjälle.",
                   "tarkastus: internt fel i språkservern ({error}); servern fortsätter. Rapportera felet till "
                   "den som underhåller tarkastus.",
                   "tarkastus: internal error of the language server ({error}); the server goes on. Report it to "
                   "whoever maintains tarkastus."),
    "lsp.action.unsafe": ("{title} (epävarma korjaus: tarkista)", "{title} (osäker åtgärd: kontrollera)",
                          "{title} (unsafe fix: review it)"),
    "lsp.action.deviation_front": ("Kirjaa tietoinen poikkeama säännöstä {rule} etusivulle (kirjoita perustelu "
                                   "kohtaan {placeholder})",
                                   "Anteckna en medveten avvikelse från regeln {rule} i front matter (skriv "
                                   "motiveringen i stället för {placeholder})",
                                   "Add a deliberate deviation from {rule} to the front matter (write the reason "
                                   "in place of {placeholder})"),
    "lsp.action.deviation_comment": ("Ohita {rule} kohdassa '{section}' kommentilla (kirjoita perustelu kohtaan "
                                     "{placeholder})",
                                     "Hoppa över {rule} i avsnittet '{section}' med en kommentar (skriv "
                                     "motiveringen i stället för {placeholder})",
                                     "Deviate from {rule} in section '{section}' with a comment (write the reason "
                                     "in place of {placeholder})"),
    "lsp.hover.key_rules": ("Säännöt, jotka lukevat tätä avainta", "Regler som läser den här nyckeln",
                            "Rules that read this key"),
    "lsp.hover.more_rules": ("Myös: {rules}", "Även: {rules}", "Also: {rules}"),
    "lsp.hover.registry": ("kuntarekisteri (kuntaluokitus)", "kommunregistret (kommunklassificeringen)",
                           "municipality registry (classification of municipalities)"),
    "lsp.hover.swedish": ("ruotsiksi", "på svenska", "in Swedish"),
    "lsp.hover.swedish_unofficial": ("ruotsiksi (vakiintunut, ei virallinen)", "på svenska (etablerat, inte "
                                     "officiellt)", "in Swedish (established, not official)"),
    "lsp.hover.code": ("kuntanumero", "kommunnummer", "municipality code"),
    "lsp.hover.region": ("maakunta", "landskap", "region"),
    "lsp.hover.former": ("siihen liitetyt kunnat", "kommuner som slagits samman med den",
                         "municipalities merged into it"),
    "lsp.completion.municipality": ("kunta, {region} ({code})", "kommun, {region} ({code})",
                                    "municipality, {region} ({code})"),
    # ---- a malformed checklists.yaml (audit/checklists.py): said after "tarkistuslistat: " ------------------
    "checklist.where_column": ("{path}: {key}, sarake {n}", "{path}: {key}, kolumn {n}", "{path}: {key}, column {n}"),
    "checklist.unreadable": ("{path}: {error}", "{path}: {error}", "{path}: {error}"),
    "checklist.not_mapping": ("{path}: odotettiin tarkistuslistoja avaimittain",
                              "{path}: checklistor under var sin nyckel förväntades",
                              "{path}: checklists under their keys were expected"),
    "checklist.entry_keys": ("{where}: odotettiin avaimia kun, otsikko ja sarakkeet",
                             "{where}: nycklarna kun, otsikko och sarakkeet förväntades",
                             "{where}: the keys kun, otsikko and sarakkeet were expected"),
    "checklist.unknown_key": ("{where}: tuntematon avain {key}", "{where}: okänd nyckel {key}",
                              "{where}: unknown key {key}"),
    "checklist.when": ("{where}: 'kun' tarvitsee ainakin tyypin (kun: {{tyyppi: kl54}})",
                       "{where}: 'kun' behöver åtminstone en typ (kun: {{tyyppi: kl54}})",
                       "{where}: 'kun' needs at least a type (kun: {{tyyppi: kl54}})"),
    "checklist.no_columns": ("{where}: 'sarakkeet' puuttuu tai on tyhjä", "{where}: 'sarakkeet' saknas eller är tom",
                             "{where}: 'sarakkeet' is missing or empty"),
    "checklist.column_keys": ("{where}: odotettiin avaimia nimi, lainkohta ja säännöt",
                              "{where}: nycklarna nimi, lainkohta och säännöt förväntades",
                              "{where}: the keys nimi, lainkohta and säännöt were expected"),
    "checklist.rules_list": ("{where}: 'säännöt' on sääntötunnusten luettelo", "{where}: 'säännöt' är en lista med regelkoder",
                             "{where}: 'säännöt' is a list of rule codes"),
    "checklist.unknown_rule": ("{where}: tuntematon sääntö {rule}{hint}", "{where}: okänd regel {rule}{hint}",
                               "{where}: unknown rule {rule}{hint}"),
    "checklist.did_you_mean": (" (tarkoititko {rule}?)", " (menade du {rule}?)", " (did you mean {rule}?)"),
    "checklist.finnish_needed": ("{where}: '{key}' tarvitsee ainakin suomenkielisen tekstin (fi)",
                                 "{where}: '{key}' behöver åtminstone en finsk text (fi)",
                                 "{where}: '{key}' needs at least a Finnish text (fi)"),
    "cli.init_suffix": ("Rungon tiedostonimen pitää päättyä .md.", "Stommens filnamn ska sluta på .md.",
                        "The skeleton's file name must end in .md."),
    "cli.init_exists": ("{path} on jo olemassa; tarkastus ei korvaa tiedostoja.",
                        "{path} finns redan; tarkastus skriver inte över filer.",
                        "{path} already exists; tarkastus does not overwrite files."),
    "cli.init_written": ("Kirjoitettiin {path}. Korvaa kohdat {placeholder} sopimuksen teksteillä ja tarkasta: "
                         "tarkastus check {path}",
                         "Skrev {path}. Ersätt {placeholder} med avtalets texter och granska: tarkastus check {path}",
                         "Wrote {path}. Replace each {placeholder} with the agreement's wording and check: "
                         "tarkastus check {path}"),
    "cli.version": ("tarkastus, versio {version}", "tarkastus, version {version}", "tarkastus, version {version}"),
    "cli.unknown_rule": ("Tuntematon sääntö {rule}.{hint}", "Okänd regel {rule}.{hint}", "Unknown rule {rule}.{hint}"),

    "cli.explain_rule_format": ("--explain-rule tulostaa muodossa text tai json.",
                                "--explain-rule skriver ut i formatet text eller json.",
                                "--explain-rule prints as text or json."),
    # ---- writing a report (output.py) --------------------------------------------------------------------
    "output.cannot_write": ("{path}: raporttia ei voi kirjoittaa: {reason}", "{path}: rapporten kan inte skrivas: {reason}",
                            "{path}: the report cannot be written: {reason}"),
    "output.not_regular": ("{kind:lower} ei ole tavallinen tiedosto.", "{kind:lower} är inte en vanlig fil.",
                           "{kind:lower} is not a regular file."),
    "output.not_regular_hint": ("{kind:lower} ei ole tavallinen tiedosto ({hint}).",
                                "{kind:lower} är inte en vanlig fil ({hint}).",
                                "{kind:lower} is not a regular file ({hint})."),
    "output.directory_hint": ("anna raportille tiedoston nimi", "ge rapporten ett filnamn", "give the report a file name"),
    "output.special_hint": ("raportti kirjoitetaan vain tavalliseen tiedostoon; ohjaa vakiotuloste, jos haluat sen "
                            "muualle",
                            "rapporten skrivs bara till en vanlig fil; styr om standardutmatningen om du vill ha den "
                            "någon annanstans",
                            "a report is written to a regular file only; redirect standard output to put it elsewhere"),
    "output.backup": ("{path} ei ollut tarkastuksen raportti: alkuperäinen tallennettiin nimellä {backup}.",
                      "{path} var ingen rapport från tarkastus: originalet sparades som {backup}.",
                      "{path} was not a report of tarkastus: the original was kept as {backup}."),
    # ---- citations of the law (lang.ast.Citation.label_in) ------------------------------------------------
    "cite.statute": ("{name} {ref}", "{ref} {name}", "{name} {ref}"),
    "cite.section": ("{n} §", "{n} §", "{n} §"),
    "cite.subsection": (" {n} mom.", " {n} mom.", " ({n})"),
    "cite.item": (" {n} k.", " {n} punkten", "({n})"),
    "cite.guidance_section": ("{guidance}, kohta {n}", "{guidance}, avsnitt {n}", "{guidance}, section {n}"),
    # ---- tarkastus rules and tarkastus explain (explain.py) ------------------------------------------------
    "rules.header": ("TUNNUS", "KOD", "CODE"),
    "rules.severity": ("VAKAVUUS", "ALLVARLIGHET", "SEVERITY"),
    "rules.title": ("OTSIKKO", "RUBRIK", "TITLE"),
    "rules.citation": ("PERUSTE", "GRUND", "BASIS"),
    "explain.severity": ("vakavuus", "allvarlighetsgrad", "severity"),
    "explain.applies": ("koskee", "gäller", "applies to"),
    "explain.aliases": ("aiemmat tunnukset", "tidigare koder", "former codes"),
    "explain.in_force": ("voimassa", "i kraft", "in force"),
    "explain.basis": ("Peruste:", "Grund:", "Basis:"),
    "explain.quote": ("Lainkohta:", "Lagrum:", "Provision:"),
    "explain.quote_language": ("Lainkohta (suomeksi):", "Lagrum (på finska):", "Provision (in Finnish):"),
    "explain.why": ("Miksi:", "Varför:", "Why:"),
    "explain.why_language": ("Miksi (suomeksi):", "Varför (på finska):", "Why (in Finnish):"),
    "explain.fix": ("Korjaus:", "Åtgärd:", "Fix:"),
    "explain.note": ("Huomautus:", "Anmärkning:", "Note:"),
    "explain.note_language": ("Huomautus (suomeksi):", "Anmärkning (på finska):", "Note (in Finnish):"),
    "explain.words": ("Tekstistä tunnistetaan (sanat missä tahansa järjestyksessä, sana* = alkuosa, !sana = ei saa "
                      "esiintyä; rules/provisions.yaml):",
                      "Känns igen i texten (orden i valfri ordning, ord* = början av ett ord, !ord = får inte "
                      "förekomma; rules/provisions.yaml):",
                      "Recognised in the text (the words in any order, word* = a word's beginning, !word = must not "
                      "occur; rules/provisions.yaml):"),
    "explain.keys": ("avaimet", "nycklar", "keys"),
    "explain.headings": ("otsikot", "rubriker", "headings"),
    "explain.sentences": ("lauseet", "meningar", "sentences"),
    "explain.deferral": ("Ei lueta määräykseksi (lykkäys)", "Läses inte som en bestämmelse (uppskov)",
                         "Not read as a provision (deferral)"),
    "explain.example_pass": ("Esimerkki (hyväksytään): {name}", "Exempel (godkänns): {name}", "Example (passes): {name}"),
    "explain.example_fail": ("Esimerkki (havainto {codes}): {name}", "Exempel (fynd {codes}): {name}",
                             "Example (finding {codes}): {name}"),
    "explain.document": ("Asiakirja {n}:", "Dokument {n}:", "Document {n}:"),
    # ---- tarkastus test: a rule's examples run as tests (ruletest.py) --------------------------------------
    "ruletest.example": ("esimerkki {kind} '{name}'", "exempel {kind} '{name}'", "example {kind} '{name}'"),
    "ruletest.input_error": ("esimerkissä on syötevirhe", "exemplet har ett indatafel", "the example has an input error"),
    "ruletest.pass_expects": ("pass-esimerkillä ei voi olla expect-rivejä", "ett pass-exempel kan inte ha expect-rader",
                              "a pass example cannot have expect lines"),
    "ruletest.pass_found": ("pass-esimerkistä tuli havainto {rule}", "pass-exemplet gav fyndet {rule}",
                            "the pass example gave the finding {rule}"),
    "ruletest.fail_no_expect": ("fail-esimerkiltä puuttuu expect-rivi", "fail-exemplet saknar en expect-rad",
                                "the fail example has no expect line"),
    "ruletest.codes": ("odotettiin havainnot {expected}, saatiin {found}", "väntade fynden {expected}, fick {found}",
                       "expected the findings {expected}, got {found}"),
    "ruletest.expected_at": ("odotettiin {code} kohdassa {line}:{column} (asiakirja {document})",
                             "väntade {code} vid {line}:{column} (dokument {document})",
                             "expected {code} at {line}:{column} (document {document})"),
    "ruletest.no_document": ("expect … in {document}: esimerkissä ei ole niin monta asiakirjaa",
                             "expect … in {document}: exemplet har inte så många dokument",
                             "expect … in {document}: the example has not that many documents"),
    "ruletest.found": ("löytyi", "hittades", "found"),
    "ruletest.none_found": ("(ei havaintoja)", "(inga fynd)", "(no findings)"),
    "ruletest.in_document": ("asiakirja {n}", "dokument {n}", "document {n}"),
    "ruletest.summary": ("{examples}, {failed} epäonnistui", "{examples}, {failed} misslyckades",
                         "{examples}, {failed} failed"),
    "ruletest.load_errors": ("sääntötiedostoissa {errors}", "i regelfilerna {errors}", "in the rule files {errors}"),
    # ---- check --explain-rule: why a rule fired or did not (ruletrace.py) ---------------------------------
    "trace.law": ("{date} voimassa olevan lain mukaan", "enligt lagen i kraft {date}", "under the law in force on {date}"),
    "trace.set": ("{n} asiakirjaa yhdessä", "{n} dokument tillsammans", "{n} documents together"),
    "trace.documents": ("Asiakirjat", "Dokument", "Documents"),
    "trace.input_errors": ("Asiakirjassa on syötevirheitä, joten sääntöjä ei sovellettu:",
                           "Dokumentet har indatafel, så reglerna tillämpades inte:",
                           "The document has input errors, so no rule was applied:"),
    "trace.rule_errors": ("Sääntötiedosto ei latautunut:", "Regelfilen laddades inte:", "The rule file did not load:"),
    "trace.not_applicable": ("Sääntö ei koske tätä asiakirjaa: se koskee tyyppiä {types}, asiakirja on {type}.",
                             "Regeln gäller inte detta dokument: den gäller typen {types}, dokumentet är {type}.",
                             "The rule does not apply to this document: it applies to {types}, the document is "
                             "{type}."),
    "trace.not_in_force": ("Sääntö ei ole voimassa {date} (voimassa {start}–{until}).",
                           "Regeln är inte i kraft {date} (i kraft {start}–{until}).",
                           "The rule is not in force on {date} (in force {start}–{until})."),
    "trace.facts": ("Tiedot, jotka sääntö lukee", "Uppgifter som regeln läser", "Facts the rule reads"),
    "trace.none": ("(ei yhtään)", "(inga)", "(none)"),
    "trace.missing": ("puuttuu", "saknas", "missing"),
    "trace.front": ("etusivu", "framsida", "front matter"),
    "trace.text": ("teksti", "text", "text"),
    "trace.provisions": ("Määräykset", "Bestämmelser", "Provisions"),
    "trace.how.avain": ("avain", "nyckel", "key"),
    "trace.how.otsikko": ("otsikko", "rubrik", "heading"),
    "trace.how.lause": ("lause", "mening", "sentence"),
    "trace.how.lykätty": ("lykätty", "uppskjuten", "deferred"),
    "trace.how.tieto": ("tekstin tieto", "uppgift i texten", "fact in the text"),
    "trace.definitions": ("Määritelmät", "Definitioner", "Definitions"),
    "trace.cases": ("Tapaukset (when) ja niiden arvot", "Fallen (when) och deras värden",
                    "The cases (when) and their values"),
    "trace.no_rounds": ("Ei yhtään kierrosta: for-sidonnalla ei ollut alkioita, joten ehtoja ei arvioitu.",
                        "Inga varv: for-bindningen hade inga element, så inga villkor utvärderades.",
                        "No round: a for binding had no items, so no condition was evaluated."),
    "trace.round": ("Kierros {n}", "Varv {n}", "Round {n}"),
    "trace.line": ("rivi {n}", "rad {n}", "line {n}"),
    "trace.finding": ("havainto", "fynd", "finding"),
    "trace.more_rounds": ("… ja {n} kierrosta lisää (ei näytetä)", "… och {n} varv till (visas inte)",
                          "… and {n} more rounds (not shown)"),
    "trace.failed": ("Säännön arviointi päättyi virheeseen: {message}", "Utvärderingen av regeln slutade med ett fel: "
                     "{message}", "Evaluating the rule ended in an error: {message}"),
    # ---- rule files and their tables (lang/: loading, checking, evaluation bounds) -----------------------
    "lang.rule.fix": ("Korjaa sääntötiedosto; muut säännöt tarkastettiin.", "Rätta regelfilen; de övriga reglerna granskades.",
                      "Fix the rule file; the other rules were checked."),
    "lang.table.fix": ("Korjaa taulukko merkityssä kohdassa; muut taulukot ja säännöt ladattiin.",
                       "Rätta tabellen på den markerade platsen; de övriga tabellerna och reglerna laddades.",
                       "Fix the table at the marked place; the other tables and rules were loaded."),
    "lang.bound.fix": ("Korjaa sääntö: arvioinnin rajat estävät yhtä sääntöä jumittamasta tarkastusta; muut säännöt "
                       "tarkastettiin.",
                       "Rätta regeln: utvärderingens gränser hindrar en regel från att låsa granskningen; de övriga "
                       "reglerna granskades.",
                       "Fix the rule: the bounds of evaluation keep one rule from stalling the check; the other rules "
                       "were checked."),
    "lang.dir.missing": ("Sääntöhakemistoa ei ole.", "Regelkatalogen finns inte.", "The rule directory does not exist."),
    "lang.dir.not_directory": ("Sääntöhakemisto ei ole hakemisto.", "Regelkatalogen är ingen katalog.",
                               "The rule directory is not a directory."),
    "lang.dir.unreadable": ("Sääntöhakemistoa ei voi lukea: {reason}.", "Regelkatalogen kan inte läsas: {reason}.",
                            "The rule directory cannot be read: {reason}."),
    "lang.definitions_only": ("Määritelmätiedostossa saa olla vain define-lauseita.",
                              "Definitionsfilen får bara innehålla define-satser.",
                              "The definitions file may contain define statements only."),
    "lang.rule_first": ("Sääntötiedosto alkaa sanalla 'rule'.", "En regelfil börjar med ordet 'rule'.",
                        "A rule file starts with the word 'rule'."),
    "lang.rule_twice": ("Sääntö {id} on jo määritelty: {path}.", "Regeln {id} har redan definierats: {path}.",
                        "The rule {id} is already defined: {path}."),
    "lang.what.rule_file": ("Sääntötiedosto", "Regelfilen", "The rule file"),
    "lang.what.rule_file.partitive": ("Sääntötiedostoa", "Regelfilen", "The rule file"),
    "lang.what.table": ("Taulukko", "Tabellen", "The table"),
    "lang.what.table.partitive": ("Taulukkoa", "Tabellen", "The table"),
    # ---- the data tables of a rule directory (lang/tables.py, rulebook._load_tables) ----------------------
    # Which entry a message is about, to start it: "Määräys 'oma': …".
    "lang.table.provision": ("Määräys '{name}'", "Bestämmelsen '{name}'", "Provision '{name}'"),
    "lang.table.statute": ("Säädös '{name}'", "Författningen '{name}'", "Statute '{name}'"),
    "lang.table.guidance": ("Ohje '{name}'", "Anvisningen '{name}'", "Guidance '{name}'"),
    "lang.table.quote": ("Lainaus '{name}'", "Citatet '{name}'", "Quote '{name}'"),
    "lang.table.lexeme": ("Tekstitieto '{name}'", "Textuppgiften '{name}'", "Text fact '{name}'"),
    "lang.table.registry": ("Kuntarekisteri", "Kommunregistret", "The municipality registry"),
    "lang.table.municipality": ("Kunta {n}", "Kommun {n}", "Municipality {n}"),
    # What a value must be ("… pitää olla {kind}") and what was found instead ("…, ei {found}").
    "lang.table.kind.text": ("teksti", "en text", "a text"),
    "lang.table.kind.code": ("teksti tai luku", "en text eller ett tal", "a text or a number"),
    "lang.table.kind.date": ("päivämäärä (2025-01-01)", "ett datum (2025-01-01)", "a date (2025-01-01)"),
    "lang.table.kind.texts": ("luettelo tekstejä, esimerkiksi [\"a\", \"b\"]",
                              "en lista med texter, till exempel [\"a\", \"b\"]",
                              "a list of texts, for example [\"a\", \"b\"]"),
    "lang.table.kind.codes": ("luettelo tekstejä tai lukuja", "en lista med texter eller tal",
                              "a list of texts or numbers"),
    "lang.table.kind.list": ("luettelo", "en lista", "a list"),
    "lang.table.kind.mapping": ("avain–arvo-rakenne", "en struktur med nycklar och värden",
                                "a mapping of keys to values"),
    "lang.table.found.text": ("teksti {value}", "texten {value}", "the text {value}"),
    "lang.table.found.number": ("luku {value}", "talet {value}", "the number {value}"),
    "lang.table.found.truth": ("totuusarvo {value}", "sanningsvärdet {value}", "the truth value {value}"),
    "lang.table.found.date": ("päivämäärä {value}", "datumet {value}", "the date {value}"),
    "lang.table.found.value": ("arvo {value}", "värdet {value}", "the value {value}"),
    "lang.table.found.empty": ("tyhjä arvo", "ett tomt värde", "an empty value"),
    "lang.table.found.list": ("luettelo", "en lista", "a list"),
    "lang.table.found.mapping": ("avain–arvo-rakenne", "en struktur med nycklar och värden",
                                 "a mapping of keys to values"),
    "lang.table.yaml": ("YAML-virhe: {problem}.", "YAML-fel: {problem}.", "YAML error: {problem}."),
    "lang.table.too_deep": ("YAML on liian syvälle sisäkkäinen (yli {n} tasoa).",
                            "YAML-strukturen är för djupt nästlad (över {n} nivåer).",
                            "The YAML is nested too deep (over {n} levels)."),
    "lang.table.too_many_nodes": ("Taulukossa on yli {n} YAML-solmua (esimerkiksi ankkureilla ja viittauksilla "
                                  "monistettu rakenne).",
                                  "Tabellen har över {n} YAML-noder (till exempel en struktur som mångfaldigats med "
                                  "ankare och alias).",
                                  "The table has over {n} YAML nodes (for example a structure multiplied by anchors "
                                  "and aliases)."),
    "lang.table.more_errors": ("Taulukossa on vielä {n} muuta virhettä; vain {max} ensimmäistä näytetään.",
                               "Tabellen har ytterligare {n} fel; bara de {max} första visas.",
                               "The table has {n} more errors; only the first {max} are shown."),
    "lang.table.top_kind": ("{what}: ylimmän tason pitää olla {kind}, ei {found}.",
                            "{what}: den översta nivån ska vara {kind}, inte {found}.",
                            "{what}: the top level must be {kind}, not {found}."),
    "lang.table.entry_kind": ("{what}: arvon pitää olla {kind}, ei {found}.", "{what}: värdet ska vara {kind}, inte {found}.",
                              "{what}: the value must be {kind}, not {found}."),
    "lang.table.key_kind": ("{what}: avaimen pitää olla teksti, ei {found}.",
                            "{what}: nyckeln ska vara en text, inte {found}.",
                            "{what}: the key must be a text, not {found}."),
    "lang.table.key_twice": ("{what}: avain '{key}' on jo annettu rivillä {line}.",
                             "{what}: nyckeln '{key}' har redan angetts på rad {line}.",
                             "{what}: the key '{key}' is already given on line {line}."),
    "lang.table.unknown_field": ("{what}: tuntematon kenttä '{key}' (kentät: {known}).{hint}",
                                 "{what}: okänt fält '{key}' (fälten är {known}).{hint}",
                                 "{what}: unknown field '{key}' (the fields are {known}).{hint}"),
    "lang.table.required_empty": ("{what}: pakollinen kenttä '{key}' on tyhjä.",
                                  "{what}: det obligatoriska fältet '{key}' är tomt.",
                                  "{what}: the required field '{key}' is empty."),
    "lang.table.required_missing": ("{what}: pakollinen kenttä '{key}' puuttuu.",
                                    "{what}: det obligatoriska fältet '{key}' saknas.",
                                    "{what}: the required field '{key}' is missing."),
    "lang.table.field_kind": ("{what}: kentän '{key}' pitää olla {kind}, ei {found}.",
                              "{what}: fältet '{key}' ska vara {kind}, inte {found}.",
                              "{what}: the field '{key}' must be {kind}, not {found}."),
    "lang.table.item_kind": ("{what}: kentän '{key}' kohdan {n} pitää olla {kind}, ei {found}.",
                             "{what}: punkt {n} i fältet '{key}' ska vara {kind}, inte {found}.",
                             "{what}: item {n} of the field '{key}' must be {kind}, not {found}."),
    "lang.table.field_invalid": ("{what}: kentän '{key}' arvo on virheellinen ({problem}).",
                                 "{what}: värdet i fältet '{key}' är ogiltigt ({problem}).",
                                 "{what}: the value of the field '{key}' is invalid ({problem})."),
    "lang.table.item_invalid": ("{what}: kentän '{key}' kohdan {n} arvo on virheellinen ({problem}).",
                                "{what}: värdet i punkt {n} i fältet '{key}' är ogiltigt ({problem}).",
                                "{what}: the value of item {n} of the field '{key}' is invalid ({problem})."),
    "lang.table.registry_empty": ("Kuntarekisteri on tyhjä: odotettiin avainta 'kunnat' ja sen alla luetteloa "
                                  "kunnista.",
                                  "Kommunregistret är tomt: nyckeln 'kunnat' med en lista över kommunerna under den "
                                  "förväntades.",
                                  "The municipality registry is empty: the key 'kunnat' with a list of the "
                                  "municipalities under it was expected."),
    "lang.table.not_a_field": ("Määräyksen '{name}' avain '{key}' ei ole sopimuksen kenttä.",
                               "Nyckeln '{key}' i bestämmelsen '{name}' är inte ett fält i avtalet.",
                               "The key '{key}' of the provision '{name}' is not a field of the agreement."),
    "lang.empty_pattern": ("Tyhjä hakulauseke: {pattern}; siinä ei ole sanaa, jota etsiä.",
                           "Tomt sökmönster: {pattern}; det finns inget ord att söka efter.",
                           "Empty search pattern: {pattern}; it has no word to look for."),
    "lang.table.empty_pattern": ("{what}: tyhjä hakulauseke: {pattern}", "{what}: tomt sökmönster: {pattern}",
                                 "{what}: empty search pattern: {pattern}"),
    "lang.source.nul": ("{what} ei ole tekstiä: siinä on NUL-tavu. Tallenna se UTF-8-tekstinä.",
                        "{what} är inte text: den innehåller en NUL-byte. Spara den som UTF-8-text.",
                        "{what} is not text: it contains a NUL byte. Save it as UTF-8 text."),
    "lang.source.encoding": ("{what} ei ole UTF-8-koodattu (virheellinen tavu {byte}). Tallenna se UTF-8-merkistössä.",
                             "{what} är inte UTF-8-kodad (ogiltig byte {byte}). Spara den med teckenkodningen UTF-8.",
                             "{what} is not UTF-8 encoded (invalid byte {byte}). Save it in UTF-8."),
    "lang.source.not_regular": ("Ei tavallinen tiedosto ({kind}): {what:lower} luetaan vain tavallisesta tiedostosta.",
                                "Ingen vanlig fil ({kind}): {what:lower} läses bara från en vanlig fil.",
                                "Not a regular file ({kind}): {what:lower} is read from a regular file only."),
    "lang.source.unreadable": ("{what} ei voi lukea: {reason}.", "{what} kan inte läsas: {reason}.",
                               "{what} cannot be read: {reason}."),
    "lang.source.too_large": ("{what} on liian suuri ({size} tavua, enintään {limit} eli 1 MiB, sama raja kuin "
                              "sopimuksilla).",
                              "{what} är för stor ({size} byte, högst {limit} eller 1 MiB, samma gräns som för avtal).",
                              "{what} is too large ({size} bytes, at most {limit} or 1 MiB, the bound of agreements too)."),
    "lang.kind.directory": ("hakemisto", "katalog", "a directory"),
    "lang.kind.fifo": ("nimetty putki (FIFO)", "namngiven pipe (FIFO)", "a named pipe (FIFO)"),
    "lang.kind.socket": ("pistoke", "socket", "a socket"),
    "lang.kind.device": ("laitetiedosto", "enhetsfil", "a device file"),
    "lang.kind.special": ("erikoistiedosto", "specialfil", "a special file"),
    "lang.number_too_large": ("Luku on liian suuri (enintään 10^18).", "Talet är för stort (högst 10^18).",
                              "The number is too large (at most 10^18)."),
    "lang.no_such_date": ("Päivämäärää {date} ei ole kalenterissa.", "Datumet {date} finns inte i kalendern.",
                          "The date {date} is not in the calendar."),
    "lang.given_twice_at": ("'{kind}' on jo annettu rivillä {line}.", "'{kind}' har redan angetts på rad {line}.",
                            "'{kind}' is already given on line {line}."),
    "lang.given_twice": ("'{what}' on jo annettu.", "'{what}' har redan angetts.", "'{what}' is already given."),
    "lang.syntax": ("Syntaksivirhe: {problem}", "Syntaxfel: {problem}", "Syntax error: {problem}"),
    "lang.syntax.char": ("odottamaton merkki {char}", "oväntat tecken {char}", "unexpected character {char}"),
    "lang.syntax.eof": ("tiedosto päättyy kesken", "filen tar slut för tidigt", "the file ends too early"),
    "lang.syntax.token": ("odottamaton {got}; odotettiin: {expected}{more}", "oväntat {got}; förväntades: {expected}{more}",
                          "unexpected {got}; expected: {expected}{more}"),
    "lang.token.RULE_ID": ("säännön tunnus (esim. KL54-SEURANTA)", "regelkod (t.ex. KL54-SEURANTA)",
                           "rule id (e.g. KL54-SEURANTA)"),
    "lang.token.STRING": ("merkkijono \"…\"", "sträng \"…\"", "string \"…\""),
    "lang.token.LONG_STRING": ("monirivinen merkkijono \"\"\"…\"\"\"", "flerradig sträng \"\"\"…\"\"\"",
                               "multi-line string \"\"\"…\"\"\""),
    "lang.token.NAME": ("nimi", "namn", "name"),
    "lang.token.FENCE": ("esimerkki ```…```", "exempel ```…```", "example ```…```"),
    "lang.token.SEVERITY": ("error, warning tai info", "error, warning eller info", "error, warning or info"),
    "lang.token.DATE": ("päivämäärä (2025-01-01)", "datum (2025-01-01)", "date (2025-01-01)"),
    "lang.token.INT": ("kokonaisluku", "heltal", "integer"),
    "lang.token.NUMBER": ("luku", "tal", "number"),
    "lang.token.DOC_TYPE": ("asiakirjatyyppi", "dokumenttyp", "document type"),
    "lang.token.COMP_OP": ("vertailu", "jämförelse", "comparison"),
    "lang.token.EXAMPLE_KIND": ("pass tai fail", "pass eller fail", "pass or fail"),
    "lang.token.END": ("tiedoston loppu", "filens slut", "end of file"),
    "lang.too_deep": ("Lauseke on liian syvälle sisäkkäinen (yli {n} tasoa).", "Uttrycket är för djupt nästlat (över {n} nivåer).",
                      "The expression is nested too deep (over {n} levels)."),
    "lang.too_many_tokens": ("Lausekkeissa on liian monta osaa (yli {n} sanaa, lukua ja merkkiä merkkijonojen ja "
                             "esimerkkien ulkopuolella). Jaa sääntö useaan tiedostoon.",
                             "Uttrycken har för många delar (över {n} ord, tal och tecken utanför strängar och exempel). "
                             "Dela upp regeln i flera filer.",
                             "The expressions have too many parts (over {n} words, numbers and signs outside strings and "
                             "examples). Split the rule into several files."),
    "lang.too_many_terms": ("Laskutoimituksessa on liian monta peräkkäistä termiä (yli {n}); laske pitkä summa "
                            "sum-kvanttorilla luettelosta.",
                            "Beräkningen har för många termer i följd (över {n}); räkna en lång summa med sum-kvantorn "
                            "över en lista.",
                            "The calculation has too many terms in a row (over {n}); compute a long sum with the sum "
                            "quantifier over a list."),
    "lang.invalid_value": ("Virheellinen arvo: {error}", "Ogiltigt värde: {error}", "Invalid value: {error}"),
    "lang.id_mismatch": ("Säännön tunnus '{id}' ei vastaa tiedoston nimeä '{expected}.tark'.",
                         "Regelns kod '{id}' motsvarar inte filnamnet '{expected}.tark'.",
                         "The rule id '{id}' does not match the file name '{expected}.tark'."),
    "lang.no_when": ("Säännössä ei ole yhtään when-ehtoa, joten se ei voi antaa havaintoja.",
                     "Regeln har inget when-villkor, så den kan inte ge några fynd.",
                     "The rule has no when condition, so it can give no findings."),
    "lang.too_many_bindings": ("Säännössä on liian monta for- ja let-lausetta (yli {n}).",
                               "Regeln har för många for- och let-satser (över {n}).",
                               "The rule has too many for and let clauses (over {n})."),
    "lang.corpus_mixed": ("Asiakirjajoukkoa koskeva sääntö (applies-to asiakirjat) ei voi koskea myös yksittäisiä "
                          "asiakirjatyyppejä.",
                          "En regel för dokumentmängden (applies-to asiakirjat) kan inte också gälla enskilda "
                          "dokumenttyper.",
                          "A rule over the set of documents (applies-to asiakirjat) cannot also apply to single document "
                          "types."),
    "lang.unknown_statute": ("Tuntematon säädös '{statute}' viittauksessa.{hint}",
                             "Okänd författning '{statute}' i hänvisningen.{hint}",
                             "Unknown statute '{statute}' in the citation.{hint}"),
    "lang.cite_without_statute": ("{{cite}} viittaa säännön ensimmäiseen säädösviittaukseen, mutta säännössä ei ole "
                                  "cite-lausetta säädökseen.",
                                  "{{cite}} står för regelns första hänvisning till en författning, men regeln har ingen "
                                  "cite-sats för en författning.",
                                  "{{cite}} stands for the rule's first statute citation, but the rule has no cite clause "
                                  "for a statute."),
    "lang.too_deep_with_definitions": ("Lauseke on liian syvälle sisäkkäinen, kun sen käyttämät määritelmät ja let-arvot "
                                       "lasketaan mukaan ({found} tasoa, enintään {max}).",
                                       "Uttrycket är för djupt nästlat när definitionerna och let-värdena det använder "
                                       "räknas med ({found} nivåer, högst {max}).",
                                       "The expression is nested too deep when the definitions and let values it uses "
                                       "are counted ({found} levels, at most {max})."),
    "lang.field_spelling": ("Kirjoita kentän nimi muodossa '{name}'.", "Skriv fältets namn som '{name}'.",
                            "Write the field's name as '{name}'."),
    "lang.unknown_name": ("Tuntematon nimi '{name}': se ei ole sopimuksen kenttä, muuttuja eikä määritelmä.{hint}",
                          "Okänt namn '{name}': det är varken ett fält i avtalet, en variabel eller en definition.{hint}",
                          "Unknown name '{name}': it is neither a field of the agreement, a variable nor a "
                          "definition.{hint}"),
    "lang.section_field": ("Otsikolla ei ole kenttää '{name}' (käytä otsikko tai teksti).",
                           "En rubrik har inget fält '{name}' (använd otsikko eller teksti).",
                           "A heading has no field '{name}' (use otsikko or teksti)."),
    "lang.no_subfields": ("Kentällä ei ole alikenttiä ('{name}'): arvo on {shape}.",
                          "Fältet har inga underfält ('{name}'): värdet är {shape}.",
                          "The field has no sub-fields ('{name}'): its value is {shape}."),
    "lang.unknown_field": ("Tuntematon kenttä '{name}' ({map}).{hint}", "Okänt fält '{name}' ({map}).{hint}",
                           "Unknown field '{name}' ({map}).{hint}"),
    "lang.function.arity": ("Määritelmä '{name}' ottaa {n} argumenttia, annettiin {given}.",
                            "Definitionen '{name}' tar {n} argument, {given} gavs.",
                            "The definition '{name}' takes {n} arguments, {given} given."),
    "lang.function.recursive": ("Määritelmä kutsuu itseään ({chain}); kirjoita ehto ilman rekursiota.",
                                "Definitionen anropar sig själv ({chain}); skriv villkoret utan rekursion.",
                                "The definition calls itself ({chain}); write the condition without recursion."),
    "lang.function.too_deep": ("Määritelmien kutsuja on sisäkkäin yli {n}.", "Över {n} anrop av definitioner i varandra.",
                               "More than {n} calls of definitions inside each other."),
    "lang.function.too_large": ("Sääntö on määritelmien kutsut auki kirjoitettuna liian suuri (yli {n} solmua).",
                                "Regeln blir för stor när definitionernas anrop skrivs ut (över {n} noder).",
                                "The rule is too large with the definitions' calls written out (over {n} nodes)."),
    "lang.function.builtin": ("'{name}' on sisäänrakennetun funktion nimi; anna määritelmälle toinen nimi.",
                              "'{name}' är namnet på en inbyggd funktion; ge definitionen ett annat namn.",
                              "'{name}' is the name of a built-in function; give the definition another name."),
    "lang.function.params": ("Määritelmän '{name}' parametreilla pitää olla eri nimet.",
                             "Parametrarna i definitionen '{name}' ska ha olika namn.",
                             "The parameters of the definition '{name}' must have different names."),
    "lang.unknown_quote": ("Tuntematon lainaus '{key}' (rules/lainaukset.yaml).{hint}",
                           "Okänt citat '{key}' (rules/lainaukset.yaml).{hint}",
                           "Unknown quote '{key}' (rules/lainaukset.yaml).{hint}"),
    "lang.unknown_guidance": ("Tuntematon ohje '{key}' (rules/ohjeet.yaml).{hint}",
                              "Okänd anvisning '{key}' (rules/ohjeet.yaml).{hint}",
                              "Unknown guidance '{key}' (rules/ohjeet.yaml).{hint}"),
    "lang.unknown_function": ("Tuntematon funktio '{name}'.{hint}", "Okänd funktion '{name}'.{hint}",
                              "Unknown function '{name}'.{hint}"),
    "lang.arity": ("Funktio '{name}' ottaa {low} argumenttia, annettiin {given}.",
                   "Funktionen '{name}' tar {low} argument, {given} gavs.",
                   "The function '{name}' takes {low} arguments, {given} were given."),
    "lang.unknown_provision": ("Tuntematon määräys '{name}' (rules/provisions.yaml).{hint}",
                               "Okänd bestämmelse '{name}' (rules/provisions.yaml).{hint}",
                               "Unknown provision '{name}' (rules/provisions.yaml).{hint}"),
    "lang.document_outside_corpus": ("document() on käytettävissä vain asiakirjajoukkoa koskevissa säännöissä "
                                     "(applies-to asiakirjat).",
                                     "document() kan bara användas i regler för dokumentmängden (applies-to asiakirjat).",
                                     "document() can only be used in rules over the set of documents "
                                     "(applies-to asiakirjat)."),
    "lang.pattern_needed": ("Operaattorin ~ oikealla puolella pitää olla hakulauseke \"…\".",
                            "Till höger om operatorn ~ ska det stå ett sökmönster \"…\".",
                            "The right side of the operator ~ must be a search pattern \"…\"."),
    "lang.limit.text": ("Merkkijonosta tulisi liian pitkä ({n} merkkiä, enintään {max}).",
                        "Strängen skulle bli för lång ({n} tecken, högst {max}).",
                        "The text would be too long ({n} characters, at most {max})."),
    "lang.limit.list": ("Luettelosta tulisi liian pitkä ({n} alkiota, enintään {max}).",
                        "Listan skulle bli för lång ({n} element, högst {max}).",
                        "The list would be too long ({n} items, at most {max})."),
    "lang.limit.number": ("Laskutoimituksen tulos on liian suuri (itseisarvoltaan enintään 10^18).",
                          "Resultatet av beräkningen är för stort (till absolutbeloppet högst 10^18).",
                          "The result of the calculation is too large (at most 10^18 in absolute value)."),
    "lang.limit.work": ("Arviointi vaatii liikaa työtä: yli {budget} askelta {where} (askel on lausekkeen osa tai "
                        "käsitelty luettelon alkio). Tarkista sisäkkäiset silmukat ja toistetut luettelot.",
                        "Utvärderingen kräver för mycket arbete: över {budget} steg {where} (ett steg är en del av ett "
                        "uttryck eller ett behandlat listelement). Kontrollera nästlade slingor och upprepade listor.",
                        "The evaluation takes too much work: over {budget} steps {where} (a step is a part of an "
                        "expression or a list item handled). Check nested loops and repeated lists."),
    "lang.limit.work.document": ("yhdessä asiakirjassa", "i ett dokument", "in one document"),
    "lang.limit.work.corpus": ("asiakirjajoukossa ({steps} ja {corpus} kutakin asiakirjaa kohden)",
                               "i dokumentmängden ({steps} och {corpus} per dokument)",
                               "in the set of documents ({steps} and {corpus} per document)"),
    "lang.limit.deep": ("Lauseke on liian syvälle sisäkkäinen arvioitavaksi.", "Uttrycket är för djupt nästlat för att "
                        "utvärderas.", "The expression is nested too deep to evaluate."),
    "lang.limit.memory": ("Muisti loppui kesken arvioinnin.", "Minnet tog slut under utvärderingen.",
                          "Memory ran out during the evaluation."),
}

# How citations name a statute in Swedish and English, by its abbreviation in
# rules/statutes.yaml (whose näyttö is the Finnish: "KL", "JärjL",
# "383/2023"). With cite.* this is the one table every citation is said from:
# "KL 54 § 2 mom." / "54 § 2 mom. KomL" / "Local Government Act 54 § (2)".
STATUTE_NAMES: dict[str, tuple[str, str]] = {
    "KL": ("KomL", "Local Government Act"),
    "JärjL": ("i lagen om ordnande av arbetskraftsservice", "Act on the Organisation of Employment Services"),
    "VPL": ("i införandelagen 383/2023", "Implementing Act 383/2023"),
    "HOL": ("i lagen om rättegång i förvaltningsärenden", "Act on Court Proceedings in Administrative Matters"),
    "HLL": ("i förvaltningsprocesslagen", "Administrative Judicial Procedure Act (1996)"),
    "KotoL": ("i lagen om främjande av integration", "Act on the Promotion of Integration"),
    "KotoL2010": ("i lagen om främjande av integration (1386/2010)",
                  "Act on the Promotion of Integration (1386/2010)"),
    "JTYPL": ("i lagen om offentlig arbetskrafts- och företagsservice",
              "Act on Public Employment and Business Service"),
    "KL1995": ("KomL (365/1995)", "Local Government Act (365/1995)"),
    "TTL": ("i lagen om utkomstskydd för arbetslösa", "Unemployment Security Act"),
    "TSL": ("i dataskyddslagen", "Data Protection Act"),
    "VahL": ("i skadeståndslagen", "Tort Liability Act"),
}


def statute_name(statute: str, display: str, lang: str) -> str:
    """How a citation in ``lang`` names the statute ``statute`` (its Finnish is ``display``)."""
    if lang == DEFAULT or statute not in STATUTE_NAMES:
        return display or statute
    return STATUTE_NAMES[statute][1 if lang == "en" else 0]

# Click's own words (its gettext message ids, in English) in Finnish and
# Swedish: cli.py hands them to click while a command of tarkastus runs.
# Plural pairs are keyed by (singular, plural) and give (one, many) per language.
CLICK: dict = {
    "Usage:": ("Käyttö:", "Användning:"),
    "Options": ("Valinnat", "Alternativ"),
    "Commands": ("Komennot", "Kommandon"),
    "Positional arguments": ("Argumentit", "Argument"),
    "Show this message and exit.": ("Näytä tämä ohje ja lopeta.", "Visa den här hjälpen och avsluta."),
    "Error: {message}": ("Virhe: {message}", "Fel: {message}"),
    "Try '{command} {option}' for help.": ("Katso ohje: '{command} {option}'.", "Se hjälpen: '{command} {option}'."),
    "Missing argument": ("Argumentti puuttuu", "Argument saknas"),
    "Missing option": ("Valinta puuttuu", "Alternativ saknas"),
    "Missing parameter": ("Parametri puuttuu", "Parameter saknas"),
    "Missing parameter: {param_name}": ("Parametri puuttuu: {param_name}", "Parameter saknas: {param_name}"),
    "Missing {param_type}": ("Puuttuu: {param_type}", "Saknas: {param_type}"),
    "Missing command.": ("Komento puuttuu.", "Kommando saknas."),
    "No such option {name!r}.": ("Valintaa {name!r} ei ole.", "Alternativet {name!r} finns inte."),
    "No such command {name!r}.": ("Komentoa {name!r} ei ole.", "Kommandot {name!r} finns inte."),
    "Invalid value for {param_hint}: {message}": ("Virheellinen arvo ({param_hint}): {message}",
                                                  "Ogiltigt värde för {param_hint}: {message}"),
    "Invalid value: {message}": ("Virheellinen arvo: {message}", "Ogiltigt värde: {message}"),
    "Could not open file {filename!r}: {message}": ("Tiedostoa {filename!r} ei voi avata: {message}",
                                                    "Filen {filename!r} kan inte öppnas: {message}"),
    "unknown error": ("tuntematon virhe", "okänt fel"),
    "Aborted!": ("Keskeytetty!", "Avbrutet!"),
    "Invalid start character for option ({option})": ("Valinnan alkumerkki on virheellinen ({option})",
                                                      "Ogiltigt inledande tecken för alternativ ({option})"),
    "Option {name!r} does not take a value.": ("Valinta {name!r} ei ota arvoa.", "Alternativet {name!r} tar inget värde."),
    "Argument {name!r} takes {nargs} values.": ("Argumentti {name!r} ottaa {nargs} arvoa.",
                                               "Argumentet {name!r} tar {nargs} värden."),
    "Value must be an iterable.": ("Arvon pitää olla luettelo.", "Värdet ska vara en lista."),
    "env var: {var}": ("ympäristömuuttuja: {var}", "miljövariabel: {var}"),
    "default: {default}": ("oletus: {default}", "standard: {default}"),
    "required": ("pakollinen", "obligatorisk"),
    "(dynamic)": ("(dynaaminen)", "(dynamisk)"),
    "deprecated": ("vanhentunut", "föråldrad"),
    "file": ("tiedosto", "fil"),
    "directory": ("hakemisto", "katalog"),
    "path": ("polku", "sökväg"),
    "{name} {filename!r} does not exist.": ("{name} {filename!r} ei ole olemassa.", "{name} {filename!r} finns inte."),
    "{name} {filename!r} is a file.": ("{name} {filename!r} on tiedosto.", "{name} {filename!r} är en fil."),
    "{name} {filename!r} is a directory.": ("{name} {filename!r} on hakemisto.", "{name} {filename!r} är en katalog."),
    "{name} {filename!r} is not readable.": ("{name} {filename!r} ei ole luettavissa.", "{name} {filename!r} är inte läsbar."),
    "{name} {filename!r} is not writable.": ("{name} {filename!r} ei ole kirjoitettavissa.",
                                             "{name} {filename!r} är inte skrivbar."),
    "{name} {filename!r} is not executable.": ("{name} {filename!r} ei ole suoritettavissa.",
                                               "{name} {filename!r} är inte körbar."),
    "Choose from:\n\t{choices}": ("Valitse näistä:\n\t{choices}", "Välj bland:\n\t{choices}"),
    "{value} is not in the range {range}.": ("{value} ei ole välillä {range}.", "{value} är inte i intervallet {range}."),
    "{value!r} is not a valid {number_type}.": ("{value!r} ei ole kelvollinen luku.", "{value!r} är inget giltigt tal."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        ("{value!r} ei ole {choice}.", "{value!r} ei ole mikään arvoista {choices}."),
        ("{value!r} är inte {choice}.", "{value!r} är inte något av {choices}.")),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        ("Tarkoititko {possibility}?", "(Tarkoititko jotakin näistä: {possibilities}?)"),
        ("Menade du {possibility}?", "(Menade du något av: {possibilities}?)")),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        ("Ylimääräinen argumentti ({args})", "Ylimääräisiä argumentteja ({args})"),
        ("Oväntat extra argument ({args})", "Oväntade extra argument ({args})")),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        ("Valinta {name!r} tarvitsee arvon.", "Valinta {name!r} tarvitsee {nargs} arvoa."),
        ("Alternativet {name!r} kräver ett värde.", "Alternativet {name!r} kräver {nargs} värden.")),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        ("Ottaa {nargs} arvoa, mutta annettiin 1.", "Ottaa {nargs} arvoa, mutta annettiin {len}."),
        ("Tar {nargs} värden men 1 gavs.", "Tar {nargs} värden men {len} gavs.")),
}


def click_text(message: str, lang: str) -> str:
    """One of click's own words in ``lang`` (its English as it is, and for anything not translated)."""
    if lang == "en":
        return message
    found = CLICK.get(message)
    return found[1 if lang == "sv" else 0] if found is not None else message


def click_plural(singular: str, plural: str, n: int, lang: str) -> str:
    """One of click's plural phrases in ``lang``, for ``n``."""
    found = CLICK.get((singular, plural))
    if lang == "en" or found is None:
        return singular if n == 1 else plural
    one, many = found[1 if lang == "sv" else 0]
    return one if n == 1 else many
