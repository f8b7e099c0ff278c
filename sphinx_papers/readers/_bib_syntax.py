"""The BibTeX syntax bibtexparser v2 leaves to its users, written here.

bibtexparser splits a file into blocks and keeps each field's value as
written.  Two things BibTeX does are not in it, and the reader needs both:

- ``#`` concatenation: ``"Proc. " # STOC # {, 1983}`` stays one raw string
  in bibtexparser (its ``ResolveStringReferencesMiddleware`` replaces only a
  value that is a macro name as a whole).  :func:`split_concatenation`
  gives the parts, with BibTeX's rules for braces and quotes.
- Text between entries is a comment to BibTeX and to bibtexparser (an
  ``ImplicitComment``).  When it holds ``name = {value}`` or braces, it is
  most likely the rest of an entry that broke: :func:`junk` tells, so that
  the reader can say so.
"""

from __future__ import annotations

import re

_FIELD_LIKE = re.compile(r"[{}]|^\s*\w+\s*=\s*[{\"\d]", re.MULTILINE)
_BRACE_MARK = re.compile(r"(?<!\\)[{}]")
_QUOTE_MARK = re.compile(r'(?<!\\)[{}"]')
_BARE = re.compile(r'[^\s,{}"#=@()]+')
_SPACE = re.compile(r"\s*")


def junk(text: str) -> bool:
    """Text between entries that looks like part of an entry (``%`` lines are comments)."""
    if not _FIELD_LIKE.search(text):
        return False
    lines = (ln for ln in text.splitlines() if not ln.lstrip().startswith("%"))
    return _FIELD_LIKE.search("\n".join(lines)) is not None


def split_concatenation(raw: str) -> list[str] | None:
    """``"a" # b # {c}`` -> its parts, or ``None`` when it is not a valid concatenation."""
    found = _value_end(raw, 0)
    if found is None or found[0] != len(raw):
        return None
    return [raw[start:end] for start, end in found[1]]


def _part_end(text: str, pos: int) -> int | None:
    """End of the braced, quoted or bare value part that starts at ``pos``.

    Escaped braces and quotes (``\\{``) do not count, as in bibtexparser's splitter.
    """
    opener = text[pos : pos + 1]
    if opener not in ("{", '"'):
        bare = _BARE.match(text, pos)
        return bare.end() if bare else None
    close = text.find("}" if opener == "{" else '"', pos + 1)
    if close > 0 and text[close - 1] != "\\" and not _BRACE_MARK.search(text, pos + 1, close):
        return close + 1  # the common case, no braces inside: two searches in C
    depth = 0
    marks = _BRACE_MARK if opener == "{" else _QUOTE_MARK
    for m in marks.finditer(text, pos if opener == "{" else pos + 1):
        char = m.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0 and opener == "{":
                return m.end()
        elif depth == 0:
            return m.end()  # the closing quote
    return None


def _value_end(text: str, pos: int) -> tuple[int, list[tuple[int, int]]] | None:
    """Where the value starting at ``pos`` ends, and the spans of its ``#``-joined parts."""
    spans: list[tuple[int, int]] = []
    while True:
        end = _part_end(text, pos)
        if end is None:
            return None
        spans.append((pos, end))
        after = _SPACE.match(text, end).end()  # type: ignore[union-attr]
        if not text.startswith("#", after):
            return end, spans
        pos = _SPACE.match(text, after + 1).end()  # type: ignore[union-attr]
