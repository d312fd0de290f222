"""Site lines: the lines a site repeats on many of its pages, learned from the pages of a batch.

A line that survives every rule yet stands on many pages of one site (an author box, a
disclaimer, a promo for the site's app, a "Watch live" teaser of the day) is that site's
boilerplate: its articles do not share sentences. ``SiteLines`` counts, per host, on how many
pages each line occurs (lines are keyed by a 64-bit hash of their casefolded words, so a profile
holds no text); the ``structure.site-repeats`` heuristic then drops the lines a page still has
after every other step that reach its threshold. Pages can be learned as scraped (their lines as
they are) or as a first pass cleaned them: on the benchmark both drop the same clutter. Copies of one article (the same title, or the same text) count as one page,
so an article published twice does not make its own paragraphs boilerplate.

    sites = SiteLines()
    sites.add(text, url=url)                  # each scraped page; or SiteLines.learn(results)
    second = cleaner.with_sites(sites)        # cleans as before, minus the repeated lines
"""
from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from .errors import InputError
from .files import write_atomic
from .html import host_of
from .textdoc import line_key, words_key

FORMAT = "cleaner-site-lines/1"
NO_LINES: Mapping[int, int] = MappingProxyType({})


def line_keys(text: str) -> set[int]:
    """The ``line_key`` of each distinct line of ``text`` (casefolded once for the whole text;
    a page's blank and repeated lines are hashed once)."""
    keys = set()
    for line in set(text.casefold().splitlines()):
        if words := " ".join(line.split()):
            keys.add(words_key(words))
    return keys


class SitePages(NamedTuple):
    """What the heuristic sees of one site: how many distinct pages were learned, and on how
    many of them each repeated line stood."""

    pages: int = 0
    lines: Mapping[int, int] = NO_LINES


NO_SITE = SitePages()


class SiteLines:
    """Per host: pages learned, and on how many of them each line occurs.

    ``max_pages`` bounds what one site costs: its first ``max_pages`` distinct pages are learned,
    later ones passed over (a thousand pages show a site's boilerplate; memory is about 80 bytes
    a distinct line learned). None learns every page.
    """

    def __init__(self, max_pages: int | None = 1000) -> None:
        self.max_pages = max_pages
        self._pages: Counter[str] = Counter()
        self._lines: dict[str, Counter[int]] = {}
        self._seen: dict[str, set[int]] = {}   # identities (title or text) of the pages counted
        self.duplicates = 0                    # pages skipped as copies of a page counted before
        self.beyond = 0                        # pages passed over: their site had max_pages already

    # -- learning --

    def add(self, text: str, *, url: str | None, title: str | None = None) -> bool:
        """Count the lines of one page of ``url``'s site (as scraped, or as cleaned); False when
        the page has no host, is a copy (same title, or same text) of a page already counted, or
        its site has ``max_pages`` learned."""
        host = host_of(url)
        if not host or not text.strip():
            return False
        if self.max_pages is not None and self._pages[host] >= self.max_pages:
            self.beyond += 1
            return False
        # a title key and a text key live in one set: a collision between the two is as unlikely
        # as any other 64-bit one
        identities = {line_key(text)} | ({line_key(title)} if title and title.strip() else set())
        seen = self._seen.setdefault(host, set())
        if not seen.isdisjoint(identities):
            self.duplicates += 1
            return False
        seen |= identities
        self._pages[host] += 1
        self._lines.setdefault(host, Counter()).update(line_keys(text))
        return True

    @classmethod
    def learn(cls, results: Iterable, *, urls: Iterable[str | None] | None = None) -> "SiteLines":
        """Learn from CleanResults (their ``metadata["url"]``, or the matching item of ``urls``)."""
        sites = cls()
        url_list = iter(urls) if urls is not None else None
        for result in results:
            url = next(url_list) if url_list is not None else result.metadata.get("url")
            sites.add(result.text, url=url, title=result.title)
        return sites

    # -- using --

    def for_host(self, host: str | None) -> SitePages:
        if not host or host not in self._pages:
            return NO_SITE
        return SitePages(self._pages[host], self._lines.get(host, NO_LINES))

    @property
    def hosts(self) -> int:
        return len(self._pages)

    @property
    def pages(self) -> int:
        return sum(self._pages.values())

    def repeated(self, host: str) -> int:
        """How many distinct lines stand on two or more of ``host``'s pages."""
        return sum(1 for count in self._lines.get(host, {}).values() if count >= 2)

    def busiest(self, limit: int = 10) -> list[tuple[str, int, int]]:
        """(host, pages, repeated lines) of the hosts with most pages."""
        return [(host, pages, self.repeated(host)) for host, pages in self._pages.most_common(limit)]

    @property
    def digest(self) -> str:
        """Changes whenever what the heuristic sees changes (part of a Cleaner's fingerprint)."""
        state = json.dumps(self._data(), sort_keys=True)
        return hashlib.sha256(state.encode("utf-8")).hexdigest()[:16]

    # -- files --

    def _data(self) -> dict:
        # lines on one page only cannot reach any threshold (at least 2), so they are not kept
        return {"format": FORMAT, "hosts": {
            host: {"pages": pages, "lines": {f"{key:016x}": count for key, count in sorted(self._lines[host].items())
                                             if count >= 2}}
            for host, pages in sorted(self._pages.items())}}

    def save(self, path: str | Path) -> None:
        """Write the profile as JSON (atomically; ``.gz`` compresses). Lines seen once are left out."""
        data = json.dumps(self._data(), separators=(",", ":")).encode("utf-8")
        write_atomic(Path(path), gzip.compress(data, mtime=0) if str(path).endswith(".gz") else data)

    @classmethod
    def load(cls, path: str | Path) -> "SiteLines":
        """Read a profile written by ``save``; InputError naming the file when it is not one."""
        path = Path(path)
        try:
            raw = path.read_bytes()
            data = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
        except (OSError, ValueError, EOFError) as err:
            raise InputError(f"{path}: not a readable site-lines file ({err})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("hosts"), dict):
            raise InputError(f"{path}: not a site-lines file (expected \"format\": \"{FORMAT}\")")
        sites = cls()
        for host, site in data["hosts"].items():
            try:
                sites._pages[host] = int(site["pages"])
                sites._lines[host] = Counter({int(key, 16): int(count) for key, count in site["lines"].items()})
            except (KeyError, TypeError, ValueError, AttributeError) as err:
                raise InputError(f"{path}: host {host!r}: malformed entry ({err!r})") from None
        return sites


#END
