"""The extension as Sphinx sees it: its metadata, its declared config values, its translated labels,
its clash with sphinxcontrib-bibtex, and builds that touch nothing deprecated."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.config import Config
from test_ext_helpers import copy_root, soup, warnings_of

import sphinx_papers
from sphinx_papers.ext import i18n
from sphinx_papers.ext.config import CONFIG_VALUES, Settings, register, settings
from sphinx_papers.ext.domain import DATA_VERSION

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

REPO = Path(__file__).resolve().parent.parent
_ANSI = re.compile(r"\x1b\[[\d;]*m")


def run_sphinx(
    src: Path, out: Path, *options: str, python: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """``sphinx-build`` in a child process, with this checkout importable."""
    paths = [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "NO_COLOR": "1"}
    cmd = [sys.executable, *python, "-m", "sphinx", *options, str(src), str(out)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)


# -- setup() and the configuration values ---------------------------------------------------------


def test_setup_returns_version_env_version_and_parallel_flags(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app("html", srcdir=copy_root("papers-basic", tmp_path / "src"), freshenv=True)
    extension = app.extensions["sphinx_papers"]
    assert extension.version == sphinx_papers.__version__
    assert extension.metadata["env_version"] == DATA_VERSION
    assert extension.parallel_read_safe is True
    assert extension.parallel_write_safe is True


class _Recorder:
    """Stands in for the application: records what ``register`` declares."""

    def __init__(self) -> None:
        self.calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def add_config_value(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append((args, kwargs))


def test_every_value_is_declared_once_with_types_and_description() -> None:
    recorder = _Recorder()
    register(recorder)  # type: ignore[arg-type]
    names = [args[0] for args, _ in recorder.calls]
    assert len(names) == len(set(names)) == len(CONFIG_VALUES)
    assert all(name.startswith("papers_") for name in names)
    config = Config()
    for args, kwargs in recorder.calls:
        assert kwargs["types"], args[0]
        assert kwargs["description"].strip(), args[0]
        config.add(*args, **kwargs)  # Sphinx accepts the declaration as given
        assert getattr(config, args[0]) == args[1]


def test_settings_has_one_attribute_per_value_and_reads_each() -> None:
    """Every value set in conf.py reaches its Settings attribute, whatever its name."""
    assert [f"papers_{name}" for name in Settings.__dataclass_fields__] == [v.name for v in CONFIG_VALUES]
    chosen: dict[str, Any] = {
        "papers_sources": ["a.bib", "b.txt"],
        "papers_highlight": ["Ada Lovelace"],
        "papers_abstract": "full",
        "papers_bibtex": True,
        "papers_sort": "title",
        "papers_group_by": "type",
        "papers_key_format": "{surname}{year}",
        "papers_style": "mine",
        "papers_templates": {"mine": "{title}."},
        "papers_search_abstracts": True,
        "papers_encoding": "latin-1",
    }
    assert set(chosen) == {v.name for v in CONFIG_VALUES}
    recorder = _Recorder()
    register(recorder)  # type: ignore[arg-type]
    config = Config(chosen)
    for args, kwargs in recorder.calls:
        config.add(*args, **kwargs)
    current = settings(config)
    assert current.sources == ("a.bib", "b.txt") and current.highlight == ("Ada Lovelace",)
    assert (current.abstract, current.bibtex, current.sort, current.group_by) == (
        "full",
        True,
        "title",
        "type",
    )
    assert current.key_format == "{surname}{year}" and current.template() == "{title}."
    assert current.search_abstracts is True and current.encoding == "latin-1"
    assert current.template("default") == Settings().template("default")


def test_a_bad_value_warns_once_and_only_as_papers_config(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Sphinx's own type check never sees a bad papers_* value: the extension replaced it first."""
    srcdir = copy_root("papers-basic", tmp_path / "src")
    app = make_app("html", srcdir=srcdir, confoverrides={"papers_abstract": 3}, freshenv=True)
    app.build()
    lines = [_ANSI.sub("", line) for line in warnings_of(app)]
    assert len(lines) == 1, lines
    assert lines[0].endswith("[papers.config]") and "conf.py:" in lines[0]


# -- labels in the build's language ---------------------------------------------------------------

GERMAN = {
    "Abstract": "Zusammenfassung",
    "BibTeX": "BibTeX-Eintrag",
    "Download BibTeX": "BibTeX herunterladen",
    "Preprints": "Vorabdrucke",
    "Code": "Quellcode",
    "and": "und",
    "et al.": "u. a.",
}


def _german_catalog(folder: Path) -> None:
    catalog = Catalog(locale="de", domain=i18n.MESSAGE_CATALOG)
    for english, german in GERMAN.items():
        catalog.add(english, german)
    target = folder / "de" / "LC_MESSAGES" / f"{i18n.MESSAGE_CATALOG}.mo"
    target.parent.mkdir(parents=True)
    with target.open("wb") as out:
        write_mo(out, catalog)


_GERMAN_CONF = """
language = "de"

def setup(app):
    app.add_message_catalog("sphinx_papers", str(__import__("pathlib").Path(__file__).parent / "locales"))
"""
_GERMAN_LIST = "Liste\n=====\n\n.. publications::\n   :group-by: type\n   :bibtex:\n"


@pytest.fixture
def german_app(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> SphinxTestApp:
    srcdir = copy_root("papers-basic", tmp_path / "src", publications_rst=_GERMAN_LIST)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(_GERMAN_CONF)
    _german_catalog(srcdir / "locales")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    return app


def test_labels_follow_the_language_and_a_project_catalog(german_app: SphinxTestApp) -> None:
    page = soup(german_app, "publications.html")
    summaries = {s.get_text() for s in page.select("li.papers-entry summary")}
    assert summaries == {"Zusammenfassung", "BibTeX-Eintrag"}
    assert [a.get_text() for a in page.select("a.papers-download")] == ["BibTeX herunterladen"]
    assert "Vorabdrucke" in {h.get_text() for h in page.select(".papers-group")}
    links = {a.get_text() for a in page.select("a.papers-link")}
    assert "Quellcode" in links and "Code" not in links


def test_author_words_follow_the_language(german_app: SphinxTestApp) -> None:
    page = soup(german_app, "citing.html")
    citations = " ".join(c.get_text() for c in page.select("span.papers-citation"))
    assert "u. a." in citations and "et al." not in citations
    authors = " ".join(a.get_text() for a in soup(german_app, "publications.html").select(".papers-authors"))
    assert " und " in authors and " and " not in authors


def test_english_labels_without_a_catalog(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    srcdir = copy_root("papers-basic", tmp_path / "src", publications_rst=_GERMAN_LIST)
    app = make_app("html", srcdir=srcdir, confoverrides={"language": "de"}, freshenv=True)
    app.build()
    page = soup(app, "publications.html")
    assert {s.get_text() for s in page.select("li.papers-entry summary")} == {"Abstract", "BibTeX"}


def test_catalog_template_lists_every_label() -> None:
    with (i18n.LOCALE_DIR / f"{i18n.MESSAGE_CATALOG}.pot").open("rb") as pot:
        shipped = {message.id for message in read_po(pot) if message.id}
    assert shipped == set(i18n.messages())
    assert set(GERMAN) <= shipped


# -- sphinxcontrib-bibtex -------------------------------------------------------------------------

_CLASH_PAGE = "Clash\n=====\n\nText.\n"


@pytest.mark.parametrize("first", ["sphinx_papers", "sphinxcontrib.bibtex"])
def test_listing_sphinxcontrib_bibtex_too_is_one_clear_error(first: str, tmp_path: Path) -> None:
    pytest.importorskip("sphinxcontrib.bibtex")  # a test dependency: installed with the [test] extra
    second = "sphinxcontrib.bibtex" if first == "sphinx_papers" else "sphinx_papers"
    src = tmp_path / "src"
    src.mkdir()
    conf = f'project = "clash"\n\nextensions = [\n    "{first}",\n    "{second}",\n]\nbibtex_bibfiles = []\n'
    (src / "conf.py").write_text(conf, encoding="utf-8")
    (src / "index.rst").write_text(_CLASH_PAGE, encoding="utf-8")
    strict = run_sphinx(src, tmp_path / "strict", "-b", "html", "-W", "-q")
    assert strict.returncode == 1
    lines = [line for line in strict.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, strict.stderr
    assert lines[0].startswith(f"{src / 'conf.py'}:3: ERROR: ")
    for word in ("sphinx_papers", "sphinxcontrib.bibtex", "cite", "bibliography"):
        assert word in lines[0]
    assert "Traceback" not in strict.stderr and "ExtensionError" not in strict.stderr
    # without -W the build goes on, with sphinxcontrib-bibtex alone
    lenient = run_sphinx(src, tmp_path / "lenient", "-b", "html", "-q")
    assert lenient.returncode == 0, lenient.stderr
    assert (tmp_path / "lenient" / "index.html").is_file()


# -- nothing deprecated ---------------------------------------------------------------------------


@pytest.mark.parametrize("builder", ["html", "singlehtml", "latex", "text"])
def test_builds_touch_nothing_deprecated(builder: str, tmp_path: Path) -> None:
    """A build fails on any DeprecationWarning (Sphinx's RemovedInSphinx* warnings are ones)."""
    src = copy_root("papers-basic", tmp_path / "src")
    errors = ("-W", "error::DeprecationWarning", "-W", "error::PendingDeprecationWarning")
    result = run_sphinx(src, tmp_path / "out", "-b", builder, "-nW", "-q", python=errors)
    assert result.returncode == 0, result.stderr


_SPHINX_OBJECTS = {"app", "env", "builder", "config", "document", "registry", "events", "state", "settings"}


def _private_sphinx_attributes(tree: ast.AST) -> list[str]:
    """``x._name`` where ``x`` is one of Sphinx's objects (``self.env._app``, ``app.builder._x``...)."""
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.endswith("__")
        ):
            continue
        owner = node.value
        name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
        if name in _SPHINX_OBJECTS:
            found.append(f"{name}.{node.attr} (line {node.lineno})")
    return found


def test_the_extension_reaches_no_private_sphinx_attribute() -> None:
    assert _private_sphinx_attributes(ast.parse("app = self.env._app")) == [
        "env._app (line 1)"
    ]  # the check works
    package = Path(sphinx_papers.__file__).parent / "ext"
    for module in sorted(package.glob("*.py")):
        assert _private_sphinx_attributes(ast.parse(module.read_text(encoding="utf-8"))) == [], module.name
