"""Hard-wrapped text: found by the wrapper's marks, rejoined before the rules run, left alone otherwise."""
import textwrap

import pytest

from cleaner import Cleaner, clean
from cleaner.textdoc import Page
from cleaner.unwrap import columns, rejoined, unwrapped
from conftest import ROOT

CORPUS = ROOT / "corpus" / "input"
# articles in twelve languages and six scripts (scripts written without spaces are not unwrapped)
ROUND_TRIP = ["en/harbour-courier-seawall-funding.txt", "en/midland-ledger-monsoon-damage-page.txt",
              "de/rheinblick-stadtrat-radwege.txt", "fr/veilleur-robotique.txt", "es/diario-del-sur-sequia.txt",
              "pl/kurier-nadwislanski-most.txt", "ru/zarechensky-kurier-most.txt", "ar/sada-alwadi-water-line.txt",
              "hi/songhati-samachar-bridge-ban.txt", "tr/sakinova-postasi-olive-press.txt",
              "ko/solmoe-ilbo-market-parking.txt", "clean/el-cinema.txt", "clean/vi-bridge.txt"]


def hard_wrap(text: str, width: int) -> str:
    """Each line broken at ``width`` columns, as html2text and e-mail clients break them."""
    return "\n".join(piece for line in text.split("\n") for piece in textwrap.wrap(line, width) or [""])


def width_of(text: str, markdown: bool = False):
    return rejoined(Page(text, mode="text"), markdown=markdown)[1]


@pytest.mark.parametrize("width", [60, 72, 80])
@pytest.mark.parametrize("name", ROUND_TRIP)
def test_a_hard_wrapped_article_cleans_as_the_original_does(name, width):
    original = (CORPUS / name).read_text(encoding="utf-8")
    result = clean(hard_wrap(original, width), kind="text")
    assert result.text == clean(original, kind="text").text
    assert width - 2 <= result.metadata["wrap_width"] <= width   # the longest line may fall short of it


def test_without_unwrapping_the_fragments_stay_and_rules_misjudge_them():
    original = (CORPUS / ROUND_TRIP[0]).read_text(encoding="utf-8")
    result = Cleaner(unwrap=False).clean(hard_wrap(original, 72), kind="text")
    assert "wrap_width" not in result.metadata
    assert result.text != clean(original, kind="text").text


@pytest.mark.parametrize("path", sorted(CORPUS.rglob("*.txt")), ids=lambda path: path.name)
def test_of_the_corpus_texts_only_the_hard_wrapped_ones_are_taken_for_wrapped(path):
    wrapped_at = {"harbour-courier-rope-works-markdown.txt": 78, "rheinblick-faehre-oberwinkel-wrapped.txt": 72}
    assert width_of(path.read_text(encoding="utf-8")) == wrapped_at.get(path.name)


POEM = """\
The river knows the names of every stone it passes by
and carries them in silence to the harbour and the sea,
where fishermen at morning count the gulls along the sky
and wonder at the weather and the way it used to be.
my grandmother would sing of it when winter nights were long
and snow lay on the window like a blanket on the ground,
she taught me half the verses of a half-forgotten song
and never told the ending, for the ending was not found.
so now I walk the river path with nothing in my hands
but questions for the water and the willows on the shore,
and every bend the river makes, it seems, it understands
the things I never asked her, and can never ask her more."""

HEADLINES = """\
More from the newsroom
Council approves budget after a long night of debate in the chamber
Storm brings flooding to coastal towns as rivers burst their banks
Local school wins national award for its science and robotics club
Police appeal for witnesses after a crash on the northern bypass road
New bridge opens to traffic two years later than first promised
Hospital waiting lists fall for the third month in a row, figures show
Farmers warn of poor harvest after the driest summer on record here
Rail strike called off at the last minute after talks with the union"""

TABLE = "\n".join(f"{rank}\t{name}\t{points}\t{wins}" for rank, name, points, wins in
                  [(1, "Harbour Rovers Football Club", 54, 17), (2, "Quayside Athletic", 51, 16),
                   (3, "North Bank United", 47, 14), (4, "Ferry Lane Wanderers", 44, 13),
                   (5, "Old Town Rangers", 40, 12), (6, "Lighthouse Albion", 38, 11),
                   (7, "Saltmarsh City", 35, 10)])


@pytest.mark.parametrize("text", [POEM, HEADLINES, TABLE], ids=["poem", "headlines", "table"])
def test_lines_of_even_length_are_not_taken_for_wrapping(text):
    """A poem's lines end in punctuation, a headline list's begin capitalised, a table's cells
    are apart: none is a paragraph a wrapper broke."""
    assert width_of(text) is None
    assert clean(text, kind="text").metadata.get("wrap_width") is None


# articles in scripts written without spaces, wrapped after any character
UNSPACED = ["ja/minatogawa-shimpo-demand-bus.txt", "ja/miyuki-shimpo-school-inn.txt", "clean/ja-school.txt",
            "clean/zh-bus.txt", "zh/lanshan-ribao-reading-room.txt", "zh/qinghe-wanbao-night-bus.txt",
            "zh/fengchuan-wanbao-elevator-page.txt"]


def wrap_anywhere(text: str, width: int, measure) -> str:
    """Each line broken after the last character that fits ``width``, counted by ``measure``
    (characters, or display columns), as wrappers of Chinese and Japanese break lines."""
    rows = []
    for line in text.split("\n"):
        row = ""
        for char in line:
            if row and measure(row + char) > width:
                rows.append(row)
                row = ""
            row += char
        rows.append(row)
    return "\n".join(rows)


@pytest.mark.parametrize(("width", "measure"), [(30, len), (40, len), (70, columns), (80, columns)],
                         ids=["30-characters", "40-characters", "70-columns", "80-columns"])
@pytest.mark.parametrize("name", UNSPACED)
def test_chinese_and_japanese_wrapped_anywhere_clean_as_the_original_does(name, width, measure):
    original = (CORPUS / name).read_text(encoding="utf-8")
    wrapped = wrap_anywhere(original, width, measure)
    assert wrapped.count("\n") > original.count("\n") + 5
    result = clean(wrapped, kind="text")
    assert result.text == clean(original, kind="text").text
    assert width - 1 <= result.metadata["wrap_width"] <= width


def test_a_broken_number_is_joined_whole_and_the_display_width_counts_wide_characters_twice():
    assert columns("約400人") == 7 and columns("ｶﾅ") == 2 and columns("全角１２") == 8
    paragraph = "霧ヶ原町で昨年3月に閉校した旧桜台小学校の校舎が、今月から地域の交流拠点として生まれ変わった。" * 4
    wrapped = wrap_anywhere(paragraph, 21, len)
    assert "\n" in wrapped and rejoined(Page(wrapped, mode="text")) == (paragraph, 21)


@pytest.mark.parametrize("full_rows", [4, 5])
def test_an_unspaced_text_needs_five_full_rows_at_the_narrowest_width(full_rows):
    """MIN_BROKEN (5) rows that run on and fill the width, at MIN_UNSPACED_WIDTH (20) characters:
    fewer are not taken for a wrapper's work (a text without enough such rows is passed over
    before any width is measured)."""
    characters = "霧原町昨年閉校旧桜台小学校舎今月地域交流拠点生変"
    text = "".join(characters[n % len(characters)] for n in range(20 * full_rows + 7))
    wrapped = wrap_anywhere(text, 20, len)
    assert [len(row) for row in wrapped.split("\n")] == [20] * full_rows + [7]
    assert rejoined(Page(wrapped, mode="text")) == ((text, 20) if full_rows == 5 else (wrapped, None))


PHRASES = ["春风又绿江南岸", "明月何时照我还", "远山如黛水长流", "故园归梦隔重楼", "灯火阑珊人未眠", "长亭外古道边草",
           "白云深处有人家", "停车坐爱枫林晚", "霜叶红于二月花", "孤帆远影碧空尽", "唯见长江天际流", "烟波江上使人愁",
           "千里莺啼绿映红", "水村山郭酒旗风", "南朝四百八十寺", "多少楼台烟雨中", "夜来风雨声声急", "花落知多少人知"]
VERSE = "\n".join("，".join(PHRASES[n:n + 3]) + "。" for n in range(0, len(PHRASES), 3))


def test_verse_of_lines_of_one_length_is_not_taken_for_wrapped():
    """Lines of one length that end on a stop or a comma: verse (or a list), not a wrapper's work."""
    assert {len(line) for line in VERSE.splitlines()} == {24}
    assert width_of(VERSE) is None


PARAGRAPH = ("The council voted on Tuesday to close the old harbour bridge for repairs that will take at "
             "least a year, after a long-running debate in the chamber that ran past midnight and ended "
             "with a narrow vote. Engineers said the cracks found in the main span had grown over the "
             "winter and could not wait for another season, and that the work would begin in the spring "
             "once the ferries were ready to take the commuters across the water.")


def test_html2text_output_with_blank_lines_lists_and_a_long_url_is_rejoined():
    text = "\n\n".join([hard_wrap(PARAGRAPH, 78), "  * first item of a list", "  * second item",
                        "https://example.org/" + "a" * 90, hard_wrap(PARAGRAPH, 78)])
    page = Page(text, mode="text")
    assert rejoined(page)[1] == 78
    lines = unwrapped(page, 78).split("\n")
    assert lines.count(PARAGRAPH) == 2
    assert "  * first item of a list" in lines and "  * second item" in lines


def test_wrapped_markdown_with_whole_list_items_and_reference_definitions_is_rejoined():
    # html2text leaves list items whole and cannot break an address: those lines run past 78
    items = [f"  * [{PARAGRAPH[:100 + n]}][{n}]" for n in range(1, 7)]
    definitions = [f"   [{n}]: https://example.org/news/{'harbour-bridge-' * 8}{n}" for n in range(1, 7)]
    text = "\n\n".join([hard_wrap(PARAGRAPH, 78), "\n".join(items), hard_wrap(PARAGRAPH, 78), *definitions])
    page = Page(text, mode="text")
    assert rejoined(page)[1] is None   # read as plain text, the long lines deny a width
    assert rejoined(page, markdown=True)[1] == 78
    assert clean(text, kind="text").text.split("\n").count(PARAGRAPH) == 2


def test_a_word_broken_after_its_hyphen_is_joined_without_a_space():
    width = next(width for width in range(50, 90) if "long-\nrunning" in hard_wrap(PARAGRAPH, width))
    page = Page(hard_wrap(PARAGRAPH, width), mode="text")
    assert unwrapped(page, width) == PARAGRAPH


def test_removals_point_into_the_rejoined_source_text():
    text = hard_wrap("Harbour bridge to close\n\n" + PARAGRAPH + "\nREAD | Ferry operators warn of summer strikes\n"
                     + PARAGRAPH, 72)
    result = clean(text, kind="text")
    assert result.metadata["wrap_width"] == 72
    assert result.text.split("\n") == [PARAGRAPH, PARAGRAPH]
    assert [removal.rule for removal in result.removed if removal.rule.startswith("teasers")] == ["teasers.read-pipe"]
    for removal in result.removed:
        assert result.source_text[removal.start:removal.end] == removal.text
