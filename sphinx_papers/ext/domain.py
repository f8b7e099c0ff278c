"""The ``cite`` domain: the extension's per-document state, small records in the pickled environment.

``self.data`` holds small, immutable, picklable records:

* ``sources`` -- the :class:`SourcesState`: the content key of the sources
  and their paths (the papers themselves are in :mod:`.cache`'s file);
* ``cites`` -- docname -> {key: line of its first citation};
* ``lists`` -- docname -> the :class:`~.resolution.ListRequest` of each list
  directive, in document order;
* ``snapshot`` -- what the previous build resolved (the sources' key, the
  citation targets of cited papers, the project's cited keys), to find the
  documents a change elsewhere affects;
* ``changed`` -- whether the sources, a citation or a list changed since
  ``snapshot`` was taken (if not, nothing needs resolving after reading).

The :class:`~.sources.Catalogue` is loaded on first use, in each process
that needs it: only a build that reads or writes a page with a list or a
citation (or that finds the sources changed) loads the papers.  Everything
derived after reading (which papers each list shows, where each citation
links to) is the :class:`~.resolution.Resolution`, computed on demand and
cached on the domain object until the data changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from sphinx.domains import Domain

from . import cache, sources
from .config import settings
from .resolution import ListRequest, Resolution, Snapshot, resolve
from .roles import CiteRole
from .warnings import Subtype, file_location, warn

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from collections.abc import Set as AbstractSet
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .config import Settings
    from .sources import Catalogue

#: bump when the shape of the stored records changes (also the extension's env_version)
DATA_VERSION = 3


@dataclass(frozen=True)
class SourcesState:
    """The sources as the last load saw them."""

    #: :func:`.cache.content_key` of the sources and the settings that shape the papers
    key: str
    #: absolute paths of the sources
    paths: tuple[str, ...]


class PapersDomain(Domain):
    """Papers, citations of them, and the lists that show them."""

    name = "cite"
    label = "Papers"
    roles: ClassVar[dict[str, Any]] = {"p": CiteRole("p"), "t": CiteRole("t")}
    initial_data: ClassVar[dict[str, Any]] = {
        "sources": None,
        "cites": {},
        "lists": {},
        "snapshot": None,
        "changed": True,
    }
    data_version = DATA_VERSION

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self._resolution: Resolution | None = None
        self._catalogue: Catalogue | None = None
        #: loads the catalogue of the current sources (set before reading, by :meth:`refresh_catalogue`)
        self._loader: Callable[[], Catalogue] | None = None

    # -- the catalogue ------------------------------------------------------------

    @property
    def sources_state(self) -> SourcesState | None:
        """The sources' key and paths (``None`` before the first load)."""
        state: SourcesState | None = self.data["sources"]
        return state

    @property
    def catalogue(self) -> Catalogue | None:
        """The papers of the sources, loaded on first use (``None`` before the sources were looked at)."""
        if self._catalogue is None and self._loader is not None:
            self._catalogue = self._loader()
        return self._catalogue

    def refresh_catalogue(self, app: Sphinx) -> None:
        """Before reading: if the sources changed, load them and report their problems.

        Otherwise nothing is loaded: :attr:`catalogue` loads the papers when a
        page asks for them.  A load here happens in the main process, before
        parallel readers fork, so that they inherit it.
        """
        current = settings(app.config)
        paths = sources.source_paths(current, app.confdir)
        key = cache.content_key(paths, _shape(current, app.config.language))
        self._loader = partial(_load, current, app.confdir, cache.folder(app.doctreedir), key)
        if self.sources_state is not None and self.sources_state.key == key:
            return
        catalogue = self._catalogue = self._loader()
        for problem in catalogue.problems:
            warn(problem.subtype, problem.message, file_location(problem.path, problem.line))
        self.data["sources"] = SourcesState(key, paths)
        self._changed()

    # -- per-document records ---------------------------------------------------

    def note_cite(self, docname: str, key: str, line: int) -> None:
        """Record that ``docname`` cites ``key`` (first at ``line``)."""
        self.data["cites"].setdefault(docname, {}).setdefault(key, line)
        self._changed()

    def add_list(self, request: ListRequest) -> None:
        """Record a list directive's request (its ``serial`` is its index in the document)."""
        self.data["lists"].setdefault(request.docname, []).append(request)
        self._changed()

    def lists_in(self, docname: str) -> list[ListRequest]:
        """The list requests of a document, in document order."""
        requests: list[ListRequest] = self.data["lists"].get(docname, [])
        return requests

    def all_lists(self) -> Iterator[ListRequest]:
        """Every list request of the project."""
        return (request for requests in self.data["lists"].values() for request in requests)

    def cited_in(self, docname: str) -> dict[str, int]:
        """Keys cited in a document -> line of the first citation."""
        cites: dict[str, int] = self.data["cites"].get(docname, {})
        return cites

    def clear_doc(self, docname: str) -> None:
        cites = self.data["cites"].pop(docname, None)
        lists = self.data["lists"].pop(docname, None)
        if cites or lists:
            self._changed()

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        for name in ("cites", "lists"):
            for docname in docnames:
                if docname in otherdata[name]:
                    self.data[name][docname] = otherdata[name][docname]
                    self._changed()

    def _changed(self) -> None:
        """The stored records changed: resolve again when asked."""
        self.data["changed"] = True
        self._resolution = None

    # -- derived after reading --------------------------------------------------

    def resolution(self, app: Sphinx) -> Resolution:
        """Which papers each list shows and where each citation links to (computed on demand)."""
        if self._resolution is None:
            if self._loader is None:  # nothing was read in this process yet
                self.refresh_catalogue(app)
            catalogue, state = self.catalogue, self.sources_state
            if catalogue is None or state is None:
                msg = "the sources were never loaded"
                raise RuntimeError(msg)
            self._resolution = resolve(catalogue, self.data["lists"], self.data["cites"], state.key)
        return self._resolution

    def outdated_by_others(self, app: Sphinx) -> list[str]:
        """Documents to write again because of changes in other documents or in the sources.

        A citation links to the page listing its paper and ``:cited:`` lists
        show what other pages cite: compare with the previous build.  When the
        sources changed, every page with a list or a citation is written again
        (its placeholders are filled at write time, from the new papers).
        When no source, citation or list changed, nothing else can have: skip
        the work (and leave the papers unloaded).
        """
        previous: Snapshot | None = self.data["snapshot"]
        if previous is not None and not self.data.get("changed", True):
            return []
        resolution = self.resolution(app)
        current = resolution.snapshot()
        self.data["snapshot"] = current
        self.data["changed"] = False
        if previous is None:
            return []
        if current.sources != previous.sources:
            docs = set(self.data["cites"]) | set(self.data["lists"])
        else:
            changed = current.changed_keys(previous)
            docs = {doc for doc, keys in self.data["cites"].items() if not changed.isdisjoint(keys)}
        if current.cited != previous.cited:
            docs.update(resolution.cited_list_docs)
        return sorted(docs & self.env.found_docs)

    def report_unknown(self, docname: str, key: str, line: int | None) -> None:
        """Warn about a citation of a key that no source has."""
        warn(Subtype.UNKNOWN_KEY, f"unknown citation key {key!r}", (docname, line))


def _shape(current: Settings, language: str | None) -> tuple[str, ...]:
    """The settings that shape the catalogue: keys, the formatted references, and their words."""
    return (current.key_format, current.template(), language or "", current.encoding)


def _load(current: Settings, confdir: str | Path, where: Path, key: str) -> Catalogue:
    """The catalogue of ``key``: from the cache file, else read from the sources (and stored)."""
    catalogue = cache.read(where, key)
    if catalogue is None:
        catalogue = sources.load(current, confdir)
        cache.write(where, key, catalogue)
    return catalogue
