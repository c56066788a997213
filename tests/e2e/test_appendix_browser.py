"""The HTML appendix of each example opens in headless Chromium without console errors."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from remit.appendix.build import build_appendix
from remit.appendix.render import render_html
from remit.contract import load_contract

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("/usr/bin/chromium is missing; CI must install Debian's chromium package")
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_appendix_renders_without_console_errors(
    browser: object, example: Path, tmp_path: Path
) -> None:
    contract = load_contract(example).contract
    page_file = tmp_path / f"{example.stem}.html"
    page_file.write_text(render_html(build_appendix(contract)), encoding="utf-8")
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    page.goto(page_file.as_uri(), wait_until="load")
    assert errors == []
    assert page.locator("h1").inner_text() == contract.contract.name
    assert page.locator("table.objects tbody tr").count() == len(contract.objects)
    assert page.locator("table.matrix tbody tr").count() == len(contract.layers)
    # every example states every term section; the access order has two tables
    assert page.locator("table.terms").count() == 8
    assert page.locator("table.terms.updates tbody tr").count() == len(
        contract.communication.cadence
    )
    page.close()


def test_print_stylesheet_applies(browser: object, tmp_path: Path) -> None:
    page_file = tmp_path / "appendix.html"
    page_file.write_text(
        render_html(build_appendix(load_contract(EXAMPLES[0]).contract)), encoding="utf-8"
    )
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(page_file.as_uri())
    page.emulate_media(media="print")
    head = page.evaluate("getComputedStyle(document.querySelector('thead')).display")
    signoff = page.evaluate(
        "getComputedStyle(document.querySelector('section.signoff')).breakBefore"
    )
    assert (head, signoff) == ("table-header-group", "page")
    assert page.pdf(format="A4", landscape=True)[:4] == b"%PDF"
    page.close()
