"""``betteroff demo``: synthetic people through the real bot on the local emulator, offline.

::

    result = await run_demo(DemoOptions(respondents=300, out=Path("betteroff-demo")))
    result.headline          # the report's headline statements
    result.files["html"]     # report.html beside betteroff.db

A failure anywhere in the loop raises :class:`DemoFailure` with one sentence saying what
broke. See :mod:`bot.demo.run` for the steps.
"""

from bot.demo.drive import DemoFailure
from bot.demo.run import DemoOptions, DemoResult, run_demo

__all__ = ["DemoFailure", "DemoOptions", "DemoResult", "run_demo"]
