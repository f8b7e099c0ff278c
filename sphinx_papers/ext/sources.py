"""The papers of ``papers_sources``: read once, merged, keyed, formatted once, cached by signature.

A :class:`Catalogue` is built before documents are read (so that parallel
readers inherit it) and stored in the domain, i.e. in the pickled
environment.  Its :attr:`Catalogue.signature` is every source's path,
modification time and size plus the settings that shape keys and references:
as long as it matches, nothing is read or formatted again.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..lists.formatting import Formatted, compile_template, format_paper, format_papers
from ..readers import UnknownFormatError, read_path
from .warnings import Subtype, file_location, logger

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..core.model import Paper
    from .config import Settings

#: ``(path, mtime_ns, size)`` per source (``-1, -1`` when missing), then key format and template
Signature = tuple[tuple[tuple[str, int, int], ...], str, str]


@dataclass(frozen=True)
class SourceProblem:
    """A problem found while loading the sources, reported once per load."""

    subtype: Subtype
    path: str
    line: int
    message: str


class Catalogue:
    """Every paper of the sources, by citation key, with its formatting.

    Pickled (in the environment, every build) as one bytes blob made once per
    load: a build that touches no page with papers loads and dumps it as a
    plain byte string instead of ~100,000 objects, and unpickles it only when a
    page with a list or a citation is written.  ``keys`` and ``paths`` stay
    outside the blob for the readers of other pages.
    """

    def __init__(
        self,
        signature: Signature,
        paths: tuple[str, ...],
        papers: dict[str, Paper],
        formatted: dict[str, Formatted],
        problems: tuple[SourceProblem, ...] = (),
    ) -> None:
        self.signature = signature
        #: absolute paths of the sources (documents that use papers depend on them)
        self.paths = paths
        self.problems = problems
        #: every citation key
        self.keys = frozenset(papers)
        self._papers: dict[str, Paper] | None = papers
        self._formatted: dict[str, Formatted] | None = formatted
        self._blob: bytes | None = None
        self._caches()

    def _caches(self) -> None:
        #: key -> BibTeX entry text, filled on first use
        self.bibtex: dict[str, str] = {}
        #: (template, key) -> the paper formatted in a list's own ``:style:``, filled on first use
        self.restyled: dict[tuple[str, str], Formatted] = {}

    @property
    def papers(self) -> dict[str, Paper]:
        """Key -> paper (``paper.key`` set), in source order."""
        if self._papers is None:
            self._unpack()
        return self._papers  # type: ignore[return-value]

    @property
    def formatted(self) -> dict[str, Formatted]:
        """Key -> the paper formatted once."""
        if self._formatted is None:
            self._unpack()
        return self._formatted  # type: ignore[return-value]

    def _unpack(self) -> None:
        if self._blob is None:
            msg = "a catalogue without papers and without a blob"
            raise ValueError(msg)
        self._papers, self._formatted = pickle.loads(self._blob)  # our own environment's data

    def blob(self) -> bytes:
        """The papers and their formatting, pickled once."""
        if self._blob is None:
            self._blob = pickle.dumps((self._papers, self._formatted), pickle.HIGHEST_PROTOCOL)
        return self._blob

    def __getstate__(self) -> dict[str, object]:
        state = {name: getattr(self, name) for name in ("signature", "paths", "problems", "keys")}
        state["blob"] = self.blob()
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.signature, self.paths = state["signature"], state["paths"]
        self.problems, self.keys = state["problems"], state["keys"]
        self._blob = state["blob"]
        self._papers = self._formatted = None
        self._caches()

    def styled(self, key: str, template: str) -> Formatted:
        """The paper formatted with ``template`` (the catalogue's own style costs nothing)."""
        if template == self.signature[2]:
            return self.formatted[key]
        cached = self.restyled.get((template, key))
        if cached is None:
            year = self.formatted[key].year
            cached = format_paper(self.papers[key], key, year, compile_template(template))
            self.restyled[template, key] = cached
        return cached

    def entry(self, key: str) -> str:
        """The paper's BibTeX entry (written once, then cached)."""
        if key not in self.bibtex:
            from ..bibtex import write_bibtex

            self.bibtex[key] = write_bibtex([self.papers[key]], keys=[key])
        return self.bibtex[key]

    def bib_file(self, keys: Iterable[str]) -> str:
        """A .bib file with these papers, in this order (entries written once, then cached)."""
        # write_bibtex joins entries with a newline: the same text, without writing any entry twice
        return "\n".join(self.entry(key) for key in keys)


def signature(settings: Settings, confdir: str | Path) -> Signature:
    """The signature of the sources as they are on disk now."""
    files = []
    for name in settings.sources:
        path = Path(confdir, name)
        try:
            stat = path.stat()
        except OSError:
            files.append((str(path), -1, -1))
        else:
            files.append((str(path), stat.st_mtime_ns, stat.st_size))
    return (tuple(files), settings.key_format, settings.template())


def load(settings: Settings, confdir: str | Path) -> Catalogue:
    """Read, merge, key and format every source."""
    sig = signature(settings, confdir)
    problems: list[SourceProblem] = []
    papers: list[Paper] = []
    for path, _, _ in sig[0]:
        papers.extend(_read(path, problems))
    keyed = _assign(_merge(papers, problems), settings.key_format)
    formatted = format_papers(keyed, compile_template(settings.template()))
    paths = tuple(path for path, _, _ in sig[0])
    return Catalogue(sig, paths, keyed, formatted, tuple(problems))


def _read(path: str, problems: list[SourceProblem]) -> list[Paper]:
    try:
        result = read_path(path)
    except (OSError, UnicodeDecodeError, UnknownFormatError) as exc:
        problems.append(SourceProblem(Subtype.SOURCE, path, 0, f"cannot read papers source: {exc}"))
        return []
    for problem in result.problems:
        problems.append(SourceProblem(Subtype.SOURCE, problem.path, problem.line, problem.message))
    return result.papers


def _merge(papers: list[Paper], problems: list[SourceProblem]) -> list[Paper]:
    """One record per paper, as the command line merges (``docs/merging.md``).

    Each merge is logged, naming both records; a key two different papers use is a warning.
    """
    from ..bibtex.fields import entry_fields
    from ..core.identity import merge_papers

    merged = merge_papers(papers, entry_fields)
    for note in merged.notes:
        logger.info(f"papers: {note.message}", location=file_location(note.path, note.line))
    for problem in merged.problems:
        problems.append(SourceProblem(Subtype.DUPLICATE_KEY, problem.path, problem.line, problem.message))
    return merged.papers


def _assign(papers: list[Paper], key_format: str) -> dict[str, Paper]:
    from ..bibtex import assign_keys

    keys = assign_keys(papers, key_format)
    return {
        key: paper if paper.key == key else paper.replace(key=key)
        for key, paper in zip(keys, papers, strict=True)
    }
