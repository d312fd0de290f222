"""cleaner: clean body text from news articles, HTML or scraped text, with rules you can read.

Usage::

    from cleaner import clean
    result = clean(html_or_text)
    result.text, result.title, result.metadata, result.removed
"""
from . import textdoc as _textdoc
from .config import Config
from .errors import CleanerError, InputError, RuleError
from .pipeline import Cleaner, clean
from .result import CleanResult, Removal
from .rulefile import load_rules
from .rules import Rule
from .sites import SiteLines

__version__ = "0.1.0"
# whether this installation runs the per-document modules compiled by mypyc (see setup.py)
COMPILED = not _textdoc.__file__.endswith(".py")

__all__ = ["COMPILED", "CleanResult", "Cleaner", "CleanerError", "Config", "InputError", "Removal", "Rule",
           "RuleError", "SiteLines", "__version__", "clean", "load_rules"]
