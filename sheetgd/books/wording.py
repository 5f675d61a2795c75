"""What the books say in plain language, derived from the macro programs
(:mod:`.programs`) and the numbers the engine computes.

- :func:`explain`: a run of program steps as a learner reads it ("momentum,
  a and b from the last row above"), for the macro-free book's block labels;
- :func:`xlsm_note`, :func:`unrolled_note`, :func:`parity_note`: each
  optimiser sheet's "how to use this sheet" note, from its program (what
  Run carries, what Reset puts back, how many epochs a press makes);
- :func:`data_note`: why the data sheet's x differ from the optimiser sheets';
- :func:`summary_text`: the summary sheet's teaching sentences, from the
  recorded epochs; each claim is stated only where the numbers bear it out
  (plain Adam overshooting, the annealing steps).

Names are the sheets' defined names; :data:`PLAIN` says each in words.
"""

from __future__ import annotations

import math

from .programs import (
    Arith, Assign, Compare, If, Literal, Param, Program, Read, literal_text, operand,
)

#: A defined name, as a learner reads it.
PLAIN = {"const": "b", "slope": "a", "lr": "learn", "lastconst": "b", "lastslope": "a",
         "newconst": "new b", "newslope": "new a", "momtarget": "momentum",
         "momlast": "momentum", "gradtarget": "mean squares", "ms_last": "mean squares",
         "state_in": "optimiser state", "state_last": "optimiser state", "rmse": "error",
         "loss_avg_in": "smoothed loss", "loss_avg_last": "smoothed loss"}
#: Names of the last data row's cells: what Run carries into the next epoch.
LAST_ROW = frozenset({"lastconst", "lastslope", "newconst", "newslope", "momlast", "ms_last",
                      "state_last", "loss_avg_last"})
#: The sheets' names in the summary's sentences.
TITLES = {"basic": "SGD (basic)", "momentum": "momentum", "rmsprop": "RMSprop",
          "adam": "Adam", "adam_ann": "Adam with annealing (adam_ann)"}


def plain(name: str) -> str:
    return PLAIN.get(name, name)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def expression(e, values: dict | None = None) -> str:
    """An expression in words: names as :data:`PLAIN` says them, a parameter
    as its value (when ``values`` has it)."""
    if isinstance(e, Read):
        return plain(e.name)
    if isinstance(e, Param):
        return literal_text(values[e.name]) if values and e.name in values else e.name
    if isinstance(e, Literal):
        return literal_text(e.value)
    if isinstance(e, (Arith, Compare)):
        return f"{operand(e.left, lambda x: expression(x, values))} {e.op} " \
               f"{operand(e.right, lambda x: expression(x, values))}"
    raise TypeError(f"not an expression: {e!r}")


def _carried(step) -> str | None:
    """A copy from the last row, as the thing carried ("momentum", "new a"), or None."""
    if isinstance(step, Assign) and isinstance(step.value, Read) and step.value.name in LAST_ROW:
        return plain(step.value.name)
    return None


def explain(steps, values: dict | None = None, where: str = "the last row above") -> str:
    """Steps in words, in their order: the copies from the last row as one
    phrase ("momentum, a and b from the last row above"), the writes of a
    parameter into the cell that shows it as "a, b and learn as set at the
    top", other assignments as "momentum = 0", tests as "if gradrat > 2,
    learn = learn / 4".  Switches of calculation mode and recalculations
    are how the sheet gets there, not what it shows: they are left out."""
    parts, groups = [], {"carried": [], "top": []}

    def grouped(kind: str, item: str):
        if not groups[kind]:
            parts.append(kind)  # where the phrase goes
        if item not in groups[kind]:
            groups[kind].append(item)

    for step in steps:
        item = _carried(step)
        if item is not None:
            grouped("carried", item)
        elif isinstance(step, Assign) and isinstance(step.value, Param) and \
                step.value.shown_in == step.target:
            grouped("top", plain(step.target))
        elif isinstance(step, Assign):
            parts.append(f"{plain(step.target)} = {expression(step.value, values)}")
        elif isinstance(step, If):
            body = ", ".join(f"{plain(s.target)} = {expression(s.value, values)}"
                             for s in step.body)
            parts.append(f"if {expression(step.test, values)}, {body}")
    phrases = {"carried": f"{_and(groups['carried'])} from {where}" if groups["carried"] else "",
               "top": f"{_and(groups['top'])} as set at the top" if groups["top"] else ""}
    return "; ".join(phrases.get(p, p) for p in parts)


def _start(program: Program, values: dict) -> list[str]:
    """What Reset puts back: "a = 1", "b = 1", "learn = 1"."""
    shown = ("slope", "const", "lr")
    steps = [s for s in program.macros[program.reset]
             if isinstance(s, Assign) and s.target in shown and not isinstance(s.value, Read)]
    steps.sort(key=lambda s: shown.index(s.target))
    return [f"{plain(s.target)} = {expression(s.value, values)}" for s in steps]


def _carries(program: Program) -> str:
    onestep = program.macros["onestep"]
    items = [c for c in (_carried(s) for s in onestep) if c]
    return _and(items)


def xlsm_note(program: Program, values: dict, lr_cell: str) -> str:
    """The how-to of an optimiser sheet of graddesc.xlsm."""
    return (f"Press Reset, then Run. Run does {program.steps_per_run} epochs; each starts from "
            f"the {_carries(program)} of the last row and recalculates. The history table and "
            f"chart on the right record every epoch. Change learn ({lr_cell}) and press Run "
            f"to go on with it; Reset puts back {_and(_start(program, values))}. "
            "Macros must be enabled.")


def parity_note(program: Program, values: dict, lr_cell: str, optimiser: str) -> str:
    """The how-to of a torch.optim parity sheet."""
    return (f"Press Reset, then Run ({program.steps_per_run} epochs). This sheet is "
            f"{optimiser}: each epoch starts from the {_carries(program)} of the last row, "
            f"as a torch training loop does. Change learn ({lr_cell}) and press Run; "
            "`sheetgd verify` checks the sheet against torch.optim itself.")


def unrolled_note(epochs: int, lr_cell: str, betas: bool, decays: bool = False) -> str:
    """The how-to of an optimiser sheet of the macro-free graddesc.xlsx."""
    inputs = (f"learn ({lr_cell}){', the betas' if betas else ''}"
              f"{', wd and wd' + chr(39) if decays else ''} or the start a, b (C2, C1)")
    return (f"No macros: this sheet is Reset and {epochs} epochs of Run as live formulas, one "
            "block per epoch below (after Reset's warm-up blocks); each block's first line says "
            "what it starts from. The history table and chart on the right list every epoch. "
            f"Change {inputs} and all of it recomputes.")


#: How to read the weight decay sheets (placed under their charts).
WEIGHT_DECAY_NOTES = {
    "wd_sgd": (
        "How to read this sheet: two SGD trainings on the same rows. Left (C..J): L2 "
        "regularisation: each row's loss gains wd*(a^2+b^2), so each gradient gains 2*wd*w "
        "(F, G). Right (K..P): decoupled weight decay: each row takes lr*wd'*w off w, then the "
        "plain gradient's step (new b', new a' are after the row; pred' reads the row above). "
        "With wd' = 2*wd (J1, L1) the two are one update written two ways: new b' equals "
        "new b to the last bits, and the history's two errors agree. torch.optim.SGD("
        "weight_decay=x) adds x*w to the gradient: it is this sheet's left side with wd = x/2 "
        "(sheet sgd_wd_torch)."),
    "wd_adam": (
        "How to read this sheet: two Adam trainings on the same rows (Adam as on sheet adam: "
        "no bias correction, no eps). Left (C..N): L2 regularisation: 2*wd*w enters the "
        "gradient (F, G), so the mean square (L, M) divides the decay too, and a weight with "
        "large gradients is hardly decayed. Right (O..X): AdamW, decoupled weight decay: each "
        "row takes lr*wd'*w off w, then Adam's step on the plain gradient, so every weight "
        "decays at the same rate. Even with wd' = 2*wd (O1, Q1), which makes the two SGD "
        "trainings of wd_sgd equal, these two differ: the chart shows both errors per epoch. "
        "torch.optim.Adam(weight_decay=) is the left kind, torch.optim.AdamW the right "
        "(sheets adam_l2_torch, adamw_torch)."),
}

#: How to read the one-cycle sheets (placed under their charts).
ONE_CYCLE_NOTES = {
    "one_cycle": (
        "How to read this sheet: Adam as on sheet adam, but each row (one sample, one "
        "iteration) has its own learning rate and momentum, fastai's fit_one_cycle "
        "(torch's OneCycleLR). step (O) counts the iterations across epochs (epoch, rows: Y1, "
        "Y2); lr (P) rises along a cosine from lr start (T1 = lr_max/div) to lr_max (D2) until "
        "the warm-up end (V2 = pct_start*steps-1), then falls to lr end (T2); beta1 (Q) does "
        "the opposite between mom max and mom base (X1, X2): a high lr with little momentum. "
        "The charts below show lr and beta1 per iteration, as recorder.plot_lr(show_moms="
        "True), and the loss per iteration (err^2, N) with its smoothed value (S: fastai's "
        "running average T over the iterations n in U, beta in AC1; Run carries T and U on "
        "into the next epoch, as fastai smooths over a whole fit, and Reset starts them at 0)."),
    "one_cycle_torch": (
        "How to read this sheet: torch.optim.Adam (bias correction, eps) driven by "
        "OneCycleLR, stepped once per row: step (P), lr (Q) and beta1 (R) as on sheet "
        "one_cycle, and Adam's bias correction uses each row's beta1 and the step count t "
        "(N), as torch does. `sheetgd verify` checks it against torch.optim itself."),
}


def data_note(true_a: float, true_b: float, lesson_draw: bool, seed: int | None) -> str:
    """Why the data sheet's x are not the optimiser sheets' x."""
    draw = "the lesson's draw" if lesson_draw else f"the draw of seed {seed}"
    return (f"y = a*x + b with a = {true_a:g}, b = {true_b:g} (C1:C2). Column B's "
            "RANDBETWEEN(1,100) draws new x at every recalculation (F9, any edit, opening the "
            "file), so these x change and differ from the optimiser sheets' x: those sheets "
            f"hold one draw ({draw}) as fixed numbers, so their training does not change under "
            "you.")


def _finite(value) -> bool:
    """A finite number (a run that diverged records an error value, or inf)."""
    return isinstance(value, float) and math.isfinite(value)


def _error(value) -> str:
    """An epoch's error as the summary writes it: whole from 10 on, 2
    significant digits below; a run that diverged as "diverged (#NUM!)",
    with what its cell shows."""
    if not _finite(value):
        return f"diverged ({getattr(value, 'kind', '#NUM!')})"
    return f"{value:.0f}" if abs(value) >= 10 else f"{value:.2g}"


def _lr(value) -> str:
    return f"{value:g}" if _finite(value) else _error(value)


def _worst_key(value) -> float:
    """Orders final errors, a diverged run's (no number) worst of all."""
    return value if _finite(value) else math.inf


def summary_text(histories: dict[str, list[dict]], true_a: float, ran: str) -> str:
    """The summary's teaching sentences from ``histories`` ({sheet: [{"epoch",
    "b", "a", "error", "lr"}]}, epoch 0 first); ``ran``: how the epochs are
    reached ("after 25 epochs").  Each sentence is said only where the
    numbers show it."""
    last = {s: h[-1] for s, h in histories.items()}
    n = len(next(iter(histories.values()))) - 1
    ends = ", ".join(f"{s} {_error(last[s]['error'])}" for s in histories)
    text = [f"Error {ran}: {ends}."]
    adam = histories.get("adam")
    if adam and len(adam) > 2:
        prev, end = adam[-2], adam[-1]
        worst = max(histories, key=lambda s: _worst_key(last[s]["error"])) == "adam"
        sentence = (f"Plain Adam at learn = {_lr(end['lr'])} {'is the worst' if worst else 'ends at'}"
                    f"{'' if worst else ' ' + _error(end['error'])}: its step, learn × momentum / "
                    "√(mean square), does not shrink as the gradients do (scaling every "
                    "gradient leaves it unchanged)")
        if all(_finite(v) for v in (prev["a"], end["a"])) and \
                (prev["a"] - true_a) * (end["a"] - true_a) < 0:
            sentence += (f", so a keeps overshooting its true value {true_a:g} (it ends epochs "
                         f"{n - 1} and {n} at {prev['a']:.2f} and {end['a']:.2f})")
            if all(_finite(v) for v in (prev["error"], end["error"])) and \
                    abs(end["error"] - prev["error"]) < 0.05 * end["error"]:
                sentence += f" and the error stays near {_error(end['error'])}"
        text.append(sentence + ".")
    ann = histories.get("adam_ann")
    if ann:
        cuts = [h["epoch"] for h, before in zip(ann[1:], ann)
                if _finite(h["lr"]) and _finite(before["lr"]) and h["lr"] < before["lr"]]
        rule = ("adam_ann divides learn by 4 whenever the gradients' size (avg_grad2) is over "
                "twice the smallest so far (prev_grad2)")
        if cuts:
            rule += (f": learn went from {_lr(ann[0]['lr'])} to {_lr(ann[-1]['lr'])} (after epochs "
                     f"{_and([f'{e:.0f}' for e in cuts])}) and its error from "
                     f"{_error(ann[0]['error'])} to {_error(ann[-1]['error'])}")
        text.append(rule + ".")
    return " ".join(text)
