"""Redaction's time grows linearly with the text: 1x against 10x for awkward inputs.

    python tests/benchmarks/redaction_scaling.py

For each input, the best of a few calls on the text repeated n times and 10n times;
linear time gives a ratio near 10, so the figure printed is ratio / 10 and the target is
at most 1.5 (a quadratic pass gives about 10). Before issue 14, "Sarah " x 2000 took about
450 ms against 8 ms for x 200: 6.3 here, NOT MET. Exits 1 if any input misses.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from redaction_eval import best_time  # beside this file

from storage.redaction import redact

#: (name, one unit of text, n): each input is the unit repeated n and 10n times.
INPUTS = (
    ("one name, again and again", "Sarah ", 200),
    ("lower-case names and words", "me and kacper went to the park. ", 60),
    ("everyday-word names with cues", "Will from CAMHS rang and Hope said ", 60),
    ("Gurmukhi and Urdu", "ਹਰਪ੍ਰੀਤ ਨੇ ਕਿਹਾ عائشہ نے کہا ", 60),
    ("digits everywhere", "07700 900123 12/03/2011 B66 1AA 943 476 5919 ", 40),
    ("addresses and schools", "flat 3 Lyng House, 5 Hill Top and Holly Lodge primary ", 40),
    ("handles and emails", "my snap is kez_b s dot bains at gmail dot com ", 40),
    ("no spaces at all", "a.b_c", 400),
    ("one long word", "x", 2000),
    ("control characters", "\x00\x07\u200d\r\n", 400),
)
LIMIT = 1.5


def main() -> int:
    redact("warm up: Sarah")  # load the lists
    failed = False
    print(f"{'input':<32} {'chars':>7} {'1x ms':>8} {'10x ms':>8} {'ratio/10':>9}")
    for name, unit, n in INPUTS:
        short, long = unit * n, unit * (10 * n)
        # The best of several calls: other work on a shared machine only ever adds time.
        one, ten = best_time(short, 20), best_time(long, 5)
        figure = ten / (10 * one)
        met = figure <= LIMIT
        failed |= not met
        verdict = "met" if met else "NOT MET"
        times = f"{one * 1000:>8.2f} {ten * 1000:>8.2f}"
        print(f"{name:<32} {len(short):>7} {times} {figure:>9.2f}  {verdict}")
    print(f"Target: 10x the text in at most {LIMIT} x 10 the time, for every input.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
