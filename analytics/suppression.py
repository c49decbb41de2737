"""Primary and secondary suppression of small figures.

A table of counts is a set of *cells* (rows of a report) tied together by
*relations*: a total is the sum of its parts (``all`` touchpoints is the sum
of each touchpoint; a touchpoint is the sum of its surveys). A cell built on
fewer than the threshold is hidden (primary suppression). Hiding it is not
enough when the parent and the other children are shown: subtraction gives it
back. So more cells are hidden (secondary suppression) until:

1. no hidden cell is *determined* by the relations and the shown figures — a
   linear-algebra test, so chains of subtractions through several relations are
   caught as well as the obvious one; and
2. no hidden group's total of a measure is zero after subtraction — because
   every measure is a count (never negative), a remainder of 0 would pin each
   hidden cell's measure at 0 (for statements: "0 positive" is the percentage).
   A total that is itself 0 says as much of its parts, and is not counted.

Cells with no responses at all are treated as known to an attacker (a survey
that did not run at a touchpoint is rarely a secret), which only makes the
protection stricter. The complementary cell hidden is the smallest one that
works, so as little as possible is lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Relation:
    """The cells in ``totals`` add up to the same as the cells in ``parts``, measure by measure.

    Usually one total and its parts (``Relation.of(parent, children)``); several totals
    arise when, say, two surveys are each used at two touchpoints: together the
    touchpoints add up to the same as together the surveys.
    """

    totals: tuple[int, ...]
    parts: tuple[int, ...]

    @classmethod
    def of(cls, parent: int, children: Sequence[int]) -> Relation:
        return cls((parent,), tuple(children))

    @property
    def cells(self) -> tuple[int, ...]:
        return (*self.totals, *self.parts)


@dataclass(frozen=True)
class Disclosure:
    """A hidden cell an attacker could recover, and the relation that gives it away."""

    cell: int
    relation: Relation
    measure: int | None  # None: the whole cell is determined; else a measure pinned at 0


def _unknowns(values: npt.NDArray[np.float64], hidden: BoolArray) -> BoolArray:
    # A hidden cell whose measures are all zero is taken as known (see module doc).
    return hidden & (values != 0).any(axis=1)


def _disjoint(relations: Sequence[Relation]) -> bool:
    seen: set[int] = set()
    for relation in relations:
        if seen.intersection(relation.cells):
            return False
        seen.update(relation.cells)
    return True


def _culprit(cell: int, relations: Sequence[Relation], unknown: BoolArray) -> Relation:
    """The relation that gives ``cell`` away: one where it is the only unknown, if any."""
    holding = [r for r in relations if cell in r.cells]
    alone = [r for r in holding if sum(bool(unknown[c]) for c in r.cells) == 1]
    return (alone or holding)[0]


def find_disclosures(
    values: npt.NDArray[np.float64],
    relations: Sequence[Relation],
    hidden: BoolArray,
    pinned_measures: Sequence[int] | None = None,
) -> list[Disclosure]:
    """Every way the shown figures give a hidden one away (empty when protected).

    ``values`` has one row per cell and one column per measure (all counts).
    ``pinned_measures`` are the measures whose zero remainder is a disclosure (default
    all): for statements "none positive" is; for activity "no invites issued" is not.
    """
    pinned = np.zeros(values.shape[1], dtype=bool)
    pinned[list(range(values.shape[1]) if pinned_measures is None else pinned_measures)] = True
    unknown = _unknowns(values, hidden)
    found: list[Disclosure] = []
    unknown_cells = [int(i) for i in np.flatnonzero(unknown)]
    if unknown_cells and _disjoint(relations):
        # No cell in two relations: a cell is determined exactly when it is the
        # only unknown in its relation, and no matrix is needed.
        for relation in relations:
            cells = [c for c in relation.cells if unknown[c]]
            if len(cells) == 1:
                found.append(Disclosure(cells[0], relation, None))
    elif unknown_cells and relations:
        column = {cell: position for position, cell in enumerate(unknown_cells)}
        matrix = np.zeros((len(relations), len(unknown_cells)))
        for row, relation in enumerate(relations):
            for total in relation.totals:
                if total in column:
                    matrix[row, column[total]] += 1.0
            for part in relation.parts:
                if part in column:
                    matrix[row, column[part]] -= 1.0
        rank = np.linalg.matrix_rank(matrix)
        for cell, position in column.items():
            unit = np.zeros((1, len(unknown_cells)))
            unit[0, position] = 1.0
            # Determined exactly when the unit vector lies in the relations' row space.
            if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
                found.append(Disclosure(cell, _culprit(cell, relations, unknown), None))
    for relation in relations:
        for known_side, other_side in (
            (relation.totals, relation.parts),
            (relation.parts, relation.totals),
        ):
            if any(unknown[c] for c in known_side):
                continue
            hidden_cells = [c for c in other_side if unknown[c]]
            if not hidden_cells:
                continue
            shown = [c for c in other_side if not unknown[c]]
            total = values[list(known_side)].sum(axis=0)
            remainder = total - values[shown].sum(axis=0)
            # A shown total of 0 (or "all 10 of 10") already says it of every part;
            # only a zero that subtraction uncovers is a disclosure.
            for measure in np.flatnonzero((remainder == 0) & (total != 0) & pinned):
                found.extend(Disclosure(c, relation, int(measure)) for c in hidden_cells)
    return found


def _complement(
    disclosure: Disclosure,
    values: npt.NDArray[np.float64],
    sizes: npt.NDArray[np.float64],
    relations: Sequence[Relation],
    hidden: BoolArray,
    pinned_measures: Sequence[int] | None,
    keep: BoolArray,
) -> int | None:
    """The cell to hide next so that ``disclosure`` no longer works.

    With overlapping breakdowns no single cell may be enough, so each candidate is
    tried and the one leaving the fewest disclosures wins (the smallest on a tie),
    cells to ``keep`` only when nothing else is left. With separate relations (each
    cell in one) the smallest other part of the relation is always right.
    """
    useful = (values != 0).any(axis=1)
    if disclosure.measure is not None:
        useful = values[:, disclosure.measure] != 0
    shown = sorted(
        (int(c) for c in np.flatnonzero(~hidden & useful)), key=lambda c: (keep[c], sizes[c], c)
    )
    if not _disjoint(relations):
        candidates = [c for c in shown if not keep[c]] or shown
        scores = []
        for candidate in candidates:
            trial = hidden.copy()
            trial[candidate] = True
            remaining = find_disclosures(values, relations, trial, pinned_measures)
            scores.append(
                (len({(d.cell, d.measure) for d in remaining}), sizes[candidate], candidate)
            )
        if scores:
            return min(scores)[2]
    # A part before a total: hiding a total loses more than hiding its smallest part.
    for side in (disclosure.relation.parts, disclosure.relation.totals):
        candidates = [c for c in side if not hidden[c] and useful[c]]
        if candidates:
            return min(candidates, key=lambda c: (keep[c], sizes[c], c))
    return shown[0] if shown else None


def protect(
    values: npt.NDArray[np.float64],
    sizes: npt.NDArray[np.float64],
    relations: Sequence[Relation],
    threshold: int,
    *,
    pinned_measures: Sequence[int] | None = None,
    keep: BoolArray | None = None,
) -> tuple[BoolArray, BoolArray]:
    """Which cells to hide: ``(primary, hidden)`` boolean arrays, ``hidden ⊇ primary``.

    ``sizes`` is the number of responses behind each cell (compared with
    ``threshold``); ``values`` the additive measures shown for it; ``keep`` marks
    cells (a grand total) to hide as a complement only when nothing else will do.
    """
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        values = values[:, None]
    sizes = np.asarray(sizes, dtype=float)
    keep = np.zeros(len(sizes), dtype=bool) if keep is None else np.asarray(keep, dtype=bool)
    primary = sizes < threshold
    hidden = primary.copy()
    # Each pass hides one more cell, so this ends after at most len(cells) passes.
    for _ in range(len(sizes) + 1):
        disclosures = find_disclosures(values, relations, hidden, pinned_measures)
        if not disclosures:
            break
        cell = _complement(disclosures[0], values, sizes, relations, hidden, pinned_measures, keep)
        if cell is None:
            break
        hidden[cell] = True
    return primary, hidden
