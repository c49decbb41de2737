"""Running a few lines of Python in a fresh interpreter, for tests of what a new process
has loaded (nothing cached by earlier tests in this one)."""

from __future__ import annotations

import subprocess
import sys


def printed_by_fresh_process(script: str) -> list[str]:
    """What ``script`` prints, run by a new interpreter, split into words."""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.split()
