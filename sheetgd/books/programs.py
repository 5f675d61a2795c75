"""The Run/Reset macros of every graddesc sheet, as data: one program per sheet.

A :class:`Program` holds a sheet's macros -- ``onestep``, ``somesteps`` (the
Run button) and ``reset`` (the Reset button) -- each a short tuple of steps
in the original VBA's order (docs/workbooks.md, "Macros"), naming cells by the
sheet's defined names.  It is the only description of the macros; four back
ends read it:

- the engine executes it write by write (:mod:`.macros`);
- the VBA writer renders it as graddesc.xlsm's sheet modules
  (:mod:`sheetgd.vba.source`);
- the macro-free graddesc.xlsx lays out a pass of the sheet wherever it
  makes the sheet recalculate with new inputs (:mod:`.unrolled`);
- the torch reference interprets it on tensors, its maths written
  independently (:mod:`sheetgd.reference.graddesc_torch`).

A new sheet gets Run/Reset in all four by writing its program here.

The steps (docs/workbooks.md's wording in brackets):

- :class:`SetCalculation` -- ``Application.Calculation``: under manual
  calculation a written cell leaves its dependents stale until the next
  recalculation; switching back to automatic recalculates (as Excel does);
- :class:`Assign` -- ``target <- value`` [``slope <- lastslope``]: the value
  is an expression: :class:`Read` (the value a name shows now, stale under
  manual calculation), :class:`Param` (a generator parameter such as the
  learning rate Reset writes), :class:`Literal`, :class:`Arith`;
- :class:`Calculate` -- ``Application.Calculate`` (F9);
- :class:`If` -- a test (:class:`Compare`) guarding assignments
  [adam_ann's ``if gradrat > 2 then lr <- lr/4``];
- :class:`Repeat`, :class:`Call` -- ``For`` loops and calls of another macro;
- :class:`AppendValue`, :class:`ClearContents` -- basic's own history (the
  value of ``rmse`` pasted below the last filled cell under ``rmsestart``);
- :class:`Record`, :class:`ClearHistory` -- sheetgd's history block: after
  every step of Run the epoch is recorded (the fields of ``Program.record``).

:func:`execute` runs a macro on a *machine* (a back end that evaluates);
the VBA writer walks the steps itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

CALCULATION_MODES = ("manual", "automatic")
CARRY_MODES = ("faithful", "updated")


# -- expressions -------------------------------------------------------------------
@dataclass(frozen=True)
class Read:
    """The value the name shows now (under manual calculation: as of the last
    recalculation, for a formula)."""

    name: str


@dataclass(frozen=True)
class Param:
    """A generator parameter (:func:`parameters`).  ``shown_in``: the name of
    the cell where the generated sheet shows it (the macro-free book refers
    to that cell instead of copying the number)."""

    name: str
    shown_in: str | None = None


@dataclass(frozen=True)
class Literal:
    value: float


@dataclass(frozen=True)
class Arith:
    op: str  # '/', '*', '+', '-' ('^' in :data:`SMOOTHED` only)
    left: object
    right: object


@dataclass(frozen=True)
class Compare:
    op: str  # '>', '<', '>=', '<=', '=', '<>'
    left: object
    right: object


# -- steps ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SetCalculation:
    mode: str

    def __post_init__(self):
        if self.mode not in CALCULATION_MODES:
            raise ValueError(f"calculation mode must be one of {CALCULATION_MODES}")


@dataclass(frozen=True)
class Assign:
    target: str
    value: object


@dataclass(frozen=True)
class Calculate:
    pass


@dataclass(frozen=True)
class If:
    test: Compare
    body: tuple  # assignments only: every back end can guard them

    def __post_init__(self):
        if not all(isinstance(s, Assign) for s in self.body):
            raise ValueError("an If step guards assignments only")


@dataclass(frozen=True)
class Repeat:
    count: int
    body: tuple


@dataclass(frozen=True)
class Call:
    macro: str


@dataclass(frozen=True)
class AppendValue:
    """Paste the value of ``source`` into the first empty cell below ``below``."""

    source: str
    below: str


@dataclass(frozen=True)
class ClearContents:
    target: str


@dataclass(frozen=True)
class Record:
    """sheetgd: record the epoch the sheet shows (history block, DataFrame row)."""


@dataclass(frozen=True)
class ClearHistory:
    """sheetgd: forget the recorded epochs and blank the history block."""


# -- the smoothed error of the history block --------------------------------------------
@dataclass(frozen=True)
class Smoothing:
    """fastai's smoothed loss (v1 ``Recorder`` / ``SmoothenValue``: ``avg =
    beta*avg + (1-beta)*loss``, shown as ``avg/(1-beta^n)`` after n values),
    over the history block's ``source`` column, one value per epoch: the
    column ``field`` beside it, with beta in the cell named ``beta``.

    Epoch 0 (the state after Reset, the first recorded row) is the first
    value, so it is shown as is; Reset clears the history and starts the
    average again, as a new ``fit`` does in fastai.  Each later row reads
    the row above: fastai's running average is ``above*(1-beta^epoch)``, so

        smoothed = (beta*(1-beta^epoch)*above + (1-beta)*error) / (1-beta^(epoch+1))

    (:data:`SMOOTHED`).  beta in [0, 1); beta = 1 divides by 0.  An error
    value (a diverged epoch) passes on to every later row.  The history
    rows hold it as this formula (graddesc.xlsm, graddesc.xlsx); the run
    loops compute the same operations in the same order
    (:meth:`evaluate`), so engine and torch agree bit for bit.
    """

    source: str = "error"
    field: str = "smoothed_error"
    beta: str = "smooth_beta"
    label: str = "smooth beta"
    default: float = 0.98

    def evaluate(self, ops: dict, epoch: int, value, above, beta):
        """The smoothed value of an epoch: ``ops`` maps '+', '-', '*', '/', '^'
        to the back end's operations (``beta`` and ``value`` its numbers)."""
        if epoch == 0:
            return value
        return _evaluate(SMOOTHED, ops, {"epoch": float(epoch), "value": value,
                                         "above": above, "beta": beta})

    def formula(self, refs: dict) -> str:
        """The formula text (no '='): ``refs`` maps epoch, value, above and beta
        to the references a back end writes (A1 or R1C1)."""
        text = _render(SMOOTHED, refs)
        return f"IF({refs['epoch']}=0,{refs['value']},{text})"


def _operand(e, symbols):
    if isinstance(e, Read):
        return symbols[e.name]
    if isinstance(e, Literal):
        return literal_text(e.value)
    raise TypeError(f"not an operand: {e!r}")


def _evaluate(e, ops: dict, symbols: dict):
    if isinstance(e, Arith):
        return ops[e.op](_evaluate(e.left, ops, symbols), _evaluate(e.right, ops, symbols))
    if isinstance(e, Literal):
        return ops["const"](e.value)
    return symbols[e.name]


def _render(e, refs: dict) -> str:
    if isinstance(e, Arith):
        return operand(e.left, lambda x: _render(x, refs)) + e.op + \
            operand(e.right, lambda x: _render(x, refs))
    return _operand(e, refs)


def _ewma() -> Arith:
    beta, one = Read("beta"), Literal(1.0)
    kept = Arith("*", Arith("*", beta, Arith("-", one, Arith("^", beta, Read("epoch")))),
                 Read("above"))
    new = Arith("*", Arith("-", one, beta), Read("value"))
    correction = Arith("-", one, Arith("^", beta, Arith("+", Read("epoch"), one)))
    return Arith("/", Arith("+", kept, new), correction)


#: The recurrence of :class:`Smoothing`, as an expression of ``epoch``,
#: ``value`` (this epoch's error), ``above`` (the previous epoch's smoothed
#: error) and ``beta``: the one description the formulas and the run loops follow.
SMOOTHED = _ewma()
SMOOTHING = Smoothing()


# -- the smoothed loss per iteration (one_cycle, lr_find) ---------------------------------
#: fastai v1's ``SmoothenValue.add_value`` (the v1 callback handler's
#: smoother, made once per ``fit`` and never reset between epochs; v2's
#: ``Recorder`` resets its ``AvgSmoothLoss`` in ``before_fit`` only):
#: ``mov_avg = beta*mov_avg + (1-beta)*val`` as an expression of ``beta``,
#: ``avg_above`` (the previous iteration's average; 0 before the first) and
#: ``loss`` (this iteration's).  The sheets that smooth per iteration hold
#: this average in a column of its own.
LOSS_AVERAGE = Arith("+", Arith("*", Read("beta"), Read("avg_above")),
                     Arith("*", Arith("-", Literal(1.0), Read("beta")), Read("loss")))
#: What fastai shows after ``count`` values: ``mov_avg/(1-beta^count)``
#: (``avg``: this iteration's :data:`LOSS_AVERAGE`).
DEBIASED_LOSS = Arith("/", Read("avg"), Arith("-", Literal(1.0),
                                              Arith("^", Read("beta"), Read("count"))))


def substitute(e, names: dict):
    """``e`` with each ``Read(name)`` in ``names`` replaced by the expression given."""
    if isinstance(e, Read):
        return names.get(e.name, e)
    if isinstance(e, (Arith, Compare)):
        return type(e)(e.op, substitute(e.left, names), substitute(e.right, names))
    return e


def copy(target: str, source: str) -> Assign:
    """``target <- source``: the value ``source`` shows, pasted as a value."""
    return Assign(target, Read(source))


@dataclass(frozen=True)
class Program:
    """The macros of one sheet.

    ``macros``: macro name -> steps (the VBA Sub names).  ``record``: what a
    recorded epoch holds, as (field, name, index into the name's range or
    None); the fields are those of :class:`sheetgd.books.macros.Record`.
    ``run`` and ``reset`` name the macros behind the two buttons.
    ``smoothing``: the smoothed error column of the history block (the
    lesson's sheets), computed from the recorded errors.  ``before_reset``:
    inputs the generated sheet holds as a parameter of Reset before any
    macro (input name -> parameter name); the others hold 0.
    """

    sheet: str
    macros: dict = field(hash=False)
    record: tuple = ()
    run: str = "somesteps"
    reset: str = "reset"
    smoothing: Smoothing | None = None
    before_reset: dict = field(default_factory=dict, hash=False)

    def inputs(self) -> tuple[str, ...]:
        """The names the macros write, in first-written order."""
        seen: dict[str, None] = {}
        for step in self.walk():
            if isinstance(step, Assign):
                seen.setdefault(step.target)
        return tuple(seen)

    def walk(self):
        """Every step of every macro in written order, loops and tests entered."""
        def go(steps):
            for step in steps:
                yield step
                if isinstance(step, (Repeat, If)):
                    yield from go(step.body)

        for steps in self.macros.values():
            yield from go(steps)

    @property
    def history_fields(self) -> tuple[str, ...]:
        """The columns of the sheet's history block: ``epoch``, then the
        record's fields read from one cell each (b, a, error, lr; the weight
        decay sheets' decoupled b, a and error after them), then the smoothed
        error where the sheet has one (:class:`Smoothing`)."""
        smoothed = (self.smoothing.field,) if self.smoothing else ()
        return ("epoch",) + tuple(f for f, _, index in self.record if index is None) + smoothed

    @property
    def steps_per_run(self) -> int:
        """How many steps the Run button makes (its loop's count: 5)."""
        return next(s.count for s in self.macros[self.run] if isinstance(s, Repeat))

    def with_carry(self, carry: str) -> "Program":
        """``faithful``: the copies read ``lastslope``/``lastconst`` (the a, b
        entering the last row, as the originals); ``updated``: they read the
        last row's update (``newslope``/``newconst``) instead."""
        if carry not in CARRY_MODES:
            raise ValueError(f"carry must be one of {CARRY_MODES}, not {carry!r}")
        if carry == "faithful":
            return self
        swap = {"lastslope": "newslope", "lastconst": "newconst"}
        return replace(self, macros={m: _substitute(steps, swap) for m, steps in self.macros.items()})


def _substitute(steps: tuple, swap: dict) -> tuple:
    def expr(e):
        if isinstance(e, Read):
            return Read(swap.get(e.name, e.name))
        if isinstance(e, (Arith, Compare)):
            return type(e)(e.op, expr(e.left), expr(e.right))
        return e

    out = []
    for s in steps:
        if isinstance(s, Assign):
            s = Assign(s.target, expr(s.value))
        elif isinstance(s, If):
            s = If(expr(s.test), _substitute(s.body, swap))
        elif isinstance(s, Repeat):
            s = Repeat(s.count, _substitute(s.body, swap))
        elif isinstance(s, AppendValue):
            s = AppendValue(swap.get(s.source, s.source), s.below)
        out.append(s)
    return tuple(out)


def describe(step) -> str:
    """One line of what a step does, in docs/workbooks.md's notation (VBA
    comments, the macro-free book's pass labels)."""
    if isinstance(step, Assign):
        return f"{step.target} <- {describe_expr(step.value)}"
    if isinstance(step, SetCalculation):
        return f"{step.mode} calculation"
    if isinstance(step, Calculate):
        return "recalculate"
    if isinstance(step, If):
        return f"if {describe_expr(step.test)} then " + ", ".join(describe(s) for s in step.body)
    if isinstance(step, Repeat):
        return f"{step.count} times: " + ", ".join(describe(s) for s in step.body)
    if isinstance(step, Call):
        return step.macro
    if isinstance(step, AppendValue):
        return f"paste {step.source} below {step.below}"
    if isinstance(step, ClearContents):
        return f"clear {step.target}"
    if isinstance(step, Record):
        return "record the epoch"
    if isinstance(step, ClearHistory):
        return "clear the history"
    raise TypeError(f"not a step: {step!r}")


def describe_expr(e) -> str:
    if isinstance(e, (Read, Param)):
        return e.name
    if isinstance(e, Literal):
        return literal_text(e.value)
    if isinstance(e, (Arith, Compare)):
        return f"{operand(e.left, describe_expr)} {e.op} {operand(e.right, describe_expr)}"
    raise TypeError(f"not an expression: {e!r}")


def operand(e, text) -> str:
    """``text(e)`` as an operand of a binary operator: in parentheses when
    ``e`` is itself an operation (so ``lr / (2 * 2)`` keeps its meaning)."""
    return f"({text(e)})" if isinstance(e, (Arith, Compare)) else text(e)


def literal_text(x: float) -> str:
    """A float as formula or VBA text that reads back as the same double."""
    text = repr(float(x))
    if text.endswith(".0"):
        text = text[:-2]
    return text.upper()


# -- the programs --------------------------------------------------------------------
_LESSON_RECORD = (("b", "const", None), ("a", "slope", None), ("error", "rmse", None),
                  ("lr", "lr", None))
_MOM = (("mom_b", "momtarget", 0), ("mom_a", "momtarget", 1))
_MS = (("ms_b", "gradtarget", 0), ("ms_a", "gradtarget", 1))
_START = (Assign("slope", Param("init_a", shown_in="slope")),
          Assign("const", Param("init_b", shown_in="const")))
_LR = Assign("lr", Param("reset_lr", shown_in="lr"))
_CARRY_AB = (copy("slope", "lastslope"), copy("const", "lastconst"))


def _run_manual(*after_onestep) -> tuple:
    """somesteps: five steps under manual calculation, each recorded."""
    return (SetCalculation("manual"),
            Repeat(5, (Call("onestep"), *after_onestep, Record())),
            SetCalculation("automatic"))


def _lesson(sheet: str, onestep: tuple, somesteps: tuple, reset: tuple, record=(),
            smoothing: Smoothing | None = SMOOTHING, before_reset=None) -> Program:
    return Program(sheet, {"onestep": onestep, "somesteps": somesteps,
                           "reset": (*reset, ClearHistory(), Record())},
                   _LESSON_RECORD + record, smoothing=smoothing,
                   before_reset=before_reset or {})


BASIC = _lesson(
    "basic",
    # both copies under manual calculation: const reads lastconst as it was
    # before slope was written (docs/workbooks.md; what Excel recorded settles it)
    onestep=(SetCalculation("manual"), *_CARRY_AB, SetCalculation("automatic"),
             AppendValue("rmse", below="rmsestart")),
    somesteps=(Repeat(5, (Call("onestep"), Record())),),  # sets no calculation mode
    reset=(*_START, ClearContents("rmses"), Calculate()),
)

MOMENTUM = _lesson(
    "momentum",
    onestep=(copy("momtarget", "momlast"), *_CARRY_AB, Calculate()),
    somesteps=_run_manual(),
    reset=(Assign("momtarget", Literal(0.0)), *_START, _LR, copy("momtarget", "momlast")),
    record=_MOM,
)

RMSPROP = _lesson(
    "rmsprop",
    onestep=(copy("gradtarget", "ms_last"), *_CARRY_AB, Calculate()),
    somesteps=_run_manual(),
    reset=(Assign("gradtarget", Param("reset_mean_square")), *_START,
           copy("gradtarget", "ms_last"), copy("gradtarget", "ms_last")),
    record=_MS,
    # Reset writes it before anything reads it, so it is never seen; with 0
    # every row's step would divide by SQRT(0), and the first calculation of
    # a big sheet go cell by cell through its #DIV/0! values
    before_reset={"gradtarget": "reset_mean_square"},
)

_ADAM_ONESTEP = (copy("gradtarget", "ms_last"), copy("momtarget", "momlast"), *_CARRY_AB,
                 Calculate())
_ADAM_START = (Assign("gradtarget", Param("reset_mean_square")),
               Assign("momtarget", Literal(0.0)), *_START, _LR)

ADAM = _lesson(
    "adam",
    onestep=_ADAM_ONESTEP,
    somesteps=_run_manual(),
    reset=(*_ADAM_START,
           Repeat(2, (copy("gradtarget", "ms_last"), copy("momtarget", "momlast")))),
    record=_MOM + _MS,
)

ADAM_ANN = _lesson(
    "adam_ann",
    onestep=_ADAM_ONESTEP,
    somesteps=_run_manual(
        If(Compare(">", Read("gradrat"), Literal(2.0)),
           (Assign("lr", Arith("/", Read("lr"), Literal(4.0))),)),
        If(Compare("<", Read("avg_grad2"), Read("prev_grad2")),
           (copy("prev_grad2", "avg_grad2"),)),
        Calculate()),
    # under manual calculation, so the first prev_grad2 <- avg_grad2 copies a
    # stale value, as the original does
    reset=(SetCalculation("manual"), *_ADAM_START, copy("prev_grad2", "avg_grad2"), Calculate(),
           copy("gradtarget", "ms_last"), copy("momtarget", "momlast"), Calculate(),
           copy("gradtarget", "ms_last"), copy("momtarget", "momlast"),
           copy("prev_grad2", "avg_grad2"), SetCalculation("automatic")),
    record=_MOM + _MS,
)


_DEC = (("dec_b", "dec_const", None), ("dec_a", "dec_slope", None),
        ("dec_error", "dec_rmse", None))
_DEC_START = (Assign("dec_slope", Param("init_a", shown_in="slope")),
              Assign("dec_const", Param("init_b", shown_in="const")))
_DEC_CARRY = (copy("dec_slope", "dec_newslope"), copy("dec_const", "dec_newconst"))
_CARRY_NEW = (copy("slope", "newslope"), copy("const", "newconst"))

# The weight decay sheets: two trainings side by side (L2 regularisation on the
# left, decoupled weight decay on the right), each epoch starting from the last
# row's updates of both, as a torch training loop does.
WD_SGD = _lesson(
    "wd_sgd",
    onestep=(*_DEC_CARRY, *_CARRY_NEW, Calculate()),
    somesteps=_run_manual(),
    reset=(*_START, *_DEC_START, _LR),
    record=_DEC,
)

WD_ADAM = _lesson(
    "wd_adam",
    onestep=(copy("gradtarget", "ms_last"), copy("momtarget", "momlast"),
             copy("dec_gradtarget", "dec_ms_last"), copy("dec_momtarget", "dec_momlast"),
             *_DEC_CARRY, *_CARRY_NEW, Calculate()),
    somesteps=_run_manual(),
    reset=(Assign("gradtarget", Param("reset_mean_square")), Assign("momtarget", Literal(0.0)),
           Assign("dec_gradtarget", Param("reset_mean_square")),
           Assign("dec_momtarget", Literal(0.0)), *_START, *_DEC_START, _LR),
    record=_DEC + _MOM + _MS,
)


# one_cycle: Adam whose rows read their lr and beta1 from the one-cycle
# schedule (sheetgd.books.onecycle) at the step (cycle_epoch-1)*rows + row;
# Run counts the epochs in cycle_epoch, Reset starts the cycle again.
_NEXT_EPOCH = Assign("cycle_epoch", Arith("+", Read("cycle_epoch"), Literal(1.0)))
_FIRST_EPOCH = Assign("cycle_epoch", Literal(1.0))

# The loss per iteration is smoothed over the whole cycle, as fastai smooths it
# over one fit: Run carries the running average and the iteration count
# (loss_avg_last -> loss_avg_in, :data:`LOSS_AVERAGE`) into the next epoch's
# rows, Reset starts both at 0.
_LOSS_AVG = (("loss_avg", "loss_avg_in", 0), ("loss_n", "loss_avg_in", 1))

ONE_CYCLE = _lesson(
    "one_cycle",
    onestep=(copy("gradtarget", "ms_last"), copy("momtarget", "momlast"), *_CARRY_NEW,
             copy("loss_avg_in", "loss_avg_last"), _NEXT_EPOCH, Calculate()),
    somesteps=_run_manual(),
    reset=(*_ADAM_START, Assign("loss_avg_in", Literal(0.0)), _FIRST_EPOCH),
    record=_MOM + _MS + _LOSS_AVG,
)


def _parity(sheet: str, state: tuple = (), fresh: bool = False, cycle: bool = False) -> Program:
    """A torch.optim parity sheet: training carries on from the last row's
    update (newslope, newconst) and the optimiser state persists, as in a
    torch training loop.  ``state``: the record fields of ``state_in``'s
    cells; ``fresh``: the sheet has torch's first-step flag; ``cycle``: the
    sheet counts its epochs in ``cycle_epoch`` (the one-cycle schedule)."""
    carry_state = (copy("state_in", "state_last"),) if state else ()
    onestep = (*carry_state, copy("slope", "newslope"), copy("const", "newconst"),
               *((Assign("fresh", Literal(0.0)),) if fresh else ()),
               *((_NEXT_EPOCH,) if cycle else ()), Calculate())
    reset = ((Assign("state_in", Literal(0.0)),) if state else ()) + \
        ((Assign("fresh", Literal(1.0)),) if fresh else ()) + (*_START, _LR) + \
        ((_FIRST_EPOCH,) if cycle else ())
    record = tuple((f, "state_in", i) for i, f in enumerate(state) if f)
    return _lesson(sheet, onestep, _run_manual(), reset, record, smoothing=None)


PROGRAMS = {p.sheet: p for p in (
    BASIC, MOMENTUM, RMSPROP, ADAM, ADAM_ANN, WD_SGD, WD_ADAM, ONE_CYCLE,
    _parity("sgd_torch"),
    _parity("momentum_torch", ("mom_b", "mom_a"), fresh=True),
    _parity("rmsprop_torch", ("ms_b", "ms_a")),
    _parity("adam_torch", ("mom_b", "mom_a", "ms_b", "ms_a", None)),
    _parity("sgd_wd_torch"),
    _parity("adam_l2_torch", ("mom_b", "mom_a", "ms_b", "ms_a", None)),
    _parity("adamw_torch", ("mom_b", "mom_a", "ms_b", "ms_a", None)),
    _parity("one_cycle_torch", ("mom_b", "mom_a", "ms_b", "ms_a", None), cycle=True),
)}


def program_for(sheet: str, carry: str = "faithful") -> Program:
    """The program of a lesson or parity sheet (ValueError naming the sheets if unknown)."""
    if sheet not in PROGRAMS:
        raise ValueError(f"unknown sheet {sheet!r} (sheets: {', '.join(PROGRAMS)})")
    return PROGRAMS[sheet].with_carry(carry)


def parameters(sheet: str, params, parity=None) -> dict[str, float]:
    """The values of the :class:`Param` names for one sheet: ``init_a``,
    ``init_b``, ``reset_lr`` (the learning rate Reset writes) and
    ``reset_mean_square`` (the mean square Reset writes into gradtarget)."""
    if sheet.endswith("_torch"):
        lr = (parity or params.parity_params()).of(sheet)["lr"]
    else:
        lr = params.lr_of(sheet)
    return {"init_a": float(params.init_a), "init_b": float(params.init_b), "reset_lr": float(lr),
            "reset_mean_square": float(params.reset_mean_square)}


# -- execution ---------------------------------------------------------------------------
class Machine:
    """What :func:`execute` needs of a back end that evaluates a program.

    Values are the back end's own (numbers, tensors, formula text); a name
    over a range reads and writes all its cells at once.
    """

    def read(self, name: str):
        raise NotImplementedError

    def write(self, name: str, value):
        raise NotImplementedError

    def constant(self, value: float, param: Param | None = None):
        """A literal, or a parameter's value (``param`` says which)."""
        raise NotImplementedError

    def arith(self, op: str, left, right):
        raise NotImplementedError

    def compare(self, op: str, left, right):
        raise NotImplementedError

    def guarded(self, test, body):
        """Run ``body()`` (assignments) where ``test`` holds."""
        raise NotImplementedError

    def calculate(self):
        raise NotImplementedError

    def set_calculation(self, mode: str):
        raise NotImplementedError

    def element(self, value, index: int):
        """One cell's value of a range's value."""
        raise NotImplementedError

    def record(self, fields: dict):
        raise NotImplementedError

    def clear_history(self):
        raise NotImplementedError

    def note(self, step):
        """Told of every step before it runs (the macro-free book labels its
        passes with them); nothing by default."""

    def append_value(self, source: str, below: str):
        """basic's history of pasted values; back ends without it ignore it."""

    def clear_contents(self, target: str):
        """Blank a range; back ends without cells to blank ignore it."""


def presses(program: Program, epochs: int) -> list[int]:
    """How many steps each press of Run makes to reach ``epochs`` steps
    (12 -> [5, 5, 2]: the last press stops early)."""
    per = program.steps_per_run
    return [min(per, epochs - done) for done in range(0, epochs, per)]


def execute(program: Program, macro: str | tuple, machine: Machine, params: dict,
            steps: int | None = None):
    """Run ``program``'s ``macro`` (a name, or steps) on ``machine``.
    ``params``: the values of the :class:`Param` names; ``steps``: how many
    times the macro's loop runs (the Run button: 5), for a last, partial press."""
    body = program.macros[macro] if isinstance(macro, str) else macro
    _Execution(program, machine, params).run(body, steps)


class _Execution:
    def __init__(self, program: Program, machine: Machine, params: dict):
        self.program, self.machine, self.params = program, machine, params

    def run(self, steps: tuple, count: int | None = None):
        m = self.machine
        for step in steps:
            m.note(step)
            if isinstance(step, Assign):
                m.write(step.target, self.value(step.value))
            elif isinstance(step, Calculate):
                m.calculate()
            elif isinstance(step, SetCalculation):
                m.set_calculation(step.mode)
            elif isinstance(step, If):
                m.guarded(self.value(step.test), lambda body=step.body: self.run(body))
            elif isinstance(step, Repeat):
                for _ in range(step.count if count is None else count):
                    self.run(step.body)
            elif isinstance(step, Call):
                self.run(self.program.macros[step.macro])
            elif isinstance(step, Record):
                m.record({f: self.field(name, index) for f, name, index in self.program.record})
            elif isinstance(step, ClearHistory):
                m.clear_history()
            elif isinstance(step, AppendValue):
                m.append_value(step.source, step.below)
            elif isinstance(step, ClearContents):
                m.clear_contents(step.target)
            else:
                raise TypeError(f"not a step: {step!r}")

    def field(self, name: str, index: int | None):
        value = self.machine.read(name)
        return value if index is None else self.machine.element(value, index)

    def value(self, e):
        m = self.machine
        if isinstance(e, Read):
            return m.read(e.name)
        if isinstance(e, Literal):
            return m.constant(e.value)
        if isinstance(e, Param):
            return m.constant(self.params[e.name], e)
        if isinstance(e, Arith):
            return m.arith(e.op, self.value(e.left), self.value(e.right))
        if isinstance(e, Compare):
            return m.compare(e.op, self.value(e.left), self.value(e.right))
        raise TypeError(f"not an expression: {e!r}")
