"""An attacker who knows how the tables add up, written independently of the suppressor.

It tries every subtraction: for each relation (parent = sum of children) it subtracts
every shown figure from the parent; when a single hidden cell is left, that cell is
recovered and used in further subtractions, until nothing more falls out. It also
notices a hidden group whose remaining total of a measure is zero, which pins every
hidden cell in it at zero (a count is never negative).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations

Figures = tuple[int, ...]


def recover(
    shown: Mapping[str, Figures | None],
    relations: Sequence[tuple[str, Sequence[str]]],
    true_values: Mapping[str, Figures],
) -> dict[str, str]:
    """Hidden cells with responses that the attacker recovers, and how."""
    known: dict[str, Figures] = {c: v for c, v in shown.items() if v is not None}
    # Cells with no responses at all are assumed known (the suppressor assumes so too).
    for cell, value in true_values.items():
        if shown.get(cell) is None and not any(value):
            known[cell] = value
    recovered: dict[str, str] = {}
    progress = True
    while progress:
        progress = False
        for parent, children in relations:
            cells = [parent, *children]
            missing = [c for c in cells if c not in known]
            if len(missing) != 1:
                continue
            cell = missing[0]
            width = len(next(iter(known.values())))
            if cell == parent:
                value = tuple(sum(known[c][i] for c in children) for i in range(width))
            else:
                value = tuple(
                    known[parent][i] - sum(known[c][i] for c in children if c != cell)
                    for i in range(width)
                )
            assert value == true_values[cell], "the tables do not add up"
            known[cell] = value
            recovered[cell] = f"{parent} minus the other parts of {sorted(children)}"
            progress = True
    for parent, children in relations:
        if parent not in known:
            continue
        hidden = [c for c in children if c not in known]
        shown_children = [c for c in children if c in known]
        # every subset of the shown children subtracted; the full set is the tightest
        for size in range(len(shown_children) + 1):
            for subset in combinations(shown_children, size):
                remainder = [
                    known[parent][i] - sum(known[c][i] for c in subset)
                    for i in range(len(known[parent]))
                ]
                if size == len(shown_children) and hidden:
                    for measure, left in enumerate(remainder):
                        if left == 0:
                            for cell in hidden:
                                recovered[cell] = f"measure {measure} pinned at 0 by {parent}"
    return recovered
