"""The dependency graph: who reads whom, in what order to recalculate, cycles.

A formula cell's *precedents* are the rectangles (:class:`Area`) its formula
reads, found statically from its AST (:func:`summary`; defined names are
followed).  A reference given directly to a parameter that uses only its
position (ROW(A1), ROWS($A$1:A1), OFFSET's base: see
:func:`sheetgd.engine.functions.base.position`) reads nothing, so it is no
precedent: ``=ROW(A1)`` in A1 is no cycle.  Small
rectangles are indexed cell by cell so that a change finds its dependents in
O(1); wide ones (whole columns, long sums) are kept once per distinct
rectangle with the set of formulas reading it, and those rectangles are
scanned: four thousand ``=A1/SUM(A:A)`` cells put one rectangle in the
list, so finding who reads a cell of column A costs one test, not four
thousand.  Formulas whose references are only known at run time (OFFSET,
INDIRECT, ``A1:INDEX(...)``) are treated as volatile: they are recomputed on
every calculation, after the cells they might read (see
:meth:`Workbook.read`, which computes a stale precedent on demand).

Everything here is iterative, so a 10^6-long chain needs no recursion.
"""

from __future__ import annotations

from collections import defaultdict, deque
from functools import lru_cache

from .functions import REGISTRY
from .nodes import (
    REFERENCE_OPERATORS, Binary, Call, Invoke, NameNode, Node, Paren, Percent, RefNode, StructRef,
    Unary,
)
from .refs import Area

Key = tuple  # (sheet name, row, col)

#: Rectangles with more cells than this are scanned instead of indexed.
WIDE = 4096


@lru_cache(maxsize=65536)
def summary(node: Node):
    """What a (relative) AST reads, computed once per distinct formula:
    (references, names, names given as positions, has dynamic references,
    random, volatile).

    A reference, range or name given directly to a position-only parameter
    is skipped; such names are returned apart (the third item), since
    whether they read anything depends on their definition (see
    :func:`reference_names`).  Any other argument is read as usual.
    """
    refs, names, placed = [], [], []
    dynamic = rand = volatile = False
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, RefNode):
            refs.append(n.ref)
        elif isinstance(n, NameNode):
            names.append(n)
            passed = REGISTRY.get(n.name.upper().removeprefix("_XLETA."))
            if passed is not None:  # a function passed by name (MAP(A1:A3,RANDARRAY)) may be called
                rand = rand or passed.random
                volatile = volatile or passed.volatile
                dynamic = dynamic or passed.name in ("OFFSET", "INDIRECT")
        elif isinstance(n, StructRef):  # a table reference resolved at run time
            dynamic = True
        elif isinstance(n, Call):
            spec = REGISTRY.get(n.name)
            if spec is None:  # MYADD(1,2): a defined name holding a LAMBDA is read
                names.append(NameNode(n.name))
            else:
                rand = rand or spec.random
                volatile = volatile or spec.volatile
                dynamic = dynamic or n.name in ("OFFSET", "INDIRECT") or (
                    spec.reads_beyond is not None and spec.reads_beyond(n.args))
            for i, arg in enumerate(n.args):
                where = reference_names(arg) if spec is not None and \
                    spec.position_only(i, len(n.args)) else None
                if where is None:
                    stack.append(arg)
                else:
                    placed += where
        elif isinstance(n, Binary):
            if n.op in REFERENCE_OPERATORS and not (isinstance(n.left, RefNode)
                                                    and isinstance(n.right, RefNode)):
                dynamic = True
            stack += (n.left, n.right)
        elif isinstance(n, (Unary, Percent)):
            stack.append(n.operand)
        elif isinstance(n, Paren):
            stack.append(n.inner)
        elif isinstance(n, Invoke):
            stack += (n.callee, *n.args)
        # literals, array constants (of literals only) and Missing read nothing
    return tuple(refs), tuple(names), tuple(placed), dynamic, rand, volatile


def reference_names(node: Node):
    """The defined names in ``node`` if it is a reference as written -- a
    cell, a range, a name, or parentheses or ``:`` around them -- else None
    (an expression, whose evaluation reads cells).  A name found here is a
    reference only if its own definition is one."""
    names, stack = [], [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Paren):
            stack.append(n.inner)
        elif isinstance(n, NameNode):
            names.append(n)
        elif isinstance(n, Binary) and n.op in REFERENCE_OPERATORS:
            stack += (n.right, n.left)
        elif not isinstance(n, RefNode):
            return None
    return tuple(names)


class Graph:
    def __init__(self):
        self.precedents: dict[Key, tuple[Area, ...]] = {}
        self._cell_dependents: dict[Key, set[Key]] = defaultdict(set)
        self._wide: dict[Key, list[Area]] = {}  # formula -> the wide rectangles it reads
        self._wide_readers: dict[str, dict[Area, set[Key]]] = {}  # sheet -> rectangle -> formulas
        self.volatile: set[Key] = set()
        self.random: set[Key] = set()

    def add(self, key: Key, areas, volatile: bool = False, random: bool = False):
        """Record formula cell ``key`` reading ``areas`` (replacing what it had)."""
        self.remove(key)
        areas = tuple(areas)
        self.precedents[key] = areas
        for area in areas:
            if area.is_cell:
                self._cell_dependents[(area.sheet, area.row1, area.col1)].add(key)
            elif area.height * area.width > WIDE:
                self._wide.setdefault(key, []).append(area)
                self._wide_readers.setdefault(area.sheet, {}).setdefault(area, set()).add(key)
            else:
                for r, c in area.cells():
                    self._cell_dependents[(area.sheet, r, c)].add(key)
        if volatile:
            self.volatile.add(key)
        if random:
            self.random.add(key)

    def remove(self, key: Key):
        for area in self.precedents.pop(key, ()):
            if area.height * area.width <= WIDE:
                for r, c in area.cells():
                    deps = self._cell_dependents.get((area.sheet, r, c))
                    if deps:
                        deps.discard(key)
        for area in self._wide.pop(key, ()):
            on_sheet = self._wide_readers[area.sheet]
            readers = on_sheet[area]
            readers.discard(key)
            if not readers:
                del on_sheet[area]
        self.volatile.discard(key)
        self.random.discard(key)

    def clear(self):
        self.__init__()

    def dependents(self, key: Key):
        """Formula cells that read cell ``key`` directly."""
        yield from self._cell_dependents.get(key, ())
        sheet, row, col = key
        for a, readers in self._wide_readers.get(sheet, {}).items():
            if a.row1 <= row <= a.row2 and a.col1 <= col <= a.col2:
                yield from readers  # (a formula reading two of them comes twice)

    def is_wide(self, area: Area) -> bool:
        """Whether ``area`` is kept as one rectangle rather than cell by cell."""
        return area.height * area.width > WIDE

    # -- ordering ----------------------------------------------------------------
    def order_nodes(self, nodes: list, precedents_of):
        """Evaluation order of ``nodes`` and the cycles among them.

        ``precedents_of(node)`` lists a node's precedent nodes (the workbook
        maps a cell to itself, or to its filled-down block's one node).
        Returns ``(order, cycles)``: every node not on a cycle appears after
        its precedents, ties broken by the order of ``nodes`` (so the result
        is deterministic); ``cycles`` are the strongly connected components
        that form circular references.
        """
        succ: dict = defaultdict(list)
        indegree = dict.fromkeys(nodes, 0)
        for node in nodes:
            for p in precedents_of(node):
                if p in indegree:
                    succ[p].append(node)
                    indegree[node] += 1
        order = _kahn(indegree, succ)
        if len(order) == len(nodes):
            return order, []
        rest = set(nodes).difference(order)
        cycles = [c for c in _strongly_connected(rest, succ)
                  if len(c) > 1 or c[0] in succ.get(c[0], ())]
        on_cycle = {k for c in cycles for k in c}
        indegree = dict.fromkeys((k for k in nodes if k in rest and k not in on_cycle), 0)
        for p in rest:
            for k in succ.get(p, ()):
                if k in indegree and p not in on_cycle:
                    indegree[k] += 1
        return order + _kahn(indegree, succ), cycles


def _kahn(indegree: dict, succ: dict) -> list:
    ready = deque(k for k, n in indegree.items() if n == 0)
    order = []
    while ready:
        k = ready.popleft()
        order.append(k)
        for s in succ.get(k, ()):
            if s in indegree:
                indegree[s] -= 1
                if indegree[s] == 0:
                    ready.append(s)
    return order


def _strongly_connected(nodes: set, succ: dict) -> list[list]:
    """Tarjan's algorithm, iteratively, restricted to ``nodes``."""
    index: dict = {}
    low: dict = {}
    on_stack: set = set()
    stack: list = []
    components = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(succ.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in nodes:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(succ.get(child, ()))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    k = stack.pop()
                    on_stack.discard(k)
                    component.append(k)
                    if k == node:
                        break
                components.append(component)
    return components
