"""The post-transform that fills list and citation placeholders at write time.

It runs per written document, after every document has been read, so it
sees the project's :class:`~.resolution.Resolution`: the same output whatever
the order documents were read in, and on any builder run, even one that read
nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

from .config import settings
from .downloads import DOWNLOAD_BUILDERS, DOWNLOAD_DIR, write_download
from .nodes import papers_citation, papers_list
from .render import Output, build_citation, build_list

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .domain import PapersDomain
    from .resolution import ListRequest, Resolution
    from .sources import Catalogue


class PapersPostTransform(SphinxPostTransform):
    """Replace ``papers_list`` and ``papers_citation`` placeholders with their content."""

    # Priority 880: after every post-transform of Sphinx and its builders
    # (the last, LaTeX's, run at 750).  None of them has anything to do with
    # the nodes made here -- references are already resolved, BibTeX blocks
    # are not highlighted, entry links must not become LaTeX footnotes -- and
    # running after them keeps their tree walks off the thousands of nodes a
    # long list makes.
    default_priority = 880

    def run(self, **kwargs: Any) -> None:
        lists = list(self.document.findall(papers_list))
        citations = list(self.document.findall(papers_citation))
        if not lists and not citations:
            return
        # Sphinx's own post-transforms reach the application the same way
        app: Sphinx = self.env._app
        domain = cast("PapersDomain", self.env.domains["cite"])
        resolution = domain.resolution(app)
        catalogue = domain.catalogue
        if catalogue is None:  # resolution() loaded it; keeps type checkers informed
            return
        if app.builder.name == "singlehtml":
            # every document on one page (this tree): ids unique across it, links to them
            resolution = resolution.single_page((node["docname"], node["serial"]) for node in lists)
        for node in lists:
            request = domain.lists_in(node["docname"])[node["serial"]]
            output = self._output(app.builder, request, resolution, catalogue)
            node.replace_self(build_list(request, resolution, catalogue, output))
        page = self.env.docname
        for node in citations:
            node.replace_self(build_citation(node, resolution, catalogue, app.builder, page))

    def _output(
        self, builder: Builder, request: ListRequest, resolution: Resolution, catalogue: Catalogue
    ) -> Output:
        current = settings(self.config)
        template, search = current.template(request.style), current.search_abstracts
        if not (request.bibtex and builder.name in DOWNLOAD_BUILDERS):
            return Output.for_builder(builder, template=template, search_abstracts=search)
        name = write_download(builder, request, resolution, catalogue)
        if builder.name == "singlehtml":  # one page, named after the root document
            page_uri = self.config.root_doc + cast("Any", builder).out_suffix
        else:
            page_uri = builder.get_target_uri(self.env.docname)
        uri = relative_uri(page_uri, f"{DOWNLOAD_DIR}/{name}")
        return Output.for_builder(builder, uri, template, search)
