"""Signals the heuristics share, checked against their definitions."""


def test_caps_label_fast_path_for_ascii_agrees_with_the_unicode_classes():
    """An ASCII line is judged by str.isupper; the definition is a capital (\\p{Lu}) and no
    small or uncased letter (\\p{Ll}, \\p{Lo}) in the line."""
    import random

    import regex

    from cleaner.heuristics import is_caps_label

    def by_definition(text: str, max_words: int) -> bool:
        return (bool(regex.search(r"\p{Lu}", text)) and not regex.search(r"[\p{Ll}\p{Lo}]", text)
                and len(regex.findall(r"\w+", text)) <= max_words)

    rng = random.Random(13)
    pieces = ["LIVE", "Watch", "x", "A", "1", "2024", " ", " ", "-", ":", "!", "_", "\t", "WATCH NOW", "q"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        for max_words in (1, 3):
            assert is_caps_label(text, max_words) == by_definition(text, max_words), repr(text)
    assert is_caps_label("EXCLUSIVE", 3) and not is_caps_label("Exclusive", 3) and not is_caps_label("2024", 3)
    assert is_caps_label("ÉTÉ", 3) and not is_caps_label("中国 LIVE", 3)   # the Unicode classes beyond ASCII


def test_title_copies_are_found_as_defined_though_lines_that_cannot_be_one_are_not_read():
    """title_lines skips a line below a paragraph that ends in a full stop, and a long line whose
    first 200 characters hold too many words; the definition reads every head line whole: a
    shortened copy (nearly all its words in the title) above the first paragraph, or the title
    with at most six more words, not ending in a full stop."""
    import random

    from cleaner.heuristics import title_lines
    from cleaner.textdoc import Page, is_prose

    def by_definition(page: Page) -> list[int]:
        title, out, in_body = page.word_set(page.title), [], False
        for i in page.kept_indices()[:8]:
            below_paragraph, in_body = in_body, in_body or is_prose(page, i)
            words = page.word_set(page.texts[i])
            if words and (len(words & title) / len(words) >= 0.8 and not below_paragraph
                          or len(words & title) / len(title) >= 0.8 and len(words - title) <= 6
                          and not page.texts[i].endswith(".")):
                out.append(i)
        return out

    headline = "Harbour Bridge Closes for a Year of Repairs"
    others = "the council voted on Tuesday to close old span engineers said cracks had grown over winter".split()
    rng = random.Random(7)
    found = 0
    for _ in range(3000):
        lines = []
        for _ in range(rng.randint(1, 10)):
            # a few distinct words, some repeated into lines of over 200 characters
            vocabulary = rng.sample(headline.split(), rng.randint(1, 8)) + rng.sample(others, rng.randint(0, 9))
            words = vocabulary + [rng.choice(vocabulary) for _ in range(rng.choice([0, 0, 5, 45]))]
            if rng.random() < 0.5:
                rng.shuffle(words)
            lines.append(" ".join(words) + rng.choice(["", ".", ".", "!", " - Courier"]))
        page = Page("\n".join(lines), mode="text", title=headline)
        assert title_lines(page) == by_definition(page), lines
        found += bool(by_definition(page))
    assert found > 300


def test_a_menu_line_below_the_page_title_is_not_taken_for_the_headline():
    from cleaner import clean

    text = ("Harbour Courier\nHome | News | Sport | Business | Opinion\nHarbour bridge to close for a year\n"
            "The council voted on Tuesday to close the old harbour bridge for repairs that will take a year.\n")
    assert clean(text, kind="text").title == "Harbour bridge to close for a year"
    # the first line is the page's title, which may list its site's sections (the last taken
    # for the site's name)
    titled = "Classificação NASCAR | Autoracing | F1 | Indy | MotoGP\n\n" + text.split("\n", 2)[2]
    assert clean(titled, kind="text").title == "Classificação NASCAR | Autoracing | F1 | Indy"


THAI_BODY = [
    "เมื่อวันจันทร์ที่ผ่านมา สภาเทศบาลเมืองริมแม่น้ำได้ลงมติให้ปิดสะพานเก่าเป็นเวลาหนึ่งปีเพื่อซ่อมแซมโครงสร้าง "
    "หลังจากวิศวกรตรวจพบรอยร้าวขนาดใหญ่ที่เสาหลักทั้งสองต้น ซึ่งขยายตัวอย่างรวดเร็วในช่วงฤดูฝนที่ผ่านมา "
    "และอาจเป็นอันตรายต่อผู้ใช้รถใช้ถนนหากไม่ดำเนินการโดยเร็ว",
    "นายกเทศมนตรีกล่าวว่า ระหว่างการซ่อมแซม เทศบาลจะจัดเรือข้ามฟากเพิ่มอีกสามลำให้บริการฟรีแก่ประชาชนตั้งแต่เช้าจนถึงค่ำ "
    "พร้อมทั้งปรับเส้นทางรถโดยสารประจำทางให้เชื่อมต่อกับท่าเรือทั้งสองฝั่ง "
    "เพื่อลดผลกระทบต่อการเดินทางของนักเรียนและผู้ที่ต้องเดินทางไปทำงานในตัวเมือง",
    "ชาวบ้านบางส่วนแสดงความกังวลว่าร้านค้าริมสะพานจะขาดรายได้ตลอดช่วงเวลาดังกล่าว "
    "ขณะที่หอการค้าจังหวัดเสนอให้เทศบาลพิจารณาลดภาษีโรงเรือนให้แก่ผู้ประกอบการรายย่อยที่ได้รับผลกระทบโดยตรง "
    "ซึ่งคาดว่าจะมีการหารือในการประชุมสภาครั้งถัดไปปลายเดือนนี้",
]
THAI_HEADLINES = [   # other stories' headlines: Thai ends a headline as it ends a paragraph, without a sign
    "ตำรวจเร่งตรวจสอบเหตุเพลิงไหม้โกดังสินค้าริมแม่น้ำเมื่อคืนที่ผ่านมา",
    "กรมอุตุนิยมวิทยาเตือนฝนตกหนักหลายจังหวัดภาคเหนือตลอดสัปดาห์นี้",
    "ผู้ว่าราชการจังหวัดเปิดตลาดน้ำแห่งใหม่รับนักท่องเที่ยวช่วงปลายปี",
    "โรงเรียนประจำอำเภอคว้ารางวัลชนะเลิศการประกวดวงดนตรีไทยระดับประเทศ",
    "สมาคมชาวประมงขอให้รัฐช่วยเหลือหลังราคาปลาตกต่ำต่อเนื่องสามเดือน",
]


def test_in_thai_the_main_region_tells_paragraphs_from_headlines_by_length():
    from cleaner import clean

    menu = ["หน้าแรก", "ข่าว", "การเมือง", "เศรษฐกิจ", "กีฬา"]
    text = "\n".join([*menu, *THAI_BODY, *[line for headline in THAI_HEADLINES for line in (headline, "ข่าว")]])
    result = clean(text, kind="text")
    assert result.text.split("\n") == THAI_BODY
    assert {removal.text for removal in result.removed if removal.rule == "structure.main-region"} >= set(THAI_HEADLINES)


def test_a_long_line_of_numbers_is_no_paragraph_for_the_main_region():
    # a blog archive rendered as one line outweighed the short post beside it
    from cleaner import clean

    post = ["Manchmal überrascht einen der Alltag mit kleinen Freuden, die niemand erwartet hätte.",
            "Unlängst baumelte vom Balkon eines Altbaus eine lange Schnur mit einem Korb daran herab."]
    months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober"]
    archive = "Archiv " + " ".join(f"{month} {year} ({n % 3 + 1})" for year in (2010, 2011)
                                   for n, month in enumerate(months))
    result = clean("\n".join(["Startseite", "Impressum"] + post + [archive, "Kontakt"]), kind="text")
    assert result.text.splitlines() == post


def test_mostly_numbers_rules_lines_out_by_their_digits_as_its_definition_would():
    """A line whose digits are too few for its words to be mostly numbers is ruled out by
    counting them; every digit outside ASCII (str.isdigit: "٣", "²", "①") is one the count
    sees, so the answer is the definition's on any line."""
    import random
    import sys

    from cleaner.heuristics import _OTHER_DIGITS, _mostly_numbers

    every = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)
    other_digits = [char for char in every if char.isdigit() and not "0" <= char <= "9"]
    assert len(other_digits) > 600 and all(_OTHER_DIGITS.match(char) for char in other_digits)

    def by_definition(text: str, share: float) -> bool:
        words = text.split()
        return sum(any(char.isdigit() for char in word) for word in words) > share * len(words)

    rng = random.Random(7)
    pieces = ["April", "2015", "(1)", "Mai", "٣", "²", "①", "x²", "é", "—", "—3", "Ⅻ", " ", " "]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        for share in (0.0, 0.5):
            assert _mostly_numbers(text, share) == by_definition(text, share), (text, share)
