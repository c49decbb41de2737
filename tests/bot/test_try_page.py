"""``betteroff try`` in a real headless Chromium: a parent takes a survey by clicking and typing.

The command runs as a person would run it (its own process, ``--no-browser``), and
Debian's chromium, driven through chromium-driver by Selenium, uses the page. Every check
is on what the page shows. Without chromium the test skips and says how to get it; with
chromium but no driver it fails, saying which package is missing.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from surveys.catalog import shipped_surveys
from surveys.engine_state import options_for

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
)
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (apt-get install -y chromium chromium-driver); "
    "the betteroff try page is tested in a real browser.",
)
URL = re.compile(r"http://127\.0\.0\.1:\d+/")
#: Long enough for a loaded two-core machine; each wait ends as soon as the page shows it.
WAIT = 30
PARENT_SURVEY = "parent-carer-review"
STORY = "My worker listened to us and things are calmer at home now."


@pytest.fixture
def try_page(tmp_path: Path) -> Iterator[str]:
    """``betteroff try --no-browser`` in its own process; yields the page's address."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BETTEROFF_")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    env["TMPDIR"] = str(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "try", "--no-browser", "--chat-interval", "0.05"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    said: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    url = None
    try:
        while url is None:
            line = lines.get(timeout=90)
            if line is None:
                pytest.fail(f"betteroff try ended before serving its page: {''.join(said)}")
            said.append(line)
            found = URL.search(line)
            url = found.group(0) if found else None
        yield url
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C, as a person stops it
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()  # our own child, by its handle
            process.wait(timeout=10)
    with contextlib.suppress(queue.Empty):
        while (line := lines.get(timeout=5)) is not None:
            said.append(line)
    output = "".join(said)
    assert process.returncode == 0, output
    assert "Traceback" not in output, output
    # The temporary database went with the run.
    assert not list(tmp_path.glob("betteroff-try-*")), output


@pytest.fixture
def browser() -> Iterator[Any]:
    if CHROMEDRIVER is None:
        pytest.fail(
            "chromium is installed but chromium-driver is not: apt-get install -y chromium-driver"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--window-size=1100,900",
    ):
        options.add_argument(flag)
    # Selenium Manager would look online for a driver or browser: both are Debian's here.
    os.environ.setdefault("SE_OFFLINE", "true")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def _wait(browser: Any, what: str, condition: Callable[[Any], Any]) -> Any:
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    # A card the bot edits is drawn afresh, so an element read a moment ago can go stale.
    waiting = WebDriverWait(
        browser, WAIT, poll_frequency=0.05, ignored_exceptions=[StaleElementReferenceException]
    )
    try:
        return waiting.until(condition)
    except TimeoutException:
        shown = [m.text for m in browser.find_elements("css selector", ".message")][-3:]
        pytest.fail(f"The page never showed {what}; its last messages: {shown}")


def _bot_messages(browser: Any) -> list[Any]:
    return browser.find_elements("css selector", ".message.bot")


def _card_asking(browser: Any, question_text: str) -> Any:
    """The bot's message that shows ``question_text`` with buttons to answer it."""

    def found(driver: Any) -> Any:
        for message in reversed(_bot_messages(driver)):
            if question_text in message.text and message.find_elements(
                "css selector", ".keyboard button"
            ):
                return message
        return None

    return _wait(browser, f"the question {question_text!r}", found)


def _tap(message: Any, label: str) -> None:
    for button in message.find_elements("css selector", ".keyboard button"):
        # The bot ticks a choice already made ("✅ English" for the language it guessed).
        if button.text.strip().removeprefix("✅ ") == label:
            button.click()
            return
    labels = [b.text for b in message.find_elements("css selector", ".keyboard button")]
    pytest.fail(f"No button {label!r} on the card; it has {labels}")


def test_a_parent_takes_a_survey_by_clicking_and_typing(try_page: str, browser: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    survey = shipped_surveys()[PARENT_SURVEY]
    browser.get(try_page)
    title = survey.title.get("en")

    # The invites list names the survey; opening it starts it as the family member.
    invite = _wait(
        browser,
        f"an invite for {title!r}",
        lambda d: next(
            (li for li in d.find_elements("css selector", "#invites li") if title in li.text),
            None,
        ),
    )
    assert "Parent or carer" in invite.text
    assert browser.find_element("css selector", "input[value=family]").is_selected()
    invite.find_element("css selector", "button").click()

    welcome = _card_asking(browser, "Which language would you like?")
    assert "anonymous" in welcome.text
    _tap(welcome, "English")
    _wait(
        browser,
        "the tick on English",
        lambda d: any(
            "Which language" in m.text
            and "✅ English" in m.text
            and not m.find_elements("css selector", ".keyboard button")
            for m in _bot_messages(d)
        ),
    )

    total = len(survey.questions)
    for position, question in enumerate(survey.questions, start=1):
        words = question.text.get("en")
        card = _card_asking(browser, words)
        assert f"{position} of {total}" in card.text
        if question.kind == "text":
            box = browser.find_element("id", "composer-text")
            assert browser.find_element("css selector", "label[for=composer-text]")
            box.send_keys(STORY)
            box.send_keys(Keys.ENTER)
            _wait(
                browser,
                "the typed answer in the chat",
                lambda d: any(STORY in m.text for m in d.find_elements("css selector", ".own")),
            )
        else:
            options = options_for(question)
            # "Agree" on the scales; "Yes, you can share it" when asked to share the story.
            chosen = next((o for o in options if o.code == "agree"), options[0])
            label = chosen.display("en")
            _tap(card, label)
            # The card is edited in place: the answer is ticked where the question was.
            _wait(
                browser,
                f"a tick for question {position}",
                lambda d, words=words, label=label: any(
                    words in m.text and f"✅ {label}" in m.text for m in _bot_messages(d)
                ),
            )

    thanks = survey.thanks.get("en")
    done = _wait(
        browser,
        "the thank-you",
        lambda d: next((m for m in _bot_messages(d) if thanks in m.text), None),
    )
    assert done.is_displayed()
    _wait(
        browser,
        "the withdrawal code",
        lambda d: any(re.search(r"/withdraw [A-Z0-9]+", m.text) for m in _bot_messages(d)),
    )
    # Everything the page loaded came from the page's own server.
    requested = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert requested and all(name.startswith(try_page) for name in requested), requested


def test_the_practitioner_and_the_admin_each_have_their_own_chat(
    try_page: str, browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.get(try_page)
    join = _wait(browser, "the join button", lambda d: d.find_element("id", "join-button"))
    _wait(browser, "the join code", lambda d: d.find_element("id", "join-code").text != "…")
    join.click()
    assert browser.find_element("css selector", "input[value=practitioner]").is_selected()
    _wait(
        browser,
        "the practitioner signed up",
        lambda d: any("signed up" in m.text for m in _bot_messages(d)),
    )

    box = browser.find_element("id", "composer-text")
    box.send_keys(f"/invite {PARENT_SURVEY}")
    box.send_keys(Keys.ENTER)
    # The QR code is a picture the browser really loaded, described for a screen reader.
    qr = _wait(
        browser,
        "the invite's QR code",
        lambda d: next(
            (
                img
                for img in d.find_elements("css selector", ".photo img")
                if d.execute_script("return arguments[0].naturalWidth", img) > 0
            ),
            None,
        ),
    )
    assert "QR code" in qr.get_attribute("alt")
    # Its link opens the invite in the page, as a deep link opens the bot in Telegram.
    browser.find_element("css selector", "a.deep-link").click()
    _card_asking(browser, "Which language would you like?")

    browser.find_element("css selector", ".person input[value=admin]").click()
    _wait(
        browser,
        "an empty chat for the admin",
        lambda d: not d.find_elements("css selector", ".message"),
    )
    box.send_keys("/report")
    box.send_keys(Keys.ENTER)
    document = _wait(
        browser, "the report as a document", lambda d: d.find_element("css selector", "a.document")
    )
    assert "betteroff-report-" in document.text
    opened = browser.execute_script(
        "const r = await fetch(arguments[0]); return [r.status, r.headers.get('content-type')]",
        document.get_attribute("href"),
    )
    assert opened[0] == 200 and opened[1].startswith("text/html"), opened

    # Back to the family member: none of that is in their chat.
    browser.find_element("css selector", ".person input[value=family]").click()
    _wait(
        browser,
        "the family's own (empty) chat",
        lambda d: d.find_element("id", "empty").is_displayed(),
    )
