"""Citation keys: ``li2016hyperband`` -- unique, lower-case ASCII, and independent of input order.

A key comes from a pattern whose placeholders are filled from the paper
(:data:`PLACEHOLDERS`).  Papers whose pattern gives the same key all get a
suffix ``a``, ``b``, ``c``... in an order fixed by the papers themselves
(date, title, arXiv id, authors), never by their position in the listing, so
re-ordering or merging listings does not renumber keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from itertools import count, islice, product
from string import Formatter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from ..core.model import Paper

DEFAULT_KEY_FORMAT = "{surname}{year}{word}"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"

# Title words too common to tell papers apart (arXiv's own export skips such words).
_STOPWORDS = frozenset(["a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for",
                        "from", "how", "in", "into", "is", "it", "its", "not", "of", "on", "or", "our",
                        "over", "the", "their", "this", "to", "towards", "toward", "under", "use",
                        "using", "via", "vs", "what", "when", "where", "which", "who", "why", "with",
                        "without"])  # fmt: skip
_WORD = re.compile(r"[^\W_]+")
_KEY_CHARS = re.compile(r"[A-Za-z0-9_\-.:+/]*")
_NOT_KEY = re.compile(r"[^a-z0-9]+")
# Letters NFKD does not decompose into ASCII.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
                       "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th",
                       "Þ": "th", "ı": "i"})  # fmt: skip


# cached: titles share most of their words, listings most of their names
@lru_cache(maxsize=65536)
def key_letters(text: str) -> str:
    """What of ``text`` can go into a key: lower-case ASCII letters and digits, ``Łukasz Ramé`` -> ``lukaszrame``."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_FOLD)).encode("ascii", "ignore").decode()
    return _NOT_KEY.sub("", text.lower())


def _surname(paper: Paper) -> str:
    return key_letters(paper.authors[0].family) if paper.authors else "anon"


def _first_author(paper: Paper) -> str:
    return key_letters(paper.authors[0].surname) if paper.authors else "anon"


def _last_author(paper: Paper) -> str:
    return key_letters(paper.authors[-1].family) if paper.authors else "anon"


def _year(paper: Paper) -> str:
    year = paper.year
    return str(year) if year is not None else ""


def _yy(paper: Paper) -> str:
    year = paper.year
    return f"{year % 100:02d}" if year is not None else ""


def _title_words(title: str, n: int) -> str:
    """The first ``n`` significant words of ``title``, joined."""
    words = (key_letters(m.group()) for m in _WORD.finditer(title))
    return "".join(islice((w for w in words if w and w not in _STOPWORDS), n))


def _words(n: int) -> Callable[[Paper], str]:
    def words(paper: Paper) -> str:
        return _title_words(paper.title, n)

    return words


def _arxiv(paper: Paper) -> str:
    return paper.arxiv_id.replace("/", "-")


#: placeholder -> (what it stands for, how it is computed)
PLACEHOLDERS: dict[str, tuple[str, Callable[[Paper], str]]] = {
    "surname": ("first author's family name, without particle: ``li``, ``terrail``", _surname),
    "first_author": ("first author's particle and family name: ``duterrail``", _first_author),
    "last_author": ("last author's family name", _last_author),
    "year": ("year of the first version: ``2016`` (empty when unknown)", _year),
    "yy": ("two-digit year: ``16``", _yy),
    "word": ("first significant title word: ``hyperband``", _words(1)),
    "words2": ("first two significant title words, joined", _words(2)),
    "words3": ("first three significant title words, joined", _words(3)),
    "arxiv": ("arXiv identifier, ``/`` as ``-``: ``2106.06168``, ``hep-th-0611290``", _arxiv),
}


def compile_format(key_format: str) -> Callable[[Paper], str]:
    """Check a key pattern and return a function that makes a paper's base key.

    Raises :class:`ValueError` naming what is wrong with the pattern.
    """
    try:
        parsed = list(Formatter().parse(key_format))
    except ValueError as err:
        msg = f"bad key format {key_format!r}: {err}"
        raise ValueError(msg) from None
    parts: list[str | Callable[[Paper], str]] = []
    for literal, name, spec, conversion in parsed:
        _check_literal(key_format, literal)
        if literal:
            parts.append(literal)
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            msg = f"bad key format {key_format!r}: unknown placeholder {{{name}}} (use {_names()})"
            raise ValueError(msg)
        parts.append(PLACEHOLDERS[name][1])
    if not any(callable(p) for p in parts):
        msg = f"bad key format {key_format!r}: it has no placeholder, so every key would be the same"
        raise ValueError(msg)
    return lambda paper: "".join([p if isinstance(p, str) else p(paper) for p in parts])


def _check_literal(key_format: str, literal: str) -> None:
    if not _KEY_CHARS.fullmatch(literal):
        msg = f"bad key format {key_format!r}: {literal!r} holds characters not allowed in keys"
        raise ValueError(msg)


def _names() -> str:
    return ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)


def _order(paper: Paper) -> tuple[str, str, str, str]:
    """A sort key made of the paper's own data, so that suffixes do not depend on input order."""
    when = paper.first_submitted or paper.submitted
    date = when.isoformat() if when else f"{paper.year or 0:04d}-{paper.month or 0:02d}"
    authors = ";".join(f"{a.family},{a.given}" for a in paper.authors)
    return (date, paper.title.casefold(), paper.arxiv_id, authors)


def _suffixes() -> Iterator[str]:
    """``a`` ... ``z``, ``aa``, ``ab`` ..."""
    for length in count(1):
        for letters in product(_LETTERS, repeat=length):
            yield "".join(letters)


def _owner(papers: Sequence[Paper], base: str, members: list[int]) -> int | None:
    """The paper that keeps ``base`` unsuffixed: the only one, or the only one that chose it."""
    if len(members) == 1:
        return members[0]
    owners = [i for i in members if papers[i].key == base]
    return owners[0] if len(owners) == 1 else None


def assign_keys(
    papers: Sequence[Paper], key_format: str = DEFAULT_KEY_FORMAT, taken: Iterable[str] = ()
) -> list[str]:
    """One unique key per paper, in the papers' order.

    A paper whose ``key`` is set keeps it unless ``taken`` (keys used
    elsewhere) or another paper that set the same key claims it too; made
    keys that clash all get a suffix ``a``, ``b``... in :func:`_order` order.
    Raises :class:`ValueError` for a bad ``key_format``.
    """
    make = compile_format(key_format)
    groups: dict[str, list[int]] = defaultdict(list)
    for index, paper in enumerate(papers):
        groups[paper.key or make(paper) or "paper"].append(index)
    used = set(taken)
    keys: list[str] = [""] * len(papers)
    clashes: list[tuple[str, list[int]]] = []
    for base, members in groups.items():
        owner = _owner(papers, base, members) if base not in used else None
        if owner is None:
            clashes.append((base, members))
            continue
        keys[owner] = base
        used.add(base)
        if len(members) > 1:
            clashes.append((base, [i for i in members if i != owner]))
    # bases first, then suffixed keys, each in sorted order: a suffixed key never
    # takes a base another paper owns, and the outcome ignores input order
    for base, members in sorted(clashes):
        suffixes = _suffixes()
        # sorted by the papers' own data; equal ones keep their order (a stable sort)
        for index in sorted(members, key=lambda i: _order(papers[i])):
            key = base + next(suffixes)
            while key in used:
                key = base + next(suffixes)
            keys[index] = key
            used.add(key)
    return keys
