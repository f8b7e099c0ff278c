"""The Sphinx extension: publication lists and author-year citations from ``papers_sources``.

Data flow: the sources are loaded once per build before reading
(``env-before-read-docs``); directives and roles record requests in the
``cite`` domain and leave placeholders; after reading, the domain resolves all
requests at once and tells Sphinx which other pages a change affects
(``env-updated``); at write time each resolved document's placeholders are
filled (``doctree-resolved``); at the end, downloads of lists that are gone
are removed (``build-finished``).

``sphinxcontrib.bibtex`` defines a ``cite`` domain and a ``bibliography``
directive too: with both in ``extensions``, this extension reports the clash
as one error and registers nothing, instead of failing inside Sphinx.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sphinx.util import logging

from .. import __version__
from . import config, downloads, i18n, nodes
from .directives import BibliographyDirective, PublicationsDirective
from .domain import DATA_VERSION, PapersDomain
from .roles import CiteRole
from .transforms import fill_placeholders

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

STATIC = Path(__file__).parent / "static"
#: extensions that register the same ``cite`` domain and ``bibliography`` directive
CLASHING = ("sphinxcontrib.bibtex",)

logger = logging.getLogger(__name__)


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


def _clashing(app: Sphinx) -> str | None:
    """The name of a clashing extension that is loaded or listed in ``extensions``, if any."""
    listed = [*app.extensions, *app.config.extensions]
    return next((name for name in CLASHING if name in listed), None)


def _report_clash(app: Sphinx, other: str) -> None:
    conf_py = Path(app.confdir, "conf.py")
    message = (
        f"the extensions sphinx_papers and {other} cannot be used together: both define "
        f"the 'cite' roles (:cite:p:, :cite:t:) and the 'bibliography' directive. "
        f"Keep one of them in 'extensions'; sphinx_papers is not loaded"
    )
    logger.error(message, location=f"{conf_py}:{config.line_of(conf_py, 'extensions')}")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register everything; see the module docstring for the data flow."""
    metadata = {
        "version": __version__,
        "env_version": DATA_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
    other = _clashing(app)
    if other is not None:
        _report_clash(app, other)
        return metadata
    config.register(app)
    i18n.register(app)
    app.connect("config-inited", config.validate)
    app.add_domain(PapersDomain)
    app.add_role("cite", CiteRole("p"))
    app.add_directive("publications", PublicationsDirective)
    app.add_directive("bibliography", BibliographyDirective)
    nodes.register(app)
    app.connect("doctree-resolved", fill_placeholders)
    app.connect("env-before-read-docs", _load_sources)
    app.connect("env-updated", _outdated_by_others)
    app.connect("build-finished", downloads.remove_stale)
    app.connect("config-inited", _add_static)
    app.add_css_file("papers.css")
    return metadata
