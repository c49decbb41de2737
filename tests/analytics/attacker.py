"""An attacker who knows how the tables add up, written independently of the suppressor.

It tries every subtraction: for each relation (the totals add up to the parts) it
subtracts every known figure; when a single hidden cell is left, that cell is
recovered and used in further subtractions, until nothing more falls out. It also
notices a hidden group whose remaining total of a measure is zero, which pins every
hidden cell in it at zero (a count is never negative).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

Figures = tuple[int, ...]
NamedRelation = tuple[Sequence[str] | str, Sequence[str]]


def _sides(relation: NamedRelation) -> tuple[list[str], list[str]]:
    totals, parts = relation
    return ([totals] if isinstance(totals, str) else list(totals)), list(parts)


def recover(
    shown: Mapping[str, Figures | None],
    relations: Sequence[NamedRelation],
    true_values: Mapping[str, Figures],
) -> dict[str, str]:
    """Hidden cells with responses that the attacker recovers, and how."""
    known: dict[str, Figures] = {c: v for c, v in shown.items() if v is not None}
    # Cells with no responses at all are assumed known (the suppressor assumes so too).
    for cell, value in true_values.items():
        if shown.get(cell) is None and not any(value):
            known[cell] = value
    width = len(next(iter(true_values.values())))
    recovered: dict[str, str] = {}
    progress = True
    while progress:
        progress = False
        for relation in relations:
            totals, parts = _sides(relation)
            missing = [c for c in totals + parts if c not in known]
            if len(missing) != 1:
                continue
            cell = missing[0]
            # sum(totals) - sum(parts) == 0, solved for the one unknown
            balance = [
                sum(known[c][i] for c in totals if c in known)
                - sum(known[c][i] for c in parts if c in known)
                for i in range(width)
            ]
            value = tuple(-b if cell in totals else b for b in balance)
            assert value == true_values[cell], "the tables do not add up"
            known[cell] = value
            recovered[cell] = f"subtracting in {totals} = {parts}"
            progress = True
    for relation in relations:
        totals, parts = _sides(relation)
        for known_side, other_side in ((totals, parts), (parts, totals)):
            if any(c not in known for c in known_side):
                continue
            hidden = [c for c in other_side if c not in known]
            if not hidden:
                continue
            for measure in range(width):
                left = sum(known[c][measure] for c in known_side) - sum(
                    known[c][measure] for c in other_side if c in known
                )
                whole = sum(known[c][measure] for c in known_side)
                # "0 of 10" shown outright is the figure itself, not a subtraction
                if left == 0 and whole != 0:
                    for cell in hidden:
                        recovered[cell] = f"measure {measure} pinned at 0 in {relation}"
    return recovered
