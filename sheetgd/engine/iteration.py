"""Iterative calculation of circular references, as Excel's File > Options >
Formulas > "Enable iterative calculation" does (a file's ``<calcPr
iterate="1" iterateCount="100" iterateDelta="0.001"/>``).

Without it a circular reference is an error value (#CIRC in sheetgd, Excel's
warning and 0).  With it, the cells of each circular reference are computed
in turn, in sheet order, each from the values the others have now (at first
what they held before, 0 for an empty cell), and again, up to ``count``
times, until no value changes by ``max_change`` or more: Microsoft's
description ("Change the iteration ... of formula calculation"): Excel
stops after the maximum number of iterations or when every value changes
by less than the maximum change.  A circular reference that converges ends
within about ``max_change`` of its fixed point; which side, and the last
digits, depend on the order of the cells, which Microsoft does not
document: sheetgd takes sheet order (rows, then columns).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Excel's limits for the settings (its Options dialog refuses others).
MAX_COUNT = 32767


@dataclass(frozen=True)
class Iteration:
    """Settings of iterative calculation: at most ``count`` iterations,
    stopping once every value changes by less than ``max_change``.

    Raises ValueError for a count outside 1..32767 or a negative or
    non-finite max_change (what Excel's dialog refuses)."""

    count: int = 100
    max_change: float = 0.001

    def __post_init__(self):
        if not 1 <= self.count <= MAX_COUNT:
            raise ValueError(f"iterateCount {self.count} is not in 1..{MAX_COUNT}")
        if not 0 <= self.max_change < float("inf"):
            raise ValueError(f"iterateDelta {self.max_change} is not a number >= 0")


def change(old, new) -> float:
    """How much a value changed between two iterations: the difference of
    two numbers; any other change (a number becoming text or an error) is
    infinite, no change is 0."""
    if isinstance(old, float) and isinstance(new, float) and not isinstance(old, bool) \
            and not isinstance(new, bool):
        return abs(new - old)
    return 0.0 if type(old) is type(new) and old == new else float("inf")
