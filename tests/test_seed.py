"""The document this project started from (../shared/seed): exact body, headline and author."""
import pytest

from conftest import SHARED

SEED = SHARED / "seed"
pytestmark = pytest.mark.skipif(not SEED.is_dir(), reason="../shared/seed not present")


def seed_documents():
    if not SEED.is_dir():
        return []
    return [p for p in sorted(SEED.glob("*.txt")) if not p.name.endswith((".gold.txt", ".title.txt"))]


@pytest.mark.parametrize("path", seed_documents(), ids=lambda p: p.stem)
def test_seed_body_title_and_author(cleaner, path):
    result = cleaner.clean(path.read_text(encoding="utf-8"), kind="text")
    gold = [line.strip() for line in path.with_name(path.stem + ".gold.txt").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    assert result.text.splitlines() == gold
    assert result.title == path.with_name(path.stem + ".title.txt").read_text(encoding="utf-8").strip()
    assert result.metadata["author"] == "Aanchal Nigam"
    assert result.metadata["tags"] == ["Russia", "Ukraine conflict", "Russian troop losses"]
