"""The ``doctree-resolved`` handler that fills list and citation placeholders at write time.

It runs per written document, after every document has been read, so it
sees the project's :class:`~.resolution.Resolution`: the same output whatever
the order documents were read in, and on any builder run, even one that read
nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from sphinx.util.osutil import relative_uri

from .config import settings
from .downloads import DOWNLOAD_BUILDERS, DOWNLOAD_DIR, write_download
from .nodes import papers_citation, papers_list
from .render import Output, build_citation, build_list

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

    from .domain import PapersDomain
    from .resolution import ListRequest, Resolution
    from .sources import Catalogue


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace ``papers_list`` and ``papers_citation`` placeholders with their content.

    ``doctree-resolved`` comes after every post-transform of Sphinx and its
    builders.  None of them has anything to do with the nodes made here --
    references are already resolved, BibTeX blocks are not highlighted, entry
    links must not become LaTeX footnotes -- and running after them keeps
    their tree walks off the thousands of nodes a long list makes.  The event
    hands over the application, which a post-transform reaches only through
    private attributes.
    """
    lists = list(doctree.findall(papers_list))
    citations = list(doctree.findall(papers_citation))
    if not lists and not citations:
        return
    domain = cast("PapersDomain", app.env.domains["cite"])
    resolution = domain.resolution(app)
    catalogue = domain.catalogue
    if catalogue is None:  # resolution() loaded it; keeps type checkers informed
        return
    if app.builder.name == "singlehtml":
        # every document on one page (this tree): ids unique across it, links to them
        resolution = resolution.single_page((node["docname"], node["serial"]) for node in lists)
    for node in lists:
        request = domain.lists_in(node["docname"])[node["serial"]]
        output = _output(app, docname, request, resolution, catalogue)
        node.replace_self(build_list(request, resolution, catalogue, output))
    for node in citations:
        node.replace_self(build_citation(node, resolution, catalogue, app.builder, docname))


def _output(
    app: Sphinx, docname: str, request: ListRequest, resolution: Resolution, catalogue: Catalogue
) -> Output:
    builder = app.builder
    current = settings(app.config)
    template, search = current.template(request.style), current.search_abstracts
    if not (request.bibtex and builder.name in DOWNLOAD_BUILDERS):
        return Output.for_builder(builder, template=template, search_abstracts=search)
    name = write_download(builder, request, resolution, catalogue)
    if builder.name == "singlehtml":  # one page, named after the root document
        page_uri = app.config.root_doc + cast("Any", builder).out_suffix
    else:
        page_uri = builder.get_target_uri(docname)
    uri = relative_uri(page_uri, f"{DOWNLOAD_DIR}/{name}")
    return Output.for_builder(builder, uri, template, search)
