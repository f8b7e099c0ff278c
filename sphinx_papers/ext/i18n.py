"""Labels shown to readers, in the language of the build (Sphinx's ``language``).

Every label the extension writes into a page goes through :data:`_`, the
translation function of this project's message catalog ``sphinx_papers``.
Catalogs are looked up in ``sphinx_papers/locale/<language>/LC_MESSAGES/``
and in any folder a project adds with ``app.add_message_catalog("sphinx_papers",
folder)``; ``sphinx_papers/locale/sphinx_papers.pot`` lists every message.
Without a catalog for the language the English labels are shown.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation

from ..lists.formatting import Words
from ..lists.ordering import UNDATED
from ..lists.paper_types import OTHER_HEADING, TYPE_HEADINGS

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: the name of the catalog (``sphinx_papers.mo``)
MESSAGE_CATALOG = "sphinx_papers"
#: the catalogs shipped with the package
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_ = get_translation(MESSAGE_CATALOG)

#: the group headings :mod:`sphinx_papers.lists` gives (years are shown as they are)
HEADINGS: tuple[str, ...] = (*(heading for heading, _types in TYPE_HEADINGS), OTHER_HEADING, UNDATED)
_HEADINGS = frozenset(HEADINGS)


def N_(message: str) -> str:  # the usual name of gettext's no-op marker
    """Mark a label for the catalog where it is defined; it is translated with :data:`_` where shown."""
    return message


def register(app: Sphinx) -> None:
    """Load the shipped catalog of the build's language."""
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))


def translated_heading(text: str) -> str:
    """A group heading in the build's language (a year stays as it is)."""
    return _(text) if text in _HEADINGS else text


def author_words() -> Words:
    """The words that join authors' names and stand in for missing ones, translated."""
    return Words(**{name: str(_(word)) for name, word in asdict(Words()).items()})


def messages() -> list[str]:
    """Every message of the catalog: the ``_("...")`` and ``N_("...")`` labels here, and those made in lists/."""
    from babel.messages.extract import extract_from_dir  # Sphinx's own dependency

    package = Path(__file__).resolve().parent
    keywords = {"_": None, "N_": None}
    found = [
        message for _file, _line, message, _comments, _context in extract_from_dir(package, keywords=keywords)
    ]
    made_elsewhere = [*HEADINGS, *asdict(Words()).values()]
    return sorted({*found, *made_elsewhere})


def write_template(path: Path = LOCALE_DIR / f"{MESSAGE_CATALOG}.pot") -> None:
    """Write the catalog template that translators start from."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(
        project="sphinx-papers", domain=MESSAGE_CATALOG, copyright_holder="The sphinx-papers developers"
    )
    for message in messages():
        catalog.add(message)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(out, catalog, omit_header=False, sort_output=True, width=110)
