

def test_fast_word_count_path_agrees_with_the_unicode_engine():
    """word_count uses the standard library's \\w where it agrees with regex's: check every character."""
    import re

    import regex

    from cleaner.textdoc import _OUTSIDE_LATIN

    stdlib, unicode_engine = re.compile(r"\w"), regex.compile(r"\w")
    for code in range(0x80, 0x10000):
        char = chr(code)
        if not _OUTSIDE_LATIN.search(char):
            assert bool(stdlib.match(char)) == bool(unicode_engine.match(char)), hex(code)
