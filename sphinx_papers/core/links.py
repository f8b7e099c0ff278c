"""Links a paper carries: its arXiv pages, DOIs, and URLs written in its abstract or comments."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .model import Link

if TYPE_CHECKING:
    from collections.abc import Iterable

# A URL ends before whitespace, a closing bracket or brace, or trailing punctuation
# that belongs to the sentence ("see https://x.org/y.").
_URL = re.compile(r"https?://[^\s<>\"'{}\\]+[^\s<>\"'{}\\.,;:!?\]]")
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org", "sr.ht")


def urls_in(text: str) -> list[str]:
    """Every http(s) URL in ``text``, in order, without duplicates."""
    seen: dict[str, None] = {}
    for m in _URL.finditer(text):
        url = m.group(0)
        while url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]  # "(see https://x.org/a)": the closing paren is prose
        seen.setdefault(url, None)
    return list(seen)


def classify(url: str) -> str:
    """``code`` for repository hosts, ``doi`` for doi.org, ``pdf`` for PDFs, else ``url``."""
    host = url.split("/")[2].lower() if url.count("/") >= 2 else ""
    host = host.removeprefix("www.")
    if host.endswith(_CODE_HOSTS):
        return "code"
    if host.endswith("doi.org"):
        return "doi"
    if url.lower().endswith(".pdf"):
        return "pdf"
    return "url"


def found_links(*texts: str) -> tuple[Link, ...]:
    """Links for the URLs found in free text (abstracts, comments)."""
    urls: dict[str, None] = {}
    for text in texts:
        for url in urls_in(text):
            urls.setdefault(url, None)
    return tuple(Link(classify(u), u) for u in urls)


def merge_links(*groups: Iterable[Link]) -> tuple[Link, ...]:
    """Concatenate link groups, keeping the first of any repeated URL."""
    seen: dict[str, Link] = {}
    for group in groups:
        for link in group:
            seen.setdefault(link.url, link)
    return tuple(seen.values())
