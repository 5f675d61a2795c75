"""Excel's calculation modes, for back ends that model a sheet instead of
calculating it with the engine (the torch reference, the macro-free book).

A modelled sheet has *inputs* (the cells the macros write: constants, which
always read as written) and what it *shows* (formulas).  A recalculation
takes a snapshot of the inputs; a formula reads what the latest snapshot
gives.  Under automatic calculation every write recalculates, so a formula
read after a write sees it; under manual calculation it reads the values of
the last recalculation (stale), until :meth:`calculate` or the switch back to
automatic, which recalculates (Excel's documented behaviour for
``Application.Calculation``).  The recalculation a write under automatic
calculation makes is taken lazily, when something is read, or at the latest
when the sheet switches to manual.  Recalculating unchanged inputs keeps the
snapshot: nothing the sheets show is volatile.
"""

from __future__ import annotations

from .programs import Machine


class Snapshot:
    """The inputs one recalculation saw; subclasses cache what it shows."""

    def __init__(self, inputs: dict):
        self.inputs = inputs


class ModelSheet(Machine):
    def __init__(self, inputs: dict):
        """``inputs``: name -> value, as the sheet stands before any macro
        (calculated, automatic calculation)."""
        self.inputs = dict(inputs)
        self.automatic = True
        self.snapshot = self.new_snapshot(dict(self.inputs))
        self._changed = False

    # -- to implement --------------------------------------------------------------------
    def new_snapshot(self, inputs: dict) -> Snapshot:
        return Snapshot(inputs)

    def shown(self, snapshot: Snapshot, name: str):
        """What the formula cell(s) ``name`` show after ``snapshot``'s recalculation."""
        raise NotImplementedError

    # -- the calculation modes --------------------------------------------------------------
    def read(self, name: str):
        if name in self.inputs:
            return self.inputs[name]
        if self.automatic:
            self.calculate()
        return self.shown(self.snapshot, name)

    def write(self, name: str, value):
        if name not in self.inputs:
            raise KeyError(f"{name!r} is not an input of the modelled sheet")
        self.inputs[name] = value
        self._changed = True

    def calculate(self):
        if self._changed:
            self.snapshot = self.new_snapshot(dict(self.inputs))
            self._changed = False

    def set_calculation(self, mode: str):
        if self.automatic:  # writes made under automatic calculation have recalculated
            self.calculate()
        self.automatic = mode == "automatic"
        if self.automatic:
            self.calculate()
