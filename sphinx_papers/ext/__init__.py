"""The Sphinx extension: publication lists and author-year citations from ``papers_sources``.

Data flow: the sources are loaded once per build before reading
(``env-before-read-docs``); directives and roles record requests in the
``cite`` domain and leave placeholders; after reading, the domain resolves all
requests at once and tells Sphinx which other pages a change affects
(``env-updated``); at write time a post-transform fills the placeholders; at
the end, downloads of lists that are gone are removed (``build-finished``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .. import __version__
from . import config, downloads, nodes
from .directives import BibliographyDirective, PublicationsDirective
from .domain import DATA_VERSION, PapersDomain
from .roles import CiteRole
from .transforms import PapersPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

STATIC = Path(__file__).parent / "static"


def _domain(env: BuildEnvironment) -> PapersDomain:
    return cast("PapersDomain", env.domains["cite"])


def _load_sources(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read the sources (if changed) in the main process, before any document is read."""
    _domain(env).refresh_catalogue(app)


def _outdated_by_others(app: Sphinx, env: BuildEnvironment) -> list[str]:
    return _domain(env).outdated_by_others(app)


def _add_static(app: Sphinx, config: Config) -> None:
    # at config-inited, so that the stored and the new configuration agree and
    # an incremental build does not see a changed html_static_path
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register everything; see the module docstring for the data flow."""
    config.register(app)
    app.connect("config-inited", config.validate)
    app.add_domain(PapersDomain)
    app.add_role("cite", CiteRole("p"))
    app.add_directive("publications", PublicationsDirective)
    app.add_directive("bibliography", BibliographyDirective)
    nodes.register(app)
    app.add_post_transform(PapersPostTransform)
    app.connect("env-before-read-docs", _load_sources)
    app.connect("env-updated", _outdated_by_others)
    app.connect("build-finished", downloads.remove_stale)
    app.connect("config-inited", _add_static)
    app.add_css_file("papers.css")
    return {
        "version": __version__,
        "env_version": DATA_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
