"""The papers of ``papers_sources``: read once, merged, keyed and formatted once.

:func:`load` turns the sources into a :class:`Catalogue`.  The catalogue is
not part of the pickled environment: :mod:`.cache` keeps it in a file of its
own in the build folder, keyed by the sources' content, and the domain loads
it only for pages that list or cite papers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..lists.formatting import ENGLISH, Formatted, Words, compile_template, format_paper, format_papers
from ..readers import EncodingError, UnknownFormatError, read_path
from .warnings import Subtype, file_location, logger

if TYPE_CHECKING:
    from collections.abc import Iterable, KeysView

    from ..core.model import Paper
    from .config import Settings


@dataclass(frozen=True)
class SourceProblem:
    """A problem found while loading the sources, reported once per load."""

    subtype: Subtype
    path: str
    line: int
    message: str


class Catalogue:
    """Every paper of the sources, by citation key, with its formatting.

    What :func:`load` makes is what the cache file holds; the BibTeX entries
    and the papers formatted in other styles are made on first use and kept
    for the rest of the process only.
    """

    def __init__(
        self,
        template: str,
        paths: tuple[str, ...],
        papers: dict[str, Paper],
        formatted: dict[str, Formatted],
        problems: tuple[SourceProblem, ...] = (),
        words: Words = ENGLISH,
    ) -> None:
        #: the template ``formatted`` was made with
        self.template = template
        #: absolute paths of the sources (documents that use papers depend on them)
        self.paths = paths
        #: key -> paper (``paper.key`` set), in source order
        self.papers = papers
        #: key -> the paper formatted once
        self.formatted = formatted
        self.problems = problems
        #: the words between and instead of names that ``formatted`` was made with
        self.words = words
        self._caches()

    def _caches(self) -> None:
        #: key -> BibTeX entry text, filled on first use
        self.bibtex: dict[str, str] = {}
        #: (template, key) -> the paper formatted in a list's own ``:style:``, filled on first use
        self.restyled: dict[tuple[str, str], Formatted] = {}

    def __getstate__(self) -> dict[str, object]:
        return {
            name: getattr(self, name)
            for name in ("template", "paths", "papers", "formatted", "problems", "words")
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._caches()

    @property
    def keys(self) -> KeysView[str]:
        """Every citation key."""
        return self.papers.keys()

    def styled(self, key: str, template: str) -> Formatted:
        """The paper formatted with ``template`` (the catalogue's own template costs nothing)."""
        if template == self.template:
            return self.formatted[key]
        cached = self.restyled.get((template, key))
        if cached is None:
            year = self.formatted[key].year
            cached = format_paper(self.papers[key], key, year, compile_template(template), self.words)
            self.restyled[template, key] = cached
        return cached

    def entry(self, key: str) -> str:
        """The paper's BibTeX entry (written once, then cached)."""
        if key not in self.bibtex:
            from ..bibtex import write_bibtex

            # alone, without its file's @string blocks: values with macros resolved
            self.bibtex[key] = write_bibtex([self.papers[key]], keys=[key], as_written=False)
        return self.bibtex[key]

    def bib_file(self, keys: Iterable[str]) -> str:
        """A .bib file with these papers, in this order (entries written once, then cached)."""
        # write_bibtex joins entries with a newline: the same text, without writing any entry twice
        return "\n".join(self.entry(key) for key in keys)


def source_paths(settings: Settings, confdir: str | Path) -> tuple[str, ...]:
    """The absolute paths of the sources (relative names are relative to ``conf.py``)."""
    return tuple(str(Path(confdir, name)) for name in settings.sources)


def load(settings: Settings, confdir: str | Path) -> Catalogue:
    """Read, merge, key and format every source."""
    problems: list[SourceProblem] = []
    papers: list[Paper] = []
    paths = source_paths(settings, confdir)
    for path in paths:
        papers.extend(_read(path, problems, settings.encoding))
    keyed = _assign(_merge(papers, problems), settings.key_format)
    template = settings.template()
    words = settings.words
    formatted = format_papers(keyed, compile_template(template), words)
    return Catalogue(template, paths, keyed, formatted, tuple(problems), words)


def _read(path: str, problems: list[SourceProblem], encoding: str) -> list[Paper]:
    try:
        result = read_path(path, encoding=encoding)
    except EncodingError as exc:  # the line of the first bad byte, and what to do
        message = (
            f"cannot read papers source: {exc}; set papers_encoding to its encoding, or save it as UTF-8"
        )
        problems.append(SourceProblem(Subtype.SOURCE, path, exc.line, message))
        return []
    except (OSError, UnknownFormatError) as exc:
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
