"""Computing cells and defined names when a formula reads them, at any depth.

A recalculation computes the formula cells in dependency order, but a cell
whose references are only known when it runs (INDIRECT, OFFSET) can find a
precedent still stale; the precedent is then computed on demand, inside the
formula reading it.  Such computations nest: ``=INDIRECT("A2")+1`` in A1,
``=INDIRECT("A3")+1`` in A2, ... two thousand rows nest two thousand deep.
So do defined names made of names.

:class:`OnDemand` keeps the nesting shallow.  Past :data:`DEFER_DEPTH`
levels the cell (or name) needed is not computed in place: the formulas in
progress are abandoned (nothing of theirs is stored; :class:`NeedFirst`
unwinds them), the needed one is computed first from an explicit work list,
and the abandoned ones are computed again -- about once more per
DEFER_DEPTH links of the chain, so a chain of any length takes about twice
its length and no recursion.  Excel's calculation chain works alike: a cell
whose precedent is not ready yet is moved after it and calculated again.
A chain that comes back to a cell waiting in the work list is a circular
reference (#CIRC!).

A defined name whose value does not depend on the cell using it (absolute
references, nothing volatile, no function of the host cell) is computed once
per recalculation and kept (:meth:`OnDemand.name_value`), so a name used in
many cells is computed once, and a chain of names is a chain of such
computations.  A cell abandoned and computed again draws its random numbers
again (RAND in a deep INDIRECT chain).
"""

from __future__ import annotations

from . import errors
from .evaluate import Ctx, cell_result, compile_node
from .functions import REGISTRY
from .graph import summary
from .nodes import Call, NameNode, walk
from .sparse import TooLarge

#: On-demand computations nested in one another before the next is deferred.
DEFER_DEPTH = 100


class NeedFirst(Exception):
    """Unwinds the computations in progress: ``task`` must be computed first.
    A task is a cell key ``(sheet, row, col)`` or a name task
    ``("name", label, home sheet, array mode)``."""

    def __init__(self, task):
        super().__init__(task)
        self.task = task


def _is_name_task(task) -> bool:
    return task[0] == "name"


class OnDemand:
    """Mixed into Workbook; uses its sheets, names and calculation state
    (``_pending``, ``_active``, ``_set_result``)."""

    _depth = 0  # on-demand computations nested now

    def _forget_names(self):
        """A new recalculation: the kept values of names are stale."""
        self._name_values: dict = {}  # name task -> value
        self._name_defs: dict = {}  # name task -> its DefinedName

    # -- cells --------------------------------------------------------------------------
    def _evaluate(self, key):
        """Compute a stale formula cell (and, first, what it reads on demand)."""
        if not self._depth:
            self._drive(key)
        elif self._depth >= DEFER_DEPTH:
            raise NeedFirst(key)
        else:
            self._evaluate_cell(key)

    def _drive(self, task):
        """Compute ``task`` from a work list: what it needs too deep is
        computed first, then it is computed again."""
        saved, self._depth = self._depth, 0
        stack = [task]
        try:
            while stack:
                task = stack[-1]
                if self._done(task):
                    stack.pop()
                    continue
                try:
                    self._run(task)
                except NeedFirst as need:
                    if need.task in stack:  # it waits for what it needs: a cycle
                        self._fail(need.task, stack)
                    else:
                        stack.append(need.task)
        finally:
            self._depth = saved

    def _done(self, task) -> bool:
        if _is_name_task(task):
            return task in self._name_values
        return task not in self._pending

    def _run(self, task):
        if _is_name_task(task):
            self._evaluate_name(task)
        else:
            self._evaluate_cell(task)

    def _fail(self, task, stack):
        where = [self._describe(t) for t in stack[stack.index(task):]]
        err = errors.CIRC("circular reference: " + " -> ".join(where[:10]))
        if _is_name_task(task):
            self._name_values[task] = err
        else:
            self._set_result(task, err)

    @staticmethod
    def _describe(task) -> str:
        from .refs import address

        return f"name {task[1]}" if _is_name_task(task) else address(*task)

    def _evaluate_cell(self, key):
        sheet, row, col = key
        cell = self._sheets[sheet.upper()].cells.peek((row, col))
        self._active.add(key)
        self._depth += 1
        ctx = Ctx(self, sheet, row, col)
        try:
            if cell.group is not None:
                value = self._group_element(cell.group, ctx)
            elif self._spills and key in self._spills:  # a dynamic array formula
                value = self._spill_result(key, cell.fn(ctx), ctx, cell)
            else:
                value = cell_result(cell.fn(ctx), ctx)
        except RecursionError:
            value = errors.NUM("formula nested too deeply to evaluate")
        except TooLarge as exc:  # listed outside a function's gate (an operator's array)
            value = errors.NUM(str(exc))
        finally:
            self._depth -= 1
            self._active.discard(key)
        self._set_result(key, value)

    # -- defined names --------------------------------------------------------------------
    def name_value(self, node: NameNode, ctx: Ctx, array: bool = False):
        """What a defined name evaluates to in the host cell's context."""
        defined = self.names.lookup(node.name, node.sheet or ctx.sheet)
        if defined is None:
            return errors.NAME(f"no defined name {node.name!r}")
        if defined.label in self._active:
            return errors.CIRC(f"name {defined.label} refers to itself")
        home = defined.scope or ctx.sheet
        if self._pending is not None and self._host_free(defined):
            task = ("name", defined.label, home, array)
            self._name_defs[task] = defined
            if task not in self._name_values:
                if self._depth >= DEFER_DEPTH:
                    raise NeedFirst(task)
                self._evaluate_name(task)
            return self._name_values[task]
        return self._name_formula(defined, Ctx(self, home, ctx.row, ctx.col), array)

    def _evaluate_name(self, task):
        _, _, home, array = task
        defined = self._name_defs[task]
        self._depth += 1
        try:
            value = self._name_formula(defined, Ctx(self, home, 1, 1), array)
        except RecursionError:
            value = errors.NUM("defined name nested too deeply to evaluate")
        finally:
            self._depth -= 1
        self._name_values[task] = value

    def _name_formula(self, defined, home: Ctx, array: bool):
        self._active.add(defined.label)
        try:
            return compile_node(defined.node, array)(home)
        finally:
            self._active.discard(defined.label)

    def _host_free(self, defined) -> bool:
        """Whether a name's value is the same in every cell of its sheet: no
        relative reference, nothing volatile or random, no function that
        looks at the host cell (ROW(), INDIRECT...), and only names like it
        (followed with a work list)."""
        memo = self._host_free_memo
        todo, seen = [defined], []
        while todo:
            d = todo.pop()
            known = memo.get(d.label)
            if known is not None and known[0] is d:
                if not known[1]:
                    return False
                continue
            if any(s is d for s in seen):
                continue
            seen.append(d)
            refs, names, placed, dynamic, rand, volatile = summary(d.node)
            if dynamic or rand or volatile or not all(_absolute(r) for r in refs) or any(
                    isinstance(n, Call) and getattr(REGISTRY.get(n.name), "needs_ctx", False)
                    for n in walk(d.node)):
                memo[d.label] = (d, False)
                return False
            for n in names + placed:
                inner = self.names.lookup(n.name, n.sheet or d.scope)
                if inner is not None:
                    todo.append(inner)
        for d in seen:
            memo[d.label] = (d, True)
        return True


def _absolute(ref) -> bool:
    ends = (ref.start,) if ref.end is None else (ref.start, ref.end)
    return all((e.row is None or e.row_abs) and (e.col is None or e.col_abs) for e in ends)

