"""Fixtures for the browser tests of the built book.

These tests open the HTML that ``jupyter-book build`` writes to ``_build/html``
in Debian's headless Chromium, so pytest collects them only when ``--browser``
is given (``make browser``). A plain ``pytest tests`` skips this folder.

Pages load from ``file://`` URLs, as a reader opens the book from disk, and
every request for another URL scheme (http, https, ws) is aborted and recorded.
"""

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

# Flags for a headless Chromium that makes no connection of its own: no
# background updates, sync or QUIC probes, and no first-run dialog.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}

# Pages whose screenshots are kept as test artefacts in _build/browser-screenshots:
# the top of the page, and its first figure where it has one.
SCREENSHOT_PAGES = (
    "book/intro.html",
    "book/hopfield_baseline.html",
    "book/explorer.html",
    "book/references.html",
)

# Upper bound for images and MathJax to finish on one page, in milliseconds.
PAGE_TIMEOUT_MS = 30_000

# Switches lazy images to eager loading, waits for every image to finish, and
# returns the src of each image that failed to decode (naturalWidth of 0).
_BROKEN_IMAGES_JS = """
async (timeoutMs) => {
  const images = Array.from(document.images);
  for (const img of images) { img.loading = "eager"; }
  const settled = images.map((img) => img.complete ? null : new Promise((done) => {
    img.addEventListener("load", done);
    img.addEventListener("error", done);
  }));
  const timer = new Promise((done) => setTimeout(done, timeoutMs));
  await Promise.race([Promise.all(settled), timer]);
  return images.filter((img) => img.naturalWidth === 0)
               .map((img) => img.getAttribute("src"));
}
"""

# Waits for MathJax's first typesetting pass and counts Sphinx's math elements
# (class "math"), those that contain MathJax output, and TeX errors.
_MATH_JS = """
async (timeoutMs) => {
  const elements = Array.from(document.querySelectorAll(".math"));
  const startup = window.MathJax && window.MathJax.startup;
  const loaded = Boolean(startup && startup.promise);
  if (loaded) {
    const timer = new Promise((done) => setTimeout(done, timeoutMs));
    await Promise.race([startup.promise, timer]);
  }
  return {
    loaded: loaded,
    elements: elements.length,
    typeset: elements.filter((el) => el.querySelector("mjx-container")).length,
    errors: document.querySelectorAll("mjx-merror").length,
  };
}
"""


@dataclass
class PageReport:
    """What one page did when it was opened in Chromium."""

    console_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    loaded_images: list[str] = field(default_factory=list)
    math: dict = field(default_factory=dict)


def pytest_addoption(parser):
    group = parser.getgroup("browser", "browser tests of the built book")
    group.addoption(
        "--browser",
        action="store_true",
        default=False,
        help="collect and run tests/browser against the built book",
    )
    group.addoption(
        "--book-html",
        default=str(REPO_ROOT / "_build" / "html"),
        help="folder with the built HTML book (default: _build/html)",
    )
    group.addoption(
        "--chromium",
        default="/usr/bin/chromium",
        help="Chromium executable (default: Debian's /usr/bin/chromium)",
    )


def pytest_ignore_collect(collection_path, config):
    # The option exists only when this folder is on the command line, so a
    # plain `pytest tests` falls back to the default and ignores the folder.
    if config.getoption("--browser", default=False):
        return None
    return True


@pytest.fixture(scope="session")
def book_html(pytestconfig):
    """Return the folder of the built book, or fail if it has not been built."""
    path = Path(pytestconfig.getoption("--book-html")).resolve()
    if not (path / "index.html").is_file():
        pytest.fail(f"no built book in {path}: run `make build-strict` first")
    return path


@pytest.fixture(scope="session")
def screenshot_dir(book_html):
    """Return the screenshot folder beside the HTML (_build/browser-screenshots)."""
    path = book_html.parent / "browser-screenshots"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session")
def chromium(pytestconfig, tmp_path_factory):
    """Start a headless Chromium context with a new, empty profile."""
    from playwright.sync_api import sync_playwright

    executable = Path(pytestconfig.getoption("--chromium"))
    if not executable.is_file():
        pytest.fail(f"Chromium not found at {executable}: run `make browser-deps`")

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=VIEWPORT,
        )
        yield context
        context.close()


def _block_remote_requests(page, report):
    def handle(route):
        if route.request.url.startswith("file:"):
            route.continue_()
            return
        report.blocked_requests.append(route.request.url)
        route.abort("blockedbyclient")

    page.route("**/*", handle)


def _record_errors(page, report):
    def on_console(message):
        if message.type == "error":
            location = message.location.get("url", "")
            report.console_errors.append(f"{message.text} ({location})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: report.console_errors.append(str(error)))


def _screenshot_name(relpath):
    return re.sub(r"[^A-Za-z0-9_]+", "-", relpath.removesuffix(".html"))


@pytest.fixture(scope="session")
def open_page(chromium, book_html, screenshot_dir):
    """Return a function that opens a built page once and reports on it.

    The function takes a path relative to ``book_html`` and returns a
    ``PageReport``. For the pages in ``SCREENSHOT_PAGES`` it also saves
    screenshots.
    """

    @functools.cache
    def visit(relpath):
        report = PageReport()
        page = chromium.new_page()
        _block_remote_requests(page, report)
        _record_errors(page, report)

        page.goto((book_html / relpath).as_uri(), wait_until="load")
        report.broken_images = page.evaluate(_BROKEN_IMAGES_JS, PAGE_TIMEOUT_MS)
        report.loaded_images = page.evaluate(
            "Array.from(document.images).filter((img) => img.naturalWidth > 0)"
            ".map((img) => img.getAttribute('src'))"
        )
        report.math = page.evaluate(_MATH_JS, PAGE_TIMEOUT_MS)

        if relpath in SCREENSHOT_PAGES:
            name = _screenshot_name(relpath)
            page.screenshot(path=screenshot_dir / f"{name}.png")
            figures = page.locator("figure")
            if figures.count() > 0:
                figures.first.screenshot(path=screenshot_dir / f"{name}-figure.png")
        page.close()
        return report

    return visit
