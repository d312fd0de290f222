"""cleaner: clean body text from news articles, HTML or scraped text, with rules you can read.

Usage::

    from cleaner import clean
    result = clean(html_or_text)
    result.text, result.title, result.metadata, result.removed
"""
from .config import Config
from .errors import CleanerError, InputError, RuleError
from .pipeline import Cleaner, clean
from .result import CleanResult, Removal
from .rulefile import load_rules
from .rules import Rule

__version__ = "0.1.0"

__all__ = ["CleanResult", "Cleaner", "CleanerError", "Config", "InputError", "Removal", "Rule",
           "RuleError", "__version__", "clean", "load_rules"]
