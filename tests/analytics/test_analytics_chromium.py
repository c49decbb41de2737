"""The HTML report in headless Chromium: charts drawn, no console errors, nothing fetched.

Skipped with a message when Chromium is missing on a developer's machine; in CI
(``CI`` set) a missing Chromium fails the test, because `.ci/run` installs it.
"""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from analytics.periods import parse_period
from analytics.render import render
from analytics.report import build_report
from storage.database import Database

from .chromium import find_chromium, open_page
from .seed import Given, add_responses

pytestmark = pytest.mark.timeout(120)


def _chromium() -> str:
    found = find_chromium()
    if found:
        return found
    message = "Chromium not found: install it with `apt-get install -y chromium` (.ci/run does)."
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


STORY = '<script>alert("x")</script><img src=x onerror=alert(1)> =HYPERLINK("http://x.invalid")'


def _given() -> list[Given]:
    given = []
    for day, count, positive in ((date(2026, 8, 1), 40, 31), (date(2026, 5, 1), 30, 18)):
        for i in range(count):
            given.append(
                Given("parent-carer-review", "parent_carer", "review", day, [
                    ("listened", "felt-listened-to", "agree" if i < positive else "disagree",
                     True, i < positive),
                    ("better", "family-better-off", "agree", True, i % 3 != 0),
                ], story=STORY if i == 0 else None)
            )  # fmt: skip
    return given


def _ink(png: bytes) -> float:
    """The share of pixels that are not (nearly) white."""
    image = Image.open(io.BytesIO(png)).convert("L")
    histogram = image.histogram()
    return 1 - sum(histogram[245:]) / (image.width * image.height)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_report_renders_in_chromium_with_charts_and_no_console_errors(
    database: Database, tmp_path: Path
) -> None:
    chromium = _chromium()
    async with database.write() as session:
        await add_responses(session, _given())
    report = await build_report(database, period=parse_period("2026-Q3"), min_responses=10)
    page_file = tmp_path / "report.html"
    html = render(report, "html")
    assert isinstance(html, str)
    page_file.write_text(html, encoding="utf-8")

    async with open_page(chromium, tmp_path / "profile") as page:
        await page.call("Page.navigate", url=page_file.as_uri())
        await page.wait_for("Page.loadEventFired")
        counts = await page.call(
            "Runtime.evaluate",
            expression="JSON.stringify({"
            "charts: document.querySelectorAll('figure.chart svg').length,"
            " scripts: document.scripts.length, images: document.images.length})",
            returnByValue=True,
        )
        box = await page.call(
            "Runtime.evaluate",
            expression="(() => { const r = document.querySelector('figure.chart svg')"
            ".getBoundingClientRect(); return {x: r.x + scrollX, y: r.y + scrollY,"
            " width: r.width, height: r.height}; })()",
            returnByValue=True,
        )
        whole = await page.screenshot()
        chart = await page.screenshot(clip=box["result"]["value"])
        errors = page.console_errors()
    (tmp_path / "report.png").write_bytes(whole)
    (tmp_path / "chart.png").write_bytes(chart)

    import json

    found = json.loads(counts["result"]["value"])
    assert found["charts"] >= 2
    # The story's <script> and <img> arrived as text, not as elements.
    assert found["scripts"] == 0 and found["images"] == 0
    assert errors == [], errors
    area = box["result"]["value"]
    assert area["width"] > 200 and area["height"] > 100
    assert _ink(chart) > 0.03, f"the chart area looks blank (see {tmp_path / 'chart.png'})"
