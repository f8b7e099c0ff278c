"""The ``cite`` domain: all of the extension's state, per document, in the pickled environment.

``self.data`` holds immutable, picklable records indexed by document:

* ``catalogue`` -- the :class:`~.sources.Catalogue` of ``papers_sources``;
* ``cites`` -- docname -> {key: line of its first citation};
* ``lists`` -- docname -> the :class:`~.resolution.ListRequest` of each list
  directive, in document order;
* ``snapshot`` -- what the previous build resolved (citation targets, the
  project's cited keys), to find the documents a change elsewhere affects;
* ``changed`` -- whether the catalogue, a citation or a list changed since
  ``snapshot`` was taken (if not, nothing needs resolving after reading).

Everything derived after reading (which papers each list shows, where each
citation links to) is the :class:`~.resolution.Resolution`, computed on
demand from this data and cached on the domain object until the data changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from sphinx.domains import Domain

from . import sources
from .config import settings
from .resolution import ListRequest, Resolution, Snapshot, resolve
from .roles import CiteRole
from .warnings import Subtype, file_location, warn

if TYPE_CHECKING:
    from collections.abc import Iterator
    from collections.abc import Set as AbstractSet

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .sources import Catalogue

#: bump when the shape of the stored records changes (also the extension's env_version)
DATA_VERSION = 2


class PapersDomain(Domain):
    """Papers, citations of them, and the lists that show them."""

    name = "cite"
    label = "Papers"
    roles: ClassVar[dict[str, Any]] = {"p": CiteRole("p"), "t": CiteRole("t")}
    initial_data: ClassVar[dict[str, Any]] = {
        "catalogue": None,
        "cites": {},
        "lists": {},
        "snapshot": None,
        "changed": True,
    }
    data_version = DATA_VERSION

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self._resolution: Resolution | None = None

    # -- the catalogue ------------------------------------------------------------

    @property
    def catalogue(self) -> Catalogue | None:
        """The loaded sources (``None`` before the first load)."""
        catalogue: Catalogue | None = self.data["catalogue"]
        return catalogue

    def refresh_catalogue(self, app: Sphinx) -> Catalogue:
        """Load the sources unless the stored catalogue's signature still matches the files."""
        current = settings(app.config)
        stored = self.catalogue
        if stored is not None and stored.signature == sources.signature(current, app.confdir):
            return stored
        catalogue = sources.load(current, app.confdir)
        for problem in catalogue.problems:
            warn(problem.subtype, problem.message, file_location(problem.path, problem.line))
        catalogue.blob()  # once, before parallel readers fork: each pickles its environment
        self.data["catalogue"] = catalogue
        self._changed()
        return catalogue

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
            catalogue = self.catalogue or self.refresh_catalogue(app)
            self._resolution = resolve(catalogue, self.data["lists"], self.data["cites"])
        return self._resolution

    def outdated_by_others(self, app: Sphinx) -> list[str]:
        """Documents to write again because of changes in other documents.

        A citation links to the page listing its paper and ``:cited:`` lists
        show what other pages cite: compare with the previous build.  When no
        source, citation or list changed, nothing else can have: skip the work
        (and the catalogue stays packed).
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
        changed = current.changed_keys(previous)
        docs = {doc for doc, keys in self.data["cites"].items() if not changed.isdisjoint(keys)}
        if current.cited != previous.cited:
            docs.update(resolution.cited_list_docs)
        return sorted(docs & self.env.found_docs)

    def report_unknown(self, docname: str, key: str, line: int | None) -> None:
        """Warn about a citation of a key that no source has."""
        warn(Subtype.UNKNOWN_KEY, f"unknown citation key {key!r}", (docname, line))
