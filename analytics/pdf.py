"""``report --format pdf``: the HTML report printed to A4 by headless Chromium.

Chromium lays the page out exactly as a reader's browser prints it (the report's own
print CSS: A4, no heading left alone at the foot of a page, table headers repeated), so
there is one layout to keep right, not two. The page loads nothing from the network (its
Content-Security-Policy forbids it) and Chromium runs with a throwaway profile.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

#: Where to look, in order, when ``BETTEROFF_CHROMIUM`` does not say.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "A PDF is printed by headless Chromium, which was not found. Install the `chromium` "
    "package (Debian or Ubuntu: `apt-get install -y chromium`), or set BETTEROFF_CHROMIUM "
    "to its path; or write --format html and print it from a browser."
)
PDF_TIMEOUT_SECONDS = 120


class PdfError(RuntimeError):
    """The PDF could not be made; the message says what to do."""


def find_chromium() -> str | None:
    configured = os.environ.get("BETTEROFF_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str, *, chromium: str | None = None) -> bytes:
    """``html`` printed to PDF; raises :class:`PdfError` with a sentence a person can act on."""
    binary = chromium or find_chromium()
    if binary is None:
        raise PdfError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="betteroff-pdf-") as folder:
        page = Path(folder) / "report.html"
        page.write_text(html, encoding="utf-8")
        target = Path(folder) / "report.pdf"
        command = [
            binary, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--no-first-run",
            f"--user-data-dir={Path(folder) / 'profile'}",
            "--no-pdf-header-footer", "--print-to-pdf-no-header",
            f"--print-to-pdf={target}", page.as_uri(),
        ]  # fmt: skip
        try:
            finished = subprocess.run(
                command, capture_output=True, timeout=PDF_TIMEOUT_SECONDS, check=False
            )
        except FileNotFoundError:
            raise PdfError(INSTALL_HINT) from None
        except subprocess.TimeoutExpired:
            raise PdfError(
                f"Chromium took more than {PDF_TIMEOUT_SECONDS} seconds to print the report. "
                "Try again, or write --format html and print it from a browser."
            ) from None
        if not target.exists() or target.stat().st_size == 0:
            said = finished.stderr.decode(errors="replace").strip().splitlines()[-1:]
            raise PdfError(
                "Chromium did not print the report"
                + (f" ({said[0]})" if said else "")
                + ". Check that it starts (`chromium --headless --version`), or write "
                "--format html and print it from a browser."
            )
        return target.read_bytes()
