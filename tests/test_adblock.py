"""Ad-blocking filter lists (EasyList cosmetic syntax) as a rule source for the HTML stage."""
from cleaner import Cleaner
from cleaner.adblock import load_filter_list
from conftest import ROOT

LIST = ROOT / "tests" / "fixtures" / "house-filters.txt"
BODY = ("<p>The council voted on Tuesday to close the old harbour bridge for repairs that will take at "
        "least a year, after a long and heated debate in the town hall.</p>"
        "<p>Engineers said the cracks found in the main span had grown over the winter and could not "
        "wait for another season, the council's report says.</p>")


def page(extra: str) -> str:
    return (f"<html><head><title>Bridge</title></head><body><article><h1>Bridge to close</h1>{BODY}"
            f"{extra}<p>Commuters will be offered a free ferry service between the two quays while the "
            f"work goes on, the council said on Wednesday.</p></article></body></html>")


def test_list_parsing_ids_scopes_exceptions_and_skips():
    parsed = load_filter_list(LIST)
    by_selector = {rule.selector: rule for rule in parsed.rules}
    assert by_selector[".ad-slot"].id == "house-filters.line-4"
    assert by_selector[".ad-slot"].source == f"{LIST}:4"
    assert by_selector[".partner-strip"].sites == ("harbourcourier.example",)
    assert by_selector[".regional-teaser"].except_sites == ("harbourcourier.example",)
    assert by_selector[".newsletter-box"].except_sites == ("harbourcourier.example",)
    assert ".keep-me" not in by_selector                      # global exception
    assert parsed.skipped == 4                                 # network, #?#, +js, :-abp-contains
    assert len(parsed.rules) == 6


def test_filters_drop_elements_before_extraction_with_the_line_as_rule_id():
    cleaner = Cleaner(rules=[LIST])
    html = page('<div class="ad-slot"><p>Buy the new Harbour card today and save twenty percent on every ferry ride this month.</p></div>'
                '<div id="sponsor-7"><p>Sponsored: the finest seafood restaurant on the quay invites you to its autumn tasting menu.</p></div>')
    result = cleaner.clean(html, kind="html")
    assert "Harbour card" not in result.text and "seafood restaurant" not in result.text
    assert {r.rule for r in result.removed if r.stage == "html"} == {"house-filters.line-4", "house-filters.line-5"}
    assert result.text.startswith("The council voted") and result.text.endswith("said on Wednesday.")


def test_domain_scopes_follow_the_page_url():
    cleaner = Cleaner(rules=[LIST])
    html = page('<div class="partner-strip"><p>Our partners at the marina offer mooring discounts for every reader of this paper this winter.</p></div>'
                '<div class="newsletter-box"><p>Sign up for the weekly harbour letter and get every story from the quays in your inbox.</p></div>')
    on_site = cleaner.clean(html, kind="html", url="https://www.harbourcourier.example/news/bridge")
    elsewhere = cleaner.clean(html, kind="html", url="https://other.example/story")
    on_ids = {r.rule for r in on_site.removed if r.stage == "html"}
    off_ids = {r.rule for r in elsewhere.removed if r.stage == "html"}
    assert "house-filters.line-7" in on_ids and "house-filters.line-7" not in off_ids      # site-only filter
    assert "house-filters.line-9" not in on_ids and "house-filters.line-9" in off_ids    # excepted on the site


def test_filters_are_listed_and_disabled_like_other_rules():
    cleaner = Cleaner(rules=[LIST], disable=["house-filters.line-4"])
    assert "house-filters.line-4" not in cleaner.ruleset.by_id
    assert "house-filters.line-5" in cleaner.ruleset.by_id


def test_selectors_without_their_class_on_the_page_are_not_evaluated():
    cleaner = Cleaner(rules=[LIST])
    from cleaner.html import parse_html

    index = cleaner.ruleset.selector_index
    tree = parse_html(page('<div class="ad-slot"><p>x</p></div>'))
    candidates = {rule.id for rule, _selector in index.candidates(index.page(tree))}
    assert "house-filters.line-4" in candidates            # .ad-slot is on the page
    assert "house-filters.line-9" not in candidates        # .newsletter-box is not
    assert "house-filters.line-5" not in candidates        # no id starting "sponsor-" on the page
    tree = parse_html(page('<div id="sponsor-3"><p>x</p></div>'))
    assert "house-filters.line-5" in {rule.id for rule, _selector in index.candidates(index.page(tree))}


def test_only_the_alternatives_a_page_can_match_are_evaluated():
    from cleaner.html import parse_html
    from cleaner.rules import Rule
    from cleaner.ruleset import RuleSet

    rule = Rule(id="t.mixed", kind="selector", description="four kinds of alternative",
                selector=".promo-box, div[class*='teaser'], #sponsor, aside > p")
    ruleset = RuleSet([rule])
    index = ruleset.selector_index
    tree = parse_html(page('<div class="story-teaser">More</div><aside><p>Ad</p></aside>'))
    [(found, selector)] = index.candidates(index.page(tree))
    assert found is rule
    assert selector == "div[class*='teaser'], aside > p"   # no .promo-box or #sponsor on the page
    assert ruleset.xpath(selector)(tree) == ruleset.xpath(rule.selector)(tree)
    assert len(ruleset.xpath(selector)(tree)) == 2
    tree = parse_html(page(""))
    assert [selector for _rule, selector in index.candidates(index.page(tree))] == ["aside > p"]


def test_an_attribute_inside_not_is_never_what_a_page_must_contain():
    from cleaner.selectors import part_needle

    assert part_needle('h2:not([class*="subheader"])[class*="subhead"]') == ("class", "subhead")
    assert part_needle('h2:not([class*="subheader"])') is None   # evaluated on every page instead
