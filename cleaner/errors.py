"""Exceptions a user can meet, each naming the file, line or rule at fault."""
from __future__ import annotations


class CleanerError(Exception):
    """Base class for every error this package raises on purpose."""


class RuleError(CleanerError):
    """A rule file or a rule in it is invalid.

    ``problems`` holds one message per fault, each shaped ``file:line: rule 'id': problem``,
    so a user can fix them all in one pass.
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class InputError(CleanerError):
    """The document itself cannot be cleaned (undecodable bytes, wrong type, ...)."""
