"""How selection compares things, and how it reports a bad option value.

Shared by the directive options (:mod:`sphinx_papers.lists.selection`), sorting
(:mod:`sphinx_papers.lists.ordering`) and the ``:filter:`` language
(:mod:`sphinx_papers.lists.filter_lang`): the :data:`Predicate` every option
compiles to, :class:`SelectionError`, and the three comparisons users see
everywhere.  Text is *folded* on both sides (case-insensitive, accents
removed: ``Ré`` matches ``Re``), so users need not know how a listing spelled
a name; people match by family name and first name or initial; regular
expressions are case-insensitive searches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from ..core.model import Author, Paper
from ..core.names import split_name

Predicate = Callable[[Paper], bool]


class SelectionError(ValueError):
    """A bad option value.

    ``message`` says what is wrong; ``column`` is the 1-based column in the
    option's text where it went wrong, or ``None`` when no single place is to blame.
    """

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message, column)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        return f"{self.message} (column {self.column})" if self.column else self.message


# letters that Unicode does not decompose into a base letter plus an accent
_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i"})


def strip_case_and_accents(text: str) -> str:
    """``text`` lower-cased, without accents: the form text comparisons use."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_INITIALS = re.compile(r"[\s.\-]+")


def _family_key(author: Author) -> str:
    """The last word of the family name, folded: ``Chirinos Isidro`` -> ``isidro``."""
    words = strip_case_and_accents(author.family).split()
    return words[-1] if words else ""


def _given_key(author: Author) -> str:
    """The first given name or initial, folded: ``J.-F.`` -> ``j``."""
    return next((w for w in _INITIALS.split(strip_case_and_accents(author.given)) if w), "")


def author_matcher(name: str) -> Callable[[Author], bool]:
    """A test for "is this author the person called ``name``?".

    Family names must agree (their last word, so ``Chirinos Isidro`` and
    ``Isidro`` agree and particles do not matter); first names must agree
    when both are given, where an initial matches any name it begins
    (``A. Talwalkar`` = ``Ameet Talwalkar``).  ``Last, First`` is understood;
    case and accents are ignored.
    """
    wanted = split_name(name)
    want_family, want_given = _family_key(wanted), _given_key(wanted)

    def test(author: Author) -> bool:
        if _family_key(author) != want_family:
            return False
        given = _given_key(author)
        if not want_given or not given:
            return True
        if len(want_given) == 1 or len(given) == 1:
            return want_given[0] == given[0]
        return want_given == given

    return test


def compile_regex(pattern: str, column: int | None = None) -> re.Pattern[str]:
    """``pattern`` compiled case-insensitive.

    A bad one raises :class:`SelectionError` at ``column``, or by default at
    the column where the regular-expression parser gave up.
    """
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as err:
        msg = f"bad regular expression {pattern!r}: {err.msg}"
        where = column if column is not None else (err.pos or 0) + 1
        raise SelectionError(msg, where) from None
