"""The demo quarter's report in every medium: a phone, a desktop, A4 paper and a spreadsheet.

One demo run (300 synthetic people through the real bot, as ``betteroff demo`` does by
default) is shared by the module. Screenshots, the PDF and the workbook are kept under
``tmp/artefacts`` (or ``BETTEROFF_TEST_ARTEFACTS``) for a person to look at.

Chromium and LibreOffice are needed; without one the test says how to install it and is
skipped, except in CI (``CI`` set), where a missing tool fails it.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from analytics.periods import quarter_containing
from analytics.render import render
from analytics.report import Report, build_report
from bot.cli import app
from storage.database import Database

from .chromium import find_chromium, open_page

pytestmark = pytest.mark.timeout(600)

REPO = Path(__file__).resolve().parents[2]
ARTEFACTS = Path(os.environ.get("BETTEROFF_TEST_ARTEFACTS", REPO / "tmp" / "artefacts"))
#: The demo quarter (300 people) printed on 23 A4 pages when this budget was set.
PAGE_BUDGET = 26
WIDTHS = (390, 1280)


def _need(tool: str | None, message: str) -> str:
    if tool:
        return tool
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class Demo:
    folder: Path
    database_url: str
    report: Report
    today: date


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    folder = tmp_path_factory.mktemp("media-demo")
    result = CliRunner().invoke(
        app, ["demo", "--seed", "7", "--out", str(folder), "--chat-interval", "0.05"]
    )
    assert result.exit_code == 0, result.output
    database_url = f"sqlite+aiosqlite:///{folder / 'betteroff.db'}"
    today = date.today()

    async def build() -> Report:
        db = Database(database_url, secret="0" * 64)
        try:
            return await build_report(
                db, period=quarter_containing(today), min_responses=10, today=today
            )
        finally:
            await db.dispose()

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    yield Demo(folder, database_url, asyncio.run(build()), today)


def _html(demo: Demo) -> Path:
    page = demo.folder / "report-now.html"
    html = render(demo.report, "html")
    assert isinstance(html, str)
    page.write_text(html, encoding="utf-8")
    return page


async def test_no_sideways_scrolling_on_a_phone_or_a_desktop(demo: Demo) -> None:
    chromium = _need(find_chromium(), "Chromium not found: apt-get install -y chromium")
    page_file = _html(demo)
    measured = {}
    async with open_page(chromium, demo.folder / "profile") as page:
        for width in WIDTHS:
            await page.call(
                "Emulation.setDeviceMetricsOverride",
                width=width, height=900, deviceScaleFactor=1, mobile=width < 600,
            )  # fmt: skip
            page.events.clear()
            await page.call("Page.navigate", url=page_file.as_uri())
            await page.wait_for("Page.loadEventFired")
            result = await page.call(
                "Runtime.evaluate",
                expression="JSON.stringify({scroll: document.documentElement.scrollWidth,"
                " body: document.body.scrollWidth, viewport: window.innerWidth,"
                " cell: getComputedStyle(document.querySelector('td')).display,"
                " svg: Math.max(...[...document.querySelectorAll('figure svg')]"
                ".map(s => s.getBoundingClientRect().right))})",
                returnByValue=True,
            )
            measured[width] = json.loads(result["result"]["value"])
            (ARTEFACTS / f"report-{width}px.png").write_bytes(await page.screenshot())
            assert page.console_errors() == []
    for width, found in measured.items():
        assert found["viewport"] == width
        assert found["scroll"] <= width and found["body"] <= width, (width, found)
        assert found["svg"] <= width, (width, found)  # charts scale down with the page
    assert measured[390]["cell"] == "block"  # tables are stacked cards on a phone
    assert measured[1280]["cell"] == "table-cell"


def test_the_demo_quarter_prints_on_a4_within_budget_and_no_heading_is_left_alone(
    demo: Demo,
) -> None:
    from pypdf import PdfReader

    _need(find_chromium(), "Chromium not found: apt-get install -y chromium")
    pdf = render(demo.report, "pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    (ARTEFACTS / "report.pdf").write_bytes(pdf)
    reader = PdfReader(ARTEFACTS / "report.pdf")
    pages = [page.extract_text() for page in reader.pages]
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points, not Letter
    assert len(pages) <= PAGE_BUDGET, f"{len(pages)} pages, budget {PAGE_BUDGET}"
    html = _html(demo).read_text(encoding="utf-8")
    headings = _headings(html)
    for number, text in enumerate(pages, start=1):
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        body = [line for line in lines if not _is_heading(line, headings)]
        assert body, f"page {number} holds only headings: {lines}"
        assert not _is_heading(lines[-1], headings, whole=True), (
            f"page {number} ends with the heading {lines[-1]!r}"
        )


def _headings(html: str) -> list[str]:
    import re
    from html import unescape

    found = re.findall(r"<(h[1-4]|figcaption)[^>]*>(.*?)</\1>", html, flags=re.DOTALL)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split()) for _, text in found]


def _is_heading(line: str, headings: list[str], *, whole: bool = False) -> bool:
    line = line.replace("ﬀ", "ff").replace("ﬁ", "fi")
    if whole:
        return any(line == heading for heading in headings)
    return len(line) > 3 and any(line in heading for heading in headings)


def test_the_workbook_opens_on_its_summary_and_in_libreoffice(demo: Demo) -> None:
    soffice = _need(
        shutil.which("soffice") or shutil.which("libreoffice"),
        "LibreOffice not found: apt-get install -y libreoffice-calc-nogui",
    )
    data = render(demo.report, "xlsx")
    assert isinstance(data, bytes)
    path = ARTEFACTS / "report.xlsx"
    path.write_bytes(data)
    book = load_workbook(path)
    assert book.sheetnames[0] == "Summary"
    summary = book["Summary"]
    assert str(summary["A1"].value).startswith("Better Off: feedback report")
    assert len(summary._charts) == 1 and len(book["monthly"]._charts) >= 1
    statements = book["statements"]
    assert statements.freeze_panes == "A2" and statements.auto_filter.ref
    header = [c.value for c in statements[1]]
    percent = header.index("percent") + 1
    widths = {statements.column_dimensions[c.column_letter].width for c in statements[1]}
    assert min(widths) >= 8 and len(widths) > 1
    hidden = [r for r in statements.iter_rows(min_row=2) if r[header.index("suppressed")].value]
    shown = [r for r in statements.iter_rows(min_row=2) if not r[header.index("suppressed")].value]
    assert hidden and shown
    assert all(r[header.index("n")].fill.start_color.rgb.endswith("D9D9D9") for r in hidden)
    assert {r[header.index("n")].value for r in hidden} == {"too few responses"}
    assert all(r[percent - 1].number_format == '0.0"%"' for r in shown)
    # LibreOffice, headless, converts it without complaint: the first sheet it reads is the
    # Summary, so the file opened as a workbook rather than being repaired into one.
    out = ARTEFACTS / "libreoffice"
    shutil.rmtree(out, ignore_errors=True)
    finished = subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{out}/profile",
         "--convert-to", "csv", "--outdir", str(out), str(path)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    converted = (out / "report.csv").read_text(encoding="utf-8", errors="replace")
    assert converted.lstrip('"').startswith("Better Off: feedback report")
    assert b"rror" not in finished.stderr.replace(b"javaldx", b"")


def _answers(demo: Demo) -> pd.DataFrame:
    """``betteroff export answers`` for the demo, read back with plain pandas."""
    out = demo.folder / "answers.csv"
    environment = {**os.environ, "BETTEROFF_DATABASE_URL": demo.database_url}
    finished = subprocess.run(
        ["betteroff", "export", "answers", "--format", "csv", "--out", str(out)],
        env=environment, capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    return pd.read_csv(out, dtype=str, keep_default_na=False)


def _scored(answers: pd.DataFrame) -> pd.DataFrame:
    """Counted and positive per answer, from the scales and survey files read as plain YAML."""
    scales = yaml.safe_load((REPO / "surveys" / "scales.yaml").read_text(encoding="utf-8"))
    kinds = {}
    for path in (REPO / "surveys" / "definitions").glob("*.yaml"):
        survey = yaml.safe_load(path.read_text(encoding="utf-8"))
        for question in survey["questions"]:
            kinds[(survey["id"], question["id"])] = question["type"]
    rows = answers[(answers["indicator"] != "") & (answers["value"] != "")].copy()
    scale = [
        scales[kinds[(s, q)]] for s, q in zip(rows["survey_id"], rows["question_id"], strict=True)
    ]
    rows["counted"] = [
        not any(o["code"] == v and o.get("counted") is False for o in sc["options"])
        for v, sc in zip(rows["value"], scale, strict=True)
    ]
    rows["positive"] = [v in sc["positive"] for v, sc in zip(rows["value"], scale, strict=True)]
    return rows[rows["counted"]]


def _half_up(value: float) -> float:
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


def test_every_shown_figure_matches_a_recount_from_the_answers_export(demo: Demo) -> None:
    """Statements, response rates and p-chart limits, recomputed without the analytics code."""
    answers = _answers(demo)
    scored = _scored(answers)
    report = demo.report
    quarter = {
        "current": (report.period.start, report.period.end),
        "previous": (report.previous.start, report.previous.end),
    }

    def within(frame: pd.DataFrame, which: str) -> pd.DataFrame:
        start, end = quarter[which]
        month = frame["completed_on"]
        return frame[(month >= f"{start:%Y-%m}") & (month <= f"{end:%Y-%m}")]

    checked = 0
    for row in report.statements[~report.statements["suppressed"]].to_dict("records"):

        def figures(which: str, row: dict[str, object] = row) -> tuple[int, int]:
            mine = within(scored, which)
            mine = mine[
                (mine["indicator"] == row["indicator"]) & (mine["audience"] == row["audience"])
            ]
            if row["touchpoint"] != "all":
                mine = mine[mine["touchpoint"] == row["touchpoint"]]
            return len(mine), int(mine["positive"].sum())

        n, positive = figures("current")
        assert (int(row["n"]), int(row["positive"])) == (n, positive), row["statement"]
        assert row["percent"] == _half_up(100 * positive / n)
        if row["previous_percent"] is not None and not pd.isna(row["previous_percent"]):
            before_n, before_positive = figures("previous")
            assert row["previous_percent"] == _half_up(100 * before_positive / before_n)
        checked += 1
    assert checked >= 20

    # Response rates: completed from the export, people invited from the tables themselves.
    completed = within(answers, "current").groupby("survey_id")["response_id"].nunique()
    invited = _invited_by_survey(demo, report)
    rates = report.activity.table
    surveys = rates[(rates["breakdown"] == "survey") & ~rates["suppressed"]]
    assert len(surveys) >= 3
    for row in surveys.to_dict("records"):
        survey = row["key"]
        assert int(row["completed"]) == int(completed.get(survey, 0)), survey
        assert int(row["invited"]) == invited[survey], survey
        expected = _half_up(100 * completed.get(survey, 0) / invited[survey])
        assert float(row["response_rate"]) == pytest.approx(expected), survey
        assert float(row["response_rate"]) <= 100

    # The p-charts: each shown month's n, then the mean and limits from those months alone.
    from analytics.monthly import trends

    charts = trends(report.monthly)
    judged = 0
    for (indicator, audience), trend in charts.items():
        mine = scored[(scored["indicator"] == indicator) & (scored["audience"] == audience)]
        by_month = mine.groupby("completed_on")["positive"].agg(["size", "sum"])
        shown = [p for p in trend.chart.points if p.proportion is not None]
        if trend.chart.mean is None:
            continue
        for point in shown:
            month = pd.Timestamp(f"1 {point.label}").strftime("%Y-%m")
            assert (point.n, point.positive) == tuple(int(v) for v in by_month.loc[month])
        mean = sum(p.positive for p in shown) / sum(p.n for p in shown)  # type: ignore[misc]
        assert trend.chart.mean == pytest.approx(mean)
        for point in shown:
            half = 3 * math.sqrt(mean * (1 - mean) / point.n)  # type: ignore[operator]
            assert point.lower == pytest.approx(max(0.0, mean - half))
            assert point.upper == pytest.approx(min(1.0, mean + half))
        judged += 1
    assert judged >= 5


def _invited_by_survey(demo: Demo, report: Report) -> dict[str, int]:
    """People invited per survey, by the Method's words, straight from the demo's tables."""
    zone = ZoneInfo("Europe/London")
    start = datetime.combine(report.period.start, time(), zone).astimezone(UTC)
    after = datetime.combine(report.period.end + timedelta(days=1), time(), zone).astimezone(UTC)
    bounds = (f"{start:%Y-%m-%d %H:%M:%S}", f"{after:%Y-%m-%d %H:%M:%S}")
    with sqlite3.connect(demo.folder / "betteroff.db") as connection:
        invites = pd.read_sql_query(
            "SELECT survey_id, coalesce(touchpoint, '') AS touchpoint, agency,"
            " sum(NOT multi_use) AS single_use, sum(NOT multi_use AND uses_left = 0) AS opened"
            " FROM invites WHERE created_at >= ? AND created_at < ?"
            " GROUP BY survey_id, touchpoint, agency",
            connection, params=bounds,
        )  # fmt: skip
        delivered = pd.read_sql_query(
            "SELECT r.survey_id, 'pulse' AS touchpoint, s.agency, count(*) AS delivered"
            " FROM deliveries d JOIN pulse_rounds r ON r.id = d.round_id"
            " JOIN staff s ON s.chat_id = d.staff_chat_id"
            " WHERE d.delivered_at >= ? AND d.delivered_at < ? GROUP BY r.survey_id, s.agency",
            connection, params=bounds,
        )  # fmt: skip
        started = pd.read_sql_query(
            "SELECT survey_id, touchpoint, agency, sum(started) AS started FROM survey_starts"
            " WHERE day BETWEEN ? AND ? GROUP BY survey_id, touchpoint, agency",
            connection, params=(report.period.start.isoformat(), report.period.end.isoformat()),
        )  # fmt: skip
        completed = pd.read_sql_query(
            "SELECT survey_id, touchpoint, coalesce(agency, '') AS agency, count(*) AS completed"
            " FROM responses WHERE completed_on BETWEEN ? AND ?"
            " GROUP BY survey_id, touchpoint, agency",
            connection, params=(report.period.start.isoformat(), report.period.end.isoformat()),
        )  # fmt: skip
    leaf = ["survey_id", "touchpoint", "agency"]
    table = (
        invites.merge(delivered, on=leaf, how="outer")
        .merge(started, on=leaf, how="outer")
        .merge(completed, on=leaf, how="outer")
        .fillna(0)
    )
    invited: dict[str, int] = {}
    for row in table.to_dict("records"):
        began = max(int(row["started"]), int(row["completed"]))
        if row["touchpoint"] == "pulse":
            people = max(int(row["delivered"]), began)
        else:
            people = int(row["single_use"]) + max(0, began - int(row["opened"]))
        invited[row["survey_id"]] = invited.get(row["survey_id"], 0) + people
    return invited
