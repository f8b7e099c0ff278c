"""The cross-document work, done once: which papers each list shows and where each citation links.

Directives store a :class:`ListRequest` while reading; after reading,
:func:`resolve` turns all requests of the project, the citations and the
catalogue into a :class:`Resolution`.  It depends on the stored data only, never
on the order documents were read in, so it can be recomputed at any time
(for instance by a LaTeX build after an HTML build with nothing outdated).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from ..core.model import Paper
    from ..lists.selection import Predicate
    from .sources import Catalogue

#: the selection options, in the order their predicates are combined
SELECTOR_NAMES = ("author", "year", "match", "type", "keys", "filter")


@cache
def selectors() -> dict[str, Callable[[str], Predicate]]:
    """Selection option -> the function that compiles its value into a predicate.

    Imported on first use: a build that reads no list directive (an edit of an
    unrelated page) never loads the filter language.
    """
    from ..lists import selection

    return {
        "author": selection.author_predicate,
        "year": selection.parse_years,
        "match": selection.match_predicate,
        "type": selection.type_predicate,
        "keys": selection.keys_predicate,
        "filter": selection.parse_filter,
    }


@dataclass(frozen=True)
class ListRequest:
    """What one list directive asks for, with every option already validated and defaulted.

    ``kind`` is ``publications`` for the publications directive, and for a
    bibliography ``document`` (papers cited in its document), ``all`` or ``cited``.
    """

    docname: str
    serial: int
    line: int
    kind: str
    #: selection options (``SELECTOR_NAMES``) and their values
    select: tuple[tuple[str, str], ...] = ()
    sort: str = "-date"
    group_by: str = "year"
    limit: int | None = None
    highlight: tuple[str, ...] = ()
    abstract: str = "collapsed"
    bibtex: bool = False
    style: str = "default"

    @property
    def project_wide(self) -> bool:
        """Lists that show papers regardless of this document's citations."""
        return self.kind != "document"


@dataclass(frozen=True)
class Snapshot:
    """What a build resolved, kept to see what the next build changes.

    Only cited papers' targets: a page's output depends on the target of a
    paper only if the page cites it (a page that starts citing one is read
    and written anyway).  This keeps the environment small whatever the
    number of papers.
    """

    #: the sources' content key
    sources: str
    #: cited key -> the page its citations link to
    targets: dict[str, str]
    cited: frozenset[str]

    def changed_keys(self, previous: Snapshot) -> set[str]:
        """Keys whose citation target page differs between the two snapshots."""
        keys = self.targets.keys() | previous.targets.keys()
        return {k for k in keys if self.targets.get(k) != previous.targets.get(k)}


@dataclass
class Resolution:
    """Every list's papers, grouped, and every paper's entry ids and citation target page."""

    #: (docname, serial) -> [(group heading, [keys])]
    groups: dict[tuple[str, int], list[tuple[str, list[str]]]] = field(default_factory=dict)
    #: (docname, serial) -> keys shown, in order
    shown: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    #: (docname, serial) -> key -> HTML id of its entry in that list (unique on the page)
    ids: dict[tuple[str, int], dict[str, str]] = field(default_factory=dict)
    #: docname -> key -> HTML id of the first entry showing it on that page
    anchors: dict[str, dict[str, str]] = field(default_factory=dict)
    #: key -> the page a citation from a page not showing the paper links to
    targets: dict[str, str] = field(default_factory=dict)
    #: keys cited anywhere in the project (and known)
    cited: frozenset[str] = frozenset()
    #: documents with a ``:cited:`` bibliography
    cited_list_docs: set[str] = field(default_factory=set)
    #: the content key of the sources this resolution was made from
    sources: str = ""

    def target(self, fromdoc: str, key: str) -> tuple[str, str] | None:
        """``(docname, id)`` of the entry a citation in ``fromdoc`` links to, ``None`` if no page lists it."""
        here = self.anchors.get(fromdoc, {}).get(key)
        if here is not None:
            return fromdoc, here
        page = self.targets.get(key)
        return (page, self.anchors[page][key]) if page is not None else None

    def single_page(self, order: Iterable[tuple[str, int]]) -> Resolution:
        """This resolution for one page showing the lists ``order`` names, in that order (singlehtml).

        Entry ids are unique across the page (a paper's first entry keeps its
        key, later ones get ``key-2``, ``key-3``...).  A citation links where
        it would in HTML -- its own document's entry, else the target page's
        -- and to the paper's first entry when that page is not on this one.
        Lists missing from ``order`` (documents outside the toctree) have no ids.
        """
        order = list(order)
        ids, anchors = _page_ids(self.shown, order)
        first: dict[str, str] = {}  # key -> document of its first entry on the page
        for where in order:
            for key in self.shown[where]:
                first.setdefault(key, where[0])
        targets = {
            key: page if key in anchors.get(page, {}) else first[key]
            for key, page in self.targets.items()
            if key in first
        }
        return replace(self, ids=ids, anchors=anchors, targets=targets)

    def snapshot(self) -> Snapshot:
        """The part of this resolution other documents' output depends on."""
        targets = {key: page for key, page in self.targets.items() if key in self.cited}
        return Snapshot(self.sources, targets, self.cited)


def predicate(select: Iterable[tuple[str, str]]) -> Predicate:
    """Compile selection options into one predicate (raises ``SelectionError``)."""
    from ..lists.selection import all_of

    compile_one = selectors()
    return all_of([compile_one[name](value) for name, value in select])


def resolve(
    catalogue: Catalogue,
    lists: Mapping[str, list[ListRequest]],
    cites: Mapping[str, Mapping[str, int]],
    sources: str = "",
) -> Resolution:
    """Resolve every list request and citation target of the project (``sources``: the papers' key)."""
    papers = catalogue.papers
    cited = frozenset(key for keys in cites.values() for key in keys if key in papers)
    result = Resolution(cited=cited, sources=sources)
    for request in (r for requests in lists.values() for r in requests):
        if request.kind == "cited":
            result.cited_list_docs.add(request.docname)
        candidates = _candidates(request, papers, cited, cites.get(request.docname, {}))
        groups = _select(request, candidates)
        where = (request.docname, request.serial)
        result.groups[where] = groups
        result.shown[where] = [key for _, keys in groups for key in keys]
    for docname, requests in lists.items():
        order = sorted((docname, r.serial) for r in requests)
        ids, anchors = _page_ids(result.shown, order)
        result.ids.update(ids)
        result.anchors[docname] = anchors.get(docname, {})
    _choose_targets(result, lists)
    return result


def _candidates(
    request: ListRequest, papers: Mapping[str, Paper], cited: frozenset[str], here: Mapping[str, int]
) -> Iterable[Paper]:
    if request.kind in ("publications", "all"):
        return papers.values()
    # sorted: a frozenset's order changes between processes (string hashing)
    keys = sorted(cited) if request.kind == "cited" else here
    return [papers[k] for k in keys if k in papers]


def _select(request: ListRequest, candidates: Iterable[Paper]) -> list[tuple[str, list[str]]]:
    from ..lists.selection import group_papers, sort_papers

    test = predicate(request.select) if request.select else None
    chosen = [p for p in candidates if test(p)] if test else list(candidates)
    ordered = sort_papers(chosen, request.sort)
    if request.limit is not None:
        ordered = ordered[: request.limit]
    return [(heading, [p.key for p in group]) for heading, group in group_papers(ordered, request.group_by)]


def _page_ids(
    shown: Mapping[tuple[str, int], list[str]], order: Iterable[tuple[str, int]]
) -> tuple[dict[tuple[str, int], dict[str, str]], dict[str, dict[str, str]]]:
    """Entry ids of lists that share one page, in page order: per list, and per document (first entry).

    A paper's first entry keeps its key, later ones get ``key-2``, ``key-3``...,
    skipping any id already on the page (a key may itself end in ``-2``).
    """
    ids: dict[tuple[str, int], dict[str, str]] = {}
    anchors: dict[str, dict[str, str]] = {}
    used: set[str] = set()
    repeats: dict[str, int] = {}  # key -> the last suffix it took
    for where in order:
        here = ids[where] = {}
        first = anchors.setdefault(where[0], {})
        for key in shown[where]:
            anchor = key
            if anchor in used:
                n = repeats.get(key, 1)
                while anchor in used:
                    n += 1
                    anchor = f"{key}-{n}"
                repeats[key] = n
            used.add(anchor)
            here[key] = anchor
            if key not in first:
                first[key] = anchor
    return ids, anchors


def _choose_targets(result: Resolution, lists: Mapping[str, list[ListRequest]]) -> None:
    """The page each paper's citations link to from pages that do not show it.

    Project-wide lists (publications, ``:all:``, ``:cited:``) win over other
    pages' this-document bibliographies; within a tier the first docname wins,
    so the choice never depends on reading order.
    """
    for project_wide in (True, False):
        for docname in sorted(lists):
            for request in lists[docname]:
                if request.project_wide is project_wide:
                    for key in result.shown[docname, request.serial]:
                        result.targets.setdefault(key, docname)
