"""Which languages' rules run on a text."""
from cleaner import Cleaner
from cleaner.languages import likely_languages

GERMAN = ("Der Stadtrat hat am Dienstag beschlossen, die alte Brücke am Hafen für ein Jahr zu sperren. "
          "Die Ingenieure sagen, dass die Risse im Winter größer geworden sind und nicht warten können. ") * 3
ENGLISH = ("The council voted on Tuesday to close the old harbour bridge for a year of repairs, and the "
           "engineers said that the cracks had grown over the winter and could not wait. ") * 3


def test_function_words_and_scripts():
    assert likely_languages(GERMAN) == {"de"}
    assert likely_languages(ENGLISH) == {"en"}
    assert "ru" in likely_languages("Городской совет во вторник решил закрыть старый мост в порту на год. " * 4)
    assert likely_languages(GERMAN + ENGLISH) >= {"de", "en"}     # mixed pages get both
    assert likely_languages("Too short to judge.") is None       # every rule runs


def test_a_page_of_numbers_is_judged_by_its_words():
    """A results table's numbers drown the function words of the lines around it; when no
    language reaches its share, the text is judged again with its numbers set aside."""
    prose = ("Nesta página você terá sempre a classificação atualizada da liga, com os pontos de cada "
             "equipe e os resultados das últimas rodadas para consulta dos leitores. ")
    table = "".join(f"{rank}\tEquipe {rank}\t{90 - rank}\t{rank % 7}\t{rank % 5}\t{rank % 3}\n" for rank in range(1, 41))
    assert likely_languages(prose + table) == {"pt"}
    assert likely_languages(ENGLISH + table) == {"en"}
    assert likely_languages(table) is None   # numbers and names alone: every rule runs


def test_more_scripts_and_languages():
    """Hangul; Ukrainian told from Russian by the letters only one of them uses; Turkish,
    Indonesian and Vietnamese by function words; a short Japanese text counted by characters."""
    ukrainian = "Міська рада у вівторок вирішила закрити старий міст у порту на рік. Інженери кажуть, що тріщини збільшилися взимку. " * 3
    russian = "Городской совет во вторник решил закрыть старый мост в порту на год. Инженеры говорят, что трещины выросли за зиму. " * 3
    assert likely_languages(ukrainian) == {"uk"}
    assert likely_languages(russian) == {"ru"}
    assert likely_languages(ukrainian + russian) == {"uk", "ru"}
    assert likely_languages("Градският съвет реши във вторник да затвори стария мост на пристанището. " * 4) == {"ru"}
    assert likely_languages("시의회는 화요일 항구의 오래된 다리를 1년 동안 보수를 위해 폐쇄하기로 결정했다. " * 4) == {"ko"}
    assert "tr" in likely_languages("Belediye meclisi salı günü eski köprünün bir yıl boyunca onarım için kapatılmasına "
                                    "karar verdi ve mühendisler çatlakların kış boyunca büyüdüğünü söyledi. " * 3)
    assert "vi" in likely_languages("Hội đồng thành phố đã quyết định đóng cửa cây cầu cũ ở cảng trong một năm để sửa "
                                    "chữa, và các kỹ sư cho biết những vết nứt không thể chờ đợi. " * 3)
    indonesian = ("Dewan kota memutuskan untuk menutup jembatan tua yang ada di pelabuhan selama satu tahun, dan "
                  "insinyur di kota itu mengatakan bahwa retakan di jembatan tidak akan bisa menunggu. ") * 3
    assert likely_languages(indonesian) == {"id"}   # not Italian: "di" is a word of both
    assert "it" in likely_languages("Il consiglio comunale ha deciso martedì di chiudere per un anno il vecchio ponte "
                                    "del porto, e gli ingegneri dicono che le crepe non possono aspettare. " * 3)
    assert likely_languages("霧ヶ原町で昨年閉校した小学校の校舎が、今月から地域の交流拠点として生まれ変わった。" * 3) == {"ja", "zh"}


def test_a_text_of_unknown_language_gets_the_rules_its_scripts_allow():
    """Greek is not guessed, so every language's rules may run, but not those written for a
    script the text lacks; a few Korean words are too few to judge, but they are Hangul."""
    from cleaner.languages import languages_ruled_out

    greek = "Το δημοτικό συμβούλιο αποφάσισε την Τρίτη να κλείσει την παλιά γέφυρα του λιμανιού. " * 3
    assert likely_languages(greek) is None
    assert languages_ruled_out(greek) == {"ru", "uk", "zh", "ja", "ko", "ar", "hi"}
    assert languages_ruled_out("広告") == {"ru", "uk", "ko", "ar", "hi"}   # kanji alone: Japanese too
    cleaner = Cleaner()
    assert {"en", "de", "tr"} <= cleaner._languages(greek, None) and "ko" not in cleaner._languages(greek, None)
    assert "ko" in cleaner._languages("광고 짧은 글", None)
    assert "teasers.read-also-ko" in cleaner.clean("관련기사: 시청 앞 광장 새 단장", kind="text").removed_by_rule


def test_language_scoped_rules_run_only_where_they_may_apply():
    cleaner = Cleaner()
    german = cleaner.clean(GERMAN + "\n\nLesen Sie auch: Fähre fährt wieder\n", kind="text")
    assert "teasers.read-also-de" in german.removed_by_rule
    forced = Cleaner(language="en").clean(GERMAN + "\n\nLesen Sie auch: Fähre fährt wieder\n", kind="text")
    assert "teasers.read-also-de" not in forced.removed_by_rule


def test_function_words_counted_in_one_pass_as_word_by_word():
    """The Aho-Corasick count over a sample in its code page equals counting its words one by one,
    however function words touch each other, punctuation, digits, capitals or symbols, in
    Western, Central European, Cyrillic, Greek or Turkish text."""
    import random
    from collections import Counter

    from cleaner.languages import _LOOKUP, _counted_in_code_page
    from cleaner.textdoc import in_code_page, lowercase_words_of

    rng = random.Random(3)
    pieces = (list(_LOOKUP) + ["The", "DER", "Été", "they", "other", "2024", "x", "SIĘ", "Że", "ÇOK", "Москва",
                                "ВСЁ", "Її", "Καλημέρα", "ΣΟΦΟΣ", "İstanbul", "ıi", "😀", "½", "²"]
              + list(" ,.;’“”—-\n") + ["  "])

    def random_text():
        return "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(0, 40)))

    counted = 0
    for _ in range(5_000):
        text, rest = random_text(), random_text()
        # counted alone, and as the sample of a longer text, in the code page that text fits
        for found in (_counted_in_code_page(text), _counted_in_code_page(text, in_code_page(text + rest))):
            if found is None:
                continue   # fits no code page, or holds a letter it cannot lowercase ("İ"): word by word
            words = lowercase_words_of(text)
            assert found[:2] == (len(words), Counter(filter(_LOOKUP.__contains__, words))), repr(text)
            counted += 1
    assert counted > 2000


def test_a_guess_reads_the_sample_in_the_code_page_of_the_whole_text():
    """A page encodes its text once, and the guess reads its sample there: English that a
    Cyrillic name far below puts in the Cyrillic code page is still English, and a text that
    fits no page as a whole is sampled on its own."""
    from cleaner.textdoc import WINDOWS_1252, in_code_page

    for text in (ENGLISH * 8 + "Москва", GERMAN * 8 + "Москва", ENGLISH * 8 + "中文"):
        encoding = in_code_page(text)
        assert encoding[1] is not WINDOWS_1252 or encoding[0] is None
        assert likely_languages(text, encoding) == likely_languages(text) == likely_languages(text[:4000])


def test_a_text_that_fits_a_code_page_is_looked_at_for_that_page_s_script_only():
    """A sample in one code page holds no letters of other scripts, only symbols of theirs, which
    tell nothing of its language: a Russian list numbered with circled Hangul (So, in the Hangul
    script) is Russian, and the scans for Han, Arabic or Devanagari are not run on it."""
    from cleaner.languages import SCRIPTS, _scripts_of
    from cleaner.textdoc import _CODE_PAGES, in_code_page

    russian = "Городской совет во вторник решил закрыть старый мост в порту на год. " * 4
    numbered = "\n".join(f"{chr(0x3260 + n)} пункт {n} списка работ на мосту" for n in range(25)) + "\n" + russian
    assert in_code_page(numbered)[0] is not None
    assert likely_languages(numbered) == {"ru"}
    assert [sorted(_scripts_of(page)) for page in _CODE_PAGES] == [[], ["ru"], [], [], [], []]
    assert all(SCRIPTS[code] is script for code, script in _scripts_of(_CODE_PAGES[1]).items())


def test_nordic_languages():
    """Swedish, Danish and Norwegian are told by the words each spells its own way ("och"/"og",
    "inte"/"ikke", "hade"/"havde"/"hadde"); Danish and Norwegian share a few ("og", "ikke", "når"),
    so a text in one of them may get the rules of both. Finnish has words of its own ("että", "myös",
    "mutta"). None of the four is found in English, German or Dutch."""
    swedish = ("Kommunfullmäktige beslutade på tisdagen att stänga den gamla bron i hamnen under ett år. "
               "Ingenjörerna säger att sprickorna har vuxit under vintern och att arbetet inte kan vänta. ") * 3
    danish = ("Byrådet besluttede tirsdag at lukke den gamle bro ved havnen i et år. Ingeniørerne siger, "
              "at revnerne er blevet større i løbet af vinteren, og at arbejdet ikke kan vente. ") * 3
    norwegian = ("Bystyret vedtok tirsdag å stenge den gamle brua ved havna i ett år. Ingeniørene sier at "
                 "sprekkene har blitt større i løpet av vinteren, og at arbeidet ikke kan vente. ") * 3
    assert likely_languages(swedish) == {"sv"}
    assert "da" in likely_languages(danish) and "sv" not in likely_languages(danish)
    assert "no" in likely_languages(norwegian) and "sv" not in likely_languages(norwegian)
    dutch = ("De gemeenteraad heeft dinsdag besloten de oude brug in de haven een jaar te sluiten. De ingenieurs "
             "zeggen dat de scheuren in de winter groter zijn geworden en dat het werk niet kan wachten. ") * 3
    finnish = ("Kaupunginvaltuusto päätti tiistaina sulkea sataman vanhan sillan vuodeksi. Insinöörien mukaan "
               "halkeamat ovat kasvaneet talven aikana, mutta lautta kulkee tiheämmin, kun silta on suljettu. ") * 3
    assert "fi" in likely_languages(finnish) and not likely_languages(finnish) & {"sv", "da", "no"}
    for other in (ENGLISH, GERMAN, dutch):
        assert not likely_languages(other) & {"sv", "da", "no", "fi"}


def test_a_page_declared_norwegian_bokmal_gets_the_norwegian_rules():
    """Norwegian pages declare lang="nb" (or "nn"); the rules are written for "no"."""
    body = "<p>" + "Bystyret vedtok tirsdag å stenge den gamle brua ved havna i ett år, sier ordføreren. " * 3 + "</p>"
    html = (f'<html lang="nb-NO"><body><article><h1>Brua stenges i ett år</h1>'
            f'<p class="ingress">Pendlerne må ta ferja fra mai.</p>{body}</article></body></html>')
    assert "headline.standfirst-element-nordic" in Cleaner().clean(html, kind="html").removed_by_rule
