"""The example lab site in a real headless Chromium, under four HTML themes.

The site (``examples/lab-site``) is built once per theme with ``-D html_theme=...``
and served from ``http.server`` on 127.0.0.1; selenium drives Chromium through
``/usr/bin/chromedriver`` (never selenium-manager, which would download a browser).
"""

from __future__ import annotations

import functools
import http.server
import itertools
import struct
import tempfile
import threading
import zlib
from typing import TYPE_CHECKING, Any

import pytest
from conftest import require_tools
from test_docs_build import LAB, assert_clean, seed_entries, sphinx_build

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.browser

THEMES = ["alabaster", "furo", "sphinx_rtd_theme", "pydata_sphinx_theme"]
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def driver() -> Iterator[Any]:
    require_tools("chromium", "chromedriver")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    profile = tempfile.TemporaryDirectory(prefix="papers-chromium-")
    options.add_argument(f"--user-data-dir={profile.name}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()
    profile.cleanup()


@pytest.fixture(scope="session", params=THEMES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the lab site built with one theme."""
    out = tmp_path_factory.mktemp(f"lab-{request.param}")
    assert_clean(sphinx_build(LAB, out, "-D", f"html_theme={request.param}"))
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def open_page(driver: Any, url: str) -> None:
    driver.get(url)
    driver.get_log("browser")  # start each page with an empty console log


def console_errors(driver: Any) -> list[str]:
    # Chromium always asks for /favicon.ico, which these sites do not have: not a page error.
    entries = driver.get_log("browser")
    return [e["message"] for e in entries if e["level"] == "SEVERE" and "favicon.ico" not in e["message"]]


def css(driver: Any, selector: str) -> list[Any]:
    result: list[Any] = driver.find_elements("css selector", selector)
    return result


def test_entries_visible_and_laid_out(driver: Any, site: str) -> None:
    open_page(driver, f"{site}/publications.html")
    entries = css(driver, "div.papers-list li.papers-entry")
    assert len(entries) == len(seed_entries())
    boxes = driver.execute_script(
        "return [...document.querySelectorAll('li.papers-entry')].map(e => {"
        " const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; });"
    )
    page_width = driver.execute_script("return document.documentElement.clientWidth;")
    for left, _top, width, height in boxes:
        assert width > 200 and height > 15
        assert left >= 0 and left + width <= page_width + 1
    for (_, top, _, height), (_, next_top, _, _) in itertools.pairwise(boxes):
        assert top + height <= next_top + 0.5, "consecutive entries overlap"
    entries[0].location_once_scrolled_into_view  # noqa: B018 (scrolls)
    assert entries[0].is_displayed()
    assert console_errors(driver) == []


def test_abstract_opens_on_click(driver: Any, site: str) -> None:
    open_page(driver, f"{site}/publications.html")
    details = css(driver, "li.papers-entry details.papers-abstract")[0]
    body = _details_body(driver, details)
    assert details.get_attribute("open") is None
    assert not body.is_displayed()
    _click(driver, details.find_element("css selector", "summary"))
    assert details.get_attribute("open") is not None
    assert body.is_displayed()
    assert len(body.text) > 100
    assert console_errors(driver) == []


def test_bibtex_toggle_shows_the_entry(driver: Any, site: str) -> None:
    open_page(driver, f"{site}/publications.html")
    entry = css(driver, "li.papers-entry")[0]
    details = entry.find_element("css selector", "details.papers-bibtex")
    body = _details_body(driver, details)
    assert not body.is_displayed()
    _click(driver, details.find_element("css selector", "summary"))
    assert body.is_displayed()
    assert body.text.lstrip().startswith("@")
    assert "{" + entry.get_attribute("id") + "," in body.text
    assert console_errors(driver) == []


def _details_body(driver: Any, details: Any) -> Any:
    """The first element child of a <details> after its <summary>."""
    return driver.execute_script("return arguments[0].querySelector(':scope > :not(summary)');", details)


def _click(driver: Any, element: Any) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def test_citation_navigates_to_its_entry(driver: Any, site: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(driver, f"{site}/index.html")
    cites = css(driver, "span.papers-citation a.papers-cite")
    assert cites
    cite = cites[0]
    title = cite.get_attribute("title")
    key = cite.get_attribute("href").rpartition("#")[2]
    assert key and title and len(title) > 30
    assert all(c.get_attribute("title") for c in cites), "a citation without a tooltip"
    _click(driver, cite)
    wait = WebDriverWait(driver, 10)
    wait.until(lambda d: d.current_url.endswith(f"/publications.html#{key}"))
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
    # the browser scrolls the anchor to the top of the window (sub-pixel rounding may leave it at -0.5 px);
    # themes with scripts may settle the scroll a little later
    in_view = (
        "const r = document.getElementById(arguments[0]).getBoundingClientRect();"
        " return r.top > -2 && r.top < window.innerHeight;"
    )
    wait.until(lambda d: d.execute_script(in_view, key), "the cited entry is not scrolled into view")
    entry_title = driver.find_element("css selector", f"li.papers-entry[id='{key}'] span.papers-title").text
    assert entry_title[:30] in title
    assert console_errors(driver) == []


def test_download_link_fetches_a_bib(driver: Any, site: str) -> None:
    open_page(driver, f"{site}/publications.html")
    link = css(driver, "a.papers-download")[0]
    assert link.get_attribute("href").endswith(".bib")
    text = driver.execute_async_script(
        "const done = arguments[1];"
        "fetch(arguments[0]).then(r => r.ok ? r.text() : 'HTTP ' + r.status).then(done, e => done(String(e)));",
        link.get_attribute("href"),
    )
    assert text.count("\n@") + text.startswith("@") == len(seed_entries())
    assert console_errors(driver) == []


def test_screenshot_is_not_blank(driver: Any, site: str, tmp_path: Path) -> None:
    open_page(driver, f"{site}/publications.html")
    shot = tmp_path / "publications.png"
    assert driver.save_screenshot(str(shot))
    colours = png_colours(shot.read_bytes())
    assert len(colours) > 20, "the screenshot is (nearly) one colour"


def png_colours(data: bytes) -> set[bytes]:
    """The distinct pixel values of an 8-bit, non-interlaced PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        header = body if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and interlace == 0 and colour_type in (2, 6)
    bpp = 3 if colour_type == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    previous, colours = bytearray(stride), set()
    for y in range(height):
        start = y * (stride + 1)
        row = _unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, bpp)
        colours.update(bytes(row[x : x + bpp]) for x in range(0, stride, bpp * 7))
        previous = row
    return colours


def _unfilter(kind: int, row: bytearray, prev: bytearray, bpp: int) -> bytearray:
    for i in range(len(row)):
        left = row[i - bpp] if i >= bpp else 0
        up, corner = prev[i], prev[i - bpp] if i >= bpp else 0
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 2:
            row[i] = (row[i] + up) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            row[i] = (row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
    return row
