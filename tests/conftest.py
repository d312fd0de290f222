import os
import shutil
import tempfile
from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.compile_cache import ENV as CACHE_ENV

# The suite, and the commands and worker processes it starts, keep compiled patterns in a cache
# of their own: it starts cold, and the user's cache is neither read nor written.
os.environ[CACHE_ENV] = tempfile.mkdtemp(prefix="cleaner-test-cache-")


def pytest_sessionfinish(session, exitstatus) -> None:
    shutil.rmtree(os.environ[CACHE_ENV], ignore_errors=True)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    """The built-in rules, compiled once for the whole session."""
    return Cleaner()
