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


def test_language_scoped_rules_run_only_where_they_may_apply():
    cleaner = Cleaner()
    german = cleaner.clean(GERMAN + "\n\nLesen Sie auch: Fähre fährt wieder\n", kind="text")
    assert "teasers.read-also-de" in german.removed_by_rule
    forced = Cleaner(language="en").clean(GERMAN + "\n\nLesen Sie auch: Fähre fährt wieder\n", kind="text")
    assert "teasers.read-also-de" not in forced.removed_by_rule
