"""Which languages a text may be in, to decide which language-scoped rules run on it.

Not a language identifier: it answers "could this be German?" for the languages our rules are
written for, and may answer yes for several. Scripts decide the non-Latin ones (Cyrillic, Han,
kana, Hangul, Arabic, Devanagari, Bengali, Greek, Hebrew, Thai), and letters only one of them
uses tell Ukrainian from Russian; Latin-script languages, and Persian and Urdu in the Arabic
script, are recognised by their commonest function words, which even a short article uses dozens
of times (a page of results tables, whose numbers drown them, is judged again without its
numbers). A page mixing languages gets the rules of each; a text too short to judge, or in none
of these languages, gets ``None`` (any language), and then only the rules of languages whose
script occurs in it (``languages_ruled_out``).
"""
from __future__ import annotations

from codecs import charmap_encode
from collections import Counter
from functools import lru_cache
from itertools import islice

import ahocorasick_rs
import regex

from .textdoc import (WINDOWS_1252, CodePage, Encoding, in_latin_script, lowercase_spaced, lowercase_words_of,
                      outside_latin, word_count)

# The most frequent short function words of each language, chosen to be rare in the others.
FUNCTION_WORDS = {
    "en": "the and of to is was for that with on are from this have has which were their",
    "de": "der die und das ist nicht mit sich auch den dem des ein eine einen wird sind bei für",
    "fr": "le la les des est et une dans pour qui que sur pas plus avec par ont été sont aux",
    "es": "el los las del una por para con que se más está fue son como pero sus también",
    "it": "il della che gli nel delle alla sono non una per dei anche è più degli questo",
    "pt": "os não uma com para são pelo pela mais foi também dos das seu sua em ao nas nos",
    "nl": "het een van niet voor met zijn dat aan ook wordt bij naar werd hun deze",
    "pl": "się nie że jest jak ale przez od dla czy już tylko być został jego oraz który która które",
    "tr": "ve bir bu için ile olarak daha çok olan gibi kadar ancak sonra ise değil göre",
    "id": "yang dan ini itu dengan untuk dari dalam tidak akan pada juga karena adalah oleh",
    "vi": "của và các là có được cho không những người trong một đã với này khi",
    # Czech and Slovak: besides "že" (and Slovak "sa"), their commonest words are one-letter
    # prepositions, and "v" and "k" are theirs alone (Polish writes "w"), so a text in either
    # usually gets the rules of both; each has its own "which", "was", "are", "as", "according
    # to" ("který/ktorý", "byl/bol", "jsou/sú", "jako/ako", "podle/podľa"); never "pro", "pre"
    # (MacBook Pro, pre-season), "aj" (AJ, a name)
    "cs": "v k že který která které kteří jsou byl byla bylo byly jako podle když ještě při nebo již jen není mezi",
    "sk": "v k sa že ktorý ktorá ktoré ktorí sú bol bola bolo boli ako podľa keď ešte pri alebo len tiež",
    # Romanian: both spellings of "and" (s with a comma below, or the older cedilla); "pe", "cu",
    # "pentru", "fost", "sunt", "unui", "despre" carry a text written without diacritics (never
    # "la", "de", "se", "care", "este", "mai", "nu": French, Spanish, English, Vietnamese, Dutch)
    "ro": "și şi în că să pe cu pentru fost sunt după dupa până acest această unui unei despre doar fără",
    # Hungarian: never "a", "is", "van" (Dutch), "meg" (Norwegian), "nem", "sem" (Portuguese)
    "hu": "az egy és hogy már csak még volt vagy mint pedig után között szerint azt ezt amely aki akkor mert",
    # Croatian, Bosnian and Serbian in the Latin script, one group ("hr"): they write the same
    # function words but for "gdje/gde" and "također/takođe". Never their commonest ones, which
    # others spell too: "je" (French, Dutch), "i", "u", "a", "su" (Spanish, Italian), "se"
    # (Spanish), "sa" (Slovak), "da", "ne", "te", "na", "za", "od", "po", "do", "o" (Italian,
    # Portuguese, Czech, Polish); nor "ali" (a name in English, Turkish and Indonesian text), nor
    # the words Slovenian shares ("biti", "samo", "tako", "iz", "ima", "bila", "bilo", "smo")
    "hr": "koji koja koje što nije će još već može prema nakon između također takođe jer kada gdje gde zbog ili kao",
    # Slovenian: its own words only; never "je", "in", "so" (French, English), "v", "k", "že"
    # (Czech and Slovak: a Slovenian text may get their rules too, but they never get Slovenian
    # ones), "pri" (Slovak), "da", "se", "na", "za", "ni" (the Romance languages), "ter", "sem"
    # (Portuguese), "med" (the Nordic languages), "ob" (German), "pa" (PA, Pennsylvania),
    # "ali" (a name), "bil" (Nordic "car"), "kako", "samo", "tako", "iz", "smo" (Croatian).
    # "ki" is a Hungarian verb particle too, but only one word of the list
    "sl": "ki tudi še ker kot zaradi lahko če kjer vendar jih bo bodo vse kateri katere zelo naj oziroma saj tega ko",
    # the Nordic languages share many of their commonest words ("det", "som", "på", "med", "har"),
    # so each list keeps to the words its neighbours spell otherwise ("och"/"og", "inte"/"ikke",
    # "från"/"fra", "hade"/"havde"/"hadde"); Danish and Norwegian Bokmål, closest of all, still
    # share "og", "ikke", "også", "være", "når", and a text of one may get the rules of both
    "sv": "och att är inte ett från också när hade där för sig vid dessa detta säger sedan mycket inom mellan",
    "da": "og ikke også af havde bliver være når hvor hvad hvis siger skal denne disse meget jeg mellem nogle",
    "no": "og ikke også å av seg etter hadde ble være blir sier når hva mye noe nå mellom enn",
    # German, Polish and Estonian say "ja" too, but no other word of the list: alone it never makes
    # the share. Never "ei" (Estonian "not": with "ja" it made an Estonian text Finnish), "on"
    # (English, Estonian), "oma" (Estonian "own"); "vain" ("only") takes the place of "ei"
    "fi": "ja että oli hän mutta myös ovat joka niin kuin jos jotka sekä mukaan tämä hänen kanssa vielä koska vain",
    # the Baltic languages. Latvian and Lithuanian share many short words ("ir" is Latvian "is"
    # and Lithuanian "and"; "kas", "kad", "kur", "jau", "bet", "tas", "tai", "tik", "jo"), so each
    # list keeps to the words its neighbour spells otherwise ("arī"/"taip pat", "bija"/"buvo",
    # "pēc"/"po", "tikai"/"tik"). Latvian: never "un" (French, Spanish, Italian, Romanian), "par"
    # (French), "no" (Spanish, Italian, Portuguese, English), "to", "pie" (English), "vai"
    # (Portuguese "goes"), "var" (Swedish), "ka" (Estonian "also"), "nav" (English menus)
    "lv": "arī uz ar lai bija pēc tikai vēl kā tā viņš viņa būs šo līdz kurš kuru šajā tomēr tad",
    # Lithuanian: never "su" (Spanish, Italian), "o" (Portuguese), "po" (Polish, Czech, Slovak),
    # "per" (Italian), "dar" (Romanian "but"), "kai" (Finnish), "bus" (English), "jos" (Romanian)
    "lt": "yra į iš kaip nuo dėl buvo taip apie kuris kurie savo prie tačiau arba nes metų jis jie nėra",
    # Estonian: its commonest words are Finnish, English, French or Latvian ones too: never "ja",
    # "on", "ei", "oli", "ole", "olla", "oma" (Finnish), "see", "on" (English), "et", "mis",
    # "mille" (French), "ka" (Latvian "that"), "ta", "tema" (Spanish, Italian, Portuguese),
    # "veel" (Dutch), "nad" (Czech, Polish)
    "et": "kui aga ning siis kes nii kuid seda või pärast üle juba mida kõik vaid sest eest ütles olnud selle",
    # Persian and Urdu are written in the Arabic script, and told from Arabic (and each other) by
    # words Arabic does not write: Persian "az", "be", "ke", "ra", "ast", the verb prefix "mi" and
    # the plural "ha" where a space, not a zero-width non-joiner, sets them apart ("می گوید");
    # Urdu "ke", "mein", "se", "ne", "hai", spelt with letters of its own (ے, ں, ہ). Never Persian
    # "va" (Arabic and Urdu "و"), "ham" (Arabic "they"), "khod" (Urdu too), "in" and "vey" (Urdu
    # spells the letters of "NA", "TV": "این اے", "ٹی وی"), "yek" (Urdu "یک طرفہ"), "an" (Urdu "آن لائن")
    "fa": "از به که را با است می های برای در شده شد کرد کرده نیز تا بود دارد شود",
    "ur": "کے میں کی سے اور کو نے ہے کہ یہ ایک بھی کا ہیں پر تھا تھی تھے لیے لئے گیا",
}
# the code a page's declared language (HTML lang) has in the rules: Norwegian pages say "nb"
# (Bokmål) or "nn" (Nynorsk), and their rules are written for "no"; Serbian, Bosnian,
# Montenegrin and Serbo-Croatian pages ("sr", "bs", "cnr", "sh") get the one set written for
# "hr", the code their shared function words are guessed as (rules list one code, not four: the
# interface words are the same; a Cyrillic Serbian page declared "sr" gets them too, unmatched)
RULE_LANGUAGE = {"nb": "no", "nn": "no", "sr": "hr", "bs": "hr", "cnr": "hr", "sh": "hr"}
_LOOKUP: dict[str, set[str]] = {}
for _language, _words in FUNCTION_WORDS.items():
    for _word in _words.split():
        _LOOKUP.setdefault(_word, set()).add(_language)

SCRIPTS = {
    "ru": regex.compile(r"\p{Cyrillic}"),
    "zh": regex.compile(r"\p{Han}"),
    "ja": regex.compile(r"[\p{Hiragana}\p{Katakana}]"),
    "ar": regex.compile(r"\p{Arabic}"),
    "hi": regex.compile(r"\p{Devanagari}"),
    "ko": regex.compile(r"\p{Hangul}"),
    # a Greek letter beside another: English science text writes "α-synuclein", "IL-1β", "5 μm",
    # "ΔT" with single Greek letters, which say nothing of its language; Greek words have two or more
    "el": regex.compile(r"\p{Greek}(?=\p{Greek})"),
    "he": regex.compile(r"\p{Hebrew}"),
    "th": regex.compile(r"\p{Thai}"),
    "bn": regex.compile(r"\p{Bengali}"),   # Assamese, in the same script, gets the Bengali rules
}
# Cyrillic letters that only one of the two languages uses; a Cyrillic text with neither (say
# Bulgarian) keeps the Russian rules
OWN_LETTERS = {"uk": regex.compile(r"[іїєґІЇЄҐ]"), "ru": regex.compile(r"[ыэъёЫЭЪЁ]")}
# The Arabic script: Arabic, unless the function words say Persian or Urdu (which keep the Arabic
# rules only where the letter they do not write, the teh marbuta "ة", shows Arabic text beside
# theirs: a quoted verse, a page in both); "fa" and "ur" rules are written in the script too
ARABIC_SCRIPT_LANGUAGES = frozenset({"fa", "ur"})
ARABIC_OWN_LETTERS = regex.compile("[\u0629]")
# the languages our rules are written for in ASCII letters alone: their lines leave ASCII mostly
# for their typographic quotes and dashes (``textdoc.fold_plain``)
ASCII_LETTER_LANGUAGES = frozenset({"en", "id"})

SAMPLE_CHARS = 4000      # enough text to count on; the whole of a long page adds little
MIN_WORDS = 40           # fewer words cannot be judged: every rule runs
MIN_SHARE = 0.04         # a language whose function words make 4% of the words is present
MIN_SCRIPT_CHARS = 20    # that many characters of a script mark its languages present
MIN_OWN_LETTERS = 10     # that many Ukrainian-only (or Russian-only) letters mark the language


def _at_least(count: int, pattern: regex.Pattern, text: str) -> bool:
    """Whether ``pattern`` matches ``text`` ``count`` times or more (it stops counting there)."""
    return sum(1 for _ in islice(pattern.finditer(text), count)) == count


def likely_languages(text: str, encoding: Encoding | None = None) -> frozenset[str] | None:
    """ISO 639-1 codes of the languages ``text`` may be in; None when it is too short to tell.
    (``encoding``: ``textdoc.in_code_page(text)``, if known.)"""
    sample = text[:SAMPLE_CHARS]
    counted, words = _counted_in_code_page(sample, encoding), None
    if counted is None:
        words = lowercase_words_of(sample)
        counted = (len(words), Counter(filter(_LOOKUP.__contains__, words)),
                   {} if in_latin_script(sample) else SCRIPTS)
    total, occurrences, scripts = counted   # (occurrences of function words only; scripts it may hold)
    # (Chinese, Japanese or Thai runs of \w are phrases, not words: count those by characters)
    if total < MIN_WORDS and (not scripts or word_count(sample) < MIN_WORDS):
        return None
    found: set[str] = set()
    letters = sample   # where the letters of other scripts are looked for
    if scripts:
        if words is not None:   # a sample that fits no page: most are in Latin script but for some names
            letters = _outside_latin_of(sample)
        found.update(code for code, script in scripts.items() if _at_least(MIN_SCRIPT_CHARS, script, letters))
        if "ja" in found:
            found.add("zh")  # Japanese uses Han too; zh rules are harmless on it, and vice versa
        if "ru" in found:   # the Cyrillic script: Russian, Ukrainian or both
            found = found - {"ru"} | _cyrillic_languages(letters)
    counts: dict[str, int] = {}
    for word, count in occurrences.items():
        for language in _LOOKUP[word]:
            counts[language] = counts.get(language, 0) + count
    present = {language for language, count in counts.items() if count >= MIN_SHARE * total}
    if not present and counts:   # a page of tables (results, prices): judged again without its numbers
        words = lowercase_words_of(sample) if words is None else words
        lettered = total - sum(map(str.isdigit, words))
        present = {language for language, count in counts.items() if count >= MIN_SHARE * lettered}
    found.update(present)
    if "ar" in found and found & ARABIC_SCRIPT_LANGUAGES and not _at_least(MIN_OWN_LETTERS, ARABIC_OWN_LETTERS, letters):
        found.discard("ar")
    return frozenset(found) or None  # a language we have no words for: every rule runs


def _outside_latin_of(sample: str) -> str:
    """What of ``sample`` the scripts are looked for in: its characters outside Latin script,
    where they are under half of it. Every script and letter looked for lies outside Latin, so
    they hold the same matches: an English sample with a few Cyrillic or Han names is scanned
    for each of the ten scripts in a hundredth of its characters. (A Chinese sample, nearly all
    outside Latin, is read whole.)"""
    letters = outside_latin(sample)
    return letters if 2 * len(letters) < len(sample) else sample


# Most samples fit a Windows code page (Western, Cyrillic, Central European...; see textdoc): there
# the function words are found by one Aho-Corasick pass over the sample's lowercased words,
# spaced (" the "), in 30% less time than building the words (40% less, in Cyrillic).
def _counted_in_code_page(sample: str, encoding: Encoding | None = None) -> tuple[int, dict[str, int], dict] | None:
    """(its number of words, how often each function word occurs, the ``SCRIPTS`` it may hold)
    of a sample that fits a code page; None for any other (``encoding``: of the text it begins)."""
    spaced = lowercase_spaced(sample, encoding)
    if spaced is None:
        return None
    words, total, page = spaced
    finder, function_words = _function_word_finder(page)
    # overlapping matches: " of " and " the " in " of the " share their space. The sample's bytes
    # are read as Latin-1, and the finder hands back its own spaced words: asking a bytes finder
    # for indexes (a tuple a match) cost 1% more of a text's instructions
    found = Counter(finder.find_matches_as_strings(" " + words.decode("latin-1") + " ", overlapping=True))
    # a sample that fits a page holds no letters of other scripts, only symbols (emoji, "²"), so
    # only the page's own script is looked for: Cyrillic in a Russian sample, none in a Western one
    scripts = {} if page is WINDOWS_1252 or in_latin_script(sample) else _scripts_of(page)
    return total, {function_words[spelled]: count for spelled, count in found.items()}, scripts


@lru_cache(maxsize=None)   # one entry per code page
def _scripts_of(page: CodePage) -> dict[str, regex.Pattern]:
    """The ``SCRIPTS`` whose letters a code page holds (the Cyrillic one's, for Windows-1251; the
    Greek one's, for Windows-1253). Each letter is tried doubled, as a script may look for two."""
    return {code: script for code, script in SCRIPTS.items()
            if any(script.match(character * 2) for character in page.characters)}


_FINDERS: dict[int, tuple[ahocorasick_rs.AhoCorasick, dict[str, str]]] = {}


def _function_word_finder(page: CodePage) -> tuple[ahocorasick_rs.AhoCorasick, dict[str, str]]:
    """The finder of the function words a code page can spell, spaced, and those words, built
    on first use ("się" cannot occur in a Western sample, nor "the" be missed in a Cyrillic one)."""
    key = id(page.encoding_table)
    if key not in _FINDERS:   # a race between threads at worst builds one twice
        spelled = {}
        for word in _LOOKUP:
            try:
                spelled[word] = charmap_encode(word, "strict", page.encoding_table)[0]
            except UnicodeEncodeError:
                continue
        # the page's bytes read as Latin-1, one character a byte, spaced -> the word
        spaced = {" " + encoded.decode("latin-1") + " ": word for word, encoded in spelled.items()}
        _FINDERS[key] = (ahocorasick_rs.AhoCorasick(list(spaced), store_patterns=True,
                                                    implementation=ahocorasick_rs.Implementation.DFA), spaced)
    return _FINDERS[key]


def languages_ruled_out(text: str) -> frozenset[str]:
    """The languages whose rules are written in a script that occurs nowhere in ``text``: they
    cannot apply, even when the text's own language is unknown. Each script is scanned once;
    Ukrainian shares Cyrillic with Russian, and Japanese labels may be all kanji ("広告")."""
    present = {code for code, script in SCRIPTS.items() if script.search(text)}
    if "ru" in present:
        present.add("uk")
    if "zh" in present:
        present.add("ja")
    if "ar" in present:
        present |= ARABIC_SCRIPT_LANGUAGES
    return (frozenset(SCRIPTS) | {"uk"} | ARABIC_SCRIPT_LANGUAGES) - present


def _cyrillic_languages(sample: str) -> set[str]:
    """Russian, Ukrainian or both, by the letters only one of them uses; Russian when neither shows."""
    own = {code for code, letters in OWN_LETTERS.items() if _at_least(MIN_OWN_LETTERS, letters, sample)}
    return own or {"ru"}
