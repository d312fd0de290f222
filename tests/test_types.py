"""The whole package type-checks. mypyc compiles the per-document modules trusting their
annotations (setup.py); the rest (batch runner, sinks, CLI) is held to the same standard, so an
Optional left unchecked shows here rather than as an AttributeError in the middle of a batch."""
from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

REPO = Path(__file__).resolve().parents[1]


def test_the_package_type_checks(tmp_path):
    report, errors, status = mypy_api.run([str(REPO / "cleaner"), "--config-file", str(REPO / "pyproject.toml"),
                                           "--cache-dir", str(tmp_path / "mypy-cache")])
    assert status == 0, report + errors
