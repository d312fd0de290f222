

def test_fast_word_count_path_agrees_with_the_unicode_engine():
    """word_count uses the standard library's \\w where it agrees with regex's: check every character."""
    import re

    import regex

    from cleaner.textdoc import _ENGINES_DISAGREE, _standard_engine_will_do

    stdlib, unicode_engine = re.compile(r"\w"), regex.compile(r"\w")
    for code in range(0x80, 0x10000):
        char = chr(code)
        if not _ENGINES_DISAGREE.search(char):
            assert bool(stdlib.match(char)) == bool(unicode_engine.match(char)), hex(code)
    # Latin script and Hangul; not Devanagari, whose vowel signs the standard engine splits words at
    assert _standard_engine_will_do("Café “Noël” — 기자 홍길동") and not _standard_engine_will_do("नई दिल्ली")


def test_byte_table_words_equal_the_regex_words():
    """The Windows-1252 byte-table words and counts must equal the regex ones on any mix of
    characters, including those that send a line to the regex path and those outside the table."""
    import random
    import re

    import regex

    from cleaner.textdoc import _regex_word_count, in_latin_script, lowercase_words_of, word_count, words_of

    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            pass
    chars += ["ł", "ő", "Ж", "中", "ि", "’", "ˆ", "½", "²", "\u2028"]
    rng = random.Random(7)
    for _ in range(50_000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 14)))
        assert word_count(text) == _regex_word_count(text), repr(text)
        engine = re if in_latin_script(text) else regex
        assert words_of(text) == engine.findall(r"\w+", text), repr(text)
        assert lowercase_words_of(text) == engine.findall(r"\w+", text.lower()), repr(text)
    assert word_count("The council’s “long” debate, well-known — 2024_report") == 8   # "council’s" and "well-known" are two runs of \w each


def test_other_code_page_tables_count_words_as_the_regex_does():
    """Cyrillic, Central European, Greek, Turkish and Baltic pages are counted from the table of
    the code page they fit; characters outside it, or on which the engines disagree, are not."""
    import random

    from cleaner.textdoc import _CODE_PAGES, _marked_words, _regex_word_count, word_count

    rng = random.Random(5)
    for page in _CODE_PAGES:
        chars = sorted(page.characters) + ["中", "😀", "²", "ि", "\ufe0f", "\u200d", "\u20e3"]
        for _ in range(5_000):
            text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 14)))
            assert word_count(text, page) == _regex_word_count(text), repr(text)
    for text in ("Москва, 12 марта — «Известия»", "Zażółć gęślą jaźń", "Καλημέρα κόσμε", "Güncelleme: şu an",
                 "București, 12 martie — „Știri”",   # (Romanian with the comma below: ISO 8859-16)
                 "שלום עולם", "مرحبا بكم", "نوشته علی", "ہے کہ", "नई दिल्ली, 12 मार्च", "ঢাকা, ১২ মার্চ",
                 "Hà Nội, ngày 12 tháng 3 — “Tin tức”"):   # (and pages of our own)
        marked, page = _marked_words(text)
        assert marked is not None and page is not _CODE_PAGES[0], text
    marked, page = _marked_words("Москва 😀 сегодня")   # a symbol outside the page is a space
    assert marked == b"aaaaaa   aaaaaaa" and page is _CODE_PAGES[1]
    marked, page = _marked_words("Москва 😀 сегодня 中文")   # a letter outside it: lines tried there
    assert marked is None and page is _CODE_PAGES[1]
    marked, page = _marked_words("I ❤️ it, 🏳️\u200d🌈")   # emoji joiners are \w to regex: word bytes
    assert marked == b"a  a aa   aa " and page is _CODE_PAGES[0]


def test_line_word_counts_of_a_whole_text_equal_the_regex_counts():
    """split_lines counts the words of a whole text in one table pass where it fits a code page
    but for symbols (emoji, fractions, arrows); lines with letters outside the page go one by one."""
    import random

    from cleaner.textdoc import _regex_word_count, split_lines

    rng = random.Random(11)
    alphabets = ["Hello wörld, “quoted” — 2024_x", "Москва сегодня «Известия»", "Zażółć gęślą jaźń",
                 "Καλημέρα κόσμε"]
    extras = ["😀", "½", "²", "−", "→", "\u200b", "✕", "中", "ि", "한", "é", "Ж", "\u0301", "\ufe0f", "\u200d"]
    for _ in range(3_000):
        chars = list(rng.choice(alphabets)) + rng.sample(extras, rng.randint(0, 3)) + ["\n", " "]
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 60)))
        for line in split_lines(text)[0]:
            assert line.words == _regex_word_count(line.text), repr(text)


def test_sentence_end_shortcut_agrees_with_the_full_search():
    from cleaner.textdoc import _TERMINAL, ends_like_sentence

    lines = ["It rained.", "It rained", "“It rained.”", "It rained. (Reuters)", "It rained (Reuters)",
             "雨が降った。", "बारिश हुई।", "Is it?\n", "Is it?\r\n", "", "Note:", "a) b", "(AP)", "Items: 3 ]"]
    for line in lines:
        assert ends_like_sentence(line) == bool(_TERMINAL.search(line)), repr(line)
    import random

    rng = random.Random(17)
    pieces = list(".!?。！？…:;।॥؟۔։።។៕။\"'”’“‘»«)]」』(") + ["Reuters", "a", " ", "\n", "中", "x)"]
    for _ in range(20_000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert ends_like_sentence(line) == bool(_TERMINAL.search(line)), repr(line)


def test_scripts_without_spaces_between_words_are_counted_by_characters():
    """Two ideographs, or four Thai, Lao, Khmer or Burmese characters, weigh one word: a Thai
    paragraph must not look as short as a menu line because it has few spaces."""
    from cleaner.textdoc import word_count

    assert word_count("中国人民银行今天宣布降息") == 6
    assert word_count("ผู้สื่อข่าวได้รับแจ้งจากนาย") == 6   # 27 characters, one run of \w
    assert word_count("ภูชนะ (นามแฝง) เป็นคนใกล้ชิด") == 6
    assert word_count("2018年 Apple iPhone") == 2             # the run holding an ideograph counts by its ideographs
    assert word_count("央行，今天宣布。降息「三次」") == 5      # 10 ideographs in four runs: characters count, not runs


def test_unspaced_scripts_are_counted_as_their_definition_says():
    """Runs of \\w with no character of a script written without spaces count one each; two
    ideographs, or four southeast Asian characters, count one. The count reads the line in
    fewer passes than this definition does: check it on mixed lines."""
    import random

    import regex

    from cleaner.textdoc import _regex_word_count

    unspaced = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")

    def defined(text: str) -> int:
        runs = regex.findall(r"\w+", text)
        if not unspaced.search(text):
            return len(runs)
        ideographs = len(regex.findall(r"[\p{Han}\p{Hiragana}\p{Katakana}]", text))
        southeast = len(regex.findall(r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]", text))
        return sum(1 for run in runs if not unspaced.search(run)) + ideographs // 2 + southeast // 4

    chars = list("ab é漢字かなカナ한글ไทยລາວ ខ្មែរ မြန်မာ 12_.,;-—'。、！\u3000Жα") + [
        "\u0301", "\u200d", "\ufe0f", "\U000116d5", "\ua9e5", "😀", "١"]
    rng = random.Random(23)
    for _ in range(30_000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 24)))
        assert _regex_word_count(text) == defined(text), repr(text)


def test_southeast_asian_blocks_hold_every_letter_of_those_scripts():
    """A line is scanned for Thai, Lao, Khmer or Burmese only if it holds a character of their
    blocks: none of their characters may lie outside them."""
    import regex

    from cleaner.textdoc import _SOUTHEAST_ASIAN_BLOCKS

    southeast = regex.compile(r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
    outside = [hex(code) for code in range(0x110000) if southeast.match(chr(code))
               and not _SOUTHEAST_ASIAN_BLOCKS.match(chr(code))]
    assert outside == []


def test_letters_that_send_a_line_to_the_regex_count_are_in_no_code_page():
    """A line holding one is counted by regex without trying a code page: were a page to hold
    one, the lines that fit that page would lose their fast count (not their count)."""
    from cleaner.textdoc import _CODE_PAGES, _NO_CODE_PAGE, word_count

    assert all(not _NO_CODE_PAGE.search("".join(page.characters)) for page in _CODE_PAGES)
    in_a_page = ("București și Țara", "بقلم محمد", "כתב: ישראל", "نوشته علی", "नई दिल्ली", "Việt Nam", "சென்னை")
    for line in ("中国人民银行今天宣布降息", "기자 홍길동", "ข่าววันนี้", "თბილისი", *in_a_page):
        assert bool(_NO_CODE_PAGE.search(line)) is (line not in in_a_page), line
    assert word_count("기자 홍길동 2024") == 3 and word_count("Hà Nội, ngày 5") == 4


def test_thai_and_lao_paragraphs_read_as_prose_without_a_full_stop():
    """Thai and Lao end sentences with a space, Khmer with ។ and Burmese with ။."""
    from cleaner.textdoc import Page, ends_like_sentence, is_prose

    thai = ("ผู้สื่อข่าวได้รับแจ้งจากนายต บุตรชายของภูชนะ คนสนิทของนายสุรชัย ที่หายไปว่า "
            "ผลการตรวจดีเอ็นเอ เมื่อตรวจสอบแล้วมีความเกี่ยวพันทางสายเลือดกับนายตจริง")
    page = Page(f"{thai}\n\nข่าวล่าสุด", mode="text")
    assert is_prose(page, 0) and not is_prose(page, 1)   # a two-word menu label stays short
    assert ends_like_sentence("ក្រសួងបានប្រកាសនៅថ្ងៃនេះ។") and ends_like_sentence("မိုးရွာသည်။")


def test_a_sentence_closed_by_a_spaced_french_guillemet_ends_like_one():
    from cleaner.textdoc import ends_like_sentence

    assert ends_like_sentence("« Il faut aider les jeunes à s'installer. »")
    assert ends_like_sentence("« Nous ne céderons pas ! »") and ends_like_sentence("« Oui.\u00a0»")
    assert not ends_like_sentence("Les plus lus »") and not ends_like_sentence("« Le Monde »")


def test_kept_lines_follow_every_change():
    """kept_indices and kept_offsets are shared between steps until a line is dropped or edited."""
    from cleaner.textdoc import Page

    page = Page("Breaking: one\n\nTwo is here\nthree", mode="text")
    assert page.kept_indices() == [0, 1, 2] and page.kept_offsets() == [0, 14, 26, 32]
    page.drop(1, "test.rule")
    assert page.kept_indices() == [0, 2] and page.kept_offsets() == [0, 14, 20]
    page.strip_spans(0, [(0, 9, "test.span")])
    assert page.texts[0] == "one" and page.kept_offsets() == [0, 4, 10]
    page.strip_spans(2, [(0, 5, "test.span")])
    assert page.kept_indices() == [0]
    assert page.removed_words == {"test.rule": 3, "test.span": 2}


def test_split_lines_counts_words_as_word_count_does_in_mixed_documents():
    """Lines the byte table cannot judge (characters outside Windows-1252, ideographs) are counted
    by the regex while the rest of the document is counted from the table."""
    import random

    from cleaner.textdoc import split_lines, word_count

    pieces = ["The council", "voted", "on Tuesday.", "łódź", "Ж", "中文报道", "²", "½", "café", "—", "→",
              "  ", "\n", "\n\n", "\u2028", "it’s", "a_b", "ि", "x", "Москва", "«сегодня»", "Καλημέρα", "😀"]
    rng = random.Random(11)
    for _ in range(2000):
        document = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        lines, _ = split_lines(document)
        assert [line.words for line in lines] == [word_count(line.text) for line in lines], repr(document)


def test_a_head_line_is_skipped_only_when_it_surely_has_more_distinct_words():
    """title_lines reads only the first 200 characters of a long line; when that says "more than
    a copy of the title could have", the whole line must say so too."""
    import random

    from cleaner.heuristics import _surely_more_words_than
    from cleaner.textdoc import lowercase_words_of

    vocabulary = ["harbour", "Bridge", "council", "vote", "repairs", "the", "a", "of", "winter", "cracks",
                  "span", "engineers", "said", "it’s", "Łódź", "中文"]
    rng = random.Random(5)
    skipped = 0
    for _ in range(3000):
        text = " ".join(rng.choice(vocabulary[:rng.randint(2, len(vocabulary))]) for _ in range(rng.randint(1, 90)))
        most = rng.randint(2, 16)
        if _surely_more_words_than(text, most):
            skipped += 1
            assert len(set(lowercase_words_of(text))) > most, (text, most)
    assert skipped > 100


def test_site_names_come_off_page_titles_in_both_conventions():
    from cleaner.textdoc import without_site_name

    assert without_site_name("Floods close the valley road | The Courier") == "Floods close the valley road"
    assert without_site_name("老旧小区加装电梯提速 枫川今年计划再装160部_本地_枫川新闻网") == "老旧小区加装电梯提速 枫川今年计划再装160部"
    assert without_site_name("Headline with snake_case words here") == "Headline with snake_case words here"
    assert without_site_name("Short | Site") == "Short | Site"   # too little left to be a headline
    assert without_site_name("Storm closes the harbour road - Ouest-France") == "Storm closes the harbour road"
    assert without_site_name("Mill reopens after the flood - Pittsburgh Post-Gazette") == "Mill reopens after the flood"
    # a dash inside a word is no separator: the headline keeps its own
    headline = "Council approves a year-long bridge closure"
    assert without_site_name(headline) == headline


def test_a_text_that_fits_windows_1252_needs_no_normalising():
    """``prepared`` skips the NFC and surrogate checks for a text that fits Windows-1252 outright.
    That holds because no character of the page is changed by NFC, takes part in a composition
    after another character (NFC's "maybe"), or reorders (a combining class); checked for every
    code page said to be ``normal``, so any of them could take the shortcut. The pages with
    combining marks (points, vowel signs, the nukta) are not: texts that fit them are checked."""
    import sys
    import unicodedata

    from cleaner.textdoc import _CODE_PAGES

    composes_after = set()   # second and later characters of canonical decompositions
    for code in range(sys.maxunicode + 1):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition and not decomposition.startswith("<"):
            composes_after.update(chr(int(part, 16)) for part in decomposition.split()[1:])
    for page in _CODE_PAGES:
        stable = [unicodedata.normalize("NFC", char) == char and not unicodedata.combining(char)
                  and char not in composes_after for char in page.characters]
        assert page.normal is all(stable), page.characters
    # Hebrew, Arabic, Persian and Urdu, the ten Indic scripts
    assert [page.normal for page in _CODE_PAGES].count(False) == 13


def test_prepared_texts_are_composed_and_free_of_lone_surrogates():
    import unicodedata

    from cleaner.textdoc import WINDOWS_1252, in_code_page, prepared

    fits = "The council’s “long” debate — 2024 – €3m"
    assert prepared(fits) == (fits, (fits.encode("cp1252"), WINDOWS_1252))
    decomposed = unicodedata.normalize("NFD", "Hà Nội đã khởi công")   # combining marks: outside the page
    text, encoding = prepared(decomposed)
    assert text == unicodedata.normalize("NFC", decomposed) and encoding == in_code_page(text)
    assert prepared("Tuesday \ud800 and \ud83d\ude00")[0] == "Tuesday \ufffd and \U0001F600"
    assert prepared("Москва, 12 марта")[1] == in_code_page("Москва, 12 марта")


def test_a_text_that_fits_another_code_page_outright_skips_the_checks_too():
    import unicodedata

    from cleaner.textdoc import WINDOWS_1252, _in_code_page, in_code_page, prepared

    for text in ["Москва, 12 марта", "Αθήνα, 12 Μαρτίου", "Łódź, 12 marca"]:   # Cyrillic, Greek, Central European
        assert _in_code_page(text) == (*in_code_page(text), True) and prepared(text)[1] == in_code_page(text)
        assert in_code_page(text)[1].encoding_table is not in_code_page("Paris")[1].encoding_table
    # Hebrew and Arabic fit their pages, whose vowel signs NFC reorders: these texts are put in NFC
    shadda_fatha = "\u0645\u0651\u064e\u0631"   # (shadda, class 33, before fatha, class 30: NFC swaps them)
    for text in ["שָׁלוֹם עולם", "مرحبا", shadda_fatha]:
        assert _in_code_page(text)[2] and not in_code_page(text)[1].normal
        assert prepared(text) == (unicodedata.normalize("NFC", text), in_code_page(unicodedata.normalize("NFC", text)))
    assert prepared(shadda_fatha)[0] != shadda_fatha
    # a symbol the page lacks would be read as a space there: the checks run, with the same result
    for text in ["Москва − 12 марта", "Łódź и Москва", "Un café ˘ noir"]:
        assert not _in_code_page(text)[2] and prepared(text)[1] == in_code_page(text)
    assert in_code_page("Un café ˘ noir")[1] is WINDOWS_1252   # the first page it fits, symbols as spaces


def test_a_code_page_of_our_own_keeps_ascii_and_takes_control_places_only_when_it_must():
    import pytest

    from cleaner.textdoc import _AsciiAnd, _vietnamese

    devanagari = _AsciiAnd.of("".join(map(chr, range(0x0900, 0x0980))))
    assert devanagari.decoding_table[:128] == "".join(map(chr, range(128)))
    vietnamese = _AsciiAnd.of(_vietnamese())   # 134 letters: in the places of controls such as "\x01"
    assert len(_vietnamese()) == 134 and "\x01" not in vietnamese.decoding_table
    assert all(char in vietnamese.decoding_table for char in "\0\t\n\r ~AZaz") and "ệ" in vietnamese.decoding_table
    with pytest.raises(ValueError):
        _AsciiAnd.of("".join(map(chr, range(0x0400, 0x04A0))))   # 160 characters: more than there are places
