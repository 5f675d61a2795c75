"""The generator options of the lesson-5 sheets beyond the originals, shared
by ``sheetgd build``, ``run`` and ``verify``: weight decay, the loss
smoothing's beta, the one-cycle schedule and the learning-rate finder.

Each option is named as torch.optim (``weight_decay``), OneCycleLR
(``pct_start``, ``div_factor``, ``final_div_factor``, ``max_momentum``,
``base_momentum``) or fastai (``wd``, ``start_lr``, ``end_lr``, ``num_it``)
names it, with dashes.  A value outside its range is click's one-line
usage error naming the option.  An option left out keeps the generator's
default (:class:`sheetgd.books.graddesc.GradDescParams`), so a book built
without options is the default book.
"""

from __future__ import annotations

import click

from .books.graddesc import DEFAULT_WEIGHT_DECAY, OPTIMISERS, WEIGHT_DECAY_SHEETS
from .books.lr_find import LrFindParams
from .books.onecycle import DEFAULTS as CYCLE
from .books.parity import DEFAULTS as PARITY, PARITY_SHEETS
from .books.programs import SMOOTHING
from .cli_support import FiniteFloat, sheet_values

#: The parity sheets with torch.optim's ``weight_decay``.
PARITY_WD_SHEETS = tuple(s for s in PARITY_SHEETS if "weight_decay" in PARITY[s])
#: Every sheet with a weight decay of either kind (``--weight-decay``'s).
WD_SHEETS = WEIGHT_DECAY_SHEETS + PARITY_WD_SHEETS
#: The sheets the one-cycle options set.
CYCLE_SHEETS = ("one_cycle", "one_cycle_torch")

#: option's parameter name -> onecycle.DEFAULTS' key (the schedule's settings).
CYCLE_OPTIONS = {"cycle_epochs": "epochs", "pct_start": "pct_start", "div_factor": "div",
                 "final_div_factor": "final_div", "max_momentum": "mom_max",
                 "base_momentum": "mom_base"}
#: option's parameter name -> LrFindParams' field.
LR_FIND_OPTIONS = {"start_lr": "start_lr", "end_lr": "end_lr", "num_it": "num_it"}
#: Every parameter these options add to a command (``run`` refuses them for a file).
PARAMETERS = ("wd", "weight_decay", "smooth_beta", *CYCLE_OPTIONS, *LR_FIND_OPTIONS)

_LR_FIND = LrFindParams()


def lesson_options(f):
    """Add the options to a command (its function receives each by name)."""
    open_unit = FiniteFloat(0, 1, min_open=True, max_open=True)
    beta = FiniteFloat(0, 1, max_open=True)
    positive = FiniteFloat(0, min_open=True)
    options = [
        click.option("--wd", multiple=True, metavar="SHEET=WD",
                     help="L2 regularisation's wd of wd_sgd or wd_adam, >= 0 (the loss gains "
                          "wd*(a^2+b^2); fastai's wd with true_wd=False); a bare number: "
                          f"both. Default {DEFAULT_WEIGHT_DECAY['wd_sgd'][0]}."),
        click.option("--weight-decay", multiple=True, metavar="SHEET=WD",
                     help="torch.optim's weight_decay, >= 0: the decoupled wd' of wd_sgd or "
                          "wd_adam (w <- w - lr*wd'*w, AdamW's), or the weight_decay of "
                          f"{', '.join(PARITY_WD_SHEETS)}; a bare number: every one. "
                          f"Default {DEFAULT_WEIGHT_DECAY['wd_sgd'][1]}."),
        click.option("--smooth-beta", type=beta, default=None,
                     help="beta in [0, 1) of fastai's loss smoothing: every history's smoothed "
                          f"error and lr_find's smoothed loss. Default {SMOOTHING.default}."),
        click.option("--cycle-epochs", type=click.IntRange(1, 10_000), default=None,
                     help="OneCycleLR's epochs: the one-cycle sheets' cycle length. "
                          f"Default {CYCLE['epochs']}."),
        click.option("--pct-start", type=open_unit, default=None,
                     help="OneCycleLR's pct_start, in (0, 1): the share of the cycle the lr "
                          f"rises. Default {CYCLE['pct_start']}."),
        click.option("--div-factor", type=positive, default=None,
                     help="OneCycleLR's div_factor, > 0: the lr starts at lr_max/div_factor. "
                          f"Default {CYCLE['div']:g}."),
        click.option("--final-div-factor", type=positive, default=None,
                     help="OneCycleLR's final_div_factor, > 0: the lr ends at "
                          f"lr_max/(div_factor*final_div_factor). Default {CYCLE['final_div']:g}."),
        click.option("--max-momentum", type=beta, default=None,
                     help="OneCycleLR's max_momentum (beta1 at the cycle's ends), in [0, 1). "
                          f"Default {CYCLE['mom_max']}."),
        click.option("--base-momentum", type=beta, default=None,
                     help="OneCycleLR's base_momentum (beta1 at the lr's peak), in [0, 1). "
                          f"Default {CYCLE['mom_base']}."),
        click.option("--start-lr", type=positive, default=None,
                     help=f"lr_find's start_lr, > 0. Default {_LR_FIND.start_lr:g}."),
        click.option("--end-lr", type=positive, default=None,
                     help=f"lr_find's end_lr, > start_lr. Default {_LR_FIND.end_lr:g}."),
        click.option("--num-it", type=click.IntRange(2, 10_000), default=None,
                     help=f"lr_find's num_it: its rows. Default {_LR_FIND.num_it}."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def lesson_settings(given: dict, sheets=None) -> dict:
    """The options' values (``given``: the command's parameters by name) as
    :class:`GradDescParams` fields: ``weight_decay``, ``smooth_beta``,
    ``one_cycle``, ``parity``, ``lr_find`` (only those given).  ``sheets``:
    the sheets the command makes (``run``: those it runs; None: all); a
    ``SHEET=`` naming another is refused, one line naming the option."""
    made = set(OPTIMISERS + PARITY_SHEETS + ("lr_find",) if sheets is None else sheets)
    absent = "{sheet} is not run (--sheet)" if sheets is not None else "{sheet} is not made"
    _check_used(given, made)
    l2_sheets = [s for s in WEIGHT_DECAY_SHEETS if s in made]
    dec_sheets = [s for s in WD_SHEETS if s in made]
    l2 = sheet_values("--wd", given.get("wd", ()), l2_sheets, "wd of {sheet} must be >= 0",
                      lambda v: v >= 0, applies=WD_SHEETS, bare=l2_sheets, absent=absent)
    dec = sheet_values("--weight-decay", given.get("weight_decay", ()), dec_sheets,
                       "the weight decay of {sheet} must be >= 0", lambda v: v >= 0,
                       applies=WD_SHEETS, bare=dec_sheets, absent=absent)
    out = {}
    pairs = {s: (l2.get(s, DEFAULT_WEIGHT_DECAY[s][0]), dec.get(s, DEFAULT_WEIGHT_DECAY[s][1]))
             for s in WEIGHT_DECAY_SHEETS if s in l2 or s in dec}
    if pairs:
        out["weight_decay"] = pairs
    parity = {s: {"weight_decay": dec[s]} for s in PARITY_WD_SHEETS if s in dec}
    if given.get("smooth_beta") is not None:
        out["smooth_beta"] = given["smooth_beta"]
    cycle = {key: float(given[name]) for name, key in CYCLE_OPTIONS.items()
             if given.get(name) is not None}
    if cycle:
        out["one_cycle"] = cycle
        parity["one_cycle_torch"] = dict(cycle)
    if parity:
        out["parity"] = parity
    finder = {key: given[name] for name, key in LR_FIND_OPTIONS.items()
              if given.get(name) is not None}
    start, end = finder.get("start_lr", _LR_FIND.start_lr), finder.get("end_lr", _LR_FIND.end_lr)
    if not start < end:
        raise click.BadParameter(f"lr_find sweeps from start_lr up to end_lr: {start:g} is not "
                                 f"below {end:g}", param_hint="'--start-lr'/'--end-lr'")
    if finder:
        out["lr_find"] = finder
    return out


def _check_used(given: dict, made: set) -> None:
    """An option none of the sheets made uses (``run --sheet adam --num-it
    50``) is refused, one line naming it and the sheets that use it."""
    uses = {"wd": WEIGHT_DECAY_SHEETS, "weight_decay": WD_SHEETS,
            **{name: CYCLE_SHEETS for name in CYCLE_OPTIONS},
            **{name: ("lr_find",) for name in LR_FIND_OPTIONS}}
    for name, sheets in uses.items():
        if given.get(name) not in (None, ()) and not made.intersection(sheets):
            option = "--" + name.replace("_", "-")
            raise click.BadParameter(f"no sheet run uses it; it applies to {', '.join(sheets)}",
                                     param_hint=f"'{option}'")
