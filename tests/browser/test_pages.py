"""Every page of the built book, opened offline in headless Chromium.

Run with ``make browser`` after ``make build-strict``. Each page loads once
from a ``file://`` URL with all other requests blocked, and the tests read
the report of that visit (see ``conftest.py``).
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

SOURCE_ROOT = Path(__file__).resolve().parents[2]

# Folders of the HTML build that hold assets, not pages.
ASSET_DIRS = {"_static", "_sources", "_images"}

# NOTE: Sphinx 7.4.7 writes twice every inline script that an extension registers
# after the HTML builder is set up (once with filename None, once with ""). So
# sphinx-thebe 0.3.1's `const THEBE_JS_URL` config appears twice on every page,
# and the second copy raises this SyntaxError. The first copy has already defined
# the constants, and thebe is off. Remove the entry once the duplicate is gone.
KNOWN_ERRORS = ("Identifier 'THEBE_JS_URL' has already been declared",)


def html_pages(book_html):
    """Return the built pages as sorted paths relative to ``book_html``."""
    pages = []
    for path in book_html.rglob("*.html"):
        relpath = path.relative_to(book_html)
        if ASSET_DIRS.isdisjoint(relpath.parts):
            pages.append(relpath.as_posix())
    return sorted(pages)


def pytest_generate_tests(metafunc):
    if "page" not in metafunc.fixturenames:
        return
    book_html = Path(metafunc.config.getoption("--book-html")).resolve()
    # index.html only redirects to the first chapter, which test_index_redirects
    # checks.
    pages = [page for page in html_pages(book_html) if page != "index.html"]
    ids = [page.removesuffix(".html") for page in pages]
    metafunc.parametrize("page", pages, ids=ids)


def test_book_has_intro(book_html):
    pages = html_pages(book_html)
    assert "index.html" in pages
    assert "book/intro.html" in pages
    assert "book/references.html" in pages


def test_index_redirects(chromium, book_html):
    page = chromium.new_page()
    page.goto((book_html / "index.html").as_uri())
    expect(page).to_have_url((book_html / "book" / "intro.html").as_uri())
    page.close()


def test_no_console_errors(open_page, page):
    errors = open_page(page).console_errors
    unexpected = [error for error in errors if not error.startswith(KNOWN_ERRORS)]
    assert unexpected == []


def test_no_remote_requests(open_page, page):
    report = open_page(page)
    assert report.blocked_requests == []


def test_images_load(open_page, page):
    report = open_page(page)
    assert report.broken_images == []


def test_math_typeset(open_page, page):
    math = open_page(page).math
    if math["elements"] == 0:
        pytest.skip("page has no math")
    assert math["loaded"], "MathJax did not start"
    assert math["typeset"] == math["elements"]
    assert math["errors"] == 0


def test_explorer_figure(open_page, book_html):
    if not (SOURCE_ROOT / "book" / "explorer.ipynb").is_file():
        pytest.skip("book/explorer.ipynb does not exist")
    assert (book_html / "book" / "explorer.html").is_file(), "explorer not built"
    report = open_page("book/explorer.html")
    figures = [src for src in report.loaded_images if "_images/" in src]
    assert figures, "no notebook figure loaded on the explorer page"


def test_screenshots_saved(open_page, screenshot_dir):
    for page in ("book/intro.html", "book/references.html"):
        open_page(page)
    assert (screenshot_dir / "book-intro.png").is_file()
    assert (screenshot_dir / "book-references.png").is_file()
