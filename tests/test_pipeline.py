"""clean() and Cleaner: results, removals, metadata, decoding, configuration, reuse."""
import pickle
import json
import textwrap
from concurrent.futures import ThreadPoolExecutor

import pytest

from cleaner import Cleaner, Config, InputError, RuleError, clean

ARTICLE = textwrap.dedent("""\
    Harbour Bridge to Close for a Year of Repairs

    By Maria Lindqvist
    Updated: 12 March 2024

    Image: Harbour Courier

    The council voted on Tuesday to close the old harbour bridge for repairs that will take at least a year.

    Engineers said the cracks found in the main span had grown over the winter and could not wait for another season.

    READ | Ferry operators warn of summer strikes

    Commuters will be offered a free ferry service between the two quays while the work goes on, the council said.

    Share this article
    Tags: Harbour, Council, Transport
    """)

PAGE = """<!doctype html><html lang="en"><head><title>Harbour Bridge to Close - The Harbour Courier</title>
<meta property="og:title" content="Harbour Bridge to Close">
<meta name="author" content="Maria Lindqvist"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour Bridge to Close</h1>
<div class="share-bar">Share on Facebook</div>
<p>The council voted on Tuesday to close the old harbour bridge for repairs that will take at least a year, after a long debate.</p>
<p>Engineers said the cracks found in the main span had grown over the winter and could not wait for another season.</p>
<p>Advertisement</p>
<p>Commuters will be offered a free ferry service between the two quays while the work goes on, the council said on Wednesday.</p>
</article><footer>© 2024 The Harbour Courier. All rights reserved.</footer></body></html>"""


def test_text_article_is_cleaned_with_title_and_metadata(cleaner):
    result = cleaner.clean(ARTICLE, kind="text")
    assert result.text.splitlines() == [
        "The council voted on Tuesday to close the old harbour bridge for repairs that will take at least a year.",
        "Engineers said the cracks found in the main span had grown over the winter and could not wait for another season.",
        "Commuters will be offered a free ferry service between the two quays while the work goes on, the council said.",
    ]
    assert result.title == "Harbour Bridge to Close for a Year of Repairs"
    assert result.metadata["author"] == "Maria Lindqvist"
    assert result.metadata["date"] == "12 March 2024"
    assert result.metadata["tags"] == ["Harbour", "Council", "Transport"]
    assert result.status == "ok"


def test_the_standfirst_goes_to_metadata_not_the_body(cleaner):
    text = ARTICLE.replace("\nBy Maria", "\nRepairs will take longer than planned, engineers warned on Monday.\nBy Maria")
    result = cleaner.clean(text, kind="text")
    assert result.metadata["standfirst"] == "Repairs will take longer than planned, engineers warned on Monday."
    assert "engineers warned on Monday" not in result.text


@pytest.mark.parametrize("line", ["By Maria Lindqvist and Tom Reyes, Harbour Courier staff writers",
                                  "Published 12 March 2024 14:05 GMT, updated 13 March 2024 09:30 GMT",
                                  "Photo: Harbour Courier staff photographer Tom Reyes, taken on Monday"])
def test_a_byline_stamp_or_credit_under_the_headline_is_not_its_standfirst(cleaner, line):
    """The header rule that cuts everything above the byline removes these with the headline, as
    it would a standfirst; a line rule takes each on its own, so none is reported as one."""
    result = cleaner.clean(ARTICLE.replace("\nBy Maria", "\n" + line + "\nBy Maria"), kind="text")
    assert line in {removal.text for removal in result.removed}
    assert "standfirst" not in result.metadata



@pytest.mark.parametrize("line", ["Welcome to the Harbour Courier Network Weekend Edition Experience",
                                  "Maria Lindqvist 12/03/2024 4 comments Harbour, Council, Transport"])
def test_a_banner_or_dateline_left_out_by_the_main_region_is_not_the_standfirst(cleaner, line):
    """Page chrome and "Name date tags" lines come right under a copy of the headline, and only
    the main region leaves them out: not being sentences, they are no standfirst."""
    body = ARTICLE[ARTICLE.index("The council voted"):ARTICLE.index("READ |")]
    result = cleaner.clean(f"Harbour Bridge to Close for a Year of Repairs\n{line}\nHome\nNews\n\n{body}", kind="text")
    assert {removal.text: removal.rule for removal in result.removed}[line] == "structure.main-region"
    assert "standfirst" not in result.metadata

def test_a_reading_time_is_not_taken_for_the_date(cleaner):
    body = ("Przeprawa przez Wisłę kosztowała 214 mln zł, a pierwsze samochody przejechały po niej w piątek "
            "po południu, gdy otwarto ją dla ruchu.\n\n") * 3
    result = cleaner.clean("Czas czytania: 3 min\n\nAktualizacja: 09.11.2024, 09:02\n\nOpublikowano: 8 listopada 2024\n\n"
                           + body, kind="text")
    assert (result.metadata["date"], result.metadata["updated"]) == ("8 listopada 2024", "09.11.2024, 09:02")
    assert {r.rule for r in result.removed} >= {"stamps.updated-pl"}


@pytest.mark.parametrize(("stamps", "date", "updated"), [
    ("Updated: 13 March 2024\n\nPublished: 12 March 2024", "12 March 2024", "13 March 2024"),
    ("Updated Mar 5, 7:40 AM;Posted Mar 5, 7:31 AM", "Mar 5, 7:31 AM", "Mar 5, 7:40 AM"),
    # with no publication time, the update time is the best date known
    ("Last updated on November 20, 2019", "November 20, 2019", "November 20, 2019"),
    ("Last Updated : Nov 20, 2019 01:41 PM IST | Source: PTI", "Nov 20, 2019 01:41 PM IST", "Nov 20, 2019 01:41 PM IST"),
])
def test_an_update_time_is_not_taken_for_the_publication_date(cleaner, stamps, date, updated):
    body = ("The council voted on Tuesday to close the old harbour bridge for repairs that will take at least "
            "a year, after engineers found cracks in the main span.\n\n") * 3
    result = cleaner.clean("Harbour Bridge to Close for a Year of Repairs\n\n" + stamps + "\n\n" + body, kind="text")
    assert (result.metadata.get("date"), result.metadata.get("updated")) == (date, updated)
    assert "Updated" not in result.text and "Posted" not in result.text


@pytest.mark.parametrize(("stamp", "body", "date", "updated"), [
    ("Veröffentlicht am 12.03.2024 | Aktualisiert am 13.03.2024, 08:00 Uhr",
     "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke für ein Jahr zu sperren, und die Pendler sind nicht froh.",
     "12.03.2024", "13.03.2024, 08:00 Uhr"),
    ("Aktualisiert am 13.03.2024", "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke für ein Jahr zu sperren.",
     "13.03.2024", "13.03.2024"),
    ("Publié le 12 mars 2024 à 14h30, mis à jour le 13 mars 2024 à 09h00",
     "Le conseil a voté mardi la fermeture du vieux pont pour des travaux qui dureront au moins un an.",
     "12 mars 2024 à 14h30", "13 mars 2024 à 09h00"),
    ("Actualizado: 13/03/2024 10:15 | Publicado el 12 de marzo de 2024",
     "El consejo votó el martes cerrar el viejo puente para unas obras que durarán al menos un año.",
     "12 de marzo de 2024", "13/03/2024 10:15"),
    ("Pubblicato il 12/03/2024 - Aggiornato il 13 marzo 2024 alle 09:20",
     "Il consiglio ha votato martedì la chiusura del vecchio ponte per lavori che dureranno almeno un anno.",
     "12/03/2024", "13 marzo 2024 alle 09:20"),
    ("Publicado em 12 de março de 2024 às 14:30, Atualizado há 2 horas",
     "O conselho votou na terça-feira o fecho da velha ponte para obras que vão durar pelo menos um ano.",
     "12 de março de 2024 às 14:30", "há 2 horas"),
])
def test_update_and_publication_labels_in_other_languages(cleaner, stamp, body, date, updated):
    result = cleaner.clean(stamp + "\n\n" + (body + "\n\n") * 3, kind="text")
    assert (result.metadata.get("date"), result.metadata.get("updated")) == (date, updated)
    assert result.text.splitlines()[0] == body


@pytest.mark.parametrize(("stamp", "body", "date", "updated"), [
    ("Опубликовано: 12.03.2024 14:30 | Обновлено: 13.03.2024 09:00",
     "Городской совет во вторник решил закрыть старый мост на ремонт, который продлится не меньше года.",
     "12.03.2024 14:30", "13.03.2024 09:00"),
    ("Оновлено 13 березня 2024, 09:00 | Опубліковано 12 березня 2024, 14:30",
     "Міська рада у вівторок вирішила закрити старий міст на ремонт, який триватиме щонайменше рік.",
     "12 березня 2024, 14:30", "13 березня 2024, 09:00"),
    ("发布时间：2024-03-12 14:30 | 更新时间：2024-03-13 09:00",
     "市议会周二决定关闭旧桥进行维修，工程预计至少持续一年，通勤者在此期间可以免费乘坐渡轮。",
     "2024-03-12 14:30", "2024-03-13 09:00"),
    ("公開日：2024年3月12日 更新日：2024年3月13日",
     "市議会は火曜日、古い橋を少なくとも一年間閉鎖して修理することを決めました。通勤者は無料のフェリーを利用できます。",
     "2024年3月12日", "2024年3月13日"),
    ("نُشر في: 12 مارس 2024 - 2:20 م | آخر تحديث: 13 مارس 2024 - 4:05 م",
     "قرر مجلس المدينة يوم الثلاثاء إغلاق الجسر القديم من أجل إصلاحات ستستمر عاما على الأقل.",
     "12 مارس 2024 - 2:20 م", "13 مارس 2024 - 4:05 م"),
    ("प्रकाशित: 12 मार्च 2024, 10:15 AM IST | अपडेटेड: 13 मार्च 2024, 02:40 PM IST",
     "नगर परिषद ने मंगलवार को पुराने पुल को कम से कम एक साल की मरम्मत के लिए बंद करने का फैसला किया।",
     "12 मार्च 2024, 10:15 AM IST", "13 मार्च 2024, 02:40 PM IST"),
    ("입력 2024.03.12 14:30 | 수정 2024.03.13 09:00",
     "시의회는 화요일 낡은 다리를 최소 1년 동안 보수하기 위해 폐쇄하기로 결정했으며 통근자에게 무료 배편을 제공한다.",
     "2024.03.12 14:30", "2024.03.13 09:00"),
    ("Güncelleme: 13.03.2024 09:00 | Yayınlanma: 12.03.2024 14:30",
     "Belediye meclisi salı günü eski köprüyü en az bir yıl sürecek onarım için kapatma kararı aldı.",
     "12.03.2024 14:30", "13.03.2024 09:00"),
    ("Dipublikasikan 12 Maret 2024, 14:30 WIB | Diperbarui 13 Maret 2024, 09:00 WIB",
     "Dewan kota pada hari Selasa memutuskan untuk menutup jembatan tua itu untuk perbaikan yang akan berlangsung setidaknya satu tahun.",
     "12 Maret 2024, 14:30 WIB", "13 Maret 2024, 09:00 WIB"),
    ("Ngày đăng: 12/03/2024 14:30 | Cập nhật: 13/03/2024 09:00",
     "Hội đồng thành phố hôm thứ Ba đã quyết định đóng cửa cây cầu cũ để sửa chữa trong ít nhất một năm.",
     "12/03/2024 14:30", "13/03/2024 09:00"),
], ids=["ru", "uk", "zh", "ja", "ar", "hi", "ko", "tr", "id", "vi"])
def test_update_and_publication_stamps_on_one_line_go_to_their_own_fields(cleaner, stamp, body, date, updated):
    """ru, uk, zh, ja, ar, hi, ko, tr, id, vi: whichever label comes first, each stamp goes to its
    own field, and each field holds that stamp alone."""
    result = cleaner.clean(stamp + "\n\n" + (body + "\n\n") * 3, kind="text")
    assert (result.metadata.get("date"), result.metadata.get("updated")) == (date, updated)
    assert result.text.splitlines()[0] == body


@pytest.mark.parametrize(("stamp", "body", "date", "updated"), [
    ("Δημοσιεύθηκε: 12/03/2024 14:30 | Ενημερώθηκε: 13 Μαρτίου 2024, 09:15",
     "Το δημοτικό συμβούλιο αποφάσισε την Τρίτη να κλείσει την παλιά γέφυρα για επισκευές "
     "που θα διαρκέσουν τουλάχιστον έναν χρόνο.",
     "12/03/2024 14:30", "13 Μαρτίου 2024, 09:15"),
    ("עודכן: 13.03.24 09:15 | פורסם ב-12.03.24, 14:30",
     "מועצת העיר החליטה ביום שלישי לסגור את הגשר הישן לשיפוצים שיימשכו לפחות שנה שלמה, "
     "והנוסעים יקבלו מעבורת חינם.",
     "12.03.24, 14:30", "13.03.24 09:15"),
    ("เผยแพร่: 12 มี.ค. 2567 14:30 น. | อัปเดตล่าสุด: 13 มี.ค. 2567 09:15 น.",
     "สภาเมือง มีมติ เมื่อวันอังคาร ให้ปิด สะพานเก่า เพื่อซ่อมแซม เป็นเวลา อย่างน้อย หนึ่งปี "
     "และผู้เดินทาง จะได้ใช้ เรือข้ามฟาก ฟรี ตลอด ช่วงเวลา ดังกล่าว",
     "12 มี.ค. 2567 14:30 น.", "13 มี.ค. 2567 09:15 น."),
], ids=["el", "he", "th"])
def test_greek_hebrew_and_thai_stamps_on_one_line_go_to_their_own_fields(cleaner, stamp, body, date, updated):
    """el, he, th: the languages are told by script; each stamp goes to its own field, and the
    "ב-" between a Hebrew label and its stamp to neither."""
    result = cleaner.clean(stamp + "\n\n" + (body + "\n\n") * 3, kind="text")
    assert (result.metadata.get("date"), result.metadata.get("updated")) == (date, updated)
    assert result.text.splitlines()[0] == body


def test_every_text_removal_names_a_rule_and_points_into_the_source(cleaner):
    result = cleaner.clean(ARTICLE, kind="text")
    assert result.removed
    for removal in result.removed:
        assert removal.rule in cleaner.ruleset.by_id
        assert removal.stage == "text"
        assert result.source_text[removal.start:removal.end] == removal.text
    by_rule = {r.rule: r.text for r in result.removed}
    assert by_rule["teasers.read-pipe"] == "READ | Ferry operators warn of summer strikes"
    assert by_rule["credits.credit-line"] == "Image: Harbour Courier"


def test_a_removal_is_a_frozen_dataclass_with_every_field_set():
    """Removal sets its fields in one step, not through the __init__ a frozen dataclass gets:
    it must still hold every field, compare and hash by them, refuse changes, and copy."""
    import dataclasses

    from cleaner.result import Removal

    removal = Removal("credits.credit-line", "Image: Harbour Courier", "text", 10, 32)
    assert set(vars(removal)) == {field.name for field in dataclasses.fields(Removal)}
    assert removal == Removal("credits.credit-line", "Image: Harbour Courier", "text", start=10, end=32, path=None)
    assert len({removal, pickle.loads(pickle.dumps(removal))}) == 1
    assert dataclasses.replace(removal, end=33).end == 33
    assert dataclasses.asdict(Removal("ads.ad-label", "Ad", "html", path="/html/body/div"))["path"] == "/html/body/div"
    with pytest.raises(dataclasses.FrozenInstanceError):
        removal.rule = "ads.ad-label"  # type: ignore[misc]


def test_html_page_goes_through_trafilatura_and_text_rules(cleaner):
    result = cleaner.clean(PAGE)
    assert result.kind == "html"
    assert result.title == "Harbour Bridge to Close"
    assert result.metadata["author"] == "Maria Lindqvist"
    assert result.metadata["language"] == "en"
    lines = result.text.splitlines()
    assert lines[0].startswith("The council voted on Tuesday")
    assert lines[-1].startswith("Commuters will be offered")
    assert "Advertisement" not in result.text
    assert "Share on Facebook" not in result.text
    assert "ads.ad-label" in result.removed_by_rule


def selector_rule(tmp_path, rule_id: str, selector: str, remove: str, keep: str):
    """A rule file with one selector rule, ``mine.<rule_id>``."""
    rules = tmp_path / f"{rule_id}.yaml"
    rules.write_text(textwrap.dedent(f"""\
        pack: mine
        description: d
        rules:
          - id: {rule_id}
            kind: selector
            selector: "{selector}"
            description: Elements this test drops.
            examples:
              remove: ['{remove}']
              keep: ['{keep}']
        """), encoding="utf-8")
    return rules


def test_selector_rules_drop_elements_before_extraction(tmp_path):
    rules = selector_rule(tmp_path, "lead-box", "p.promo", '<p class="promo">Buy our book</p>', "<p>Plain paragraph</p>")
    page = PAGE.replace("<p>Engineers said", '<p class="promo">Our summer offer: three months of reading for the price of one, only this week.</p><p>Engineers said')
    result = Cleaner(rules=[rules]).clean(page)
    assert "summer offer" not in result.text
    (removal,) = [r for r in result.removed if r.rule == "mine.lead-box"]
    assert removal.stage == "html" and removal.path.endswith("p[2]") and removal.text.startswith("Our summer offer")


TWEET = ('<blockquote class="twitter-tweet"><p lang="en" dir="ltr">The ferry timetable is out: every twenty'
         ' minutes from the north quay.</p>— Harbour Ferries (@harbourferries) <a href="https://twitter.com/'
         'harbourferries/status/1">March 12, 2024</a></blockquote> <script async src="https://platform.twitter'
         '.com/widgets.js"></script>')


def test_an_embedded_tweet_in_a_widget_box_stays_with_the_story(cleaner):
    # trafilatura drops boxes classed as widgets or social embeds, and the quoted tweet with them
    boxed = f'<div class="social-media-embed"><div class="article-widget">{TWEET}</div></div>'
    page = PAGE.replace("<p>Advertisement</p>", boxed)
    lines = cleaner.clean(page).text.splitlines()
    assert "The ferry timetable is out: every twenty minutes from the north quay." in lines
    assert "— Harbour Ferries (@harbourferries) March 12, 2024" in lines
    assert lines[-1].startswith("Commuters will be offered")


def test_a_selector_rule_for_the_box_of_a_tweet_still_drops_it(tmp_path):
    rules = selector_rule(tmp_path, "no-embeds", "div.social-media-embed",
                          '<div class="social-media-embed"><blockquote class="twitter-tweet">A post</blockquote></div>',
                          "<blockquote>A quote</blockquote>")
    page = PAGE.replace("<p>Advertisement</p>", f'<div class="social-media-embed">{TWEET}</div>')
    result = Cleaner(rules=[rules]).clean(page)
    assert "ferry timetable" not in result.text and "mine.no-embeds" in result.removed_by_rule


def test_a_widget_box_with_more_than_a_tweet_in_it_is_left_to_trafilatura(cleaner):
    sidebar = f'<div class="social-widget"><p>Follow the Courier on social media for harbour news.</p>{TWEET}</div>'
    result = cleaner.clean(PAGE.replace("<p>Advertisement</p>", sidebar))
    assert "ferry timetable" not in result.text and "Follow the Courier" not in result.text
    assert result.text.splitlines()[-1].startswith("Commuters will be offered")


def test_bytes_use_the_declared_charset():
    html = PAGE.replace("<head>", '<head><meta charset="iso-8859-1">').replace("quays", "quays of Malmö")
    result = clean(html.encode("iso-8859-1"))
    assert "Malmö" in result.text


def test_undeclared_legacy_bytes_are_detected():
    text = ("Le conseil municipal a voté mardi la fermeture du vieux pont du port pour des travaux "
            "qui dureront au moins un an, a annoncé la mairie.\n")
    assert clean(text.encode("cp1252"), kind="text").text == text.strip()


def test_undecodable_bytes_give_a_clear_error():
    with pytest.raises(InputError, match="binary data, not text"):
        clean(bytes(range(256)) * 20)


def test_wrong_input_type_and_kind():
    with pytest.raises(InputError, match="takes str or bytes, not int"):
        clean(42)
    with pytest.raises(ValueError, match="kind must be one of auto, html, text"):
        clean("text", kind="pdf")


def test_auto_kind_tells_html_from_text(cleaner):
    assert cleaner.clean(PAGE).kind == "html"
    assert cleaner.clean(ARTICLE).kind == "text"
    assert cleaner.clean("I wrote <b>bold</b> once in a sentence about markup.").kind == "text"


BODY_FRAGMENT = ("<p>The council voted on Tuesday to close the old bridge for repairs that will take a year.</p>"
                 "<p>Engineers said the cracks had grown over the winter and could not wait.</p>")


@pytest.mark.parametrize("fragment", [
    BODY_FRAGMENT,                                             # too few tags to count as markup
    f"<section><div class='story-body'>{BODY_FRAGMENT}</div></section>",   # trafilatura's loader refuses one block
    f"\n  <article>\n{BODY_FRAGMENT}\n<p>READ | Ferry operators warn of summer strikes</p></article>\n",
])
@pytest.mark.parametrize("kind", ["auto", "html"])
def test_an_html_fragment_is_cleaned_as_html_not_returned_as_markup(cleaner, fragment, kind):
    result = cleaner.clean(fragment, kind=kind)
    assert result.kind == "html"
    assert result.text == ("The council voted on Tuesday to close the old bridge for repairs that will take a year.\n"
                           "Engineers said the cracks had grown over the winter and could not wait.")


def test_text_that_opens_with_a_tag_but_runs_on_as_text_stays_text(cleaner):
    assert cleaner.clean("<b>Breaking:</b> the council voted to close the bridge.\nMore later.").kind == "text"


def test_a_paragraph_wrapped_in_the_page_source_comes_out_as_one_line(cleaner):
    # text straight in a <div> keeps its source line breaks through trafilatura; on screen they
    # are spaces, and a line rule must not judge "Photos" alone as a caption label
    page = ("<html><body><article>"
            "<div><span>Photos\nwhich were released online on Monday show the council chamber\n"
            "before the vote, officials said.</span></div>\n"
            "<div>The council voted on Tuesday to close the old bridge\n  for repairs that will take a year."
            "<br>\nEngineers said the cracks had grown over the winter.</div>\n"
            "<pre>span  12 m\nload  40 t</pre>"
            "</article></body></html>")
    assert cleaner.clean(page, kind="html").text.splitlines() == [
        "Photos which were released online on Monday show the council chamber before the vote, officials said.",
        "The council voted on Tuesday to close the old bridge for repairs that will take a year.",
        "Engineers said the cracks had grown over the winter.",   # a <br> is still a break
        "span  12 m", "load  40 t"]                                 # and so is a line of a <pre>


STATED_BODY = ("The council voted on Tuesday to close the old harbour bridge for repairs that will take a year, "
               "after engineers found cracks in two of its piers.\n"
               "READ | Ferry operators warn of summer strikes\n"
               "A ferry will run every twenty minutes between the two quays while the work goes on, and "
               "fares will be frozen until the bridge opens again, the operator said.\n"
               "Shopkeepers on the east quay said they feared a quiet summer, but welcomed the "
               "council's promise of free parking near the ferry terminal.")


def json_ld_page(visible: str, article_body: object) -> str:
    data = json.dumps({"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "Harbour Bridge to Close"},
        {"@type": "NewsArticle", "headline": "Harbour Bridge to Close", "articleBody": article_body}]})
    return (f'<html><head><title>Harbour Bridge to Close</title><script type="application/ld+json">{data}</script>'
            f'</head><body><div id="app">{visible}</div></body></html>')


@pytest.mark.parametrize("visible", [
    "",   # the text is filled in by a script
    "<article><p>The council voted on Tuesday to close the old harbour bridge for repairs.</p>"
    "<p>Subscribe to read the full story.</p></article>",   # a paywall shows the opening
])
def test_a_page_that_shows_less_than_its_json_ld_states_is_cleaned_from_the_json_ld(cleaner, visible):
    result = cleaner.clean(json_ld_page(visible, STATED_BODY), kind="html")
    assert result.metadata["body_source"] == "json-ld"
    assert result.text == STATED_BODY.replace("READ | Ferry operators warn of summer strikes\n", "")
    assert "teasers.read-pipe" in [removal.rule for removal in result.removed]   # the rules still run


def test_a_json_ld_body_written_as_html_or_as_paragraphs_comes_out_as_lines(cleaner):
    as_html = "".join(f"<p>{line.replace('&', '&amp;')}</p>" for line in STATED_BODY.splitlines())
    for stated in (as_html, STATED_BODY.splitlines()):
        result = cleaner.clean(json_ld_page("", stated), kind="html")
        assert result.text.splitlines()[0] == STATED_BODY.splitlines()[0]
        assert len(result.text.splitlines()) == 3


def test_a_page_read_whole_keeps_its_own_text_over_a_short_or_broken_json_ld(cleaner):
    visible = "".join(f"<p>{line}</p>" for line in STATED_BODY.splitlines())
    teaser = "The council voted on Tuesday to close the old harbour bridge."
    for page in (json_ld_page(visible, teaser), json_ld_page(visible, STATED_BODY),
                 json_ld_page("", STATED_BODY).replace('"@graph"', '"@graph":: {'),   # not JSON
                 json_ld_page(visible, "").replace('"articleBody": ""', '"a": ' + '{"a": ' * 5000 + "0" + "}" * 5000)):
        assert "body_source" not in cleaner.clean(page, kind="html").metadata
    # switched off, trafilatura's own fallback to the JSON-LD runs the paragraphs into one line
    switched_off = cleaner.with_config(json_ld_body=False).clean(json_ld_page("", STATED_BODY), kind="html")
    assert "body_source" not in switched_off.metadata
    assert switched_off.text == " ".join(STATED_BODY.split())


def test_a_comment_thread_many_times_longer_than_the_article_is_cut_whole(cleaner):
    # the thread's header then stands in the first tenth of the text, yet below the article
    article = ["The council voted on Tuesday to close the old harbour bridge for a year of repairs.",
               "Engineers said the cracks in two of its piers had grown over the winter.",
               "A ferry will run every twenty minutes between the two quays while the work goes on."]
    comment = ("About time they fixed it, I have crossed that bridge every day for twenty years and "
               "the cracks were plain to see long before the council admitted there was a problem.")
    headers = [f"Comment by reader{n} - 17.07.2011 @ 13:{n:02d}" for n in range(12)]
    thread = ["Comments (12)"] + [line for header in headers for line in (header, comment)]
    result = cleaner.clean("\n".join(article + thread), kind="text")
    assert result.text.splitlines() == article
    assert {removal.rule for removal in result.removed} == {"comments.thread-trailer"}


def test_soft_hyphens_leave_scraped_text_so_words_and_rules_stay_whole(cleaner):
    text = ("Die Bundes\xadregierung will die Hafen\xadbrücke ein Jahr lang sperren und sanieren lassen.\n"
            "Le\xadsen Sie auch: Fähren fahren öfter\n"
            "Die Ingenieure sagten, die Risse seien über den Winter gewachsen und könnten nicht warten.")
    result = cleaner.clean(text, kind="text")
    assert result.text == ("Die Bundesregierung will die Hafenbrücke ein Jahr lang sperren und sanieren lassen.\n"
                           "Die Ingenieure sagten, die Risse seien über den Winter gewachsen und könnten nicht warten.")
    assert [removal.rule for removal in result.removed] == ["teasers.read-also-de"]
    assert "\xad" not in result.source_text


def test_rules_can_be_disabled_by_id_or_pack():
    by_id = Cleaner(disable=["teasers.read-pipe"]).clean(ARTICLE, kind="text")
    assert "READ | Ferry operators warn of summer strikes" in by_id.text
    by_pack = Cleaner(disable=["teasers", "credits"]).clean(ARTICLE, kind="text")
    assert "READ | Ferry operators warn of summer strikes" in by_pack.text
    assert not {"teasers", "credits"} & {removal.rule.split(".")[0] for removal in by_pack.removed}


GLUED_CARDS = ("Bridge Repairs To Start In MayThe council voted on Tuesday to close the old bridge for a year.\n"
               "Ferry Fares Rise For The First Time In A DecadeThe operator says fuel costs have doubled since spring.\n"
               "Museum Reopens After Two-Year RefitThe harbour museum opens its doors again on Saturday morning.\n"
               "The council voted on Tuesday to close the old harbour bridge for repairs that will take a year.")


def test_opt_in_rules_can_be_enabled_by_id_or_pack_and_a_name_that_matches_none_is_an_error():
    assert "Bridge Repairs To Start" in Cleaner().clean(GLUED_CARDS, kind="text").text   # off by default
    for name in ("structure.glued-cards", "structure"):
        cleaner = Cleaner(enable=[name])
        result = cleaner.clean(GLUED_CARDS, kind="text")
        assert result.text == "The council voted on Tuesday to close the old harbour bridge for repairs that will take a year."
        assert set(result.removed_by_rule) == {"structure.glued-cards"}
        assert cleaner.fingerprint != Cleaner().fingerprint
    assert clean(GLUED_CARDS, kind="text", enable=["structure.glued-cards"]).removed_by_rule
    with pytest.raises(RuleError, match="no rule or pack named 'structure.glued-card' to enable"):
        Cleaner(enable=["structure.glued-card"])
    # disabling wins: a rule both enabled and disabled stays off
    assert "Bridge Repairs" in Cleaner(enable=["structure"], disable=["structure.glued-cards"]).clean(GLUED_CARDS, kind="text").text


def test_user_rules_add_to_the_builtin_packs(tmp_path):
    rules = tmp_path / "mine.yaml"
    rules.write_text(textwrap.dedent("""\
        pack: mine
        description: House style of one outlet.
        rules:
          - id: commuters
            kind: line
            description: Lines about commuters (a test rule).
            pattern: '^Commuters\\b'
            examples:
              remove: ["Commuters will wait."]
              keep: ["Engineers will wait."]
        """), encoding="utf-8")
    result = clean(ARTICLE, kind="text", rules=[rules])
    assert "Commuters" not in result.text
    assert result.removed_by_rule["mine.commuters"] == 1


def test_config_overrides_are_checked():
    with pytest.raises(TypeError, match="unknown Config option"):
        Cleaner(extracton="fast")
    with pytest.raises(ValueError, match="extraction must be one of"):
        Config(extraction="turbo")
    assert Cleaner(extraction="precision").config.extraction == "precision"


def test_with_config_shares_the_rules_and_find_date_only_touches_the_date(cleaner):
    dated = PAGE.replace("</head>", '<meta property="article:published_time" content="2024-03-12"></head>')
    undated = cleaner.with_config(find_date=False)
    assert undated.ruleset is cleaner.ruleset and undated.config.find_date is False
    assert cleaner.config.find_date is True   # the original is unchanged
    full, light = cleaner.clean(dated), undated.clean(dated)
    assert full.metadata["date"] == "2024-03-12" and "date" not in light.metadata
    assert light.text == full.text and light.title == full.title
    assert undated.fingerprint != cleaner.fingerprint
    for changed in ({"disabled": {"teasers"}}, {"enabled": {"structure.glued-cards"}}):
        with pytest.raises(TypeError, match="cannot change which rules are on"):
            cleaner.with_config(**changed)


def test_a_pathological_user_pattern_is_reported_not_hung(tmp_path):
    rules = tmp_path / "slow.yaml"
    rules.write_text(textwrap.dedent("""\
        pack: slow
        description: A catastrophic pattern.
        rules:
          - id: backtrack
            kind: line
            description: Nested quantifiers that backtrack exponentially.
            pattern: '^(a|aa)+$'
            examples:
              remove: ["aaa"]
              keep: ["b"]
        """), encoding="utf-8")
    cleaner = Cleaner(rules=[rules], builtin=False, match_timeout=0.05)
    result = cleaner.clean("a" * 40 + "b\n\n" + "a" * 41 + "c\n\nA normal line that stays in the output.", kind="text")
    assert result.text.endswith("A normal line that stays in the output.")
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("rule 'slow.backtrack' (")
    assert "regex took over 0.05s" in result.warnings[0]


def test_cleaner_pickles_and_gives_the_same_results(cleaner):
    clone = pickle.loads(pickle.dumps(cleaner))
    assert clone.clean(ARTICLE).text == cleaner.clean(ARTICLE).text
    assert clone.clean(PAGE).text == cleaner.clean(PAGE).text


def test_results_do_not_depend_on_earlier_calls_or_threads(cleaner):
    first = cleaner.clean(ARTICLE).to_dict()
    cleaner.clean(PAGE)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda doc: cleaner.clean(doc).to_dict(), [ARTICLE, PAGE] * 8))
    assert all(r == first for r in results[::2])
    assert all(r == results[1] for r in results[1::2])


def test_empty_input_has_a_status(cleaner):
    result = cleaner.clean("", kind="text")
    assert result.text == "" and result.status == "empty"


def test_fingerprint_follows_rules_and_config(tmp_path, cleaner):
    assert Cleaner().fingerprint == cleaner.fingerprint
    assert Cleaner(disable=["teasers.read-pipe"]).fingerprint != cleaner.fingerprint
    assert Cleaner(extraction="precision").fingerprint != cleaner.fingerprint


def test_a_menu_sized_extraction_is_recognised_for_a_second_pass():
    from cleaner.extract import looks_like_menu

    menu = "\n".join(f"Section {n}" for n in range(40))
    article = "\n".join("The council voted on Tuesday to close the old harbour bridge for repairs." for _ in range(40))
    assert looks_like_menu(menu)
    assert not looks_like_menu(article)
    assert not looks_like_menu("\n".join(f"Section {n}" for n in range(10)))  # too short to judge


def test_a_rule_that_would_wipe_the_article_is_undone_and_flagged(tmp_path):
    rules = tmp_path / "greedy.yaml"
    rules.write_text(textwrap.dedent("""\
        pack: greedy
        description: A rule written too broadly.
        rules:
          - id: the-lines
            kind: line
            description: Meant for "The End" labels, matches every line with "the".
            pattern: '\\bthe\\b'
            flags: [ignorecase]
            examples:
              remove: ["The End"]
              keep: ["Fin"]
        """), encoding="utf-8")
    result = Cleaner(rules=[rules]).clean(ARTICLE, kind="text")
    assert result.status == "guarded"
    assert result.warnings[0].startswith("rule 'greedy.the-lines' would have removed ")
    assert "its removals were undone" in result.warnings[0]
    assert "greedy.the-lines" not in result.removed_by_rule
    assert result.text == cleaner_text()


def cleaner_text():
    return clean(ARTICLE, kind="text").text


def test_max_share_is_validated(tmp_path):
    from cleaner import RuleError

    rules = tmp_path / "bad.yaml"
    rules.write_text("pack: b\ndescription: d\nrules:\n  - id: x\n    kind: line\n    description: d\n"
                     "    pattern: x\n    max_share: 2\n", encoding="utf-8")
    with pytest.raises(RuleError, match="'max_share' must be a number above 0 and at most 1, not 2"):
        Cleaner(rules=[rules])


def test_corrupted_utf8_is_an_error_not_mojibake():
    text = "Le conseil municipal a voté mardi la fermeture du vieux pont « pour un an », dit la mairie.".encode()
    corrupted = text[:20] + b"\xff" + text[20:40] + b"\x81" + text[40:]
    with pytest.raises(InputError, match=r"invalid UTF-8 at byte 20 in text that is otherwise UTF-8"):
        clean(corrupted, kind="text")
    one_bad_byte = text * 12 + b"\xff" + text   # a long page with one broken character
    assert clean(one_bad_byte, kind="text").text.count("\ufffd") == 1


def test_site_rules_follow_the_host_of_each_document_with_one_cleaner(tmp_path):
    pack = tmp_path / "house.yaml"
    pack.write_text("""pack: house
description: One site's promo line.
rules:
  - id: promo
    kind: line
    description: Promo lines of example.com.
    pattern: '^PROMO\\b'
    sites: [example.com]
    examples:
      remove: ["PROMO today"]
      keep: ["Promotions were discussed."]
""", encoding="utf-8")
    cleaner = Cleaner(rules=[pack])
    text = ("The council voted on Tuesday to close the old bridge for repairs that will take a year.\n"
            "PROMO half price this week\n"
            "Engineers said the cracks had grown over the winter and could not wait until the spring.")
    on_site = lambda: cleaner.clean(text, kind="text", url="https://news.example.com/a").text  # noqa: E731
    assert "PROMO" not in on_site()
    assert "PROMO" in cleaner.clean(text, kind="text", url="https://other.org/a").text   # cached selection not reused
    assert "PROMO" not in on_site()
    # a malformed address names no site: the document still cleans, without site rules
    malformed = cleaner.clean(text, kind="text", url="http://[news.example.com/a")
    assert "PROMO" in malformed.text and malformed.text.startswith("The council voted")
    page = f"<html><head><meta property='og:url' content='http://[bad'></head><body><p>{text}</p></body></html>"
    assert cleaner.clean(page, kind="html").text.startswith("The council voted")


def test_decomposed_unicode_is_cleaned_like_composed():
    """Text copied on macOS spells "ê" as "e" and a combining circumflex: rules still match it."""
    import unicodedata

    composed = ("Hà Nội đã khởi công tuyến đường sắt đô thị mới vào sáng thứ Hai, theo thông báo của thành phố.\n\n"
                "Xem thêm: Giá xăng dầu hôm nay tiếp tục tăng\n\n"
                "Tuyến đường dài mười hai cây số sẽ nối trung tâm với các khu dân cư phía tây trong ba năm tới.")
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    expected = clean(composed, kind="text", language="vi")
    result = clean(decomposed, kind="text", language="vi")
    assert [removal.rule for removal in result.removed] == ["teasers.read-also-vi"]
    assert result.text == expected.text and "Xem thêm" not in result.text
    removal = result.removed[0]
    assert result.source_text[removal.start:removal.end] == removal.text   # offsets into the composed text
    paragraphs = "".join(f"<p>{line}</p>" for line in decomposed.split("\n\n"))
    page = f"<html lang='vi'><head><title>{decomposed[:30]}</title></head><body><article>{paragraphs}</article></body></html>"
    from_html = clean(page, kind="html")
    assert from_html.text == expected.text and unicodedata.is_normalized("NFC", from_html.title)


def test_a_rule_that_sees_two_lines_takes_a_match_only_from_the_first():
    """A match of a two-line rule that starts on the second line belongs to that line: the line
    above stays ("Harbour Works" over a byline is not part of it)."""
    from cleaner import Cleaner
    from cleaner.rules import LINE, Rule

    rule = Rule(id="mine.byline", kind=LINE, description="a byline, or a photo label over its credit",
                pattern=r"^(?:\w+ \w+ \| \w+ \d{4}|Photo:\n.+)$", lines=2)
    result = Cleaner.from_rules([rule]).clean("Harbour Works\nJane Doe | Valdelobos 2024\nThe bridge reopened.",
                                              kind="text")
    assert result.text == "Harbour Works\nThe bridge reopened."
    assert [removal.text for removal in result.removed] == ["Jane Doe | Valdelobos 2024"]


def test_lone_surrogates_become_replacement_characters():
    """JSON escapes ("\\ud83d" alone) and bytes decoded with "surrogateescape" leave lone
    surrogates in a str: they become U+FFFD, and a pair split in two is joined."""
    text = "The council met on Tuesday \ud800 to vote on the bridge \ud83d\ude00, officials said.\n\nShare this article"
    result = clean(text, kind="text")
    assert result.text == "The council met on Tuesday \ufffd to vote on the bridge \U0001F600, officials said."
    escaped = b"The council met \xff on Tuesday to vote on the bridge, officials said.".decode("utf-8", "surrogateescape")
    assert clean(escaped, kind="text").text == "The council met \ufffd on Tuesday to vote on the bridge, officials said."


def test_line_rules_judge_a_list_item_without_its_marker(cleaner):
    """trafilatura writes <li> items as "- item": a share button or stamp in a list is still
    clutter, while the marker of a body list item goes and the item stays."""
    page = """<html lang="en"><head><title>Harbour Bridge to Close</title></head><body><article>
    <h1>Harbour Bridge to Close</h1>
    <ul><li>Updated: 12 March 2024</li></ul>
    <p>The council voted on Tuesday to close the old harbour bridge for repairs that will take at least a year, after a long debate.</p>
    <p>Engineers said the cracks found in the main span had grown over the winter and could not wait for another season.</p>
    <ul><li>a free ferry between the two quays</li><li>extra buses at rush hour</li></ul>
    <ul><li>Share on Facebook</li><li>Print Article</li></ul>
    </article></body></html>"""
    result = cleaner.clean(page, kind="html")
    rules = {removal.text.lstrip("- "): removal.rule for removal in result.removed}
    assert rules["Updated: 12 March 2024"] == "stamps.updated-published"
    assert rules["Share on Facebook"].startswith("share.")
    assert rules["Print Article"].startswith(("share.", "notices."))
    assert result.text.splitlines()[-2:] == ["a free ferry between the two quays", "extra buses at rush hour"]
