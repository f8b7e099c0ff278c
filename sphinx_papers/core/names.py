"""Splitting a displayed name (``First von Last Jr.``) into BibTeX's name parts.

arXiv shows names in reading order with no marked split.  This follows
BibTeX's own rule for the ``First von Last`` form -- the surname is the last
word, and lower-case words before it are the ``von`` particle -- plus
recognised suffixes (``Jr.``, ``III``).  It is written here rather than
calling :class:`pybtex.database.Person` because a listing of 10,000 papers has
~60,000 names and pybtex's general parser costs about ten times as much per
name; this is the only form arXiv produces.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .model import Author

_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v"})
_SPACE = re.compile(r"\s+")


def _is_particle(word: str) -> bool:
    return word[:1].islower()


# cached: a listing names the same people again and again (its author on every paper), and
# records are immutable, so one Author per distinct name can be shared
@lru_cache(maxsize=65536)
def split_name(text: str) -> Author:
    """``"Jean Ogier du Terrail"`` -> given ``Jean Ogier``, particle ``du``, family ``Terrail``.

    A name written ``Last, First`` (as in .bib files and arXiv's author
    queries) is honoured too.
    """
    text = _SPACE.sub(" ", text).strip().strip(",").strip()
    if "," in text:
        return _split_inverted(text)
    words = text.split(" ")
    suffix = ""
    if len(words) > 2 and words[-1].lower() in _SUFFIXES:
        suffix = words.pop()
    if len(words) == 1:
        return Author(family=words[0], suffix=suffix)
    # BibTeX's rule: the von part runs from the first to the last lower-case word
    # (the first word is always a given name, the last always a surname), and
    # every word after it is the family name ("R. de Mello Koch" -> "Mello Koch")
    lower = [i for i in range(1, len(words) - 1) if _is_particle(words[i])]
    if not lower:
        return Author(given=" ".join(words[:-1]), family=words[-1], suffix=suffix)
    first, last = lower[0], lower[-1]
    given = " ".join(words[:first])
    particle = " ".join(words[first : last + 1])
    family = " ".join(words[last + 1 :])
    return Author(given=given, family=family, particle=particle, suffix=suffix)


def _split_inverted(text: str) -> Author:
    parts = [p.strip() for p in text.split(",")]
    last, given = parts[0], parts[-1]
    suffix = parts[1] if len(parts) > 2 else ""
    words = last.split(" ")
    start = 0
    while start < len(words) - 1 and _is_particle(words[start]):
        start += 1
    particle = " ".join(words[:start])
    return Author(given=given, family=" ".join(words[start:]), particle=particle, suffix=suffix)
