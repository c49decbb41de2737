"""Evaluate the safeguarding check on the labelled corpus, against issue 13's targets.

    python tests/benchmarks/safeguarding_eval.py              # every held-out test part
                                                  # together (not the everyday ones)
    python tests/benchmarks/safeguarding_eval.py --part test   # the first held-out part
    python tests/benchmarks/safeguarding_eval.py --part test16 # the second held-out part
    python tests/benchmarks/safeguarding_eval.py --part test17 # the third (and test18)
    python tests/benchmarks/safeguarding_eval.py --part test_everyday  # everyday answers
    python tests/benchmarks/safeguarding_eval.py --part test_everyday2 # more of them
    python tests/benchmarks/safeguarding_eval.py --part test31 test32  # together,
                                                  # with a line per part first
    python tests/benchmarks/safeguarding_eval.py --part tune  # the tuning part
    python tests/benchmarks/safeguarding_eval.py --part seen  # the first test part, now tuning
    python tests/benchmarks/safeguarding_eval.py --part seen2 # the second test part, now tuning
    python tests/benchmarks/safeguarding_eval.py --part seen3 # the third test part, now tuning
    python tests/benchmarks/safeguarding_eval.py --part seen4 # the fourth test part, now tuning
    python tests/benchmarks/safeguarding_eval.py --part seen5 # the fifth test part, now tuning
    python tests/benchmarks/safeguarding_eval.py --part seen8 # ... the eighth, now tuning
    python tests/benchmarks/safeguarding_eval.py --part extra # lines written while tuning
    python tests/benchmarks/safeguarding_eval.py --leave-out seen4 extra6  # each scored by a
                                                  # model trained without it

``seen.jsonl`` was the first held-out part. Its misses were read once tuning had ended, so
its figures stopped being held-out ones; it became a tuning part, and a new test part was
written by someone who had seen neither the rules nor the other parts. ``seen2.jsonl``, that
second test part, went the same way in the next session (its figures had been read several
times), and a third (748 lines, English by one writer, Punjabi, Urdu and Polish by another)
was written the same way. Measured once (English 97.5%, pa 94.3%, ur 95.7%, pl 95.7%, false
alarms 9.7%), it became ``seen3.jsonl`` for a round on false alarms, and a fourth was written
the same way, by two more people who had seen nothing of the project. Measured once
(English 95.8%, pa 97.1%, ur 98.6%, pl 98.6%, false alarms 7.3%), it became ``seen4.jsonl``,
and the fifth was written by three more (English disclosures, English near-miss lines,
Punjabi/Urdu/Polish) before the fifth round of tuning began. Measured once (English 92.9%,
pa 95.7%, ur 95.7%, pl 94.3%, false alarms 6.7%), it became ``seen5.jsonl``, and the
sixth was written by five more, one for each of English disclosures, English near-miss
lines, Punjabi, Urdu and Polish. Measured once (English 97.1%, pa 95.7%, ur 97.1%, pl 98.6%,
false alarms 4.3%), it became ``seen6.jsonl``. The seventh and eighth parts were each
written by seven more (two for English disclosures, two for English near-miss lines asked
to carry risk words: most lines in the seventh, every line in the eighth; one per other
language), measured once and then read in
a round of tuning each: the seventh (English 96.4%, false alarms 9.9%) is ``seen7.jsonl``;
the eighth (English 96.1%, false alarms 10.7%) is ``seen8.jsonl``, with 400 everyday lines
written beside it (``seen8_everyday.jsonl``, false alarms 4.8%). From the ninth on, each
round was judged on two parts of about 977 lines, each written by seven more people and
run once: the ninth and tenth (English 95.4%, false alarms 10.3%) showed the classifier
alone beat the rules it was gating, and became ``seen9``/``seen10`` when it was put first;
the eleventh and twelfth (97.1%, 2.6%) became ``seen11``/``seen12``; the thirteenth and
fourteenth (97.1%, 4.1%) ``seen13``/``seen14``. The fifteenth, ``test.jsonl``, the
sixteenth, ``test16.jsonl`` (``--part test16``), and the seventeenth, ``test17.jsonl``,
were each run once on that code (English 97.7%, 97.4% and 97.4%, false alarms 5.0%, 5.2%
and 5.2%), with ``test_everyday.jsonl`` (481 everyday answers, false alarms 3.1%). Adding
1,061 everyday answers to training (``extra12.jsonl``) was then decided by a rule written
down before the lines existed, on the eighteenth part, ``test18.jsonl``, and a second
everyday set, ``test_everyday2.jsonl``, alone. The final model, run on all of them:
English 97.7%, 97.4%, 98.0% and 95.8%, false alarms 4.8-5.5%, everyday 2.7% and 2.3%.
In the sixteenth round 8,545 lines were written for training (``extra13`` to ``extra16``)
and texts of nine words or more were left to the classifier alone, at a threshold from a
2.5% budget, both decided on the ninth to twelfth parts scored by models trained without
them. Three fresh parts were written beside them: ``test19.jsonl`` and ``test20.jsonl``
from the same brief as the new training lines, ``test21.jsonl`` from a brief in the
issue's own words. Run once with the fifteenth to eighteenth: English 94.8% (fifteenth
to eighteenth together), 99.3% (nineteenth and twentieth), 98.0% (twenty-first); false
alarms 2.1%, 1.0% and 0.7%; everyday answers 2.4%. Whether the rules should still decide
longer texts at the classifier's 0.4 was then put to the twenty-first part by a rule
written before it existed: with them, 98.7% and 2.9%; without, 98.0% and 0.7%.
``test22.jsonl``, from the issue's brief again, was written last to decide 1,439 harder
lines (``corpus/candidates/extra17.jsonl``), by a rule written before it existed; they
were not let in. On it: English 97.3%, false alarms 3.5%.
In the seventeenth round ``test23.jsonl`` to ``test28.jsonl`` (issue's brief) and
``test_everyday3.jsonl`` to ``test_everyday5.jsonl`` (everyday answers in four voices,
staff among them) were written, each to decide one set of training lines by a rule
written before it existed: on the twenty-third, extra17 and ``extra18.jsonl`` (3,627 lines
in nine writer voices) went in (English 96.3% to 97.0%, false alarms 2.5% both); on the
twenty-fourth and twenty-fifth, ``corpus/candidates/extra19.jsonl`` was kept out twice;
on the twenty-sixth and the fourth everyday part, ``extra20.jsonl`` (1,117 everyday
answers) went in (English 99.7% both, false alarms 3.1% to 2.9%, everyday 2.4% to 2.2%);
on the twenty-seventh and ``test_everyday5.jsonl`` the threshold was fixed at 0.72 (the
same figures as before: English 98.6%, false alarms 1.7%, everyday 1.9%) and extra19 was
kept out a third time; on ``test28.jsonl``, ``extra21.jsonl`` (1,490 Punjabi, Urdu and
Polish lines) went in (other languages 200 to 201 of 203, English 285 both, false alarms
9 to 10 of 515). In the eighteenth round ``test29.jsonl`` to ``test36.jsonl`` and
``test_everyday6.jsonl`` to ``test_everyday10.jsonl`` were written the same way, each after
the rule it was to apply: on the twenty-ninth, two idioms ("didnt rush me") went in and
C=30 replaced a loosely solved C=100 (every count tied); on the thirtieth a model solved to
convergence at a threshold of 0.77 was kept out (two English disclosures fewer); on the
thirty-first and thirty-second together the same model at 0.72 went in (English 576 both,
false alarms 39 to 37 of 1,037); on the thirty-third and thirty-fourth extra19 was kept
out a fourth time, for good (English 579 to 578 of 587, false alarms 33 to 27 of 1,032);
on the thirty-fifth and thirty-sixth ``extra22.jsonl`` (1,323 lines in the newest parts'
hardest voices) went in (English 576 both, false alarms 29 to 27 of 1,025). In the
nineteenth round ``test37.jsonl`` to ``test40.jsonl`` and ``test_everyday11.jsonl`` and
``test_everyday12.jsonl`` were written the same way: on the thirty-seventh and
thirty-eighth ``extra23.jsonl`` (2,440 lines in eight sets of voices) went in (English 575
to 577 of 583, false alarms 18 to 17 of 1,029); on the thirty-ninth and fortieth
``corpus/candidates/extra24.jsonl`` (lines written in the voices of the model's own
mistakes on held-out training lines) was kept out (English 561 to 564 of 566, false
alarms 18 to 21 of 1,029); on ``test41.jsonl`` (Punjabi, Urdu and Polish only, about 150
near-miss lines a language) and ``test42.jsonl`` together, ``extra25.jsonl`` (2,147 lines
in those languages, mostly near-miss) went in (false alarms 40 to 29 of 963, disclosures
in those languages 406 to 405 of 409, English 279 to 280 of 283).
The README has every part's figures for the shipped model.
``extra.jsonl``, ``extra2.jsonl`` and ``extra3.jsonl`` were written in the next session to
give the classifier breadth; each was measured before anything was tuned to it (the figures
are in the commit messages), and extra3's misses were never read. ``extra4.jsonl`` (142
near-miss lines in every language, 8 disclosures beside them) was written in the round on
false alarms, after seen3's false alarms had been read. ``extra5`` to ``extra10`` (2,200
lines, English and the other languages, disclosures and near-miss lines written to be hard)
were written in the fifth round by six people who saw nothing of the project, each measured
before it was trained on. ``extra11.jsonl`` (596 short lines, half tidy) was written in
the tenth round, because tidy short lines were where the model was weakest; measured
before it was trained on: English 97.0%, false alarms 6.1%. ``extra12.jsonl`` (1,061
everyday answers in all four languages) was written in the thirteenth round, because the
near-miss lines the model learnt from nearly all carry a risk word and ordinary answers
were scarce.

Prints recall per category and per language (and script), the false-alarm rate on the
near-miss lines, the category agreement, the time to load the lists and the model (the
bot does it once, at start-up), timing (median and worst ``check`` of 500 characters,
each text's fastest of three runs, and the first run's), and every miss and false
alarm; then met / NOT MET per target, exiting 1 when a target is missed. A disclosure
counts as caught when the check matches at all (the help lines are the same whichever
category it names); the category it names is reported separately. The test part is read
only here: tune on ``--part tune``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from surveys.safeguarding import check, prepare  # noqa: E402

CORPUS = ROOT / "surveys" / "safeguarding" / "corpus"
RECALL_TARGET = {"en": 0.97, "pa": 0.92, "ur": 0.92, "pl": 0.92}
FALSE_ALARM_TARGET = 0.02
MEDIAN_MS_TARGET = 2.0
WORST_MS_TARGET = 20.0
TIMING_CHARS = 500
TIMING_TEXTS = 400
TIMING_RUNS = 3


def _read(part: str) -> list[dict[str, str]]:
    with (CORPUS / f"{part}.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _timing_texts(rows: list[dict[str, str]]) -> list[str]:
    """Texts of exactly 500 characters, built from consecutive lines of the part."""
    texts: list[str] = []
    start = 0
    while len(texts) < TIMING_TEXTS and rows:
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < TIMING_CHARS:
            parts.append(rows[start % len(rows)]["text"])
            start += 1
        texts.append(" ".join(parts)[:TIMING_CHARS])
    return texts


def _pct(numerator: int, denominator: int) -> str:
    return (
        f"{100 * numerator / denominator:5.1f}% ({numerator}/{denominator})"
        if denominator
        else "  n/a"
    )


def _figures(part: str) -> list[int]:
    """English caught, of; other languages caught, of; false alarms, of."""
    figures = [0, 0, 0, 0, 0, 0]
    for row in _read(part):
        found = check(row["text"], row["lang"]) is not None
        at = 4 if row["category"] == "none" else 0 if row["lang"] == "en" else 2
        figures[at] += found
        figures[at + 1] += 1
    return figures


def _one_line(name: str, figures: list[int]) -> str:
    return (
        f"{name:15} English {_pct(*figures[0:2])}  other {_pct(*figures[2:4])}  "
        f"false alarms {_pct(*figures[4:6])}"
    )


def evaluate(parts: list[str], *, show_misses: bool = True) -> bool:
    """Every figure, miss and false alarm on ``parts`` taken together (one line per part
    first, when there are several), and whether the targets are met."""
    began = time.perf_counter()
    prepare()
    loading = (time.perf_counter() - began) * 1000
    print(f"Loading the word lists and the model (once, at the bot's start-up): {loading:.0f} ms")
    if len(parts) > 1:
        for one in parts:
            print(_one_line(one, _figures(one)))
        print()
    part = ", ".join(parts)
    rows = [row for one in parts for row in _read(one)]
    by_language: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_script: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    layers: Counter[str] = Counter()
    same_category = 0
    misses: list[dict[str, str]] = []
    false_alarms: list[tuple[dict[str, str], str]] = []
    benign = 0
    for row in rows:
        match = check(row["text"], row["lang"])
        if row["category"] == "none":
            benign += 1
            if match:
                false_alarms.append((row, match.explain()))
            continue
        caught = match is not None
        for table, key in (
            (by_language, row["lang"]),
            (by_script, f"{row['lang']}/{row['script']}"),
            (by_category, row["category"]),
        ):
            table[key][0] += caught
            table[key][1] += 1
        if match is not None:
            layers[match.layer] += 1
            same_category += match.category.value == row["category"]
        else:
            misses.append(row)
    disclosures = sum(total for _, total in by_language.values())
    caught_all = sum(hit for hit, _ in by_language.values())

    print(f"Safeguarding check on the {part} part: {len(rows)} lines, {disclosures} disclosures,")
    print(f"{benign} near-miss lines.\n")
    print("Recall by category:")
    for name, (hit, total) in sorted(by_category.items()):
        print(f"  {name:24} {_pct(hit, total)}")
    print("Recall by language and script:")
    for name, (hit, total) in sorted(by_script.items()):
        print(f"  {name:24} {_pct(hit, total)}")
    print(f"Caught by layer: {dict(layers)}")
    print(f"Category named as labelled: {_pct(same_category, caught_all)} of those caught")

    # Each text is checked TIMING_RUNS times and its fastest run kept, as timeit advises:
    # on a shared machine other work only ever adds time, so the fastest run is the
    # check's own cost. The first run's figures are printed too.
    runs: list[list[float]] = [[] for _ in range(TIMING_RUNS)]
    for text in _timing_texts(rows):
        for run in runs:
            began = time.perf_counter()
            check(text)
            run.append((time.perf_counter() - began) * 1000)
    fastest = [min(each) for each in zip(*runs, strict=True)]
    median, worst = statistics.median(fastest), max(fastest)
    print(
        f"Timing over {len(fastest)} checks of {TIMING_CHARS} characters, each text's "
        f"fastest of {TIMING_RUNS} runs: median {median:.2f} ms, worst {worst:.2f} ms "
        f"(first run alone: median {statistics.median(runs[0]):.2f} ms, "
        f"worst {max(runs[0]):.2f} ms)"
    )

    if show_misses:
        print(f"\nMisses ({len(misses)}):")
        for row in misses:
            print(f"  [{row['lang']}/{row['category']}] {row['text']}")
        print(f"\nFalse alarms ({len(false_alarms)}):")
        for row, why in false_alarms:
            print(f"  [{row['lang']}] {row['text']}\n      {why}")

    print("\nTargets:")
    verdicts: list[bool] = []

    def verdict(label: str, ok: bool) -> None:
        verdicts.append(ok)
        print(f"  {'met    ' if ok else 'NOT MET'} {label}")

    for language, target in RECALL_TARGET.items():
        hit, total = by_language.get(language, [0, 0])
        if total == 0:
            # An everyday part (test_everyday.jsonl) has none: nothing to judge, not a miss.
            print(f"  n/a     recall {language} >= {target:.0%}: no disclosures in this part")
            continue
        verdict(
            f"recall {language} >= {target:.0%}: {_pct(hit, total).strip()}", hit / total >= target
        )
    rate = len(false_alarms) / benign if benign else 1.0
    verdict(
        f"false alarms <= {FALSE_ALARM_TARGET:.0%}: {_pct(len(false_alarms), benign).strip()}",
        rate <= FALSE_ALARM_TARGET,
    )
    verdict(f"median <= {MEDIAN_MS_TARGET} ms: {median:.2f} ms", median <= MEDIAN_MS_TARGET)
    verdict(f"worst <= {WORST_MS_TARGET} ms: {worst:.2f} ms", worst <= WORST_MS_TARGET)
    return all(verdicts)


def leave_out(held: list[str]) -> None:
    """Each tuning part scored by a model trained without it (figures only, no misses).

    A tuning part's own figures show fit; this shows what the classifier's share of the
    check does on text it has not learned from (the rules were still written with every
    part in view). Needs scikit-learn; trains one model per part, two to four minutes each
    since the solver runs to convergence (cross-validation runs only when training reports).
    """
    import tempfile

    from surveys.safeguarding import classifier, train

    totals = [0, 0, 0, 0, 0, 0]
    with tempfile.TemporaryDirectory() as scratch:
        for part in held:
            model = Path(scratch) / f"without-{part}.json.gz"
            train.train([p for p in train.tuning_parts() if p.stem != part], model, report=False)
            classifier.MODEL_PATH = model
            classifier.model.cache_clear()
            figures = _figures(part)
            totals = [a + b for a, b in zip(totals, figures, strict=True)]
            print(_one_line(part, figures))
    print(_one_line("all", totals))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parts = sorted(path.stem for path in CORPUS.glob("*.jsonl"))
    held_out = [p for p in parts if p.startswith("test") and not p.startswith("test_everyday")]
    parser.add_argument(
        "--part",
        nargs="+",
        choices=parts,
        default=held_out,
        help="one or more, together (default: every held-out test part but the everyday ones)",
    )
    parser.add_argument("--no-misses", action="store_true", help="figures only")
    parser.add_argument(
        "--leave-out",
        nargs="+",
        choices=[p for p in parts if not p.startswith("test")],
        metavar="PART",
        help="score each tuning part with a model trained without it",
    )
    args = parser.parse_args(argv)
    if args.leave_out:
        leave_out(args.leave_out)
        return 0
    return 0 if evaluate(args.part, show_misses=not args.no_misses) else 1


if __name__ == "__main__":
    raise SystemExit(main())
