"""What each formula reads: the static dependencies the calculation graph
is built from.

A formula reads the areas its references name (relative to its own cell),
and through its defined names what they name, followed to any depth with a
work list.  References given directly to position-only parameters
(``ROW(A1)``, ``ROWS($A$1:A1)``) are no reads (:func:`.graph.summary`), as
in Excel, where ``=ROW(A5)`` in A5 is no circular reference.  INDIRECT and
OFFSET read what only evaluation knows: they mark the formula dynamic
(:mod:`.ondemand`).
"""

from __future__ import annotations

from .graph import reference_names, summary
from .nodes import Node
from . import errors
from .refs import Area, Areas, sheet_span
from .sheet import Cell


class StaticReads:
    """Mixin of :class:`~sheetgd.engine.workbook.Workbook`: registers each
    formula's reads in ``self.graph``."""

    def _register(self, key, cell: Cell, groups: dict | None = None):
        """Record what the formula at ``key`` reads; the members of an array
        formula read what its first cell's formula reads (found once per
        array when ``groups`` keeps them: id(group) -> reads)."""
        group = cell.group
        if group is None:
            reads = self._static_reads(cell.node, key)
        else:
            reads = groups.get(id(group)) if groups is not None else None
            if reads is None:
                reads = self._static_reads(cell.node, (key[0], group.area.row1, group.area.col1))
                if groups is not None:
                    groups[id(group)] = reads
        areas, dynamic, rand, volatile = reads
        self.graph.add(key, areas, volatile or dynamic, rand)
        return areas

    def span_areas(self, span: tuple[str, str], ref, row: int, col: int):
        """The areas of a 3-D reference (``Sheet1:Sheet3!A1``: ``span`` is
        the first and last sheet, ``ref`` the cells) seen from (row, col):
        one per sheet from the first to the last in the workbook's order
        (either may come first, as in Excel); #REF! when either sheet is not
        there or the cells are off the grid."""
        order = [name.upper() for name in self.sheet_names]
        try:
            i, j = order.index(span[0].upper()), order.index(span[1].upper())
        except ValueError:
            return errors.REF(f"no sheet named {span[0]!r} or {span[1]!r} for a 3-D reference")
        out = []
        for name in self.sheet_names[min(i, j):max(i, j) + 1]:
            area = ref.area(name, row, col)
            if area is None:
                return errors.REF("reference moved off the grid")
            out.append(Area(name, area.row1, area.col1, area.row2, area.col2))
        return Areas(out)

    def _static_reads(self, node: Node, key):
        """(areas read, has dynamic references, uses random / volatile functions).

        References given directly to position-only parameters (ROW(A1),
        ROWS($A$1:A1)) are not reads (:func:`.graph.summary`).  Defined names
        are followed with a work list, so a chain of a thousand names needs
        no recursion; a name met again on its own path is a cycle and is not
        followed (it evaluates to #CIRC!)."""
        sheet, row, col = key
        areas = []
        dynamic = rand = volatile = False
        todo = [(node, sheet, ())]
        while todo:
            node, where, seen_names = todo.pop()
            refs, names, placed, d, r, v = _summary(node)
            dynamic, rand, volatile = dynamic or d, rand or r, volatile or v
            for ref in refs:
                span = sheet_span(ref.sheet)
                found = self.span_areas(span, ref, row, col) if span else ref.area(where, row, col)
                for area in (found if isinstance(found, Areas) else (found,)):
                    if isinstance(area, Area) and area.sheet.upper() in self._sheets:
                        areas.append(self._canonical(area))
            for defined, home in self._names_read(names, placed, where, seen_names):
                todo.append((defined.node, home, seen_names + (defined.label,)))
        return areas, dynamic, rand, volatile

    def _names_read(self, names, placed, sheet: str, seen_names):
        """The defined names (with the sheet their definition is read from)
        whose values a formula on ``sheet`` reads: ``names``, and those of
        ``placed`` (given directly to position-only parameters) that are no
        reference as written (``ROWS(x)`` with x defined as ``=A1:A3*2``
        evaluates it); a name defined as a reference is followed through to
        the names it is made of, and reads nothing itself."""
        out, chased = [], set()
        todo = [(n, sheet, False) for n in names] + [(n, sheet, True) for n in placed]
        while todo:
            n, where, as_position = todo.pop()
            defined = self.names.lookup(n.name, n.sheet or where)
            if defined is None or defined.label in seen_names:
                continue
            home = defined.scope or where
            inner = reference_names(defined.node) if as_position else None
            if inner is None:
                out.append((defined, home))
            elif defined.label not in chased:
                chased.add(defined.label)
                todo += [(m, home, True) for m in inner]
        return out

    def _canonical(self, area: Area) -> Area:
        name = self._sheets[area.sheet.upper()].name
        if name == area.sheet:
            return area
        return Area(name, area.row1, area.col1, area.row2, area.col2)


#: :func:`.graph.summary` by node identity: id -> (node, summary).  A book's
#: filled-down formulas share a few hundred nodes among 100,000 cells, and
#: summary's own cache hashes the whole tree at every look-up (the node is
#: kept here, so its id cannot be another node's while it is).
_SUMMARIES: dict[int, tuple] = {}
_SUMMARIES_KEPT = 65_536


def _summary(node: Node):
    found = _SUMMARIES.get(id(node))
    if found is not None and found[0] is node:
        return found[1]
    result = summary(node)
    if len(_SUMMARIES) >= _SUMMARIES_KEPT:
        _SUMMARIES.clear()
    _SUMMARIES[id(node)] = (node, result)
    return result
