"""Markdown from scrapers: told by its links, read as the plain text it marks up."""
import pytest

from cleaner import Cleaner, clean
from cleaner.markdown import looks_like_markdown, plain_text
from conftest import ROOT


@pytest.mark.parametrize("markdown, text", [
    ("Read the [council's report](https://example.org/report-2024.pdf \"PDF\") in full.",
     "Read the council's report in full."),
    ("![A ferry at the quay](/media/ferry.jpg)", ""),
    ("[![logo](/logo.png)](https://example.org/)", ""),   # an image inside a link: nothing is left
    ("[Call (01632) 960 000](tel:01632960000)", "Call (01632) 960 000"),
    ("[a link](https://example.org/wiki/Harbour_(town))", "a link"),   # brackets in an address
    ("## Most read", "Most read"),
    ("### Closing date ###", "Closing date"),
    ("> The bridge is safe, the engineers said.", "The bridge is safe, the engineers said."),
    ("The **council** voted _seven to five_ on *Tuesday*.", "The council voted seven to five on Tuesday."),
    ("price\\_list \\*updated\\* \\[draft\\]", "price_list *updated* [draft]"),
    ("Run `git log` to see it.", "Run git log to see it."),
    # reference-style links (html2text's inline_links=False): words kept, definitions gone
    ("Read [the report][1] and [the map][].\n\n   [1]: https://example.org/r (Report)\n   [The Map]: /map\n",
     "Read the report and the map.\n\n"),
    ("![A ferry][img] at the quay.\n\n[img]: /media/ferry.jpg", " at the quay.\n\n"),
    # brackets no definition resolves are not links: footnote marks stay
    ("Founded in 1850.[1][2] It grew.[3]\n\n[1]: https://example.org/", "Founded in 1850.[1][2] It grew.[3]\n\n"),
    # html2text closes bold against the next word and runs bold links together
    ("**Filed Under:**Flooding, Harbour", "Filed Under:Flooding, Harbour"),
    ("**News****Sport****Weather**", "News Sport Weather"),
    ("Il _**black Friday**_ incombe.", "Il black Friday incombe."),
    # empty <i></i> icons as html2text writes them
    ("__Share", "Share"), ("Advertisement __", "Advertisement "), ("[ __](mailto:?subject=Bridge)", " "),
])
def test_markup_gives_way_to_the_text_it_marks(markdown, text):
    assert plain_text(markdown) == text


@pytest.mark.parametrize("text", [
    "snake_case_name and another_name stay as they are",
    "2 * 3 * 4 = 24, and 5*6 = 30",
    "2**10 is 1024 and 3**2 is 9",
    "a snake__case name keeps its underscores",
    "  * a list item keeps its marker, which layout.bullet removes",
    "- so does this one",
    "| Team | Points |\n|---|---|\n| Harbour | 54 |",
])
def test_what_is_not_markup_stays(text):
    assert plain_text(text) == text


def test_a_text_is_markdown_when_it_writes_links_or_images_the_markdown_way():
    assert not looks_like_markdown("A plain text [with a bracket] and (parentheses).")
    assert not looks_like_markdown("One [link](https://example.org/) could be a quirk.")
    assert looks_like_markdown("[Home](/) and [News](/news)")
    assert looks_like_markdown("![photo](/p.jpg)")
    encoded = "[Home](/) and [News](/news)".encode("cp1252")
    assert looks_like_markdown("[Home](/) and [News](/news)", encoded)
    assert not looks_like_markdown("No links [here].", b"No links [here].")
    assert looks_like_markdown("# Harbour bridge to close\n\nText.\n\n## Most read\n")
    assert not looks_like_markdown("# A lone heading\n\n#MeToo trends again; #1 seed out.\n")
    references = "[Home][1] and [News][2]\n\n   [1]: https://example.org/\n   [2]: https://example.org/news/\n"
    assert looks_like_markdown(references)
    assert looks_like_markdown(references, references.encode("cp1252"))
    assert not looks_like_markdown("Founded in 1850.[1][2] It grew.[3][4]")   # footnote marks, defined nowhere


def test_no_corpus_text_is_taken_for_markdown_but_the_markdown_one():
    inputs = sorted((ROOT / "corpus" / "input").rglob("*.txt"))
    markdown = [path.name for path in inputs if looks_like_markdown(path.read_text(encoding="utf-8"))]
    assert markdown == ["harbour-courier-rope-works-markdown.txt"]


PAGE = """\
  * [Home](https://example.org/)
  * [News](https://example.org/news/)

# Harbour bridge to close for a year

![The old bridge](https://example.org/media/bridge-1200.jpg)

The council voted on **Tuesday** to close the old harbour bridge for repairs that will take at \
least a year, the [council said](https://example.org/news/2024/03/bridge-report/).

**READ |** [Ferry operators warn of summer strikes](https://example.org/news/2024/03/ferry-strikes/)

Engineers said the cracks found in the main span had grown over the winter and could not wait for \
another season.
"""


def test_a_markdown_page_cleans_to_its_plain_body():
    result = clean(PAGE, kind="text")
    assert result.metadata["format"] == "markdown"
    assert result.title == "Harbour bridge to close for a year"
    assert result.text.split("\n") == [
        "The council voted on Tuesday to close the old harbour bridge for repairs that will take at least "
        "a year, the council said.",
        "Engineers said the cracks found in the main span had grown over the winter and could not wait "
        "for another season."]
    assert "teasers.read-pipe" in result.removed_by_rule
    for removal in result.removed:
        assert result.source_text[removal.start:removal.end] == removal.text


def test_markdown_reading_can_be_switched_off():
    result = Cleaner(markdown=False).clean(PAGE, kind="text")
    assert "format" not in result.metadata
    assert "](https://example.org/news/2024/03/bridge-report/)" in result.text
