"""Build: the modules that clean each document, compiled to C with mypyc where possible.

Compiled, a text document cleans in about a quarter fewer instructions; the output is the same
(the test suite runs against both builds). ``CLEANER_COMPILE`` chooses:

- unset (``auto``): compile when building a wheel (``pip install .``); if mypyc or the C compiler
  fails, say so and install pure Python. Editable installs (``pip install -e .``) stay pure
  Python, so that what runs is what the checkout's ``.py`` files say.
- ``1``: compile, and fail the install if compiling fails. (Editable, this builds the modules in
  the checkout, where they shadow the ``.py`` files until rebuilt, and pytest cannot collect
  their doctests: for timing a checkout compiled, not for working on it.)
- ``0``: pure Python.

Everything else about the package is in pyproject.toml.
"""
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

# The per-document work: line splitting, screens, matchers, heuristics, language guess. Left in
# Python: pipeline.py (thin; mypyc cannot compile Cleaner.from_rules), and the frozen dataclasses of
# rules.py and result.py, which are pickled to and from worker processes (compiled, they cannot be).
COMPILED = ["textdoc", "prefilter", "matchers", "heuristics", "languages", "branches", "decode", "ruleset"]
CHOICE = os.environ.get("CLEANER_COMPILE", "auto")
if CHOICE not in ("auto", "0", "1"):
    sys.exit(f"CLEANER_COMPILE must be 0, 1 or unset, not {CHOICE!r}")


def _warn(message: str) -> None:
    print(f"cleaner: {message}; installing pure Python (same results, slower)", file=sys.stderr)


class BuildOrFallBack(build_ext):
    """build_ext that, in auto mode, leaves the pure Python modules in place when compiling fails."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # a missing compiler or header shows as several error types
            if CHOICE == "1":
                raise
            for extension in self.extensions:   # a module built without the others would not import
                Path(self.get_ext_fullpath(extension.name)).unlink(missing_ok=True)
            _warn(f"compiling failed ({error})")


def _extensions() -> list:
    metadata_only = {"egg_info", "dist_info", "sdist"} & set(sys.argv)
    editable = "editable_wheel" in sys.argv
    if CHOICE == "0" or metadata_only or (editable and CHOICE == "auto"):
        return []
    try:
        from mypyc.build import mypycify
        return mypycify([f"cleaner/{name}.py" for name in COMPILED], group_name="cleaner")
    except (Exception, SystemExit) as error:  # mypy missing, or type errors (mypyc exits on those)
        if CHOICE == "1":
            raise
        _warn(f"mypyc could not compile ({error!r})")
        return []


setup(ext_modules=_extensions(), cmdclass={"build_ext": BuildOrFallBack},
      options={"build_ext": {"parallel": os.cpu_count() or 1}})
